"""Two-task transfer learning: the joint teacher and the transfer benefit T^{A<-B} (SCIENCE.md 1.9).

Two rank-1 tasks share N1 inputs and have their own output blocks,
``WbarA = sA uA vA^T`` (N3_A rows) and ``WbarB = sB uB vB^T`` (N3_B rows), with input-mode
alignment ``q = vA . vB``. A joint student learns the row-stacked teacher ``[WbarA; WbarB]`` from
one noisy data matrix; a task-A-alone student learns the top N3_A rows only. Both are
training-aligned (TA) students, so every data mode follows its own learning curve and the
random-matrix results of SCIENCE.md 1.5 predict how much of each teacher mode the data carry.

Because ``[uA; 0]`` is orthogonal to ``[0; uB]``, the joint teacher's SVD reduces to the 2 x 2
eigenproblem ``M = [[sA^2, q sA sB], [q sA sB, sB^2]]``: only (sA, sB, q) enter, never the output
modes. The task-A error of the joint student then follows from the two joint modes (their data
singular values and overlaps at the joint aspect ratio A_J = (N3_A + N3_B)/N1), the share of each
learned output vector that lands in the task-A rows, and the noise modes that the student fits.
The transfer benefit compares the optimally stopped task-A errors of the two students,

    T^{A<-B}(sA, sB, q) = min_t eps_A^alone(t) - min_t eps_A^joint(t),

positive when joint training helps task A.

Noise enters through its per-element variance ``noise_var``; in the paper's units
``sigma_z^2 = N1 * noise_var`` (= 2 for the authors' transfer runs, SCIENCE.md 6.2), and every
random-matrix quantity is evaluated at ``sbar / sigma_z`` with data singular values scaled back by
``sigma_z`` (SCIENCE.md 1.5).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from lingen.theory import (
    check_aspect_ratio,
    check_count,
    check_nonnegative,
    check_positive,
    error_curves,
    mode_strength,
    mp_quadrature,
    optimal_stopping,
    overlap_factors,
    s_hat,
)

__all__ = ["joint_teacher_svd", "task_error_alone", "task_error_joint", "transfer_benefit"]

# Saved epochs of the authors' transfer runs: 0, 5, ..., 5000 (SCIENCE.md 1.9).
_LAST_EPOCH = 5000
_SAVE_EVERY = 5


def _alignment(q: ArrayLike) -> NDArray[np.float64]:
    """The input-mode alignment q = vA . vB as a float64 array in [0, 1]."""
    arr = np.asarray(q, dtype=np.float64)
    if not np.all(np.isfinite(arr)) or np.any((arr < 0) | (arr > 1)):
        raise ValueError(f"q must lie in [0, 1], got {q!r}")
    return arr


def _sigma_z(N1: int, noise_var: float) -> float:
    """Noise scale in the paper's units, sigma_z = sqrt(N1 * noise_var) (SCIENCE.md 1.5)."""
    if np.ndim(noise_var) != 0:
        raise ValueError(f"noise_var must be a scalar, got shape {np.shape(noise_var)}")
    return float(np.sqrt(N1 * check_positive(noise_var, "noise_var")))


def _epochs(t: ArrayLike | None) -> NDArray[np.float64]:
    """Training times in epochs (finite, >= 0); None gives the saved epochs 0, 5, ..., 5000."""
    if t is None:
        return np.arange(0, _LAST_EPOCH + 1, _SAVE_EVERY, dtype=np.float64)
    epochs = check_nonnegative(t, "t")
    if epochs.size == 0:
        raise ValueError("t must contain at least one epoch")
    return epochs


