# Helpers shared by the rule files (config checking, BLAS pinning, code hashes, path formats).
import os

import yaml

from lingen.config import SINGLE_TASK_EXPERIMENTS, ConfigError, check_config
from lingen.provenance import source_hash

# Pin BLAS to one thread per job (jobs inherit this environment, also on cluster nodes, which
# re-read this file): results then do not depend on --cores, and parallelism comes from jobs.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

with open(workflow.source_path("../schemas/config.schema.yaml")) as _fh:
    CONFIG_SCHEMA = yaml.safe_load(_fh)
try:
    check_config(config, CONFIG_SCHEMA)
except ConfigError as _err:
    raise WorkflowError(str(_err)) from None

SEED = config["seed"]
EXPERIMENTS = [name for name in SINGLE_TASK_EXPERIMENTS if name in config]


def fmt(x):
    """Canonical text of a number in file names: 0.84 -> '0.84', 2.0 -> '2'."""
    return f"{float(x):g}"


def code(*modules):
    """The lingen modules a rule's script runs and the hash of their source (with every lingen
    module they import). As a rule parameter it makes Snakemake rerun the rule when that code
    changes, and the script's provenance record names the same modules."""
    names = [f"lingen.{m}" for m in modules]
    return {"modules": names, "sha256": source_hash(*names)}


def single_task_simulations(exp):
    """Every simulation file of a single-task experiment (Figures 3, 4)."""
    cfg = config[exp]
    return expand(
        rules.single_task_simulation.output.sim,
        exp=exp,
        rank=cfg["ranks"],
        svm=[fmt(s) for s in cfg["svm"]],
        init=cfg["inits"],
    )
