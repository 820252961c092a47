"""Tests of lingen.experiments.transfer (Figure 9): students, seeding, theory agreement, table.

* The per-mode engine used for every student equals full-matrix gradient descent from the aligned
  initialisation on the same data; both are exact, so they agree to rounding (1e-8 absolute on
  normalised errors of order one).
* The simulated transfer benefit agrees with the asymptotic theory of SCIENCE.md 1.9 within
  2 x CI95 (about 4 standard errors of the run mean) plus a finite-size allowance (see
  ``FINITE_SIZE``), at the paper's sizes.
* Seeding pairs conditions: the same (q, run) gives the same modes and noise for every (s_A, s_B).
"""

import numpy as np
import pytest

from lingen import io
from lingen.dynamics import simulate_gd
from lingen.experiments import transfer
from lingen.seeds import identity_key

ROOT_SEED = 7

# Small grid (N2 < N3_A + N3_B as in the paper, so the joint student cannot fit every mode).
SMALL = {
    "N1": 16, "N3_A": 6, "N3_B": 6, "N2": 6,
    "q": [0.0, 0.6, 1.0], "s_A": [0.84, 3.0], "s_B": [2.0, 10.0], "runs": 2,
    "epochs": 2000, "save_every": 20, "eps": 1e-5, "lr": 1e-3, "noise_var": 0.05,
    "theory_q_step": 0.25,
}
# The paper's sizes, a few conditions and 20 runs (seconds with the per-mode engine).
PAPER = {
    "N1": 100, "N3_A": 50, "N3_B": 50, "N2": 50,
    "q": [0.0, 1.0], "s_A": [0.84, 3.0], "s_B": [30.0], "runs": 20,
    "epochs": 5000, "save_every": 5, "eps": 1e-5, "lr": 1e-3, "noise_var": 0.02,
    "theory_q_step": 0.5,
}
# Absolute allowance for the asymptotic theory at N1 = 100: a task A just below threshold
# (s_A = 0.84) is learned slightly by the alone student at finite N (SCIENCE.md 6.9) but not through
# a misaligned joint mode, so at q = 0 the simulated T is about -0.01 where the theory gives 0.
FINITE_SIZE = 0.01
# Rounding-level agreement of two exact engines on errors of order one.
EXACT = 1e-8


def _panel(cfg, s_A):
    sets, _ = transfer.panel_training_sets(ROOT_SEED, cfg, s_A)
    return transfer.simulate_transfer_panel(sets, cfg, s_A)


@pytest.fixture(scope="module")
def small_results():
    """Theory, panels and table rows of the small grid."""
    theory = transfer.transfer_theory(SMALL)
    panels = [_panel(SMALL, s_A) for s_A in SMALL["s_A"]]
    return theory, panels, transfer.transfer_table_rows(SMALL, theory, panels)


def test_students_equal_full_gradient_descent():
    sets, _ = transfer.panel_training_sets(ROOT_SEED, SMALL, 3.0)
    students = transfer.train_students(sets, SMALL)
    common = {k: SMALL[k] for k in ("N2", "eps", "lr", "epochs", "save_every")}
    rows = {"A": sets.rows_a, "B": sets.rows_b}
    assert set(students) == set(transfer.STUDENTS)
    for student, (data, task) in transfer.STUDENTS.items():
        full = simulate_gd(
            getattr(sets, data), init="aligned",
            test_rows=rows[task] if data == "joint" else None, **common,
        )
        np.testing.assert_allclose(students[student].test, full.test, rtol=0, atol=EXACT,
                                   err_msg=student)
        np.testing.assert_allclose(students[student].train, full.train, rtol=0, atol=EXACT,
                                   err_msg=student)
    # the students learn: each test error falls below its starting value
    for traj in students.values():
        assert np.all(traj.test.min(axis=1) < traj.test[:, 0])


def test_transfer_benefit_agrees_with_theory():
    theory = transfer.transfer_theory(PAPER)
    panels = [_panel(PAPER, s_A) for s_A in PAPER["s_A"]]
    rows = transfer.transfer_table_rows(PAPER, theory, panels)
    assert len(rows) == 4
    for row in rows:
        for name in ("T", "T_BA"):
            gap = abs(row[f"{name}_mean"] - row[f"{name}_theory"])
            assert gap <= 2.0 * row[f"{name}_ci95"] + FINITE_SIZE, (name, row)
    # the paper's two effects: rescue of a weak task (a) and interference (b)
    by_condition = {(r["s_A"], r["q"]): r["T_mean"] for r in rows}
    assert by_condition[(0.84, 1.0)] > 0.3
    assert by_condition[(3.0, 0.0)] < -0.1


