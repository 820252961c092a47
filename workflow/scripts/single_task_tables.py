"""Optimal-stopping and alignment-lag tables over every single-task experiment."""
from lingen import io, provenance
from lingen.experiments import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    stopping, lag = [], []
    for exp, theory_path in zip(smk.params.cfgs, smk.input.theory, strict=True):
        cfg = smk.params.cfgs[exp]
        theory, _ = io.load_npz(theory_path, required=["ranks", "svm", "t_opt", "ln_test_min"],
                                expect_params={"cfg": cfg})
        sims = single_task.index_simulations([
            io.load_npz(path, required=["epochs", "test", "rank", "svm", "init"],
                        expect_params={"cfg": cfg})[0]
            for path in smk.input.sims if path.startswith(f"results/{exp}/sim/")
        ])
        stopping += single_task.optimal_stopping_rows(exp, cfg, theory, sims)
        if {"aligned", "random"} <= set(cfg["inits"]):
            lag += single_task.alignment_lag_rows(exp, cfg, sims)
    record = provenance.job_record(smk)
    io.write_table(smk.output.table, stopping, single_task.OPTIMAL_STOPPING_COLUMNS, record)
    io.write_table(smk.output.lag, lag, single_task.ALIGNMENT_LAG_COLUMNS, record)
    log.info("wrote %d + %d rows", len(stopping), len(lag))
