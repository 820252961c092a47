"""Closed-form theory of generalisation dynamics in deep linear networks (SCIENCE.md 1.4-1.8).

A student trained from a small, training-aligned (TA) initialisation learns every singular mode of
the data correlation ``Sigma31`` independently: a mode of data singular value ``s_hat`` grows
sigmoidally from ``eps`` to ``s_hat`` (poster eq 6; deeper students follow the ODE of SCIENCE 1.4).
Random-matrix theory says how the teacher's modes are buried in the noise: a teacher singular value
``s_bar`` (= SNR for sigma_z = 1) is inflated to ``s_hat(s_bar)`` and its singular vectors rotate
away from the teacher's, leaving an overlap ``O(s_bar)`` (eqs 7-8); everything else is the
Marchenko-Pastur bulk (eq 9). Combining the two gives the train and test error curves (eqs 10-11),
their optimal stopping point, the optimal non-gradient shrinkage estimator (SCIENCE 1.7) and the
theory for P != N1 training examples (SCIENCE 1.8).

Conventions: ``A = N3/N1`` in (0, 1]; ``tau`` is the time constant (1/learning rate) and ``t`` is
in the same units (epochs); ``n_weights`` is the number of weight matrices of the student (2 =
one hidden layer, 4 = the paper's deep case). Everything is float64 and vectorised; no function
here touches files.

Deep learning curves (``n_weights != 2``) use the substitution ``u = s_hat sigma(z)`` (logistic
sigma), which turns ``t(u)`` into ``tau / (N_W s_hat^p) [G(z) - G(z0)]`` with ``p = 2 - 2/N_W`` and
one universal antiderivative ``G(z) = int sigma(z)^(2/N_W - 1) dz`` that does not depend on
``s_hat``. ``G`` is tabulated once per depth on a uniform logit grid (closed form for N_W = 4,
8-point Gauss-Legendre per cell otherwise), inverted by cubic Hermite interpolation with its exact
derivative, and polished by one Newton step.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.interpolate import CubicHermiteSpline
from scipy.optimize import brentq
from scipy.special import expit

__all__ = [
    "check_aspect_ratio",
    "check_count",
    "check_nonnegative",
    "check_positive",
    "error_curves",
    "marchenko_pastur_density",
    "mode_strength",
    "mode_time",
    "mp_quadrature",
    "optimal_stopping",
    "overlap",
    "overlap_factors",
    "s_bar_from_s_hat",
    "s_hat",
    "sample_size_test_curve",
    "shrinkage_estimator",
    "shrinkage_test_error",
]

Array = NDArray[np.float64]

# ---- validation ----------------------------------------------------------------------------------


def _first_bad(values: Array, bad: NDArray[np.bool_]) -> str:
    """Describe the first offending entry of ``values`` for an error message."""
    if values.ndim == 0:
        return repr(float(values))
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    return f"{float(values[index])!r} at index {index}"


def check_nonnegative(value: ArrayLike, name: str) -> Array:
    """``value`` as a float64 array, after checking every entry is finite and >= 0."""
    arr = np.asarray(value, dtype=np.float64)
    bad = ~np.isfinite(arr) | (arr < 0)
    if np.any(bad):
        raise ValueError(f"{name} must be finite and >= 0, got {_first_bad(arr, bad)}")
    return arr


def check_positive(value: ArrayLike, name: str) -> Array:
    """``value`` as a float64 array, after checking every entry is finite and > 0."""
    arr = np.asarray(value, dtype=np.float64)
    bad = ~np.isfinite(arr) | (arr <= 0)
    if np.any(bad):
        raise ValueError(f"{name} must be finite and > 0, got {_first_bad(arr, bad)}")
    return arr


def check_aspect_ratio(value: ArrayLike, name: str = "A") -> Array:
    """The aspect ratio ``A = N3/N1`` as a float64 array, after checking it lies in (0, 1]."""
    arr = np.asarray(value, dtype=np.float64)
    bad = ~np.isfinite(arr) | (arr <= 0) | (arr > 1)
    if np.any(bad):
        raise ValueError(f"{name} must lie in (0, 1], got {_first_bad(arr, bad)}")
    return arr


def check_count(value: ArrayLike, name: str, minimum: int = 1) -> int:
    """``value`` as an int, after checking it is a whole number >= ``minimum``."""
    arr = np.asarray(value)
    if (
        arr.ndim != 0
        or arr.dtype == np.bool_
        or not np.issubdtype(arr.dtype, np.number)
        or not np.isfinite(arr)
        or arr != np.round(arr)
        or arr < minimum
    ):
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(arr)


def _check_scalar(value: ArrayLike, name: str) -> float:
    """``value`` as a Python float, after checking it is a scalar."""
    if np.ndim(value) != 0:
        raise ValueError(f"{name} must be a scalar, got shape {np.shape(value)}")
    return float(value)


def _check_teacher(s_bar: ArrayLike) -> Array:
    """Teacher singular values as a 1-d array (rank = length) with a non-zero total strength."""
    s = check_nonnegative(s_bar, "s_bar")
    if s.ndim > 1:
        raise ValueError(f"s_bar must be a scalar or a 1-d vector, got shape {s.shape}")
    s = np.atleast_1d(s)
    if s.size == 0 or not np.any(s > 0):
        raise ValueError(
            "s_bar must contain at least one value > 0 (the errors divide by sum s_bar^2)"
        )
    return s


# ---- random-matrix distortion of the teacher (poster eqs 7-9, SCIENCE 1.5) -----------------------


def _above_threshold(s: Array, A: Array) -> tuple[NDArray[np.bool_], Array]:
    """Detection mask ``s > A^(1/4)``, and ``s`` with undetected entries set to 1 (safe divisor)."""
    above = s**4 > A
    return above, np.where(above, s, 1.0)


def s_hat(s_bar: ArrayLike, A: ArrayLike) -> Array:
    """Data singular value of a teacher mode (poster eq 7, sigma_z = 1).

    ``s_hat = sqrt((1 + s_bar^2)(A + s_bar^2)) / s_bar`` for ``s_bar > A^(1/4)``, else the bulk edge
    ``1 + sqrt(A)``. ``s_bar`` and ``A`` broadcast against each other.
    """
    s, A = np.broadcast_arrays(check_nonnegative(s_bar, "s_bar"), check_aspect_ratio(A))
    above, s_safe = _above_threshold(s, A)
    inflated = s_safe * np.sqrt((1.0 + 1.0 / s_safe**2) * (1.0 + A / s_safe**2))
    return np.where(above, inflated, 1.0 + np.sqrt(A))[()]


def s_bar_from_s_hat(s_hat: ArrayLike, A: ArrayLike) -> Array:
    """Inverse of poster eq 7 above the bulk edge (SCIENCE 1.7, step 1).

    ``s_bar^2 = [(s_hat^2 - 1 - A) + sqrt((s_hat^2 - 1 - A)^2 - 4A)] / 2`` for
    ``s_hat > 1 + sqrt(A)``; data singular values at or inside the bulk carry no detectable signal
    and map to 0.
    """
    x, A = np.broadcast_arrays(check_nonnegative(s_hat, "s_hat"), check_aspect_ratio(A))
    b = x**2 - 1.0 - A
    outside = x > 1.0 + np.sqrt(A)
    disc = np.where(outside, b**2 - 4.0 * A, 0.0)
    return np.where(outside, np.sqrt(np.maximum(0.5 * (b + np.sqrt(disc)), 0.0)), 0.0)[()]


def overlap_factors(s_bar: ArrayLike, A: ArrayLike) -> tuple[Array, Array]:
    """The two singular-vector overlaps whose product is poster eq 8.

    ``u_side = |uhat . ubar| = sqrt((s^4 - A) / (s^2 (A + s^2)))`` (output side, N3-dimensional)
    and ``v_side = |vhat . vbar| = sqrt((s^4 - A) / (s^2 (1 + s^2)))`` (input side,
    N1-dimensional), both 0 for ``s <= A^(1/4)``. Broadcasts ``s_bar`` against ``A``.
    """
    s, A = np.broadcast_arrays(check_nonnegative(s_bar, "s_bar"), check_aspect_ratio(A))
    above, s_safe = _above_threshold(s, A)
    gap = np.where(above, 1.0 - A / s_safe**4, 0.0)  # (s^4 - A)/s^4
    u_side = np.sqrt(gap / (1.0 + A / s_safe**2))
    v_side = np.sqrt(gap / (1.0 + 1.0 / s_safe**2))
    return u_side[()], v_side[()]


def overlap(s_bar: ArrayLike, A: ArrayLike) -> Array:
    """Overlap ``O = |uhat . ubar| |vhat . vbar|`` of a teacher mode (poster eq 8).

    ``O = (s^4 - A) / (s^2 sqrt((1 + s^2)(A + s^2)))`` above the threshold ``s > A^(1/4)``, else 0;
    for A = 1 this is ``1 - 1/s^2``. Broadcasts ``s_bar`` against ``A``.
    """
    u_side, v_side = overlap_factors(s_bar, A)
    return u_side * v_side


def marchenko_pastur_density(x: ArrayLike, A: float) -> Array:
    """Density of the singular values of pure noise (poster eq 9, sigma_z = 1).

    ``P(x) = sqrt(4A - (x^2 - 1 - A)^2) / (pi A x)`` on ``[1 - sqrt(A), 1 + sqrt(A)]``, 0 elsewhere.
    Written as ``sqrt((1 - l_-/x^2)(l_+ - x^2)) / (pi A)`` with ``l_pm = (1 pm sqrt(A))^2`` so that
    A = 1 gives the finite limit ``2/pi`` at x = 0. ``x`` is any finite array.
    """
    A = _check_scalar(check_aspect_ratio(A), "A")
    x = np.asarray(x, dtype=np.float64)
    if not np.all(np.isfinite(x)):
        raise ValueError("x must be finite")
    lower, upper = (1.0 - np.sqrt(A)) ** 2, (1.0 + np.sqrt(A)) ** 2
    inside = (x**2 >= lower) & (x**2 <= upper) & (x >= 0)
    ratio = np.divide(lower, x**2, out=np.zeros_like(x), where=x > 0)
    value = np.sqrt(np.maximum((1.0 - ratio) * (upper - x**2), 0.0)) / (np.pi * A)
    return np.where(inside, value, 0.0)[()]


def _mp_top_mass(theta: float, A: float) -> float:
    """MP mass above ``x(theta)``, where ``x^2 = 1 + A + 2 sqrt(A) cos(theta)`` (SCIENCE 1.6).

    Closed form of ``int_0^theta (2/pi) sin^2 / (1 + A + 2 sqrt(A) cos) dtheta``:
    ``(2/pi) [((1+A) theta - 2 sqrt(A) sin theta)/(4A) - (1-A)/(2A) arctan(k tan(theta/2))]``,
    ``k = (1 - sqrt(A))/(1 + sqrt(A))``.
    """
    r = np.sqrt(A)
    k = (1.0 - r) / (1.0 + r)
    arc = np.arctan2(k * np.sin(0.5 * theta), np.cos(0.5 * theta))
    return (2.0 / np.pi) * (
        ((1.0 + A) * theta - 2.0 * r * np.sin(theta)) / (4.0 * A) - (1.0 - A) / (2.0 * A) * arc
    )


def mp_quadrature(A: float, *, n_nodes: int = 64, top_fraction: float = 1.0) -> tuple[Array, Array]:
    """Quadrature rule for MP averages, optionally restricted to the top of the spectrum.

    With ``lambda = x^2 = 1 + A + 2 sqrt(A) cos(theta)`` the MP measure is
    ``(2/pi) sin^2(theta) / lambda dtheta`` on ``theta in (0, pi)`` (SCIENCE 1.6), smooth even at
    A = 1 where the lower edge is 0. For ``top_fraction = f < 1`` the cutoff ``theta_c`` solves
    ``mass(0..theta_c) = f`` (closed-form CDF, Brent root) and the rule gives the conditional
    average over the region R_in holding the top fraction f of the mass.

    Returns
    -------
    x : array[n_nodes]
        Nodes (singular values), ascending.
    w : array[n_nodes]
        Weights, ``sum(w) == 1``; ``<f(x)>_R = sum(w * f(x))``.
    """
    A = _check_scalar(check_aspect_ratio(A), "A")
    n_nodes = check_count(n_nodes, "n_nodes")
    f = _check_scalar(top_fraction, "top_fraction")
    if not (np.isfinite(f) and 0.0 < f <= 1.0):
        raise ValueError(f"top_fraction must lie in (0, 1], got {top_fraction!r}")
    theta_c = np.pi
    if f < 1.0:
        theta_c = brentq(lambda th: _mp_top_mass(th, A) - f, 0.0, np.pi, xtol=1e-15, rtol=1e-15)
    nodes, weights = np.polynomial.legendre.leggauss(n_nodes)
    theta = 0.5 * theta_c * (nodes[::-1] + 1.0)  # descending theta = ascending x
    lam = (1.0 - np.sqrt(A)) ** 2 + 4.0 * np.sqrt(A) * np.cos(0.5 * theta) ** 2
    w = weights[::-1] * np.sin(theta) ** 2 / lam
    return np.sqrt(lam), w / w.sum()


# ---- learning curves of a training-aligned mode (poster eq 6, SCIENCE 1.4) -----------------------

_Z_MIN, _Z_MAX, _Z_STEP = -50.0, 50.0, 0.05
_RATIO_MIN = 1e-20  # smallest eps/s_hat (growth) or s_hat/eps (decay) the logit table covers
_GL_X, _GL_W = np.polynomial.legendre.leggauss(8)


def _sigmoid_power(z: Array, a: float) -> Array:
    """``sigma(z)^a``, computed as ``exp(-a softplus(-z))`` (no overflow)."""
    return np.exp(-a * np.logaddexp(0.0, -z))


def _primitive_four_layers(z: Array) -> Array:
    """Closed form of ``G(z) = int sigma^(-1/2) dz`` for N_W = 4 (SCIENCE 1.4's F, rescaled).

    ``4 s_hat^(3/2) F(s_hat sigma(z)) = 2 artanh(sqrt(sigma)) - 2/sqrt(sigma)``, written with
    ``1 - sqrt(sigma) = sigma(-z) / (1 + sqrt(sigma))`` to stay accurate as ``sigma -> 1``.
    """
    root = np.sqrt(expit(z))
    return 2.0 * np.log1p(root) + np.logaddexp(0.0, z) - 2.0 / root


class _LogitPrimitive:
    """``G(z) = int sigma(z)^a dz`` on the logit axis and its inverse.

    Growth of a mode towards ``s_hat > eps`` uses ``a = 2/N_W - 1`` (``u = s_hat sigma(z)``); decay
    towards ``s_hat < eps`` uses ``a = 2 - 2/N_W`` (``u = s_hat / sigma(z)``). Tabulated on the
    uniform grid ``[_Z_MIN, _Z_MAX]``; beyond ``_Z_MAX`` ``G(z) - z`` is constant to ``e^-50``.
    """

    def __init__(self, a: float) -> None:
        self.a = a
        self._closed = _primitive_four_layers if a == -0.5 else None
        z = np.arange(_Z_MIN, _Z_MAX + _Z_STEP / 2, _Z_STEP)
        if self._closed is not None:
            values = self._closed(z)
        else:
            cells = self._integrate(z[:-1], z[1:])
            if a > 0:  # anchor G(-inf) = 0; the left tail is e^(a z)/a to relative e^z
                values = np.exp(a * _Z_MIN) / a + np.concatenate(([0.0], np.cumsum(cells)))
            else:  # anchor G(z) -> z at the right end; sum from the right to keep it exact there
                values = _Z_MAX - np.concatenate((np.cumsum(cells[::-1])[::-1], [0.0]))
        self._z, self._values = z, values
        self._inverse = CubicHermiteSpline(values, z, 1.0 / _sigmoid_power(z, a))

    def _integrate(self, lo: Array, hi: Array) -> Array:
        """``int_lo^hi sigma^a dz`` by 8-point Gauss-Legendre (intervals up to one grid step)."""
        half = 0.5 * (hi - lo)
        nodes = (lo + half)[..., None] + half[..., None] * _GL_X
        return half * (_sigmoid_power(nodes, self.a) @ _GL_W)

    def __call__(self, z: Array) -> Array:
        """``G(z)`` for ``z >= _Z_MIN``."""
        if self._closed is not None:
            return self._closed(z)
        zc = np.minimum(z, _Z_MAX)
        i = np.clip(((zc - _Z_MIN) / _Z_STEP).astype(np.int64), 0, self._z.size - 2)
        left = self._z[i]
        return self._values[i] + self._integrate(left, zc) + np.maximum(z - _Z_MAX, 0.0)

    def inverse(self, y: Array) -> Array:
        """``z`` with ``G(z) = y``, ``y >= G(_Z_MIN)``: Hermite interpolation + one Newton step."""
        top = self._values[-1]
        z = np.where(y >= top, _Z_MAX + (y - top), self._inverse(np.clip(y, self._values[0], top)))
        return z - (self(z) - y) / _sigmoid_power(z, self.a)


@cache
def _logit_primitive(a: float) -> _LogitPrimitive:
    """One table per exponent (i.e. per depth and direction), built on first use."""
    return _LogitPrimitive(a)


def _check_curve_args(eps: float, tau: float, n_weights: int) -> tuple[float, float, int]:
    eps = _check_scalar(check_positive(eps, "eps"), "eps")
    tau = _check_scalar(check_positive(tau, "tau"), "tau")
    return eps, tau, check_count(n_weights, "n_weights", 2)


def _check_table_range(s_hat: Array, eps: float) -> None:
    """The logit table covers ``s_hat/eps`` in ``[1e-20, 1e20]`` (and ``s_hat = 0`` exactly)."""
    bad = (s_hat > 0) & ((s_hat < _RATIO_MIN * eps) | (s_hat > eps / _RATIO_MIN))
    if np.any(bad):
        raise ValueError(
            "s_hat/eps must be 0 or lie in [1e-20, 1e20] for n_weights > 2, got s_hat = "
            f"{_first_bad(s_hat, bad)} with eps = {eps!r}"
        )


def _logit(ratio: Array) -> Array:
    return np.log(ratio) - np.log1p(-ratio)


def _shallow_strength(t: Array, s_hat: Array, eps: float, tau: float) -> Array:
    """Poster eq 6 as ``1 / (e^(-k)/eps + (1 - e^(-k))/s_hat)``, ``k = 2 s_hat t / tau``.

    Stable for large t and exact at ``s_hat = 0`` (where ``(1 - e^-k)/s_hat -> 2t/tau``).
    """
    k = 2.0 * s_hat * t / tau
    positive = s_hat > 0
    grown = np.where(positive, -np.expm1(-k) / np.where(positive, s_hat, 1.0), 2.0 * t / tau)
    return 1.0 / (np.exp(-k) / eps + grown)


def _tabulated_strength(t: Array, s_hat: Array, eps: float, tau: float, n_weights: int) -> Array:
    """Deep learning curve from the logit-axis antiderivative (SCIENCE 1.4; see module docstring).

    ``t = tau / (N_W s_hat^p) [G(z) - G(z0)]`` with ``p = 2 - 2/N_W``.

    * growth (``s_hat > eps``): ``u = s_hat sigma(z)``, ``sigma(z0) = eps/s_hat``;
    * decay (``0 < s_hat < eps``): ``u = s_hat/sigma(z)``, ``sigma(z0) = s_hat/eps``;
    * ``s_hat = 0``: ``u = (eps^-p + N_W p t/tau)^(-1/p)``; ``s_hat = eps``: ``u = eps``.

    ``t`` and ``s_hat`` are validated arrays; the result has their broadcast shape.
    """
    p = 2.0 - 2.0 / n_weights
    shape = np.broadcast_shapes(t.shape, s_hat.shape)
    t_b, s_b = np.broadcast_to(t, shape), np.broadcast_to(s_hat, shape)
    out = np.full(shape, eps)  # s_hat == eps stays at eps
    zero = s_b == 0
    out[zero] = (eps**-p + n_weights * p * t_b[zero] / tau) ** (-1.0 / p)
    for growth in (True, False):
        mask = s_hat > eps if growth else (s_hat > 0) & (s_hat < eps)
        if not np.any(mask):
            continue
        primitive = _logit_primitive(2.0 / n_weights - 1.0 if growth else p)
        g0 = np.zeros(s_hat.shape)
        g0[mask] = primitive(_logit(eps / s_hat[mask] if growth else s_hat[mask] / eps))
        mask_b = np.broadcast_to(mask, shape)
        s = s_b[mask_b]
        y = np.broadcast_to(g0, shape)[mask_b] + n_weights * s**p * t_b[mask_b] / tau
        sig = expit(primitive.inverse(y))
        # u stays between eps and s_hat; clipping removes last-bit rounding at the two ends
        out[mask_b] = np.clip(s * sig, eps, s) if growth else np.clip(s / sig, s, eps)
    return out


def mode_strength(
    t: ArrayLike, s_hat: ArrayLike, *, eps: float, tau: float, n_weights: int = 2
) -> Array:
    """Strength ``u(t)`` of a TA mode with data singular value ``s_hat`` (poster eq 6, SCIENCE 1.4).

    Solves ``tau du/dt = N_W u^(2 - 2/N_W) (s_hat - u)``, ``u(0) = eps``. For N_W = 2 (shallow):
    ``u = s_hat e^(2 s_hat t/tau) / (e^(2 s_hat t/tau) - 1 + s_hat/eps)``. For deeper students the
    implicit solution ``t(u) = (tau/N_W) int_eps^u dv / (v^(2-2/N_W) (s_hat - v))`` is inverted
    through a logit-grid table (closed form ``F`` of SCIENCE 1.4 for N_W = 4); deep curves need
    ``s_hat/eps`` in ``[1e-20, 1e20]`` or ``s_hat = 0``.

    ``t`` (>= 0) and ``s_hat`` (>= 0) broadcast against each other; the result has their broadcast
    shape. ``s_hat < eps`` gives a decaying mode.
    """
    t = check_nonnegative(t, "t")
    s_hat = check_nonnegative(s_hat, "s_hat")
    eps, tau, n_weights = _check_curve_args(eps, tau, n_weights)
    if n_weights == 2:
        return _shallow_strength(t, s_hat, eps, tau)[()]
    _check_table_range(s_hat, eps)
    return _tabulated_strength(t, s_hat, eps, tau, n_weights)[()]


def mode_time(
    s: ArrayLike, s_hat: ArrayLike, *, eps: float, tau: float, n_weights: int = 2
) -> Array:
    """Time at which a TA mode reaches strength ``s``: the inverse of :func:`mode_strength`.

    Shallow (poster eq 6): ``t = (tau / (2 s_hat)) ln[(s_hat/eps - 1) / (s_hat/s - 1)]``. Deep:
    ``t = (tau/N_W) int_eps^s dv / (v^(2-2/N_W) (s_hat - v))`` (SCIENCE 1.4), evaluated as
    ``tau / (N_W s_hat^p) [G(z(s)) - G(z(eps))]`` on the logit axis; for N_W = 4 this is
    ``tau [F(s) - F(eps)]`` with
    ``F(v) = artanh(sqrt(v/s_hat))/(2 s_hat^(3/2)) - 1/(2 s_hat sqrt(v))``.
    ``s`` must lie in ``[eps, s_hat)`` (or ``(s_hat, eps]`` for a decaying mode).
    """
    s = check_positive(s, "s")
    s_hat = check_nonnegative(s_hat, "s_hat")
    eps, tau, n_weights = _check_curve_args(eps, tau, n_weights)
    s, s_hat = np.broadcast_arrays(s, s_hat)
    reachable = ((s >= eps) & (s < s_hat)) | ((s <= eps) & (s > s_hat))
    if not np.all(reachable):
        raise ValueError(
            "s must lie in [eps, s_hat) (or in (s_hat, eps] when s_hat < eps), got s = "
            f"{_first_bad(s, ~reachable)} with eps = {eps!r}"
        )
    p = 2.0 - 2.0 / n_weights
    out = np.array(tau * (s**-p - eps**-p) / (n_weights * p))  # s_hat = 0: u^-p grows linearly
    if n_weights == 2:
        nz = s_hat > 0
        sh, sm = s_hat[nz], s[nz]
        out[nz] = tau / (2.0 * sh) * np.log(sm * np.abs(sh - eps) / (eps * np.abs(sh - sm)))
        return out[()]
    _check_table_range(s_hat, eps)
    for growth in (True, False):
        mask = s_hat > eps if growth else (s_hat > 0) & (s_hat < eps)
        if not np.any(mask):
            continue
        primitive = _logit_primitive(2.0 / n_weights - 1.0 if growth else p)
        sh, sm = s_hat[mask], s[mask]
        z0 = _logit(eps / sh if growth else sh / eps)
        z = _logit(sm / sh if growth else sh / sm)
        out[mask] = tau / (n_weights * sh**p) * (primitive(z) - primitive(z0))
    return out[()]


# ---- train and test error dynamics (poster eqs 10-11, SCIENCE 1.6) -------------------------------


def _noise_sums(
    t: Array,
    *,
    A: float,
    n_noise: int,
    n_in: int,
    sigma: float,
    eps: float,
    tau: float,
    n_weights: int,
) -> tuple[Array, Array, Array]:
    """Pure-noise contributions to eqs 10-11, each of shape ``t.shape``.

    Returns ``n_in <s(t, x)^2>_Rin`` (test), ``n_in <(s(t, x) - x)^2>_Rin`` (train, fitted modes)
    and ``n_out <x^2>_Rout = n_noise sigma^2 - n_in <x^2>_Rin`` (train, unfittable modes), where
    the ``n_noise`` noise singular values are ``sigma x`` with ``x ~ MP(A)`` and R_in is the top
    ``n_in/n_noise`` of the mass.
    """
    zeros = np.zeros(t.shape)
    if n_in == 0:
        return zeros, zeros, zeros + n_noise * sigma**2
    x, w = mp_quadrature(A, top_fraction=n_in / n_noise)
    x = sigma * x
    s = mode_strength(t[..., None], x, eps=eps, tau=tau, n_weights=n_weights)
    fitted_train = n_in * ((s - x) ** 2 @ w)
    return n_in * (s**2 @ w), fitted_train, zeros + (n_noise * sigma**2 - n_in * (x**2 @ w))


def error_curves(
    t: ArrayLike,
    s_bar: ArrayLike,
    *,
    N1: int,
    N2: int,
    N3: int,
    eps: float,
    tau: float,
    n_weights: int = 2,
    sigma_z: float = 1.0,
) -> tuple[Array, Array]:
    """Train and test error of a TA student over time (poster eqs 10-11, SCIENCE 1.6).

    With ``s_a(t) = s(t, s_hat_a)`` for the teacher modes and ``s(t, x)`` for noise modes::

        eps_test  = [n_in <s(t,x)^2>_Rin + sum_a (s_a^2 - 2 s_a s_bar_a O_a + s_bar_a^2)]
                    / sum_a s_bar_a^2
        eps_train = [n_out <x^2>_Rout + n_in <(s(t,x) - x)^2>_Rin + sum_a (s_a - s_hat_a)^2]
                    / [sum_a s_hat_a^2 + n_noise <x^2>_MP]

    ``n_noise = N3 - rank``, ``n_in = min(N2, N3) - rank`` fittable noise modes in the top part
    R_in of MP(A = N3/N1), ``n_out = n_noise - n_in``. Teacher modes below threshold sit at the
    bulk edge with O = 0. Noise scale ``sigma_z``: ``s_hat_a = sigma_z s_hat(s_bar_a/sigma_z)``,
    ``O_a = O(s_bar_a/sigma_z)``, noise singular values ``sigma_z x``.

    Parameters
    ----------
    t : array[*T]
        Times (same units as ``tau``), finite and >= 0.
    s_bar : float or array[rank]
        Teacher singular values; ``rank <= min(N2, N3)``.

    Returns
    -------
    train, test : array[*T]
    """
    t = check_nonnegative(t, "t")
    s_bar = _check_teacher(s_bar)
    N1, N2, N3 = (check_count(v, name) for v, name in ((N1, "N1"), (N2, "N2"), (N3, "N3")))
    A = float(check_aspect_ratio(N3 / N1, "A = N3/N1"))
    sigma = _check_scalar(check_positive(sigma_z, "sigma_z"), "sigma_z")
    eps, tau, n_weights = _check_curve_args(eps, tau, n_weights)
    rank = s_bar.size
    if rank > min(N2, N3):
        raise ValueError(f"teacher rank len(s_bar) = {rank} must be <= min(N2, N3) = {min(N2, N3)}")

    shat = sigma * s_hat(s_bar / sigma, A)
    strength = mode_strength(t[..., None], shat, eps=eps, tau=tau, n_weights=n_weights)
    n_noise = N3 - rank
    noise_test, noise_fit, noise_out = _noise_sums(
        t,
        A=A,
        n_noise=n_noise,
        n_in=min(N2, N3) - rank,
        sigma=sigma,
        eps=eps,
        tau=tau,
        n_weights=n_weights,
    )
    signal_test = strength**2 - 2.0 * strength * (s_bar * overlap(s_bar / sigma, A)) + s_bar**2
    test = (noise_test + signal_test.sum(axis=-1)) / np.sum(s_bar**2)
    train_num = noise_out + noise_fit + np.sum((strength - shat) ** 2, axis=-1)
    train = train_num / (np.sum(shat**2) + n_noise * sigma**2)
    return train, test


def optimal_stopping(t: ArrayLike, test: ArrayLike, axis: int = -1) -> tuple[Array, Array]:
    """Optimal stopping time and error (SCIENCE 1.6): ``t_opt = argmin_t eps_test(t)``.

    ``test`` holds curves along ``axis`` (e.g. ``array[runs, T]``); ``t`` is either ``array[T]``
    (the times of that axis) or an array of ``test``'s shape. Returns ``t_opt`` and
    ``test_min = eps_test(t_opt)``, each with ``axis`` removed.
    """
    test = np.asarray(test, dtype=np.float64)
    t = np.asarray(t, dtype=np.float64)
    if test.ndim == 0 or test.shape[axis] == 0:
        raise ValueError("test must have at least one entry along the time axis")
    if not (np.all(np.isfinite(test)) and np.all(np.isfinite(t))):
        raise ValueError("t and test must be finite")
    if t.ndim == 1 and test.ndim > 1:
        shape = [1] * test.ndim
        shape[axis] = t.size
        t = t.reshape(shape)
    try:
        t = np.broadcast_to(t, test.shape)
    except ValueError:
        raise ValueError(
            f"t of shape {np.shape(t)} does not match test of shape {test.shape} along axis {axis}"
        ) from None
    index = np.expand_dims(np.argmin(test, axis=axis), axis)
    t_opt = np.take_along_axis(t, index, axis).squeeze(axis)
    return t_opt[()], np.take_along_axis(test, index, axis).squeeze(axis)[()]


# ---- optimal shrinkage (SCIENCE 1.7) -------------------------------------------------------------


def shrinkage_test_error(s_bar: ArrayLike, A: float) -> float:
    """Test error of the optimal non-gradient estimator (SCIENCE 1.7).

    Keeping the data singular vectors and setting each singular value to ``s_bar O(s_bar)``
    (0 for noise and undetected modes) gives ``1 - sum s_bar^2 O^2 / sum s_bar^2``.
    """
    s = _check_teacher(s_bar)
    o = overlap(s, _check_scalar(check_aspect_ratio(A), "A"))
    return float(1.0 - np.sum(s**2 * o**2) / np.sum(s**2))


def shrinkage_estimator(sigma31: ArrayLike, *, N1: int) -> Array:
    """Optimal shrinkage of the data correlation, using the data only (SCIENCE 1.7).

    For each singular value ``x`` of ``Sigma31 = Uhat Shat Vhat^T`` above the bulk edge
    ``1 + sqrt(A)`` (``A = N3/N1``, noise variance 1/N1): invert eq 7 for ``s_bar`` and replace
    ``x`` by ``s_bar O(s_bar)``; all other singular values become 0.

    Parameters
    ----------
    sigma31 : array[N3, N1] or array[R, N3, N1]
    N1 : int
        Number of inputs (= the last axis; the noise variance is 1/N1).

    Returns
    -------
    array of ``sigma31``'s shape: ``W = sum_a s_a* uhat_a vhat_a^T``.
    """
    y = np.asarray(sigma31, dtype=np.float64)
    N1 = check_count(N1, "N1")
    if y.ndim not in (2, 3) or y.shape[-1] != N1:
        raise ValueError(
            f"sigma31 must have shape (N3, N1) or (R, N3, N1) with N1 = {N1}, got {y.shape}"
        )
    if not np.all(np.isfinite(y)):
        raise ValueError("sigma31 must be finite")
    A = float(check_aspect_ratio(y.shape[-2] / N1, "A = N3/N1"))
    u, x, vt = np.linalg.svd(y, full_matrices=False)
    s = s_bar_from_s_hat(x, A)
    shrunk = s * overlap(s, A)
    return (u * shrunk[..., None, :]) @ vt


# ---- number of training examples P != N1 (SCIENCE 1.8) -------------------------------------------


def sample_size_test_curve(
    t: ArrayLike,
    s_bar: float,
    *,
    P: int,
    N1: int,
    N2: int,
    N3: int,
    eps: float,
    tau: float,
    n_weights: int = 2,
) -> Array:
    """Test error of a TA student trained on P != N1 examples (SCIENCE 1.8).

    Inputs are P orthonormal vectors (P <= N1) or a tight frame (P > N1).

    Rank-1 teacher of strength ``s_bar`` (= svm), ``D = P/N1``, ``s_eff = s_bar sqrt(D)``,
    ``A_eff = min(A, D)``; ``s_hat`` and ``O`` are evaluated at ``(s_eff, A_eff)`` and the
    ``n_in = min(P, N1, N2, N3) - 1`` fittable noise modes follow MP(A_eff) (top part if the student
    cannot fit all ``min(P, N3) - 1`` of them)::

        eps_test = [n_in <v^2> + v(t)^2 - 2 v(t) s_eff O + norm] / norm

    with ``norm = s_bar^2`` for D <= 1 (the unseen part ``(1 - D) s_bar^2`` of the teacher is never
    learned) and ``norm = s_eff^2`` for D > 1. For D > 1 the learned mode ``v = sqrt(D) u`` obeys
    the usual curve with ``tau_eff = tau D^(-1/N_W)`` (``tau/sqrt(D)`` for the shallow student) and
    starts at ``v(0) = sqrt(D) eps`` (``Sigma11 = D I``, ``Sigma31 = sqrt(D)(sqrt(D) Wbar + Z')``).
    The mapping of the noise to MP(A_eff) is exact for N3 = N1 (the Figure 6 setting).

    Returns
    -------
    array[*T]
    """
    t = check_nonnegative(t, "t")
    svm = _check_scalar(check_positive(s_bar, "s_bar"), "s_bar")
    P, N1, N2, N3 = (
        check_count(v, name) for v, name in ((P, "P"), (N1, "N1"), (N2, "N2"), (N3, "N3"))
    )
    A = float(check_aspect_ratio(N3 / N1, "A = N3/N1"))
    eps, tau, n_weights = _check_curve_args(eps, tau, n_weights)
    D = P / N1
    A_eff = min(A, D)
    s_eff = svm * np.sqrt(D)
    if D > 1:
        tau, eps, norm = tau * D ** (-1.0 / n_weights), eps * np.sqrt(D), s_eff**2
    else:
        norm = svm**2
    shat = s_hat(s_eff, A_eff)
    v = mode_strength(t, shat, eps=eps, tau=tau, n_weights=n_weights)
    n_noise = min(P, N3) - 1
    noise_test, _, _ = _noise_sums(
        t,
        A=A_eff,
        n_noise=n_noise,
        n_in=min(P, N1, N2, N3) - 1,
        sigma=1.0,
        eps=eps,
        tau=tau,
        n_weights=n_weights,
    )
    return (noise_test + v**2 - 2.0 * v * s_eff * overlap(s_eff, A_eff) + norm) / norm
