"""Robustness of the workflow: audits catch tampering, interrupted runs recover, damaged inputs,
stale results, unconfigured conditions and diverging training fail with clear messages."""

import os
import shutil
import signal
import subprocess
import time

import numpy as np
import pytest
import yaml

from lingen import io
from lingen.cli import main as lingen_main
from tests.workflow.runner import ROOT, SNAKEMAKE, TINY, run_snakemake

pytestmark = pytest.mark.slow


@pytest.fixture
def run_copy(tiny_run, tmp_path):
    """A private copy of the finished tiny run, free to damage."""
    copy = tmp_path / "run"
    shutil.copytree(tiny_run, copy, symlinks=True)
    return copy


def write_config(tmp_path, edit):
    config = yaml.safe_load(TINY.read_text())
    edit(config)
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def test_audit_passes_on_a_clean_run(run_copy, capsys):
    assert lingen_main(["audit", "figures/fig3.png", "-d", str(run_copy)]) == 0
    out = capsys.readouterr().out
    for expected in ("results/fig3/theory.npz", "results/fig3/datasets/rank1_svm2.npz",
                     "seeds (entropy/spawn key)", "audit ok"):
        assert expected in out


def test_audit_fails_naming_a_tampered_results_file(run_copy, capsys):
    target = run_copy / "results/fig3/sim/rank1_svm2_aligned.npz"
    arrays, record = io.load_npz(target)
    arrays["test"] = arrays["test"] * 0.5  # a valid file with different numbers
    io.save_npz(target, arrays, record)
    assert lingen_main(["audit", "figures/fig3.png", "-d", str(run_copy)]) == 1
    err = capsys.readouterr().err
    assert "results/fig3/sim/rank1_svm2_aligned.npz: changed after figures/fig3.png" in err


def test_audit_fails_on_a_file_without_provenance(run_copy, capsys):
    target = run_copy / "results/fig3/datasets/rank1_svm4.npz"
    with np.load(target, allow_pickle=False) as data:
        arrays = {k: data[k] for k in data.files if k != "provenance"}
    np.savez(target, **arrays)
    assert lingen_main(["audit", "results/fig3/sim/rank1_svm4_random.npz", "-d", str(run_copy)]) == 1
    err = capsys.readouterr().err
    assert "rank1_svm4.npz" in err
    assert "no provenance" in err or "changed after" in err


def test_truncated_input_is_reported_by_name(run_copy):
    dataset = run_copy / "results/fig3/datasets/rank1_svm2.npz"
    dataset.write_bytes(dataset.read_bytes()[:300])
    proc = run_snakemake(run_copy, "--cores", "1", "results/fig3/sim/rank1_svm2_aligned.npz",
                         check=False)
    assert proc.returncode != 0
    assert "rank1_svm2.npz: not a readable .npz results file" in proc.stdout + proc.stderr


def test_results_from_another_config_are_refused(run_copy, tmp_path):
    other = write_config(tmp_path, lambda c: c["fig3"].update(noise_var=0.05))
    proc = run_snakemake(
        run_copy, "--cores", "1", "--rerun-triggers", "mtime", "--forcerun",
        "single_task_simulation", "results/fig3/sim/rank1_svm2_aligned.npz",
        config=other, check=False,
    )
    assert proc.returncode != 0
    assert ("produced with an incompatible config (cfg.noise_var: file has 0.025, config has 0.05)"
            in proc.stdout + proc.stderr)


def test_unconfigured_condition_names_the_key(tmp_path):
    proc = run_snakemake(tmp_path, "--cores", "1", "results/fig3/sim/rank2_svm2_aligned.npz",
                         check=False)
    assert proc.returncode != 0
    assert "fig3: ranks = 2 is not configured; fig3.ranks = [1, 3]" in proc.stdout + proc.stderr


def test_divergence_is_reported_with_its_condition(tmp_path):
    config = write_config(tmp_path, lambda c: c["fig3"].update(lr=0.5))
    proc = run_snakemake(tmp_path, "--cores", "1", "results/fig3/sim/rank1_svm4_random.npz",
                         config=config, check=False)
    text = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "lr" in text and "diverge" in text
    assert "rank=1, svm=4, init=random" in text
    assert not (tmp_path / "results/fig3/sim/rank1_svm4_random.npz").exists()


def test_killed_run_recovers_without_reusing_partial_results(tmp_path):
    config = write_config(tmp_path, lambda c: c["fig4"].update(epochs=200000))
    target = "results/fig4/sim/rank1_svm2_random.npz"
    work = tmp_path / "killed"
    work.mkdir()
    env = dict(os.environ, PATH=f"{SNAKEMAKE.parent}{os.pathsep}{os.environ['PATH']}")
    proc = subprocess.Popen(
        [str(SNAKEMAKE), "-s", str(ROOT / "Snakefile"), "--configfile", str(config),
         "--directory", str(work), "--cores", "1", target],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )
    log = work / "logs/fig4/sim/rank1_svm2_random.log"
    deadline = time.time() + 120
    while time.time() < deadline and not (log.exists() and "epoch" in log.read_text()):
        time.sleep(0.2)
    assert log.exists(), "the simulation never started"
    os.killpg(proc.pid, signal.SIGKILL)  # no chance to clean up
    proc.wait()
    assert not (work / target).exists(), "a half-finished result was left in place"
    # SIGKILL leaves Snakemake's lock behind (as after a power loss); the README says to unlock
    run_snakemake(work, "--unlock", target, config=config)
    run_snakemake(work, "--cores", "1", target, config=config)
    fresh = tmp_path / "fresh"
    run_snakemake(fresh, "--cores", "1", target, config=config)
    a, _ = io.load_npz(work / target)
    b, _ = io.load_npz(fresh / target)
    for key in a:
        np.testing.assert_array_equal(a[key], b[key], err_msg=key)