def test_seeding_pairs_conditions_across_strengths():
    shape = (len(SMALL["s_B"]), len(SMALL["q"]), SMALL["runs"])
    noise, modes = [], []
    for s_A in SMALL["s_A"]:
        sets, seeds = transfer.panel_training_sets(ROOT_SEED, SMALL, s_A)
        n3, n1 = sets.joint.N3, sets.joint.N1
        noise.append((sets.joint.sigma31 - sets.joint.w_bar).reshape(*shape, n3, n1))
        modes.append((sets.joint.w_bar[:, sets.rows_a] / s_A).reshape(*shape, -1))
        assert len(seeds) == len(SMALL["q"]) * SMALL["runs"]
    noise, modes = np.stack(noise), np.stack(modes)  # [nA, nB, nq, R, ...]
    # same (q, run): identical noise and task-A modes for every s_A and s_B (up to rounding of
    # w_bar + noise - w_bar)
    np.testing.assert_allclose(noise, np.broadcast_to(noise[:1, :1], noise.shape), atol=1e-12)
    np.testing.assert_allclose(modes, np.broadcast_to(modes[:1, :1], modes.shape), atol=1e-12)
    # different q or run: independent draws
    assert not np.allclose(noise[0, 0, 0, 0], noise[0, 0, 1, 0])
    assert not np.allclose(noise[0, 0, 0, 0], noise[0, 0, 0, 1])
    assert transfer.dataset_seed(ROOT_SEED, 0.6, 1).spawn_key == identity_key(
        "fig9", "dataset", "q", "0.6", "run", 1
    )


def test_alone_student_is_shared_across_task_b(small_results):
    """Paired data make the task-A-alone student identical for every s_B (and B-alone for s_A)."""
    _, panels, _ = small_results
    for panel in panels:
        alone = panel["test_min_alone_A"]
        np.testing.assert_array_equal(alone, np.broadcast_to(alone[:1], alone.shape))
    alone_b = np.stack([p["test_min_alone_B"] for p in panels])
    np.testing.assert_array_equal(alone_b, np.broadcast_to(alone_b[:1], alone_b.shape))


def test_table_rows(small_results, tmp_path):
    theory, _, rows = small_results
    n_s_a, n_s_b, n_q = len(SMALL["s_A"]), len(SMALL["s_B"]), len(SMALL["q"])
    assert len(rows) == n_s_a * n_s_b * n_q
    assert {(r["s_A"], r["s_B"], r["q"]) for r in rows} == {
        (a, b, q) for a in SMALL["s_A"] for b in SMALL["s_B"] for q in SMALL["q"]
    }
    for row in rows:
        assert tuple(row) == transfer.TRANSFER_COLUMNS
        assert row["n_runs"] == SMALL["runs"]
        assert row["noise_var"] == SMALL["noise_var"]
        values = [row[c] for c in transfer.TRANSFER_COLUMNS]
        assert np.all(np.isfinite(values))
        assert row["T_ci95"] >= 0.0 and row["T_BA_ci95"] >= 0.0
        # alone errors start near 1 and joint errors are >= 0, so |T| stays below ~1
        for name in ("T_mean", "T_theory", "T_BA_mean", "T_BA_theory"):
            assert -1.5 < row[name] < 1.0, (name, row)
    # the theory column is the theory file's value at that condition
    i, j, k = 1, 0, 2
    row = next(r for r in rows if (r["s_A"], r["s_B"], r["q"]) == (
        SMALL["s_A"][i], SMALL["s_B"][j], SMALL["q"][k]))
    assert row["T_theory"] == theory["T"][i, j, k]
    np.testing.assert_allclose(theory["T_fine"][:, :, -1], theory["T"][:, :, -1], rtol=1e-12)
    # and the table round-trips through the CSV writer with the documented header
    path = tmp_path / "transfer_benefit.csv"
    io.write_table(path, rows, transfer.TRANSFER_COLUMNS, {"test": True})
    read = io.read_table(path)
    assert tuple(read[0]) == transfer.TRANSFER_COLUMNS
    assert float(read[5]["T_mean"]) == rows[5]["T_mean"]


def test_table_needs_every_panel(small_results):
    theory, panels, _ = small_results
    with pytest.raises(ValueError, match="no simulation panel"):
        transfer.transfer_table_rows(SMALL, theory, panels[:1])
    with pytest.raises(ValueError, match="same s_A"):
        transfer.transfer_table_rows(SMALL, theory, [panels[0], panels[0]])
