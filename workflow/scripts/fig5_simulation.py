"""Train the random-init students of one kind of Figure 5 data (all runs in one batch)."""
from lingen import io, provenance
from lingen.experiments import randomized, single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
p, kind = smk.params, smk.wildcards.kind
with io.job_logger(smk.log[0]) as log:
    arrays, _ = io.load_npz(smk.input.data, expect_params={"cfg": p.cfg, "seed": p.seed})
    ts = single_task.training_set_from_arrays(arrays)
    seeds = randomized.fig5_init_seeds(p.seed, p.cfg)
    log.info("fig5 %s: %d runs, %d epochs", kind, p.cfg["runs"], p.cfg["epochs"])
    result = randomized.fig5_simulation(
        ts, p.cfg, seeds,
        progress=lambda e, n: log.info("epoch %d / %d (%.0f%%)", e, n, 100 * e / n),
    )
    io.save_npz(smk.output.sim, {**result, "kind": kind}, provenance.job_record(smk, seed=seeds))
    log.info("wrote %s", smk.output.sim)
