"""Figure 2 theory lines: eqs 7-9."""
from lingen import io, provenance
from lingen.experiments import signal

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]):
    arrays = signal.fig2_theory(smk.params.cfg)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
