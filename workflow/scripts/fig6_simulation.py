"""Train the TA students of every SNR and run at one number of training examples P."""
from lingen import io, provenance
from lingen.experiments import sample_size

smk = snakemake  # noqa: F821 - injected by Snakemake
p, P = smk.params, int(smk.wildcards.P)
with io.job_logger(smk.log[0]) as log:
    ts, seeds = sample_size.sample_size_datasets(p.seed, p.cfg, P)
    log.info("fig6 P = %d: %d SNRs x %d runs, %d epochs", P, len(p.cfg["svm"]), p.cfg["runs"],
             p.cfg["epochs"])
    result = sample_size.sample_size_simulation(
        ts, p.cfg, progress=lambda e, n: log.info("epoch %d / %d (%.0f%%)", e, n, 100 * e / n)
    )
    io.save_npz(smk.output.sim, {**result, "P": P}, provenance.job_record(smk, seed=seeds))
    log.info("wrote %s", smk.output.sim)
