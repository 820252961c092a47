# Optimal-stopping table: one row per (figure, n_weights, rank, svm, source) over every
# single-task experiment in the config; later figures add their experiments here.


rule optimal_stopping_table:
    input:
        sims=[path for exp in EXPERIMENTS for path in single_task_simulations(exp)],
        theory=expand(rules.single_task_theory.output.theory, exp=EXPERIMENTS),
    output:
        table="results/tables/optimal_stopping.csv",
        provenance="results/tables/optimal_stopping.csv.prov.json",
    log:
        "logs/tables/optimal_stopping.log",
    params:
        cfgs={exp: config[exp] for exp in EXPERIMENTS},
        code=code("experiments.single_task"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/optimal_stopping_table.py"
