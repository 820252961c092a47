"""Full-batch gradient descent on deep linear students (SCIENCE.md 1.2-1.3, poster eqs 4-6).

A student with N_W weight matrices computes ``W = W_{N_W} ... W_2 W_1`` (N_W = 2: one hidden layer;
N_W = 4: three hidden layers, all of width N2). On the loss ``(1/2) sum_mu ||y^mu - W x^mu||^2`` the
negative gradient of layer k is

    ``(W_{N_W} ... W_{k+1})^T  K  (W_{k-1} ... W_1)^T``,  with  ``K = Sigma31 - W Sigma11``,

so only the statistics of :class:`lingen.teacher.TrainingSet` are needed. The learning rate is
``lr`` and ``tau = 1/lr`` epochs (SCIENCE.md 1.2).

**Update rule.** lingen uses the *simultaneous* (standard) update: every layer is moved by the
gradient evaluated at the same, pre-update weights. The authors' numpy code updates the layers one
after the other (Gauss-Seidel); the two differ at O(lr^2), which SCIENCE.md 1.2 allows.

Two engines:

* :func:`simulate_gd` runs the full matrices, for a batch of R independent runs at once (stacked
  matrix products, no loop over runs), from a random or a training-aligned (TA) initialisation.
* :func:`simulate_aligned_modes` is exact for TA students: with ``Sigma31 = Uhat Shat Vhat^T`` and a
  TA start, the student stays ``W = Uhat diag(s) Vhat^T`` and each data mode i follows a scalar
  recursion for its (balanced, equal) layer strength ``a`` with ``s_i = a^{N_W}``,

      ``a <- a + lr a^{N_W - 1} (shat_i - d_i a^{N_W})``,  ``d_i = vhat_i^T Sigma11 vhat_i``,

  which is the simultaneous full-matrix update restricted to that mode (SCIENCE.md 5, "Exact TA
  shortcut"). It agrees with :func:`simulate_gd` ``(init="aligned")`` to rounding error.

Errors (SCIENCE.md 1.3) are recorded at epochs ``0, save_every, ..., epochs``:
``train = ||Y - W X||^2 / ||Y||^2 = (||Y||^2 - 2 tr(W^T Sigma31) + tr(W Sigma11 W^T)) / ||Y||^2`` and
``test = ||Wbar_E - W_E||^2 / ||Wbar_E||^2`` over the evaluated output rows E (all by default).

**Stability.** Near its fixed point ``s = shat/d`` a mode's recursion has slope
``1 - lr N_W d (shat/d)^{2 - 2/N_W}``, so gradient descent diverges once
``lr N_W d (shat/d)^{2-2/N_W} >= 2`` (for one-hot inputs: ``lr N_W shat^{2-2/N_W} >= 2``; shallow:
``lr shat >= 1``). Both engines refuse such an ``lr`` before running, re-check the bound on the
final state, and raise if any recorded error is not finite: they never return NaN.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from lingen.teacher import TrainingSet, haar_orthogonal

__all__ = [
    "ModeAlignment",
    "Trajectory",
    "simulate_aligned_modes",
    "simulate_gd",
    "stable_lr_bound",
]

#: number of progress reports over a run (every 5 %)
_PROGRESS_STEPS = 20
#: largest off-diagonal of Vhat^T Sigma11 Vhat (relative to ||Sigma11||) for exact mode decoupling
_DIAGONAL_TOL = 1e-9


@dataclass(frozen=True)
class ModeAlignment:
    """How the student's top-k modes line up with the data's (SCIENCE.md 4, item 4).

    With the student ``W = U S V^T`` and the data ``Sigma31 = Uhat Shat Vhat^T`` (both sorted by
    singular value), at every save point: ``u_overlap = |u_i . uhat_i|``,
    ``v_overlap = |v_i . vhat_i|`` and ``s_ratio = s_i / shat_i``, each ``array[R, T, k]``.
    Absolute values, because each singular pair's sign is arbitrary. At initialisation every
    student singular value equals eps, so the pairing means something only once modes separate.
    """

    u_overlap: np.ndarray
    v_overlap: np.ndarray
    s_ratio: np.ndarray


@dataclass(frozen=True)
class Trajectory:
    """Errors of R runs recorded at T save points.

    ``epochs``: ``array[T]`` (int), ``train``: ``array[R, T]``, ``test``: ``array[R, T]``
    (normalised as in SCIENCE.md 1.3; linear scale). ``alignment`` is recorded only on request
    (``track_modes`` of :func:`simulate_gd`).
    """

    epochs: np.ndarray
    train: np.ndarray
    test: np.ndarray
    alignment: ModeAlignment | None = None


# --------------------------------------------------------------------------- validation helpers


def _int_at_least(name: str, value: int, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _positive_float(name: str, value: float) -> float:
    x = float(value)
    if not (np.isfinite(x) and x > 0.0):
        raise ValueError(f"{name} must be finite and > 0, got {value!r}")
    return x


def _save_epochs(epochs: int, save_every: int) -> np.ndarray:
    """Save points ``0, save_every, ..., epochs``: ``array[T]`` (int); validates both."""
    epochs = _int_at_least("epochs", epochs, 0)
    save_every = _int_at_least("save_every", save_every, 1)
    if epochs % save_every:
        raise ValueError(
            f"epochs must be a multiple of save_every: epochs = {epochs}, save_every = {save_every}"
        )
    return np.arange(0, epochs + 1, save_every, dtype=np.int64)


def _test_rows(test_rows: slice | Sequence[int] | np.ndarray | None, n3: int) -> np.ndarray:
    """Output rows E of the test error, as an index array[|E|]."""
    if test_rows is None:
        return np.arange(n3)
    try:
        rows = np.arange(n3)[test_rows]
    except IndexError as err:
        raise ValueError(f"test_rows must index output rows in [0, {n3}): {err}") from None
    rows = np.atleast_1d(rows)
    if rows.size == 0 or rows.ndim != 1:
        raise ValueError(f"test_rows must select a non-empty set of rows in [0, {n3})")
    return rows


@dataclass(frozen=True)
class _Setup:
    """Validated arguments shared by both engines.

    ``batch`` has a run axis; ``saves: array[T]``; ``rows``: evaluated output rows E;
    ``w_bar_rows: array[R, |E|, N1]`` and ``test_norm = ||Wbar_E||^2: array[R]``; ``m`` the number
    of data modes a student can fit, ``min(N1, N2, N3)``.
    """

    batch: TrainingSet
    n2: int
    n_weights: int
    eps: float
    lr: float
    saves: np.ndarray
    rows: np.ndarray
    w_bar_rows: np.ndarray
    test_norm: np.ndarray
    m: int


def _setup(
    ts: TrainingSet,
    n2: int,
    n_weights: int,
    eps: float,
    lr: float,
    epochs: int,
    save_every: int,
    test_rows: slice | Sequence[int] | np.ndarray | None,
) -> _Setup:
    batch = ts.as_batch()
    n2 = _int_at_least("N2", n2, 1)
    n_weights = _int_at_least("n_weights", n_weights, 2)
    rows = _test_rows(test_rows, batch.N3)
    w_bar_rows = batch.w_bar[:, rows, :]
    test_norm = np.einsum("rij,rij->r", w_bar_rows, w_bar_rows)
    if np.any(test_norm <= 0.0):
        raise ValueError("test_rows select only rows where the teacher w_bar is zero")
    return _Setup(
        batch=batch,
        n2=n2,
        n_weights=n_weights,
        eps=_positive_float("eps", eps),
        lr=_positive_float("lr", lr),
        saves=_save_epochs(epochs, save_every),
        rows=rows,
        w_bar_rows=w_bar_rows,
        test_norm=test_norm,
        m=min(batch.N1, n2, batch.N3),
    )


# --------------------------------------------------------------------------- data modes, stability


@dataclass(frozen=True)
class _DataModes:
    """Top-m SVD of Sigma31 with per-mode input weights (all arrays carry the run axis R).

    ``uhat: array[R, N3, m]``, ``shat: array[R, m]``, ``vhat: array[R, m, N1]`` (rows are right
    singular vectors), ``d: array[R, m]`` (``d_i = vhat_i^T Sigma11 vhat_i``), ``offdiag: array[R]``
    (largest off-diagonal of ``Vhat^T Sigma11 Vhat`` over ``||Sigma11||_2``; 0 for one-hot) and
    ``unfitted2: array[R]`` (sum of the squared singular values beyond the top m).
    """

    uhat: np.ndarray
    shat: np.ndarray
    vhat: np.ndarray
    d: np.ndarray
    offdiag: np.ndarray
    unfitted2: np.ndarray


def _data_modes(ts: TrainingSet, m: int) -> _DataModes:
    """SVD of a batch's Sigma31, keeping the m modes a student of N2 hidden units can fit."""
    u, s, vt = np.linalg.svd(ts.sigma31, full_matrices=False)
    uhat, shat, vhat = u[..., :m], s[..., :m], vt[..., :m, :]
    unfitted2 = np.sum(s[..., m:] ** 2, axis=-1)
    if ts.sigma11 is None:
        return _DataModes(uhat, shat, vhat, np.ones_like(shat), np.zeros(len(s)), unfitted2)
    gram = vhat @ ts.sigma11 @ np.swapaxes(vhat, -1, -2)
    d = np.diagonal(gram, axis1=-2, axis2=-1).copy()
    off = np.abs(gram - d[..., :, None] * np.eye(m)).max(axis=(-2, -1)) / _sigma11_norm(ts)
    return _DataModes(uhat, shat, vhat, d, off, unfitted2)


