# Figures 3 (one hidden layer) and 4 (three hidden layers): theory against simulation, rank 1 and
# rank 3 rows. One rule per figure, same shape; the rule name selects the table rows and layout.

for _fig in ("fig3", "fig4"):

    rule:
        name:
            _fig
        input:
            sims=single_task_simulations(_fig),
            theory=expand(rules.single_task_theory.output.theory, exp=_fig),
            table=rules.single_task_tables.output.table,
        output:
            pdf=f"figures/{_fig}.pdf",
            png=report(f"figures/{_fig}.png", caption=f"../report/{_fig}.rst", category="Figures"),
        log:
            f"logs/{_fig}/figure.log",
        params:
            cfg=config[_fig],
            code=code("plotting"),
        script:
            "../scripts/single_task_figure.py"
