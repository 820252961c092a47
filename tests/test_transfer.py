"""Tests of lingen.transfer: the joint teacher's SVD and the transfer theory (SCIENCE.md 1.9).

The SVD identities are exact and are checked against numpy to 1e-10 (float64 SVDs of 100 x 100
matrices are accurate to ~1e-14). The transfer theory is asymptotic; it is checked against an exact
simulation of training-aligned (TA) students written here in plain numpy, independently of
lingen's own dataset and dynamics code, with tolerances built from the run-to-run spread.
"""

import re
from functools import cache

import numpy as np
import pytest

from lingen.transfer import joint_teacher_svd, task_error_alone, task_error_joint, transfer_benefit

# The authors' transfer runs (SCIENCE.md 1.9): N1 = 100 one-hot inputs, 50 outputs per task,
# 50 hidden units, noise variance 1/50 per element, eps = 1e-5, lambda = 1e-3, epochs 0..5000
# saved every 5.
N1, N3_A, N3_B, N2 = 100, 50, 50, 50
NOISE_VAR = 1.0 / 50
EPS, LEARNING_RATE = 1e-5, 1e-3
SAVE_EVERY, LAST_EPOCH = 5, 5000
EPOCHS = np.arange(0, LAST_EPOCH + 1, SAVE_EVERY, dtype=np.float64)
DYNAMICS = {"N1": N1, "N2": N2, "eps": EPS, "tau": 1.0 / LEARNING_RATE, "noise_var": NOISE_VAR}
N_SEEDS = 20

# Finite-size allowance, relative to the predicted quantity: at N = 100 the data singular values
# and overlaps differ from their N -> infinity limits by a few percent (CONVENTIONS.md; SCIENCE.md
# 6.9), and the per-run minimum of a noisy curve sits slightly below the minimum of its mean.
FINITE_SIZE = 0.03
# Late in training the error is dominated by the ~50 fitted noise modes. There the theory places a
# joint mode below threshold at the bulk edge on top of the top-48/98 part of the MP law, which at
# N = 100 overestimates the fitted noise by up to ~6% (seen at q = 1 and at q = 0 with a weak B).
LATE_TIME_ALLOWANCE = 0.08