def _sigma11_norm(ts: TrainingSet) -> np.ndarray:
    """``||Sigma11||_2`` per run: ``array[R]`` (ones for one-hot inputs)."""
    if ts.sigma11 is None:
        return np.ones(ts.n_runs)
    return np.linalg.eigvalsh(ts.sigma11)[..., -1]


def _sharpness(s: np.ndarray, d: np.ndarray | float, n_weights: int) -> np.ndarray:
    """Curvature ``N_W d s^{2 - 2/N_W}`` of the loss along a balanced mode of product strength s."""
    return n_weights * d * np.abs(s) ** (2.0 - 2.0 / n_weights)


def stable_lr_bound(
    shat: np.ndarray | float, *, n_weights: int = 2, d: np.ndarray | float = 1.0
) -> float:
    """Largest learning rate for which every data mode's gradient descent converges.

    A mode with data singular value ``shat`` and input weight ``d`` converges to ``s = shat/d``,
    where its recursion ``a <- a + lr a^{N_W-1} (shat - d a^{N_W})`` has slope
    ``1 - lr N_W d (shat/d)^{2-2/N_W}``; it is stable iff
    ``lr < 2 / (N_W d (shat/d)^{2-2/N_W})``. Returns the minimum over the given modes
    (``inf`` if no mode carries data).
    """
    n_weights = _int_at_least("n_weights", n_weights, 2)
    shat, d = np.broadcast_arrays(np.asarray(shat, dtype=np.float64), np.asarray(d, np.float64))
    live = (shat > 0.0) & (d > 0.0)
    if not np.any(live):
        return float("inf")
    return float(2.0 / _sharpness(shat[live] / d[live], d[live], n_weights).max())


