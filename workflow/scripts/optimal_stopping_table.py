"""Aggregate per-run optimal stopping of every single-task experiment into one table."""
from lingen import experiments, io, provenance

smk = snakemake  # noqa: F821 - injected by Snakemake
with io.job_logger(smk.log[0]) as log:
    rows = []
    for exp, theory_path in zip(smk.params.cfgs, smk.input.theory, strict=True):
        cfg = smk.params.cfgs[exp]
        theory, _ = io.load_npz(theory_path, required=["ranks", "svm", "t_opt", "ln_test_min"])
        prefix = f"results/{exp}/sim/"
        sims = [io.load_npz(path, required=["epochs", "test", "rank", "svm", "init"])[0]
                for path in smk.input.sims if path.startswith(prefix)]
        rows += experiments.optimal_stopping_rows(exp, cfg, theory, experiments.index_simulations(sims))
    record = provenance.job_record(smk, code_modules=["lingen.experiments"])
    io.write_table(smk.output.table, rows, experiments.OPTIMAL_STOPPING_COLUMNS, record)
    log.info("wrote %d rows to %s", len(rows), smk.output.table)
