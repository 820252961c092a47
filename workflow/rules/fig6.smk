# Figure 6: number of training examples P != N1 (rank-1 teacher, TA students, SCIENCE.md 1.8).
# Wildcard: P (one simulation job per P; every SNR and run batched).


rule fig6_simulation:
    output:
        sim="results/fig6/sim/P{P}.npz",
    log:
        "logs/fig6/sim/P{P}.log",
    wildcard_constraints:
        P=r"\d+",
    params:
        seed=SEED,
        cfg=config["fig6"],
        code=code("experiments.sample_size"),
    resources:
        runtime=10,
        mem_mb=2000,
    script:
        "../scripts/fig6_simulation.py"


rule fig6_theory:
    output:
        theory="results/fig6/theory.npz",
    log:
        "logs/fig6/theory.log",
    params:
        cfg=config["fig6"],
        code=code("experiments.sample_size"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig6_theory.py"


rule fig6_table:
    input:
        sims=expand(rules.fig6_simulation.output.sim, P=config["fig6"]["P"]),
        theory=rules.fig6_theory.output.theory,
    output:
        table=report("results/tables/sample_size.csv", caption="../report/sample_size.rst", category="Tables"),
        provenance="results/tables/sample_size.csv.prov.json",
    log:
        "logs/tables/sample_size.log",
    params:
        cfg=config["fig6"],
        code=code("experiments.sample_size"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig6_table.py"


rule fig6:
    input:
        sims=expand(rules.fig6_simulation.output.sim, P=config["fig6"]["P"]),
        theory=rules.fig6_theory.output.theory,
        table=rules.fig6_table.output.table,
    output:
        pdf="figures/fig6.pdf",
        png=report("figures/fig6.png", caption="../report/fig6.rst", category="Figures"),
    log:
        "logs/fig6/figure.log",
    params:
        cfg=config["fig6"],
        code=code("plotting.fig6"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig6_figure.py"
