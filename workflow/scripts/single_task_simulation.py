"""Train the TA or random students of one condition (all runs in one batch)."""
from lingen import io, provenance
from lingen.experiments import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
wc, p = smk.wildcards, smk.params
rank, svm = int(wc.rank), float(wc.svm)
with io.job_logger(smk.log[0]) as log:
    arrays, _ = io.load_npz(smk.input.data, expect_params={"cfg": p.cfg, "seed": p.seed})
    ts = single_task.training_set_from_arrays(arrays)
    seeds = single_task.init_seeds(p.seed, wc.exp, p.cfg, rank, svm) if wc.init == "random" else None
    log.info("%s rank %d svm %g init %s: %d epochs", wc.exp, rank, svm, wc.init, p.cfg["epochs"])
    traj = single_task.simulate_single_task(
        ts, p.cfg, wc.init,
        seeds=seeds,
        progress=lambda e, n: log.info("epoch %d / %d (%.0f%%)", e, n, 100 * e / n),
    )
    record = provenance.job_record(smk, seed=seeds)
    io.save_npz(
        smk.output.sim,
        {"epochs": traj.epochs, "train": traj.train, "test": traj.test,
         "rank": rank, "svm": svm, "init": wc.init},
        record,
    )
    log.info("wrote %s", smk.output.sim)
