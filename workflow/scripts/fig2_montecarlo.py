"""Figure 2 Monte Carlo: top data singular value and overlap at one aspect ratio."""
from lingen import io, provenance
from lingen.experiments import signal

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    A = float(smk.wildcards.A)
    seeds = signal.fig2_montecarlo_seeds(smk.params.seed, smk.params.cfg, A)
    arrays = signal.fig2_montecarlo(seeds, smk.params.cfg, A)
    record = provenance.job_record(smk, seed=seeds)
    io.save_npz(smk.output.mc, arrays, record)
    log.info("wrote %s", smk.output.mc)