def _teacher_modes(
    rng: np.random.Generator, q: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Random unit modes uA, uB (in R^50) and vA, vB (in R^100) with vA . vB = q."""
    v = np.linalg.qr(rng.standard_normal((N1, 2)))[0]
    v_a = v[:, 0]
    v_b = q * v[:, 0] + np.sqrt(1.0 - q**2) * v[:, 1]
    u_a, u_b = (u / np.linalg.norm(u) for u in rng.standard_normal((2, N3_A)))
    return u_a, u_b, v_a, v_b


def _joint_teacher(s_A: float, s_B: float, modes: tuple[np.ndarray, ...]) -> np.ndarray:
    """The row-stacked teacher [sA uA vA^T; sB uB vB^T], built explicitly (100 x 100)."""
    u_a, u_b, v_a, v_b = modes
    return np.vstack([s_A * np.outer(u_a, v_a), s_B * np.outer(u_b, v_b)])


# --- Independent reference: exact TA students, one scalar recursion per data mode --------------


def _ta_strengths(s_hat_data: np.ndarray) -> np.ndarray:
    """Strengths s = a^2 of balanced TA modes under a <- a + lambda a (shat - a^2), a(0) = sqrt(eps).

    With one-hot inputs and TA initialisation every data mode evolves on its own (SCIENCE.md 5).
    Returns array[n_saved, *s_hat_data.shape] at the saved epochs.
    """
    a = np.full_like(s_hat_data, np.sqrt(EPS))
    saved = [a**2]
    for epoch in range(1, LAST_EPOCH + 1):
        a = a + LEARNING_RATE * a * (s_hat_data - a * a)
        if epoch % SAVE_EVERY == 0:
            saved.append(a**2)
    return np.stack(saved)


def _student_terms(y: np.ndarray, w_bar_a: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per-mode pieces of a TA student's task-A error, from the SVD of its data y.

    For W = sum_j s_j uhat_j vhat_j^T over the top N2 data modes, orthonormal vhat_j give
    ||W[:N3_A] - WbarA||^2 = sum_j s_j^2 g_j - 2 sum_j s_j c_j + sA^2 with
    g_j = ||uhat_j[:N3_A]||^2 and c_j = uhat_j[:N3_A]^T WbarA vhat_j.
    """
    u, s, vt = np.linalg.svd(y)
    u_a = u[:N3_A, :N2]
    return s[:N2], np.sum(u_a**2, axis=0), np.einsum("ij,ik,kj->k", w_bar_a, u_a, vt[:N2])


@cache
def _simulated_errors(s_A: float, s_B: float, q: float) -> tuple[np.ndarray, np.ndarray]:
    """Task-A test errors / sA^2 of the joint and the alone student, each array[N_SEEDS, n_saved].

    Both students of a seed see the same noisy data: the joint one all 100 rows, the alone one
    rows 0..49 (SCIENCE.md 1.9).
    """
    s_hat_data, share, cross = [], [], []
    for seed in range(N_SEEDS):
        rng = np.random.default_rng(seed)
        w_bar = _joint_teacher(s_A, s_B, _teacher_modes(rng, q))
        y = w_bar + np.sqrt(NOISE_VAR) * rng.standard_normal(w_bar.shape)
        for data in (y, y[:N3_A]):
            s_hat_j, g_j, c_j = _student_terms(data, w_bar[:N3_A])
            s_hat_data.append(s_hat_j)
            share.append(g_j)
            cross.append(c_j)
    s = _ta_strengths(np.array(s_hat_data))
    errors = np.einsum("tmj,mj->mt", s**2, np.array(share))
    errors += s_A**2 - 2.0 * np.einsum("tmj,mj->mt", s, np.array(cross))
    errors = (errors / s_A**2).reshape(N_SEEDS, 2, -1)
    return errors[:, 0], errors[:, 1]


# --- Joint teacher SVD ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "s_A, s_B, q", [(3.0, 10.0, 0.2), (100.0, 0.84, 0.9), (2.0, 2.0, 0.5), (5.0, 1.0, 0.0)]
)
def test_joint_teacher_svd_matches_numpy_svd(s_A: float, s_B: float, q: float) -> None:
    modes = _teacher_modes(np.random.default_rng(1), q)
    u_a, u_b, v_a, v_b = modes
    w_bar = _joint_teacher(s_A, s_B, modes)
    u, s, vt = np.linalg.svd(w_bar)
    s_bar, c = joint_teacher_svd(s_A, s_B, q)
    assert s_bar.shape == (2,) and c.shape == (2, 2)
    np.testing.assert_allclose(s_bar, s[:2], rtol=1e-10)
    np.testing.assert_allclose(s[2:], 0.0, atol=1e-10 * s[0])
    for k in range(2):
        u_bar = np.concatenate([c[k, 0] * u_a, c[k, 1] * u_b])
        v_bar = (c[k, 0] * s_A * v_a + c[k, 1] * s_B * v_b) / s_bar[k]
        # Singular vectors are defined up to a joint sign flip of (u_k, v_k).
        assert abs(u[:, k] @ u_bar) == pytest.approx(1.0, abs=1e-10)
        assert (u[:, k] @ u_bar) * (vt[k] @ v_bar) == pytest.approx(1.0, abs=1e-10)


def test_joint_teacher_svd_identities_on_a_grid() -> None:
    s_A, s_B, q = np.meshgrid(
        [0.0, 0.84, 3.0, 100.0],
        [0.0, 0.84, 3.0, 10.0, 100.0],
        np.linspace(0.0, 1.0, 11),
        indexing="ij",
    )
    s_bar, c = joint_teacher_svd(s_A, s_B, q)
    assert s_bar.shape == (4, 5, 11, 2) and c.shape == (4, 5, 11, 2, 2)
    assert np.all(np.isfinite(s_bar)) and np.all(np.isfinite(c))
    assert np.all(s_bar[..., 0] >= s_bar[..., 1]) and np.all(s_bar[..., 1] >= 0)
    # M = [[sA^2, q sA sB], [q sA sB, sB^2]], compared on its own scale (at least 1, so that the
    # zero teacher is included): trace, determinant, and M c_k = sbar_k^2 c_k with orthonormal c.
    m = np.stack([np.stack([s_A**2, q * s_A * s_B], -1), np.stack([q * s_A * s_B, s_B**2], -1)], -2)
    scale = np.maximum(s_A**2 + s_B**2, 1.0)
    np.testing.assert_allclose(
        np.sum(s_bar**2, axis=-1) / scale, np.trace(m, axis1=-2, axis2=-1) / scale, atol=1e-12
    )
    np.testing.assert_allclose(
        np.prod(s_bar**2, axis=-1) / scale**2, np.linalg.det(m) / scale**2, atol=1e-12
    )
    np.testing.assert_allclose(
        c @ np.swapaxes(c, -1, -2), np.broadcast_to(np.eye(2), c.shape), atol=1e-12
    )
    np.testing.assert_allclose(
        np.einsum("...ij,...kj->...ki", m, c) / scale[..., None, None],
        s_bar[..., None] ** 2 * c / scale[..., None, None],
        atol=1e-12,
    )


