# Figures 7 and 8: schematics of the transfer setting and of how transfer depends on alignment.


rule fig7:
    output:
        pdf="figures/fig7.pdf",
        png=report("figures/fig7.png", caption="../report/fig7.rst", category="Figures"),
    log:
        "logs/fig7/figure.log",
    params:
        function="transfer_setting",
        code=code("plotting.schematics"),
    script:
        "../scripts/schematic_figure.py"


rule fig8:
    output:
        pdf="figures/fig8.pdf",
        png=report("figures/fig8.png", caption="../report/fig8.rst", category="Figures"),
    log:
        "logs/fig8/figure.log",
    params:
        function="transfer_alignment_cartoon",
        code=code("plotting.schematics"),
    script:
        "../scripts/schematic_figure.py"
