"""Run the project's Snakefile on a config in a temporary directory and compare results."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
TINY = ROOT / "tests" / "workflow" / "tiny_config.yaml"
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def run_snakemake(workdir, *args, config=TINY, check=True, timeout=600):
    """Run the project's Snakefile with ``config`` in ``workdir``; return the CompletedProcess."""
    env = dict(os.environ)
    env["PATH"] = f"{SNAKEMAKE.parent}{os.pathsep}{env.get('PATH', '')}"
    cmd = [
        str(SNAKEMAKE), "-s", str(ROOT / "Snakefile"), "--configfile", str(config),
        "--directory", str(workdir), *args,
    ]
    proc = subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False
    )
    if check and proc.returncode != 0:
        pytest.fail(f"snakemake failed ({' '.join(cmd)}):\n{proc.stdout[-3000:]}\n{proc.stderr[-6000:]}")
    return proc


def result_arrays(workdir):
    """Every array of every .npz under ``workdir/results`` except provenance, by relative path."""
    out = {}
    for path in sorted(Path(workdir, "results").rglob("*.npz")):
        with np.load(path, allow_pickle=False) as data:
            for key in data.files:
                if key != "provenance":
                    out[f"{path.relative_to(workdir)}:{key}"] = data[key]
    return out


def assert_same_results(dir_a, dir_b):
    a, b = result_arrays(dir_a), result_arrays(dir_b)
    assert a, f"no results under {dir_a}"
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)