def _check_lr(
    lr: float, s: np.ndarray, d: np.ndarray, n_weights: int, what: str, shown: np.ndarray
) -> None:
    """ValueError naming ``lr`` if ``lr`` times the curvature of a mode of strength s reaches 2.

    ``s``, ``d``: product strengths and input weights of the modes (any matching shapes); ``shown``
    is the value reported for the offending mode, described by ``what``.
    """
    curvature = _sharpness(s, d, n_weights)
    worst = int(np.argmax(curvature))
    bound = 2.0 / curvature.flat[worst] if curvature.flat[worst] > 0 else np.inf
    if lr >= bound:
        raise ValueError(
            f"lr = {lr:g} makes gradient descent diverge: lr must be < {bound:.6g} = "
            f"2 / (N_W d s^(2-2/N_W)) with N_W = {n_weights}; offending {what} "
            f"{shown.flat[worst]:.6g} (d = {np.broadcast_to(d, s.shape).flat[worst]:.6g})"
        )


def _check_data_lr(lr: float, shat: np.ndarray, d: np.ndarray, n_weights: int) -> None:
    """Refuse ``lr`` before a run: modes converge to ``s = shat/d`` (modes without data skipped)."""
    live = (shat > 0.0) & (d > 0.0)
    strength = np.where(live, shat / np.where(live, d, 1.0), 0.0)
    _check_lr(lr, strength, d, n_weights, "data singular value shat =", shat)


def _check_finite(lr: float, train: np.ndarray, test: np.ndarray, epoch: int) -> None:
    if not (np.all(np.isfinite(train)) and np.all(np.isfinite(test))):
        raise ValueError(
            f"gradient descent diverged (non-finite error at epoch {epoch}); lr = {lr:g} is too large"
        )