def test_orthogonal_tasks_are_the_two_separate_tasks() -> None:
    # q = 0: the joint modes are task A and task B themselves, strongest first.
    s_bar, c = joint_teacher_svd(3.0, 10.0, 0.0)
    np.testing.assert_allclose(s_bar, [10.0, 3.0], rtol=1e-14)
    np.testing.assert_allclose(np.abs(c), [[0.0, 1.0], [1.0, 0.0]], atol=1e-14)
    s_bar, c = joint_teacher_svd(10.0, 3.0, 0.0)
    np.testing.assert_allclose(s_bar, [10.0, 3.0], rtol=1e-14)
    np.testing.assert_allclose(np.abs(c), np.eye(2), atol=1e-14)


def test_parallel_tasks_share_one_mode() -> None:
    # q = 1: rank 1, sbar_+ = sqrt(sA^2 + sB^2) with c_+ = (sA, sB)/sbar_+, and sbar_- = 0.
    s_bar, c = joint_teacher_svd(3.0, 4.0, 1.0)
    np.testing.assert_allclose(s_bar, [5.0, 0.0], rtol=1e-14, atol=1e-14)
    np.testing.assert_allclose(c[0], [0.6, 0.8], rtol=1e-14)


# --- Transfer theory against the exact simulation ------------------------------------------------

SIMULATION_POINTS = [
    (0.84, 30.0, 1.0),  # weak A rides on an aligned strong B: large positive T
    (3.0, 30.0, 0.2),  # misaligned strong B: interference, negative T
    (3.0, 10.0, 1.0),  # aligned B helps a detectable A
    (100.0, 10.0, 0.5),  # strong A: T ~ -2e-5
    (3.0, 0.84, 0.0),  # orthogonal weak B: only the cost of the noisier joint problem
    (3.0, 3.0, 0.5),  # both joint modes detected
]


@pytest.mark.parametrize("s_A, s_B, q", SIMULATION_POINTS)
def test_theory_matches_exact_ta_simulation(s_A: float, s_B: float, q: float) -> None:
    joint, alone = _simulated_errors(s_A, s_B, q)
    theory_joint = task_error_joint(EPOCHS, s_A, s_B, q, N3_A=N3_A, N3_B=N3_B, **DYNAMICS)
    theory_alone = task_error_alone(EPOCHS, s_A, N3_A=N3_A, **DYNAMICS)
    benefit = transfer_benefit(s_A, s_B, q, N3_A=N3_A, N3_B=N3_B, t=EPOCHS, **DYNAMICS)
    assert theory_joint.shape == theory_alone.shape == EPOCHS.shape

    best_joint, best_alone = joint.min(axis=1), alone.min(axis=1)
    checks = {
        "min joint": (best_joint, theory_joint.min(), FINITE_SIZE * theory_joint.min()),
        "min alone": (best_alone, theory_alone.min(), FINITE_SIZE * theory_alone.min()),
        # T inherits the allowances of the two minima it subtracts.
        "benefit": (
            best_alone - best_joint,
            benefit,
            FINITE_SIZE * (theory_alone.min() + theory_joint.min()),
        ),
        "joint at 5000 epochs": (
            joint[:, -1],
            theory_joint[-1],
            LATE_TIME_ALLOWANCE * theory_joint[-1],
        ),
    }
    for name, (samples, predicted, allowance) in checks.items():
        sem = samples.std(ddof=1) / np.sqrt(samples.size)
        assert abs(samples.mean() - predicted) <= 3.0 * sem + allowance, (
            f"{name}: simulation {samples.mean():.6g} +- {sem:.2g}, theory {predicted:.6g}"
        )


# --- Limits, shapes and edge cases ---------------------------------------------------------------


def test_strong_task_is_barely_affected() -> None:
    # sA = 100 is learned almost perfectly alone (error ~ 3e-4), so no task B can move it by much.
    q = np.linspace(0.0, 1.0, 11)
    for s_B in (0.0, 0.84, 3.0, 10.0, 30.0, 100.0):
        assert np.all(np.abs(transfer_benefit(100.0, s_B, q)) < 1e-3)


