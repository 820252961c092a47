# =====================================================================================
# lingen: regenerate every figure of Lampinen & Ganguli (ICLR 2019) from code + config.
#   snakemake --cores 8            all figures and tables
#   snakemake -n                   show the plan
# Stages: datasets -> simulations -> theory -> optimal-stopping tables -> figures.
# =====================================================================================
from snakemake.utils import min_version, validate

min_version("9.0")


report: "workflow/report/workflow.rst"


# ---- configuration -------------------------------------------------------------------
configfile: "config.yaml"


include: "workflow/rules/common.smk"


validate(config, "workflow/schemas/config.schema.yaml")


# ---- stages --------------------------------------------------------------------------
include: "workflow/rules/single_task.smk"
include: "workflow/rules/tables.smk"
include: "workflow/rules/fig1.smk"
include: "workflow/rules/fig2.smk"
include: "workflow/rules/fig3_4.smk"
include: "workflow/rules/fig5.smk"
include: "workflow/rules/fig6.smk"
include: "workflow/rules/fig7_8.smk"
include: "workflow/rules/fig9.smk"


# ---- targets -------------------------------------------------------------------------
rule all:
    default_target: True
    input:
        rules.single_task_tables.output.table,
        rules.single_task_tables.output.lag,
        rules.fig1.output,
        rules.fig2.output,
        rules.fig3.output,
        rules.fig4.output,
        rules.fig5.output,
        rules.fig5_table.output.table,
        rules.fig6.output,
        rules.fig6_table.output.table,
        rules.fig7.output,
        rules.fig8.output,
        rules.fig9.output,
        rules.transfer_benefit_table.output.table,
