# Figure 3: theory against simulation for one-hidden-layer students (rank 1 and rank 3 rows).


rule fig3:
    input:
        sims=single_task_simulations("fig3"),
        theory=expand(rules.single_task_theory.output.theory, exp="fig3"),
        table=rules.single_task_tables.output.table,
    output:
        pdf="figures/fig3.pdf",
        png="figures/fig3.png",
    log:
        "logs/fig3/figure.log",
    params:
        cfg=config["fig3"],
        code=code("plotting"),
    script:
        "../scripts/single_task_figure.py"
