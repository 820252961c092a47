"""Aggregate per-run optimal stopping of every single-task experiment into one table."""
from lingen import io, provenance
from lingen.experiments import single_task

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    rows = []
    for exp, theory_path in zip(smk.params.cfgs, smk.input.theory, strict=True):
        cfg = smk.params.cfgs[exp]
        theory, _ = io.load_npz(theory_path, required=["ranks", "svm", "t_opt", "ln_test_min"])
        prefix = f"results/{exp}/sim/"
        sims = [io.load_npz(path, required=["epochs", "test", "rank", "svm", "init"])[0]
                for path in smk.input.sims if path.startswith(prefix)]
        rows += single_task.optimal_stopping_rows(exp, cfg, theory, single_task.index_simulations(sims))
    record = provenance.job_record(smk)
    io.write_table(smk.output.table, rows, single_task.OPTIMAL_STOPPING_COLUMNS, record)
    log.info("wrote %d rows to %s", len(rows), smk.output.table)
