"""Train the TA or random students of one condition (all runs in one batch)."""
import numpy as np

from lingen import experiments, io, provenance

smk = snakemake  # noqa: F821 - injected by Snakemake
wc, p = smk.wildcards, smk.params
rank, svm = int(wc.rank), float(wc.svm)
with io.job_logger(smk.log[0]) as log:
    arrays, _ = io.load_npz(smk.input.data)
    ts = experiments.training_set_from_arrays(arrays)
    seed = experiments.init_seed(p.seed, wc.exp, rank, svm) if wc.init == "random" else None
    log.info("%s rank %d svm %g init %s: %d epochs", wc.exp, rank, svm, wc.init, p.cfg["epochs"])
    traj = experiments.simulate_single_task(
        ts, p.cfg, wc.init,
        rng=None if seed is None else np.random.default_rng(seed),
        progress=lambda e, n: log.info("epoch %d / %d (%.0f%%)", e, n, 100 * e / n),
    )
    record = provenance.job_record(smk, seed=seed, code_modules=["lingen.experiments"])
    io.save_npz(
        smk.output.sim,
        {"epochs": traj.epochs, "train": traj.train, "test": traj.test,
         "rank": rank, "svm": svm, "init": wc.init},
        record,
    )
    log.info("wrote %s", smk.output.sim)