def joint_teacher_svd(
    s_A: ArrayLike, s_B: ArrayLike, q: ArrayLike
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Singular values and output-mode mixing of the joint teacher ``[WbarA; WbarB]``.

    SCIENCE.md 1.9: on span{[uA; 0], [0; uB]} the joint teacher has
    ``Wbar Wbar^T = M = [[sA^2, q sA sB], [q sA sB, sB^2]]``, so

        sbar_{+-}^2 = (sA^2 + sB^2 +- sqrt((sA^2 - sB^2)^2 + 4 q^2 sA^2 sB^2)) / 2,
        ubar_k = c_kA [uA; 0] + c_kB [0; uB],
        vbar_k = (c_kA sA vA + c_kB sB vB) / sbar_k,

    with (c_kA, c_kB) the unit eigenvector of M for sbar_k^2. The eigenvectors are the rotation
    by theta, ``tan(2 theta) = 2 q sA sB / (sA^2 - sB^2)``, which stays defined when the two
    singular values coincide; sbar_-^2 is computed as det(M)/sbar_+^2 = sA^2 sB^2 (1 - q^2)/sbar_+^2
    so it is never negative through cancellation.

    Parameters broadcast against each other (shape ``S``).

    Returns
    -------
    s_bar : array[*S, 2]
        (sbar_+, sbar_-), descending.
    c : array[*S, 2, 2]
        Row k is (c_kA, c_kB); c_+ has non-negative entries and c_- = (-c_+B, c_+A).
    """
    s_a = check_nonnegative(s_A, "s_A")
    s_b = check_nonnegative(s_B, "s_B")
    q_ab = _alignment(q)
    s_a, s_b, q_ab = np.broadcast_arrays(s_a, s_b, q_ab)
    off_diagonal = q_ab * s_a * s_b
    half_gap = 0.5 * (s_a**2 - s_b**2)
    lam_plus = 0.5 * (s_a**2 + s_b**2) + np.hypot(half_gap, off_diagonal)
    determinant = (s_a * s_b) ** 2 * (1.0 - q_ab**2)
    lam_minus = np.divide(determinant, lam_plus, out=np.zeros_like(lam_plus), where=lam_plus > 0)
    s_bar = np.sqrt(np.stack([lam_plus, lam_minus], axis=-1))
    theta = 0.5 * np.arctan2(off_diagonal, half_gap)
    cos, sin = np.cos(theta), np.sin(theta)
    c = np.stack([np.stack([cos, sin], axis=-1), np.stack([-sin, cos], axis=-1)], axis=-2)
    return s_bar, c


def task_error_joint(
    t: ArrayLike,
    s_A: ArrayLike,
    s_B: ArrayLike,
    q: ArrayLike,
    *,
    N1: int = 100,
    N3_A: int = 50,
    N3_B: int = 50,
    N2: int = 50,
    eps: float = 1e-5,
    tau: float = 1000.0,
    noise_var: float = 0.02,
) -> NDArray[np.float64]:
    """Task-A test error of the joint TA student, eps_A^joint(t), linear scale, per sA^2.

    SCIENCE.md 1.9 with A_J = (N3_A + N3_B)/N1, f_A = N3_A/(N3_A + N3_B) and
    sigma_z^2 = N1 noise_var. For the joint modes k = +, -:
    shat_k = sigma_z shat(sbar_k/sigma_z; A_J) (eq 7), alpha_k = |uhat.ubar|^2,
    O_k = |uhat.ubar| |vhat.vbar| (eq 8, at sbar_k/sigma_z) and s_k(t) = s(t, shat_k) (eq 6):

        sA^2 eps_A^joint(t) = sA^2 - 2 sum_k s_k(t) O_k sbar_k c_kA^2
                              + sum_k s_k(t)^2 [alpha_k c_kA^2 + (1 - alpha_k) f_A]
                              + f_A n_in <s(t, sigma_z x)^2>_{R_in of MP(A_J)}.

    The cross term is SCIENCE.md's ``s_k O_k c_kA (c_kA sA + q c_kB sB) sA / sbar_k`` rewritten
    with the eigen-equation ``sA (c_kA sA + q c_kB sB) = sbar_k^2 c_kA``, which removes the
    division by a vanishing sbar_- (sB = 0 or q = 1). A joint mode below threshold sits at the bulk
    edge with zero overlaps and contributes only its leaked norm. The student fits
    n_in = min(N2, N3_A + N3_B) - 2 of the n_noise = N3_A + N3_B - 2 noise modes, the top
    n_in/n_noise of the Marchenko-Pastur mass.

    The theory is asymptotic in N1. At N1 = 100 it matches exact TA simulations to a few percent
    up to and around optimal stopping; late in training, when the noise modes are fitted, placing a
    sub-threshold joint mode at the bulk edge in addition to the n_in noise modes overestimates the
    error by up to ~6%.

    Parameters
    ----------
    t : array[*T]
        Epochs (finite, >= 0).
    s_A, s_B, q : array-like, broadcasting to shape S
        Teacher strengths (s_A > 0, s_B >= 0) and input alignment q in [0, 1].
    N1, N3_A, N3_B, N2 : int
        Inputs, outputs per task (N3_A + N3_B <= N1) and hidden units (N2 >= 2).
    eps, tau : float
        Initial mode strength and time constant (epochs) of the learning curve.
    noise_var : float
        Per-element noise variance (> 0).

    Returns
    -------
    array[*S, *T]
    """
    s_a = check_positive(s_A, "s_A")
    N1, N3_A, N3_B = (
        check_count(n, name) for n, name in ((N1, "N1"), (N3_A, "N3_A"), (N3_B, "N3_B"))
    )
    N2 = check_count(N2, "N2", minimum=2)
    n3_joint = N3_A + N3_B
    a_joint = float(check_aspect_ratio(n3_joint / N1, "A_J = (N3_A + N3_B)/N1"))
    sigma_z = _sigma_z(N1, noise_var)
    epochs = _epochs(t)
    f_a = N3_A / n3_joint

    s_bar, c = joint_teacher_svd(s_a, s_B, q)
    s_a = np.broadcast_to(s_a, s_bar.shape[:-1])
    u_side, v_side = overlap_factors(s_bar / sigma_z, a_joint)
    alpha = u_side**2
    c_a2 = c[..., 0] ** 2
    cross = u_side * v_side * s_bar * c_a2
    leaked = alpha * c_a2 + (1.0 - alpha) * f_a

    # Per-mode arrays are [*S, 2]; curves are [*S, 2, n_t] over the flattened epochs.
    times = epochs.reshape(-1)
    shat = sigma_z * s_hat(s_bar / sigma_z, a_joint)
    strength = mode_strength(times, shat[..., np.newaxis], eps=eps, tau=tau)
    numerator = (
        s_a[..., np.newaxis] ** 2
        - 2.0 * np.einsum("...kt,...k->...t", strength, cross)
        + np.einsum("...kt,...k->...t", strength**2, leaked)
    )
    n_in = min(N2, n3_joint) - 2
    if n_in > 0:
        x, w = mp_quadrature(a_joint, top_fraction=n_in / (n3_joint - 2))
        noise_strength = mode_strength(times[:, np.newaxis], sigma_z * x, eps=eps, tau=tau)
        numerator = numerator + f_a * n_in * (noise_strength**2 @ w)
    error = numerator / s_a[..., np.newaxis] ** 2
    return error.reshape(s_a.shape + epochs.shape)


def task_error_alone(
    t: ArrayLike,
    s_A: float,
    *,
    N1: int = 100,
    N3_A: int = 50,
    N2: int = 50,
    eps: float = 1e-5,
    tau: float = 1000.0,
    noise_var: float = 0.02,
) -> NDArray[np.float64]:
    """Task-A test error of the task-A-alone TA student, linear scale, per sA^2.

    The single-task theory of SCIENCE.md 1.6 (eq 11) for a rank-1 teacher of strength s_A on the
    N3_A x N1 data, aspect ratio A = N3_A/N1, noise scale sigma_z = sqrt(N1 noise_var):
    ``lingen.theory.error_curves`` with those arguments.

    Returns
    -------
    array[*T]
        eps_A^alone at the epochs ``t``.
    """
    if np.ndim(s_A) != 0:
        raise ValueError(f"s_A must be a scalar, got shape {np.shape(s_A)}")
    s_a = check_positive(s_A, "s_A")
    N1, N3_A = check_count(N1, "N1"), check_count(N3_A, "N3_A")
    check_aspect_ratio(N3_A / N1, "A = N3_A/N1")
    _, test = error_curves(
        _epochs(t),
        s_a,
        N1=N1,
        N2=N2,
        N3=N3_A,
        eps=eps,
        tau=tau,
        sigma_z=_sigma_z(N1, noise_var),
    )
    return test


def transfer_benefit(
    s_A: ArrayLike,
    s_B: ArrayLike,
    q: ArrayLike,
    *,
    N1: int = 100,
    N3_A: int = 50,
    N3_B: int = 50,
    N2: int = 50,
    eps: float = 1e-5,
    tau: float = 1000.0,
    noise_var: float = 0.02,
    t: ArrayLike | None = None,
) -> NDArray[np.float64] | np.float64:
    """Transfer benefit ``T^{A<-B} = min_t eps_A^alone(t) - min_t eps_A^joint(t)`` (SCIENCE.md 1.9).

    Each student is stopped at its own optimal epoch for task A, the minimum taken over ``t``
    (default: the saved epochs 0, 5, ..., 5000 of the authors' runs). Positive T means that
    training jointly with task B helps task A. s_A, s_B and q broadcast against each other
    (for example an array of q for a theory line); scalars give a scalar.

    Returns
    -------
    array[*S] or float64
        T for the broadcast shape S of (s_A, s_B, q).
    """
    times = _epochs(t).reshape(-1)
    sizes = {"N1": N1, "N3_A": N3_A, "N2": N2}
    dynamics = {"eps": eps, "tau": tau, "noise_var": noise_var}
    joint = task_error_joint(times, s_A, s_B, q, N3_B=N3_B, **sizes, **dynamics)
    _, best_joint = optimal_stopping(times, joint)
    # The alone student depends on s_A only: one single-task curve per distinct s_A.
    s_a = np.broadcast_to(np.asarray(s_A, dtype=np.float64), np.shape(best_joint))
    distinct, index = np.unique(s_a, return_inverse=True)
    best_alone = np.array(
        [
            optimal_stopping(times, task_error_alone(times, s, **sizes, **dynamics))[1]
            for s in distinct
        ]
    )
    benefit = best_alone[index.reshape(s_a.shape)] - best_joint
    return benefit[()]
