# Figures 7 and 8: schematics of the transfer setting and of how transfer depends on alignment.


rule fig7:
    output:
        pdf="figures/fig7.pdf",
        png="figures/fig7.png",
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
        png="figures/fig8.png",
    log:
        "logs/fig8/figure.log",
    params:
        function="transfer_alignment_cartoon",
        code=code("plotting.schematics"),
    script:
        "../scripts/schematic_figure.py"