def _run_generators(
    rng: np.random.Generator | Sequence[np.random.Generator] | None, n_runs: int, why: str
) -> list[np.random.Generator]:
    """One generator per run: a single generator is used for the runs in order."""
    if rng is None:
        raise ValueError(f"rng is required for {why}")
    if isinstance(rng, np.random.Generator):
        return [rng] * n_runs
    rngs = list(rng)
    if len(rngs) != n_runs or not all(isinstance(g, np.random.Generator) for g in rngs):
        raise ValueError(
            f"rng must be a numpy Generator or a sequence of {n_runs} Generators (one per run)"
        )
    return rngs


def _notify(progress: Callable[[int, int], None] | None, epoch: int, epochs: int) -> None:
    if progress is not None:
        progress(epoch, epochs)


# --------------------------------------------------------------------------- initialisations


def _partial_isometry(rows: int, cols: int, rng: np.random.Generator) -> np.ndarray:
    """Haar rows x cols matrix with orthonormal rows or columns: ``Haar(max)[:rows, :cols]``."""
    return haar_orthogonal(max(rows, cols), rng)[:rows, :cols]


def _random_layers(
    rngs: list[np.random.Generator], sizes: list[int], eps: float
) -> list[np.ndarray]:
    """Random init (SCIENCE.md 1.2): each layer a Haar factor times ``eps^{1/N_W}``.

    ``sizes = [N1, N2, ..., N2, N3]``; layer k is ``array[R, sizes[k+1], sizes[k]]``. Per run the
    layers are drawn in order W_1, ..., W_{N_W} from that run's generator.
    """
    n_weights = len(sizes) - 1
    scale = eps ** (1.0 / n_weights)
    per_run = [
        [_partial_isometry(sizes[k + 1], sizes[k], g) for k in range(n_weights)] for g in rngs
    ]
    return [scale * np.stack([run[k] for run in per_run]) for k in range(n_weights)]


def _aligned_layers(
    uhat: np.ndarray,
    vhat: np.ndarray,
    n2: int,
    n_weights: int,
    eps: float,
    rngs: list[np.random.Generator] | None,
) -> list[np.ndarray]:
    """Training-aligned init (SCIENCE.md 1.2): product ``eps Uhat_m Vhat_m^T``, balanced layers.

    Shallow: ``W_1 = sqrt(eps) Vhat^T[:m]``, ``W_2 = sqrt(eps) Uhat[:, :m]``. Deep: rotations
    ``R_1, ..., R_{N_W-1} = Haar(N2)`` (drawn in order per run), ``W_1 = e R_1 Vhat^T[:m]``,
    ``W_k = e R_k R_{k-1}^T``, ``W_{N_W} = e Uhat[:, :m] R_{N_W-1}^T`` with ``e = eps^{1/N_W}``.
    Only the m = min(N1, N2, N3) data modes are set; hidden units beyond them start at zero in W_1
    and W_{N_W} (the authors pad with random orthogonal columns when N2 > N3, which couples the
    modes at O(eps); no figure has N2 > min(N1, N3)). Returns layers ``array[R, out, in]``.
    """
    n_runs, n3, m = uhat.shape
    n1 = vhat.shape[-1]
    scale = eps ** (1.0 / n_weights)
    first = np.zeros((n_runs, n2, n1))
    first[:, :m, :] = vhat
    last = np.zeros((n_runs, n3, n2))
    last[:, :, :m] = uhat
    if n_weights == 2:
        return [scale * first, scale * last]
    rot = [np.stack([haar_orthogonal(n2, g) for _ in range(n_weights - 1)]) for g in rngs]
    rot = np.stack(rot, axis=1)  # array[N_W - 1, R, N2, N2]
    layers = [rot[0] @ first]
    layers += [rot[k] @ np.swapaxes(rot[k - 1], -1, -2) for k in range(1, n_weights - 1)]
    layers.append(last @ np.swapaxes(rot[-1], -1, -2))
    return [scale * layer for layer in layers]


# --------------------------------------------------------------------------- full-matrix engine


