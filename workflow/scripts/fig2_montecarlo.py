"""Figure 2 Monte Carlo: top data singular value and overlap at one aspect ratio."""
from lingen import experiments, io, provenance

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    A = float(smk.wildcards.A)
    seeds = experiments.fig2_montecarlo_seeds(smk.params.seed, smk.params.cfg, A)
    arrays = experiments.fig2_montecarlo(seeds, smk.params.cfg, A)
    record = provenance.job_record(smk, seed=seeds, code_modules=["lingen.experiments"])
    io.save_npz(smk.output.mc, arrays, record)
    log.info("wrote %s", smk.output.mc)
