"""Figures 7 and 8: draw the schematic named by ``params.function`` (no inputs, no randomness)."""
from lingen import io, provenance
from lingen.plotting import schematics

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]):
    fig = getattr(schematics, smk.params.function)()
    io.save_figure(fig, [smk.output.pdf, smk.output.png], provenance.job_record(smk))