def simulate_gd(
    ts: TrainingSet,
    *,
    N2: int,
    n_weights: int = 2,
    init: str = "random",
    eps: float = 1e-5,
    lr: float = 1e-3,
    epochs: int,
    save_every: int,
    rng: np.random.Generator | Sequence[np.random.Generator] | None = None,
    test_rows: slice | Sequence[int] | np.ndarray | None = None,
    track_modes: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Trajectory:
    """Full-batch simultaneous gradient descent on R runs at once (SCIENCE.md 1.2-1.3).

    ``ts`` is a single set or a batch (``sigma31: array[R, N3, N1]``); the layers are stacked arrays
    ``array[R, out, in]`` advanced together. ``init="random"`` draws each layer as a Haar factor
    scaled by ``eps^{1/N_W}``; ``init="aligned"`` starts from the SVD of Sigma31 (see
    ``_aligned_layers``). ``rng`` (one Generator, used for the runs in order, or one per run) is
    needed for random init and for deep (N_W > 2) aligned init.

    Per epoch, with the products above each layer ``S_k = W_{N_W} ... W_{k+1}`` built once from the
    top and ``K = Sigma31 - W Sigma11``: ``W = S_1 W_1``, ``G_1 = K W_1^T``, ``G_k = G_{k-1} W_k^T``;
    the steps are ``lr S_1^T K`` (W_1), ``lr S_k^T G_{k-1}`` (middle layers) and ``lr G_{N_W-1}``
    (top layer). That is ``3 N1 N2 N3 + 3 (N_W - 2) N3 N2^2`` multiply-adds per run
    (``+ N3 N1^2`` unless inputs are one-hot). ``test_rows`` restricts the test error to those
    output rows. For one-hot inputs the train error is ``||K||^2 / ||Y||^2`` (no cancellation);
    otherwise the trace form above, which carries ~1e-15 absolute rounding.

    ``track_modes = k > 0`` also records the alignment of the student's top-k modes with the data's
    (:class:`ModeAlignment`; an SVD of W per save point), k <= min(N1, N2, N3).

    ``progress(epoch, epochs)`` is called every 5 % of the run. Returns a :class:`Trajectory` with
    ``train, test: array[R, T]``.
    """
    if init not in ("random", "aligned"):
        raise ValueError(f"init must be 'random' or 'aligned', got {init!r}")
    run = _setup(ts, N2, n_weights, eps, lr, epochs, save_every, test_rows)
    batch, n_weights, lr, saves, rows = run.batch, run.n_weights, run.lr, run.saves, run.rows
    N2, eps, w_bar_rows, test_norm = run.n2, run.eps, run.w_bar_rows, run.test_norm
    n_runs, n3, n1 = batch.sigma31.shape

    modes = _data_modes(batch, run.m)
    _check_data_lr(lr, modes.shat, modes.d, n_weights)
    track_modes = _int_at_least("track_modes", track_modes, 0)
    if track_modes > run.m or np.any(modes.shat[:, :track_modes] <= 0.0):
        raise ValueError(
            f"track_modes must be in [0, min(N1, N2, N3)] = [0, {run.m}] and select data modes "
            f"with shat > 0, got {track_modes}"
        )
    if init == "random":
        layers = _random_layers(
            _run_generators(rng, n_runs, "init='random'"), [n1] + [N2] * (n_weights - 1) + [n3], eps
        )
    else:
        rngs = None if n_weights == 2 else _run_generators(rng, n_runs, "deep aligned init")
        layers = _aligned_layers(modes.uhat, modes.vhat, N2, n_weights, eps, rngs)
    layers = [np.ascontiguousarray(layer) for layer in layers]

    sigma31, sigma11 = batch.sigma31, batch.sigma11

    # Preallocated buffers. above[k] = W_{N_W} ... W_{k+2} (0-based layers; the top one aliased).
    # lr is folded into two small factors instead of the big K: the G chain starts from
    # lower_t[0] = lr W_1^T and the W_1 step uses above_lr = lr above[0]. The G chain multiplies by
    # transposed lower layers; OpenBLAS is much slower on a transposed right operand than on a
    # transposed left one, so those transposes are contiguous copies refreshed after each update.
    one_hot = sigma11 is None
    above = [np.empty((n_runs, n3, N2)) for _ in range(n_weights - 2)] + [layers[-1]]
    above_t = [np.swapaxes(x, -1, -2) for x in above]
    above_lr = np.empty((n_runs, n3, N2))
    lower_t = [np.swapaxes(x, -1, -2).copy() for x in layers[:-1]]  # copies, never views
    lower_t[0] *= lr
    k_buf = np.empty((n_runs, n3, n1))
    # one-hot: W is built in the K buffer and K = Sigma31 - W formed in place
    w = k_buf if one_hot else np.empty_like(k_buf)
    w_sigma11 = None if one_hot else np.empty_like(k_buf)
    bar_minus_31 = w_bar_rows - sigma31[:, rows, :]  # test residual is this + K (one-hot)
    g = [np.empty((n_runs, n3, N2)) for _ in range(n_weights - 1)]
    steps = [np.empty((n_runs, N2, n1))] + [np.empty((n_runs, N2, N2)) for _ in g[1:]] + [g[-1]]

    train = np.empty((n_runs, saves.size))
    test = np.empty((n_runs, saves.size))
    overlaps = np.empty((3, n_runs, saves.size, track_modes))  # u, v overlaps and s ratio
    last = int(saves[-1])
    report = max(1, last // _PROGRESS_STEPS)
    # a diverging run overflows to inf/nan; _check_finite turns that into a ValueError
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(last + 1):
            for k in range(n_weights - 3, -1, -1):
                np.matmul(above[k + 1], layers[k + 1], out=above[k])
            np.matmul(above[0], layers[0], out=w)
            if one_hot:
                np.subtract(sigma31, k_buf, out=k_buf)
            else:
                np.matmul(w, sigma11, out=w_sigma11)
                np.subtract(sigma31, w_sigma11, out=k_buf)
            if epoch % save_every == 0:
                i = epoch // save_every
                if one_hot:
                    residual = np.einsum("rij,rij->r", k_buf, k_buf)
                    diff = bar_minus_31 + k_buf[:, rows, :]
                else:
                    residual = (
                        batch.y_norm2
                        - 2.0 * np.einsum("rij,rij->r", w, sigma31)
                        + np.einsum("rij,rij->r", w_sigma11, w)
                    )
                    diff = w_bar_rows - w[:, rows, :]
                train[:, i] = residual / batch.y_norm2
                test[:, i] = np.einsum("rij,rij->r", diff, diff) / test_norm
                _check_finite(lr, train[:, i], test[:, i], epoch)
                if track_modes:
                    overlaps[:, :, i] = _alignment(sigma31 - k_buf if one_hot else w, modes,
                                                   track_modes)
            if epoch % report == 0:
                _notify(progress, epoch, last)
            if epoch == last:
                break
            np.matmul(k_buf, lower_t[0], out=g[0])
            for k in range(1, n_weights - 1):
                np.matmul(g[k - 1], lower_t[k], out=g[k])
            np.multiply(above[0], lr, out=above_lr)
            np.matmul(np.swapaxes(above_lr, -1, -2), k_buf, out=steps[0])
            for k in range(1, n_weights - 1):
                np.matmul(above_t[k], g[k - 1], out=steps[k])
            for layer, step in zip(layers, steps):
                layer += step
            np.multiply(np.swapaxes(layers[0], -1, -2), lr, out=lower_t[0])
            for layer, layer_t in zip(layers[1:-1], lower_t[1:]):
                np.copyto(layer_t, np.swapaxes(layer, -1, -2))

    final = sigma31 - k_buf if one_hot else w
    s_max = np.linalg.svd(final, compute_uv=False)[:, 0]
    _check_lr(lr, s_max, _sigma11_norm(batch), n_weights, "final top singular value s =", s_max)
    alignment = ModeAlignment(*overlaps) if track_modes else None
    return Trajectory(epochs=saves, train=train, test=test, alignment=alignment)


def _alignment(w: np.ndarray, modes: _DataModes, k: int) -> np.ndarray:
    """``|u_i . uhat_i|``, ``|v_i . vhat_i|``, ``s_i / shat_i`` of the top k modes of W.

    ``w: array[R, N3, N1]``; returns ``array[3, R, k]``.
    """
    u, s, vt = np.linalg.svd(w, full_matrices=False)
    return np.stack([
        np.abs(np.einsum("rik,rik->rk", u[..., :k], modes.uhat[..., :k])),
        np.abs(np.einsum("rkj,rkj->rk", vt[:, :k], modes.vhat[:, :k])),
        s[:, :k] / modes.shat[:, :k],
    ])


# --------------------------------------------------------------------------- exact TA engine


def simulate_aligned_modes(
    ts: TrainingSet,
    *,
    N2: int,
    n_weights: int = 2,
    eps: float = 1e-5,
    lr: float = 1e-3,
    epochs: int,
    save_every: int,
    test_rows: slice | Sequence[int] | np.ndarray | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Trajectory:
    """Exact per-mode gradient descent for training-aligned students (SCIENCE.md 1.2, 1.4, 5).

    The top m = min(N1, N2, N3) modes of ``Sigma31 = Uhat Shat Vhat^T`` start at product strength
    eps and follow ``a <- a + lr a^{N_W-1} (shat_i - d_i a^{N_W})``, ``s_i = a^{N_W}`` (other modes
    stay 0). Errors from per-mode constants, with E the evaluated output rows:

    * ``train = (||Y||^2 - 2 sum_i shat_i s_i + sum_i d_i s_i^2) / ||Y||^2`` (for one-hot inputs
      the equal ``(sum_{i<m} (shat_i - s_i)^2 + sum_{i>=m} shat_i^2) / ||Y||^2``),
    * ``test = (||Wbar_E||^2 - 2 sum_i c_i s_i + sum_i n_i s_i^2) / ||Wbar_E||^2`` with
      ``c_i = uhat_i[E]^T Wbar[E] vhat_i`` and ``n_i = ||uhat_i[E]||^2``.

    Equal (to rounding) to ``simulate_gd(init="aligned")``. Exactness needs Sigma11 diagonal in the
    basis Vhat (true for one-hot and orthogonal inputs; a ValueError otherwise, e.g. Gaussian
    inputs, for which :func:`simulate_gd` must be used). ``ts`` may be a big stacked batch of
    conditions: the recursion is vectorised over ``array[R, m]``. Returns ``train, test: array[R, T]``.
    """
    run = _setup(ts, N2, n_weights, eps, lr, epochs, save_every, test_rows)
    batch, n_weights, lr, saves = run.batch, run.n_weights, run.lr, run.saves
    w_bar_rows, test_norm = run.w_bar_rows, run.test_norm

    modes = _data_modes(batch, run.m)
    if np.any(modes.offdiag > _DIAGONAL_TOL):
        raise ValueError(
            "ts.sigma11 is not diagonal in the right singular basis of sigma31 (relative "
            f"off-diagonal {modes.offdiag.max():.2e} > {_DIAGONAL_TOL:g}): the modes do not "
            "decouple; use simulate_gd"
        )
    shat, d = modes.shat, modes.d
    _check_data_lr(lr, shat, d, n_weights)

    u_rows = modes.uhat[:, run.rows, :]
    c = np.einsum("rmj,rmj->rm", np.swapaxes(u_rows, -1, -2) @ w_bar_rows, modes.vhat)
    n_out = np.einsum("rim,rim->rm", u_rows, u_rows)
    one_hot = batch.sigma11 is None

    def train_error(s: np.ndarray) -> np.ndarray:
        # one-hot: ||Y||^2 = sum of all shat^2, so the residual is a sum of squares without
        # cancellation (exact as the error goes to 0); otherwise the general form
        if one_hot:
            residual = modes.unfitted2 + np.sum((shat - s) ** 2, axis=1)
        else:
            residual = batch.y_norm2 - 2.0 * np.sum(shat * s, axis=1) + np.sum(d * s * s, axis=1)
        return residual / batch.y_norm2

    a = np.full(shat.shape, run.eps ** (1.0 / n_weights))
    lr_shat, lr_d = lr * shat, lr * d
    power = np.empty_like(a)  # a^{N_W - 1}
    step = np.empty_like(a)
    train = np.empty((batch.n_runs, saves.size))
    test = np.empty((batch.n_runs, saves.size))
    last = int(saves[-1])
    report = max(1, last // _PROGRESS_STEPS)
    # a diverging run overflows to inf/nan; _check_finite turns that into a ValueError
    with np.errstate(over="ignore", invalid="ignore"):
        for epoch in range(last + 1):
            power[...] = a
            for _ in range(n_weights - 2):
                power *= a
            if epoch % save_every == 0:
                i = epoch // save_every
                s = power * a
                train[:, i] = train_error(s)
                test[:, i] = (
                    test_norm - 2.0 * np.sum(c * s, axis=1) + np.sum(n_out * s * s, axis=1)
                ) / test_norm
                _check_finite(lr, train[:, i], test[:, i], epoch)
            if epoch % report == 0:
                _notify(progress, epoch, last)
            if epoch == last:
                break
            np.multiply(power, a, out=step)
            step *= lr_d
            np.subtract(lr_shat, step, out=step)
            step *= power
            a += step

    s = a**n_weights
    _check_lr(lr, s, d, n_weights, "final mode strength s =", s)
    return Trajectory(epochs=saves, train=train, test=test)
