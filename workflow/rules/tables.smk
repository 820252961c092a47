# Tables over every single-task experiment in the config (Figures 3 and 4):
#   optimal_stopping.csv  one row per (figure, n_weights, rank, svm, source)
#   alignment_lag.csv     one row per (figure, n_weights, rank, svm): TA vs random stopping times


rule single_task_tables:
    input:
        sims=[path for exp in EXPERIMENTS for path in single_task_simulations(exp)],
        theory=expand(rules.single_task_theory.output.theory, exp=EXPERIMENTS),
    output:
        table=report("results/tables/optimal_stopping.csv", caption="../report/optimal_stopping.rst", category="Tables"),
        table_provenance="results/tables/optimal_stopping.csv.prov.json",
        lag=report("results/tables/alignment_lag.csv", caption="../report/alignment_lag.rst", category="Tables"),
        lag_provenance="results/tables/alignment_lag.csv.prov.json",
    log:
        "logs/tables/single_task_tables.log",
    params:
        cfgs={exp: config[exp] for exp in EXPERIMENTS},
        code=code("experiments.single_task"),
    resources:
        runtime=10,
        mem_mb=2000,
    script:
        "../scripts/single_task_tables.py"
