"""The workflow on a SLURM cluster: profiles/slurm with snakemake-executor-plugin-slurm on a
one-node cluster brought up by ci/slurm/start.sh gives the same arrays as a local run.

Needs root (the script installs slurm-wlm and munge if missing and starts munged, slurmctld and
slurmd); skipped with the reason otherwise. Set LINGEN_REQUIRE_SLURM=1 to fail instead of skip.
"""

import importlib.util
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.workflow.runner import ROOT, assert_same_results, run_snakemake

pytestmark = pytest.mark.slurm

CI_SLURM = ROOT / "ci" / "slurm"
PROFILE = ROOT / "profiles" / "slurm"
PARTITION = "main"

# The test cluster has no accounting database: jobs are known only to slurmctld, so the plugin
# polls `squeue` (slurm.conf keeps finished jobs for MinJobAge=600 s) and submits without -A
# (plugin 2.8 accepts --slurm-no-account but ignores it; its account guess via sacct then finds
# nothing and it submits without an account all the same).
SLURM_ARGS = (
    "--workflow-profile", str(PROFILE),
    "--slurm-status-command", "squeue",
    "--slurm-no-account",
    "--slurm-init-seconds-before-status-checks", "2",
)


def _unavailable(reason):
    if os.environ.get("LINGEN_REQUIRE_SLURM") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def _run(cmd, timeout, **kwargs):
    return subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=timeout,
                          **kwargs)


@pytest.fixture(scope="module")
def slurm_cluster():
    """A running one-node cluster; stopped afterwards if this fixture started it."""
    if os.geteuid() != 0:
        _unavailable("SLURM test needs root: ci/slurm/start.sh installs and starts slurmctld/slurmd")
    env = dict(os.environ, LINGEN_SLURM_PARTITION=PARTITION)
    try:
        proc = _run(["bash", str(CI_SLURM / "start.sh")], timeout=900, env=env)
    except subprocess.TimeoutExpired:
        _unavailable("ci/slurm/start.sh did not finish within 15 minutes")
    if proc.returncode != 0:
        _unavailable(f"SLURM could not be installed or started (ci/slurm/start.sh exit "
                     f"{proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    started = proc.stdout.rstrip().endswith("lingen-slurm: started")
    yield PARTITION
    # Stop what this fixture started, unless another run sharing the machine has jobs queued.
    queued = _run(["squeue", "-h", "-o", "%i"], timeout=60).stdout.split()
    if started and not queued:
        _run(["bash", str(CI_SLURM / "stop.sh")], timeout=120)


def test_cluster_runs_a_job(slurm_cluster, tmp_path):
    out = tmp_path / "job.out"
    proc = _run(["srun", "--partition", slurm_cluster, "--ntasks=1", "--time=1", "--mem=100",
                 "--output", str(out), "hostname", "-s"], timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert out.read_text().strip() == os.uname().nodename.split(".")[0]


def test_slurm_run_matches_local_run(slurm_cluster, request, tmp_path, monkeypatch, capsys):
    if importlib.util.find_spec("snakemake_executor_plugin_slurm") is None:
        pytest.fail("snakemake-executor-plugin-slurm is not installed in this environment")
    # The local run (shared session fixture), only once the cluster is known to be up: as an
    # argument, the session-scoped fixture would run before the module-scoped cluster check.
    tiny_run = request.getfixturevalue("tiny_run")
    # The profile reads account and partition from the environment; the test cluster has no
    # accounts, and its partition is also its default one.
    monkeypatch.delenv("LINGEN_SLURM_ACCOUNT", raising=False)
    monkeypatch.delenv("SNAKEMAKE_PROFILE", raising=False)
    monkeypatch.setenv("LINGEN_SLURM_PARTITION", slurm_cluster)
    workdir = tmp_path / "slurm"
    workdir.mkdir()

    start = time.monotonic()
    proc = run_snakemake(workdir, *SLURM_ARGS, timeout=1200)
    wall = time.monotonic() - start
    submitted = (proc.stdout + proc.stderr).count("has been submitted with SLURM jobid")
    with capsys.disabled():
        print(f"\nSLURM run of the tiny config: {wall:.1f} s wall time, {submitted} SLURM jobs")

    assert submitted > 0, "no job went through sbatch"
    assert_same_results(tiny_run, workdir)

    local_figures = sorted(p.relative_to(tiny_run) for p in Path(tiny_run, "figures").glob("fig*"))
    slurm_figures = sorted(p.relative_to(workdir) for p in Path(workdir, "figures").glob("fig*"))
    assert local_figures, "the local run made no figures"
    assert slurm_figures == local_figures
    for figure in slurm_figures:
        assert (workdir / figure).stat().st_size > 0, figure

    for table in sorted(Path(tiny_run, "results", "tables").glob("*.csv")):
        twin = workdir / table.relative_to(tiny_run)
        assert twin.read_text() == table.read_text(), f"{twin.relative_to(workdir)} differs"
