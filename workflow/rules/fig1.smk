# Figure 1: learning dynamics of a training-aligned mode (pure theory).


rule fig1_theory:
    output:
        theory="results/fig1/theory.npz",
    log:
        "logs/fig1/theory.log",
    params:
        cfg=config["fig1"],
        code=code("experiments.signal"),
    script:
        "../scripts/fig1_theory.py"


rule fig1:
    input:
        theory=rules.fig1_theory.output.theory,
    output:
        pdf="figures/fig1.pdf",
        png=report("figures/fig1.png", caption="../report/fig1.rst", category="Figures"),
    log:
        "logs/fig1/figure.log",
    params:
        code=code("plotting"),
    script:
        "../scripts/fig1_figure.py"
