"""Figure 2a: singular values of one noisy rank-r training set."""
from lingen import experiments, io, provenance

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]):
    seed = experiments.fig2_histogram_seed(smk.params.seed)
    arrays = experiments.fig2_histogram(seed, smk.params.cfg)
    record = provenance.job_record(smk, seed=seed, code_modules=["lingen.experiments"])
    io.save_npz(smk.output.hist, arrays, record)
