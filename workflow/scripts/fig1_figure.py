"""Figure 1: learning dynamics of training-aligned modes, drawn from the theory arrays."""
from lingen import io, provenance
from lingen.plotting import FIG1_KEYS, fig1_figure

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    arrays, _ = io.load_npz(smk.input.theory, required=FIG1_KEYS)
    record = provenance.job_record(smk)
    io.save_figure(fig1_figure(arrays), [smk.output.pdf, smk.output.png], record)
    log.info("wrote %s and %s", smk.output.pdf, smk.output.png)
