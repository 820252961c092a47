# Figure 9: transfer benefit T^{A<-B}(s_A, s_B, q) of learning task A jointly with task B.
# One simulation job per s_A panel (every s_B, q and run, all three TA students), the theory on a
# fine q grid, the transfer-benefit table, then the figure.
#
# No dataset stage: a panel's stacked training sets (joint data and teacher, 550 x 100 x 100
# float64 each, ~90 MB of incompressible Gaussian numbers) take under a second to regenerate from
# their seeds, far less than writing and reading them. The simulation job draws them from the
# per-(q, run) seeds of lingen.experiments.transfer and records those seeds in its provenance.


rule fig9_simulation:
    output:
        sim="results/fig9/sim/sA{s_A}.npz",
    log:
        "logs/fig9/sim/sA{s_A}.log",
    wildcard_constraints:
        s_A=r"[0-9.e+-]+",
    params:
        seed=SEED,
        cfg=config["fig9"],
        code=code("experiments.transfer"),
    resources:
        runtime=10,
        mem_mb=2000,
    script:
        "../scripts/fig9_simulation.py"


rule fig9_theory:
    output:
        theory="results/fig9/theory.npz",
    log:
        "logs/fig9/theory.log",
    params:
        cfg=config["fig9"],
        code=code("experiments.transfer"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig9_theory.py"


rule transfer_benefit_table:
    input:
        sims=expand(rules.fig9_simulation.output.sim, s_A=[fmt(s) for s in config["fig9"]["s_A"]]),
        theory=rules.fig9_theory.output.theory,
    output:
        table=report("results/tables/transfer_benefit.csv", caption="../report/transfer_benefit.rst", category="Tables"),
        provenance="results/tables/transfer_benefit.csv.prov.json",
    log:
        "logs/tables/transfer_benefit.log",
    params:
        cfg=config["fig9"],
        code=code("experiments.transfer"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig9_table.py"


rule fig9:
    input:
        table=rules.transfer_benefit_table.output.table,
        theory=rules.fig9_theory.output.theory,
    output:
        pdf="figures/fig9.pdf",
        png=report("figures/fig9.png", caption="../report/fig9.rst", category="Figures"),
    log:
        "logs/fig9/figure.log",
    params:
        code=code("plotting.fig9"),
    resources:
        runtime=10,
        mem_mb=1000,
    script:
        "../scripts/fig9_figure.py"
