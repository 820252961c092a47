# Figure 5: randomised against real targets (random-init students, SCIENCE.md 1.10).
# Wildcard: kind (original | randomized).
from lingen.experiments.randomized import KINDS as FIG5_KINDS


rule fig5_dataset:
    output:
        data="results/fig5/datasets/{kind}.npz",
    log:
        "logs/fig5/datasets/{kind}.log",
    wildcard_constraints:
        kind="|".join(FIG5_KINDS),
    params:
        seed=SEED,
        cfg=config["fig5"],
        code=code("experiments.randomized"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig5_dataset.py"


rule fig5_simulation:
    input:
        data=rules.fig5_dataset.output.data,
    output:
        sim="results/fig5/sim/{kind}.npz",
    log:
        "logs/fig5/sim/{kind}.log",
    wildcard_constraints:
        kind="|".join(FIG5_KINDS),
    params:
        seed=SEED,
        cfg=config["fig5"],
        code=code("experiments.randomized"),
    resources:
        runtime=20,
        mem_mb=1000,
    script:
        "../scripts/fig5_simulation.py"


rule fig5_theory:
    input:
        data=expand(rules.fig5_dataset.output.data, kind=FIG5_KINDS),
    output:
        theory="results/fig5/theory.npz",
    log:
        "logs/fig5/theory.log",
    params:
        cfg=config["fig5"],
        code=code("experiments.randomized"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig5_theory.py"


rule fig5_table:
    input:
        sims=expand(rules.fig5_simulation.output.sim, kind=FIG5_KINDS),
        theory=rules.fig5_theory.output.theory,
    output:
        table=report("results/tables/randomized_labels.csv", caption="../report/randomized_labels.rst", category="Tables"),
        provenance="results/tables/randomized_labels.csv.prov.json",
    log:
        "logs/tables/randomized_labels.log",
    params:
        code=code("experiments.randomized"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig5_table.py"


rule fig5:
    input:
        sims=expand(rules.fig5_simulation.output.sim, kind=FIG5_KINDS),
        theory=rules.fig5_theory.output.theory,
    output:
        pdf="figures/fig5.pdf",
        png=report("figures/fig5.png", caption="../report/fig5.rst", category="Figures"),
    log:
        "logs/fig5/figure.log",
    params:
        cfg=config["fig5"],
        code=code("plotting.fig5"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig5_figure.py"
