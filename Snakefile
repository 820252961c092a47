# =====================================================================================
# lingen: regenerate every figure of Lampinen & Ganguli (ICLR 2019) from code + config.
#   snakemake --cores 8            all figures and tables
#   snakemake -n                   show the plan
# Stages: datasets -> simulations -> theory -> optimal-stopping tables -> figures.
# =====================================================================================
from snakemake.utils import min_version, validate

min_version("9.0")


# ---- configuration -------------------------------------------------------------------
configfile: "config.yaml"


include: "workflow/rules/common.smk"


validate(config, "workflow/schemas/config.schema.yaml")


# ---- stages --------------------------------------------------------------------------
include: "workflow/rules/single_task.smk"
include: "workflow/rules/tables.smk"
include: "workflow/rules/fig1.smk"
include: "workflow/rules/fig2.smk"
include: "workflow/rules/fig3.smk"


# ---- targets -------------------------------------------------------------------------
rule all:
    default_target: True
    input:
        rules.optimal_stopping_table.output.table,
        rules.fig1.output,
        rules.fig2.output,
        rules.fig3.output,
