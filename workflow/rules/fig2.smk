# Figure 2: the signal through the noise (random-matrix theory against Monte Carlo).


rule fig2_montecarlo:
    output:
        mc="results/fig2/montecarlo_A{A}.npz",
    log:
        "logs/fig2/montecarlo_A{A}.log",
    wildcard_constraints:
        A=r"[0-9.]+",
    params:
        seed=SEED,
        cfg=config["fig2"],
        code=code("experiments.signal"),
    resources:
        runtime=20,
        mem_mb=2000,
    script:
        "../scripts/fig2_montecarlo.py"


rule fig2_histogram:
    output:
        hist="results/fig2/histogram.npz",
    log:
        "logs/fig2/histogram.log",
    params:
        seed=SEED,
        cfg=config["fig2"],
        code=code("experiments.signal"),
    script:
        "../scripts/fig2_histogram.py"


rule fig2_theory:
    output:
        theory="results/fig2/theory.npz",
    log:
        "logs/fig2/theory.log",
    params:
        cfg=config["fig2"],
        code=code("experiments.signal"),
    script:
        "../scripts/fig2_theory.py"


rule fig2:
    input:
        mc=expand(rules.fig2_montecarlo.output.mc, A=[fmt(a) for a in config["fig2"]["A"]]),
        hist=rules.fig2_histogram.output.hist,
        theory=rules.fig2_theory.output.theory,
    output:
        pdf="figures/fig2.pdf",
        png=report("figures/fig2.png", caption="../report/fig2.rst", category="Figures"),
    log:
        "logs/fig2/figure.log",
    params:
        code=code("plotting"),
    script:
        "../scripts/fig2_figure.py"
