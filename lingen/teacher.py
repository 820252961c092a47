"""Teachers, Haar-random modes and the noisy training sets of every experiment (SCIENCE.md 1.1, 1.8-1.10).

A *teacher* is a low-rank linear map ``Wbar = sum_alpha sbar_alpha ubar_alpha vbar_alpha^T`` from N1
inputs to N3 outputs. A training set is P inputs ``X`` (N1 x P) with noisy targets
``Y = Wbar X + Z``. Linear-network gradient descent only ever sees the second-order statistics

* ``Sigma31 = Y X^T``  (N3 x N1), the input-output correlation,
* ``Sigma11 = X X^T``  (N1 x N1), the input correlation (the identity for one-hot inputs),
* ``||Y||_F^2``, the normaliser of the training error (SCIENCE.md 1.3),

so a :class:`TrainingSet` stores exactly these, together with the teacher ``Wbar`` (for the test
error) and its singular values ``sbar``.

Randomness. Every function draws from a :class:`numpy.random.Generator` passed in by the caller
(built from a SeedSequence keyed by the job identity, see :mod:`lingen.seeds`). The draws come in a
fixed order that never depends on the teacher strengths: input modes, output modes, then noise. For
one generator state, different SNRs therefore give the *same* modes and noise, only scaled, which
keeps comparisons across SNRs low-noise (SCIENCE.md 1.2, "Seeds").

Shapes. A single training set has no run axis (``sigma31`` is ``array[N3, N1]``); a *batch* of R
runs, built with :func:`stack_training_sets`, has a leading run axis (``array[R, N3, N1]``). The
gradient-descent engines of :mod:`lingen.dynamics` accept both.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "TrainingSet",
    "TransferSets",
    "haar_orthogonal",
    "randomized_targets",
    "sample_size_dataset",
    "stack_training_sets",
    "teacher_dataset",
    "transfer_dataset",
]


def _positive_int(name: str, value: int, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _real(name: str, value: float, *, low: float, strict: bool) -> float:
    """A finite float > low (strict) or >= low, else ValueError naming the parameter."""
    x = float(value)
    if not np.isfinite(x) or (x <= low if strict else x < low):
        bound = f"> {low}" if strict else f">= {low}"
        raise ValueError(f"{name} must be finite and {bound}, got {value!r}")
    return x


def _check_rng(rng: np.random.Generator) -> None:
    if not isinstance(rng, np.random.Generator):
        # project rule: every bad argument raises ValueError
        raise ValueError(  # noqa: TRY004
            f"rng must be a numpy.random.Generator, got {type(rng).__name__}"
        )


def haar_orthogonal(
    n: int, rng: np.random.Generator, size: int | None = None
) -> np.ndarray:
    """Haar-distributed random orthogonal matrices (SCIENCE.md 1.1, Mezzadri 2007).

    QR-decompose a standard Gaussian matrix ``G = Q R`` and flip the columns of ``Q`` by
    ``sign(diag R)``; without the flip ``Q`` is not Haar distributed.

    Returns ``array[n, n]`` if ``size`` is None, else ``array[size, n, n]``.
    """
    n = _positive_int("n", n)
    _check_rng(rng)
    lead = () if size is None else (_positive_int("size", size),)
    q, r = np.linalg.qr(rng.standard_normal((*lead, n, n)))
    signs = np.where(np.diagonal(r, axis1=-2, axis2=-1) < 0.0, -1.0, 1.0)
    return q * signs[..., None, :]


@dataclass(frozen=True)
class TrainingSet:
    """Second-order statistics of a training set and its teacher (SCIENCE.md 1.1, 1.3).

    Either a single set (no run axis) or a batch of R sets stacked on a leading axis:

    * ``sigma31``: ``array[N3, N1]`` or ``array[R, N3, N1]``, ``Sigma31 = Y X^T``.
    * ``sigma11``: ``array[N1, N1]`` or ``array[R, N1, N1]``, ``Sigma11 = X X^T``; None means the
      identity (one-hot inputs, X = I), which lets the engines skip a matrix product.
    * ``y_norm2``: ``float`` (0-d array) or ``array[R]``, ``||Y||_F^2``.
    * ``w_bar``: same shape as ``sigma31``, the noiseless teacher map ``Wbar``.
    * ``s_bar``: ``array[rank]`` or ``array[R, rank]``, the teacher's singular values.
    """

    sigma31: np.ndarray
    sigma11: np.ndarray | None
    y_norm2: np.ndarray
    w_bar: np.ndarray
    s_bar: np.ndarray

    def __post_init__(self) -> None:
        fields = {
            "sigma31": self.sigma31,
            "y_norm2": self.y_norm2,
            "w_bar": self.w_bar,
            "s_bar": self.s_bar,
        }
        if self.sigma11 is not None:
            fields["sigma11"] = self.sigma11
        for name, value in fields.items():
            arr = np.asarray(value, dtype=np.float64)
            if not np.all(np.isfinite(arr)):
                raise ValueError(f"TrainingSet.{name} must be finite")
            object.__setattr__(self, name, arr)
        s31 = self.sigma31
        if s31.ndim not in (2, 3):
            raise ValueError(f"sigma31 must be array[N3, N1] or array[R, N3, N1], got {s31.shape}")
        lead = s31.shape[:-2]
        n3, n1 = s31.shape[-2:]
        if self.w_bar.shape != s31.shape:
            raise ValueError(f"w_bar shape {self.w_bar.shape} != sigma31 shape {s31.shape}")
        if self.sigma11 is not None and self.sigma11.shape != (*lead, n1, n1):
            raise ValueError(f"sigma11 shape {self.sigma11.shape} != {(*lead, n1, n1)}")
        if self.y_norm2.shape != lead or np.any(self.y_norm2 <= 0.0):
            raise ValueError(f"y_norm2 must have shape {lead} and be > 0")
        if self.s_bar.ndim != len(lead) + 1 or self.s_bar.shape[:-1] != lead:
            raise ValueError(f"s_bar shape {self.s_bar.shape} must be {lead} + (rank,)")
        if not (n3 >= 1 and n1 >= 1):
            raise ValueError(f"sigma31 must be non-empty, got shape {s31.shape}")

    @property
    def batched(self) -> bool:
        """True if the arrays carry a leading run axis R."""
        return self.sigma31.ndim == 3

    @property
    def n_runs(self) -> int:
        """R for a batch, 1 for a single set."""
        return self.sigma31.shape[0] if self.batched else 1

    @property
    def N1(self) -> int:
        """Number of inputs."""
        return self.sigma31.shape[-1]

    @property
    def N3(self) -> int:
        """Number of outputs."""
        return self.sigma31.shape[-2]

    def as_batch(self) -> TrainingSet:
        """The same data with a run axis (R = 1 for a single set)."""
        return self if self.batched else stack_training_sets([self])


@dataclass(frozen=True)
class TransferSets:
    """The three training sets of one transfer run (SCIENCE.md 1.9), all from the same noisy data.

    ``joint`` has the row-stacked outputs ``[A; B]`` (N3_A + N3_B rows); ``task_a`` and ``task_b`` are
    its row blocks. ``rows_a``/``rows_b`` select task A's/B's rows of the joint outputs (for the
    joint student's per-task test error, ``test_rows`` in :mod:`lingen.dynamics`).
    """

    joint: TrainingSet
    task_a: TrainingSet
    task_b: TrainingSet
    rows_a: slice
    rows_b: slice


def stack_training_sets(sets: Sequence[TrainingSet]) -> TrainingSet:
    """Concatenate single sets and/or batches along the run axis into one batch.

    All sets need the same N1, N3 and teacher rank. If some (not all) have ``sigma11 = None``, those
    get an explicit identity. Returns a batched :class:`TrainingSet` with R = total runs.
    """
    if len(sets) == 0:
        raise ValueError("sets must contain at least one TrainingSet")
    batches = [ts if ts.batched else _add_run_axis(ts) for ts in sets]
    shapes = {(b.N3, b.N1, b.s_bar.shape[-1]) for b in batches}
    if len(shapes) != 1:
        raise ValueError(f"sets must share (N3, N1, rank); got {sorted(shapes)}")
    if all(b.sigma11 is None for b in batches):
        sigma11 = None
    else:
        eye = np.eye(batches[0].N1)
        sigma11 = np.concatenate(
            [np.broadcast_to(eye, (b.n_runs, *eye.shape)) if b.sigma11 is None else b.sigma11
             for b in batches]
        )
    return TrainingSet(
        sigma31=np.concatenate([b.sigma31 for b in batches]),
        sigma11=sigma11,
        y_norm2=np.concatenate([b.y_norm2 for b in batches]),
        w_bar=np.concatenate([b.w_bar for b in batches]),
        s_bar=np.concatenate([b.s_bar for b in batches]),
    )


def _add_run_axis(ts: TrainingSet) -> TrainingSet:
    return TrainingSet(
        sigma31=ts.sigma31[None],
        sigma11=None if ts.sigma11 is None else ts.sigma11[None],
        y_norm2=ts.y_norm2[None],
        w_bar=ts.w_bar[None],
        s_bar=ts.s_bar[None],
    )


def _one_hot_set(y: np.ndarray, w_bar: np.ndarray, s_bar: np.ndarray) -> TrainingSet:
    """Training set of one-hot inputs (X = I): Sigma31 = Y, Sigma11 = I."""
    return TrainingSet(
        sigma31=y,
        sigma11=None,
        y_norm2=np.sum(y**2, axis=(-2, -1)),
        w_bar=w_bar,
        s_bar=s_bar,
    )


def teacher_dataset(
    rng: np.random.Generator, *, N1: int, N3: int, rank: int, svm: float, noise_var: float
) -> TrainingSet:
    """Noisy low-rank teacher with one-hot inputs (SCIENCE.md 1.1).

    ``V = Haar(N1)`` (rows are the input modes), ``U = Haar(N3)``, ``S = diag(svm * (rank, ..., 1))``
    padded to N3 x N1, ``Wbar = U S V`` and ``Y = Wbar + sqrt(noise_var) * G`` with G standard
    Gaussian (N3 x N1). Inputs are one-hot (X = I, P = N1), so ``Sigma31 = Y``.

    The draws (V, U, G) do not depend on ``svm`` or ``noise_var``. Returns a single (unbatched) set:
    ``sigma31, w_bar: array[N3, N1]``, ``s_bar: array[rank]``.
    """
    _check_rng(rng)
    N1 = _positive_int("N1", N1)
    N3 = _positive_int("N3", N3)
    rank = _positive_int("rank", rank)
    if rank > min(N1, N3):
        raise ValueError(f"rank must be in [1, min(N1, N3)] = [1, {min(N1, N3)}], got {rank}")
    svm = _real("svm", svm, low=0.0, strict=True)
    noise_var = _real("noise_var", noise_var, low=0.0, strict=False)
    v = haar_orthogonal(N1, rng)
    u = haar_orthogonal(N3, rng)
    noise = rng.standard_normal((N3, N1))
    s_bar = svm * np.arange(rank, 0, -1, dtype=np.float64)
    w_bar = (u[:, :rank] * s_bar) @ v[:rank, :]
    return _one_hot_set(w_bar + np.sqrt(noise_var) * noise, w_bar, s_bar)


def randomized_targets(ts: TrainingSet, rng: np.random.Generator) -> TrainingSet:
    """Replace the targets by iid Gaussians of the same second moment (SCIENCE.md 1.10).

    ``Y <- sqrt(||Y||_F^2 / (N1 N3)) * G`` with G standard Gaussian, so ``E ||Y_new||^2 = ||Y||^2``.
    The teacher ``w_bar`` and ``s_bar`` are kept for reference. One-hot inputs only (the targets
    themselves are needed, and only then is ``Y = Sigma31``). Works on single sets and batches.
    """
    _check_rng(rng)
    if ts.sigma11 is not None:
        raise ValueError("randomized_targets needs one-hot inputs (ts.sigma11 must be None)")
    scale = np.sqrt(ts.y_norm2 / (ts.N1 * ts.N3))
    y = scale[..., None, None] * rng.standard_normal(ts.sigma31.shape)
    return _one_hot_set(y, ts.w_bar, ts.s_bar)


def sample_size_dataset(
    rng: np.random.Generator,
    *,
    N1: int,
    N3: int,
    P: int,
    svm: float,
    noise_var: float,
    input_type: str = "orthogonal",
) -> TrainingSet:
    """Rank-1 teacher seen through P training inputs (SCIENCE.md 1.8, Fig 6).

    ``Wbar = svm u_1 v_1^T`` with ``v = Haar(N1)`` rows and ``u = Haar(N3)`` columns (an N3 x N1
    ``S`` with ``S[0, 0] = svm``; the authors' generator breaks for P != N1). Inputs X (N1 x P):

    * ``"orthogonal"``, P <= N1: ``Haar(N1)[:, :P]``, so ``Sigma11`` is a rank-P projector;
    * ``"orthogonal"``, P > N1: ``Haar(P)[:N1, :] * sqrt(P/N1)``, so ``Sigma11 = (P/N1) I``;
    * ``"gaussian"``: ``G / sqrt(N1)`` with G standard Gaussian (N1 x P).

    Targets ``Y = Wbar X + sqrt(noise_var) * G'`` (N3 x P). Draw order: v, u, X, G'; none depends on
    ``svm``. Returns a single set with ``sigma31: array[N3, N1]``, ``sigma11: array[N1, N1]``.
    """
    _check_rng(rng)
    N1 = _positive_int("N1", N1)
    N3 = _positive_int("N3", N3)
    P = _positive_int("P", P)
    svm = _real("svm", svm, low=0.0, strict=True)
    noise_var = _real("noise_var", noise_var, low=0.0, strict=False)
    if input_type not in ("orthogonal", "gaussian"):
        raise ValueError(f"input_type must be 'orthogonal' or 'gaussian', got {input_type!r}")
    v = haar_orthogonal(N1, rng)
    u = haar_orthogonal(N3, rng)
    if input_type == "gaussian":
        x = rng.standard_normal((N1, P)) / np.sqrt(N1)
    elif P <= N1:
        x = haar_orthogonal(N1, rng)[:, :P]
    else:
        x = haar_orthogonal(P, rng)[:N1, :] * np.sqrt(P / N1)
    noise = rng.standard_normal((N3, P))
    w_bar = svm * np.outer(u[:, 0], v[0, :])
    y = w_bar @ x + np.sqrt(noise_var) * noise
    return TrainingSet(
        sigma31=y @ x.T,
        sigma11=x @ x.T,
        y_norm2=np.sum(y**2),
        w_bar=w_bar,
        s_bar=np.array([svm]),
    )


def _unit_vector(n: int, rng: np.random.Generator) -> np.ndarray:
    g = rng.standard_normal(n)
    return g / np.linalg.norm(g)


def transfer_dataset(
    rng: np.random.Generator,
    *,
    N1: int = 100,
    N3_A: int = 50,
    N3_B: int = 50,
    s_A: float,
    s_B: float,
    q: float,
    noise_var: float,
) -> TransferSets:
    """Two rank-1 tasks sharing one-hot inputs, with input-mode alignment q (SCIENCE.md 1.9).

    ``V = Haar(N1)``; ``vA = V[1]``, ``vB = q vA + sqrt(1 - q^2) V[2]`` (so ``vA . vB = q``);
    ``uA``, ``uB`` independent uniformly random unit vectors in R^N3_A, R^N3_B. The joint teacher is
    the row stack ``[s_A uA vA^T; s_B uB vB^T]`` (N3_A + N3_B x N1) and ``Y = Wbar + sqrt(noise_var) G``.
    The task-alone sets are the row blocks of the *same* noisy Y.

    Draw order V, uA, uB, G, independent of s_A, s_B and q (q enters only deterministically).
    ``joint.s_bar`` holds the two joint singular values
    ``sbar_pm^2 = (s_A^2 + s_B^2 pm sqrt((s_A^2 - s_B^2)^2 + 4 q^2 s_A^2 s_B^2)) / 2``.
    """
    _check_rng(rng)
    N1 = _positive_int("N1", N1, minimum=3)
    N3_A = _positive_int("N3_A", N3_A)
    N3_B = _positive_int("N3_B", N3_B)
    s_A = _real("s_A", s_A, low=0.0, strict=True)
    s_B = _real("s_B", s_B, low=0.0, strict=True)
    q = float(q)
    if not -1.0 <= q <= 1.0:
        raise ValueError(f"q must be in [-1, 1], got {q!r}")
    noise_var = _real("noise_var", noise_var, low=0.0, strict=False)
    v = haar_orthogonal(N1, rng)
    u_a = _unit_vector(N3_A, rng)
    u_b = _unit_vector(N3_B, rng)
    noise = rng.standard_normal((N3_A + N3_B, N1))
    v_a = v[1]
    v_b = q * v_a + np.sqrt(1.0 - q * q) * v[2]
    w_bar = np.concatenate([s_A * np.outer(u_a, v_a), s_B * np.outer(u_b, v_b)])
    y = w_bar + np.sqrt(noise_var) * noise
    disc = np.sqrt((s_A**2 - s_B**2) ** 2 + 4.0 * q**2 * s_A**2 * s_B**2)
    # the smaller root is >= 0 exactly; clip its rounding residue
    s_joint = np.sqrt(np.maximum([(s_A**2 + s_B**2 + disc) / 2, (s_A**2 + s_B**2 - disc) / 2], 0.0))
    rows_a, rows_b = slice(0, N3_A), slice(N3_A, N3_A + N3_B)
    return TransferSets(
        joint=_one_hot_set(y, w_bar, s_joint),
        task_a=_one_hot_set(y[rows_a], w_bar[rows_a], np.array([s_A])),
        task_b=_one_hot_set(y[rows_b], w_bar[rows_b], np.array([s_B])),
        rows_a=rows_a,
        rows_b=rows_b,
    )
