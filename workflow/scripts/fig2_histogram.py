"""Figure 2a: singular values of one noisy rank-r training set."""
from lingen import io, provenance
from lingen.experiments import signal

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]):
    seed = signal.fig2_histogram_seed(smk.params.seed)
    arrays = signal.fig2_histogram(seed, smk.params.cfg)
    record = provenance.job_record(smk, seed=seed)
    io.save_npz(smk.output.hist, arrays, record)