def test_orthogonal_weak_tasks_give_no_benefit() -> None:
    # sA = 0.84 at noise variance 1/50 is an SNR of 0.59, below both the alone (0.84) and the
    # joint (1.0) thresholds: neither student learns task A, both stop at t = 0 with error
    # 1 + O(eps^2), so T vanishes up to O(eps^2 N2).
    for s_B in (0.0, 0.84):
        assert abs(transfer_benefit(0.84, s_B, 0.0)) < 1e-6


def test_orthogonal_tasks_never_help() -> None:
    # With q = 0 task B carries no information about task A; joint training can only add noise
    # (larger aspect ratio, leaked noise of task B's mode), so T <= 0 up to the O(N2 eps^2 / sA^2)
    # energy of the initial weights. An undetectable B (SNR 0.84/sqrt(2) < 1) acts exactly like
    # no task B at all.
    s_A = np.array([0.84, 3.0, 10.0, 30.0, 100.0])[:, None]
    benefit = transfer_benefit(s_A, np.array([0.0, 0.84, 3.0, 10.0, 30.0, 100.0]), 0.0)
    assert benefit.shape == (5, 6)
    assert np.all(benefit <= N2 * EPS**2 / s_A**2)
    np.testing.assert_allclose(benefit[:, 1], benefit[:, 0], rtol=1e-12, atol=1e-15)


def test_vectorised_over_q_matches_scalars() -> None:
    q = np.linspace(0.0, 1.0, 11)
    vector = transfer_benefit(3.0, 30.0, q)
    assert vector.shape == (11,)
    scalars = [transfer_benefit(3.0, 30.0, float(qi)) for qi in q]
    assert all(np.ndim(value) == 0 for value in scalars)
    np.testing.assert_allclose(vector, scalars, rtol=1e-12, atol=1e-15)
    # The default times are the saved epochs 0, 5, ..., 5000.
    assert transfer_benefit(3.0, 30.0, 0.3) == transfer_benefit(3.0, 30.0, 0.3, t=EPOCHS)
    curves = task_error_joint(EPOCHS, 3.0, np.array([[10.0], [30.0]]), q)
    assert curves.shape == (2, 11, EPOCHS.size)


@pytest.mark.parametrize(
    "s_A, s_B, q",
    [
        (3.0, 0.0, 0.0),
        (3.0, 0.0, 1.0),
        (3.0, 3.0, 0.0),
        (0.84, 1e-300, 1.0),
        (3.0, 1e6, 1.0),
        (1e-8, 3.0, 0.5),
    ],
)
def test_edge_cases_are_finite(s_A: float, s_B: float, q: float) -> None:
    assert np.all(np.isfinite(task_error_joint(EPOCHS, s_A, s_B, q)))
    assert np.isfinite(transfer_benefit(s_A, s_B, q))


@pytest.mark.parametrize(
    "call, name",
    [
        (lambda: joint_teacher_svd(1.0, 1.0, 1.5), "q"),
        (lambda: joint_teacher_svd(1.0, 1.0, -0.1), "q"),
        (lambda: joint_teacher_svd(-1.0, 1.0, 0.5), "s_A"),
        (lambda: transfer_benefit(0.0, 1.0, 0.5), "s_A"),
        (lambda: transfer_benefit(1.0, np.nan, 0.5), "s_B"),
        (lambda: transfer_benefit(1.0, -2.0, 0.5), "s_B"),
        (lambda: transfer_benefit(1.0, 1.0, np.array([0.2, np.inf])), "q"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, noise_var=0.0), "noise_var"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, noise_var=np.inf), "noise_var"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, N2=1), "N2"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, N3_A=60), "A_J = (N3_A + N3_B)/N1"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, t=[-5.0, 10.0]), "t"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, t=[]), "t"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, eps=0.0), "eps"),
        (lambda: transfer_benefit(1.0, 1.0, 0.5, tau=-1.0), "tau"),
        (lambda: task_error_joint([0.0, 5.0], 1.0, 1.0, 0.5, N1=2.5), "N1"),
        (lambda: task_error_alone([0.0, 5.0], 1.0, N3_A=120), "A = N3_A/N1"),
        (lambda: task_error_alone([0.0, 5.0], np.nan), "s_A"),
    ],
)
def test_bad_arguments_raise(call, name: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(name)} must"):
        call()
