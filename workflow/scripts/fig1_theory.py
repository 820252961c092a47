"""Figure 1 theory: learning curves of training-aligned modes (eq 6)."""
from lingen import io, provenance
from lingen.experiments import signal

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]):
    arrays = signal.fig1_theory(smk.params.cfg)
    io.save_npz(smk.output.theory, arrays, provenance.job_record(smk))
