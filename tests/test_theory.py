"""lingen.theory against ODEs, scipy quadrature, SCIENCE.md section 3 values and Monte Carlo.

Tolerances: identities and quadrature ~1e-10 (float64 with ~1e2 operations); values printed to 4
decimals in SCIENCE.md section 3 to half a unit of the last printed digit; Monte Carlo at N1 = 1000
to ~3-4 standard deviations of the draw-to-draw spread, which scales as N^-1/2.
"""

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.optimize import brentq

from lingen import theory
from lingen.theory import (
    error_curves,
    marchenko_pastur_density,
    mode_strength,
    mode_time,
    mp_quadrature,
    optimal_stopping,
    overlap,
    overlap_factors,
    s_bar_from_s_hat,
    s_hat,
    sample_size_test_curve,
    shrinkage_estimator,
    shrinkage_test_error,
)

DEPTHS = (2, 3, 4, 6)
SINGLE = {"N1": 100, "N2": 50, "N3": 50, "eps": 1e-5, "tau": 1000.0}  # Figures 3-4 (A = 0.5)


def ode_time(u, s_hat_value, eps, n_weights, tau=1.0):
    """t(u) = (tau/N_W) int_eps^u dv / (v^p (s_hat - v)) by scipy quad in log v (SCIENCE 1.4)."""
    p = 2.0 - 2.0 / n_weights

    def integrand(w):
        v = np.exp(w)
        return v / (v**p * (s_hat_value - v))

    value, _ = quad(integrand, np.log(eps), np.log(u), epsabs=0.0, epsrel=1e-13, limit=500)
    return tau * value / n_weights


def mp_region_moment(A, fraction, power, top=True):
    """<x^power> of MP(A) over its top (or bottom) ``fraction`` of mass, by quad and brentq."""
    lo, hi = 1.0 - np.sqrt(A), 1.0 + np.sqrt(A)

    def mass(a, b, k=0):
        return quad(lambda x: x**k * marchenko_pastur_density(x, A), a, b, epsabs=1e-14, limit=200)[
            0
        ]

    cut = brentq(lambda c: mass(c, hi) - (fraction if top else 1.0 - fraction), lo, hi, xtol=1e-14)
    return mass(cut, hi, power) / fraction if top else mass(lo, cut, power) / fraction


# ---- learning curves (poster eq 6, SCIENCE 1.4) --------------------------------------------------


@pytest.mark.parametrize("n_weights", DEPTHS)
@pytest.mark.parametrize("s_hat_value", [3.0, 1e-4, 0.0])
def test_mode_strength_solves_its_ode(n_weights, s_hat_value):
    # Central differences with step h: truncation h^2 u'''/6 ~ 1e-8 of max|du/dt| at h = 1e-5 tau.
    eps, tau, h = 1e-3, 1.0, 1e-5
    t_end = 6.0 if s_hat_value > eps else 3e3  # growth: across the transition; decay: slow
    t = np.linspace(0.05, t_end, 200)
    h = h * t_end
    u = mode_strength(t, s_hat_value, eps=eps, tau=tau, n_weights=n_weights)
    du = (
        mode_strength(t + h, s_hat_value, eps=eps, tau=tau, n_weights=n_weights)
        - mode_strength(t - h, s_hat_value, eps=eps, tau=tau, n_weights=n_weights)
    ) / (2 * h)
    rhs = n_weights * u ** (2 - 2 / n_weights) * (s_hat_value - u) / tau
    np.testing.assert_allclose(du, rhs, rtol=1e-6, atol=1e-6 * np.max(np.abs(rhs)))
    assert mode_strength(0.0, s_hat_value, eps=eps, tau=tau, n_weights=n_weights) == pytest.approx(
        eps, rel=1e-12
    )


@pytest.mark.parametrize("n_weights", DEPTHS)
@pytest.mark.parametrize("s_hat_value", [2.5, 0.05, 1e-7])
def test_mode_time_inverts_mode_strength(n_weights, s_hat_value):
    eps, tau = 1e-5, 1000.0
    if s_hat_value > eps:  # up to 1e-6 below saturation, where t(u) is still well conditioned
        u = s_hat_value * np.geomspace(eps / s_hat_value, 1 - 1e-6, 300)
    else:
        u = np.linspace(s_hat_value, eps, 300)[1:]
    t = mode_time(u, s_hat_value, eps=eps, tau=tau, n_weights=n_weights)
    np.testing.assert_allclose(
        mode_strength(t, s_hat_value, eps=eps, tau=tau, n_weights=n_weights), u, rtol=1e-10
    )
    t_grid = np.linspace(0.0, t.max(), 50)
    u_grid = mode_strength(t_grid, s_hat_value, eps=eps, tau=tau, n_weights=n_weights)
    np.testing.assert_allclose(
        mode_time(u_grid, s_hat_value, eps=eps, tau=tau, n_weights=n_weights),
        t_grid,
        rtol=1e-9,
        atol=1e-9 * t.max(),
    )


@pytest.mark.parametrize("n_weights", [4, 3, 6])
def test_deep_mode_time_matches_quadrature(n_weights):
    # N_W = 4 uses the closed form F(v) of SCIENCE 1.4; 3 and 6 use the tabulated integral.
    eps, s_hat_value = 1e-5, 2.5
    u = np.array([1e-4, 0.1, 1.0, 2.4, 2.4999])
    expected = [ode_time(v, s_hat_value, eps, n_weights) for v in u]
    got = mode_time(u, s_hat_value, eps=eps, tau=1.0, n_weights=n_weights)
    np.testing.assert_allclose(got, expected, rtol=1e-10)


def test_general_path_reproduces_shallow_closed_form():
    eps, tau = 1e-5, 1000.0
    t = np.linspace(0.0, 2e4, 101)[:, None]
    shat = np.array([0.0, 3e-6, 0.3, 1.7, 10.0])
    k = 2 * shat * t / tau
    with np.errstate(divide="ignore", invalid="ignore"):
        eq6 = shat * np.exp(k) / (np.exp(k) - 1 + shat / eps)  # poster eq 6 as printed
    eq6[:, 0] = eps / (1 + 2 * eps * t[:, 0] / tau)  # its s_hat -> 0 limit
    general = theory._tabulated_strength(t, shat, eps, tau, 2)
    np.testing.assert_allclose(general, eq6, rtol=1e-10)
    np.testing.assert_allclose(mode_strength(t, shat, eps=eps, tau=tau), eq6, rtol=1e-12)


def test_transition_times_section_3_3():
    # Figure 1 (eps = 1e-3, tau = 1): the sigmoid midpoint s = s_hat/2 is reached at t*.
    shat = np.array([1.0, 4.0, 7.0, 10.0])
    t_star = mode_time(shat / 2, shat, eps=1e-3, tau=1.0)
    np.testing.assert_allclose(t_star, [3.4534, 1.0367, 0.6324, 0.4605], atol=5e-5)
    assert mode_strength(t_star, shat, eps=1e-3, tau=1.0) == pytest.approx(shat / 2, rel=1e-12)


# ---- random-matrix distortion (poster eqs 7-9, SCIENCE 1.5) --------------------------------------

S_BAR_TABLE = [0.5, 0.84, 1, 1.5, 2, 3, 4, 6, 8, 10]
TABLE_3_2 = {  # A: (s_hat row, O row), as printed in SCIENCE.md section 3.2
    0.5: (
        "1.7071 1.7071 1.7321 1.9930 2.3717 3.2489 4.1870 6.1249 8.0937 10.075",
        "0 0 0.2887 0.6783 0.8169 0.9177 0.9535 0.9792 0.9883 0.9925",
    ),
    1.0: (
        "2 2 2 2.1667 2.5 3.3333 4.25 6.1667 8.125 10.1",
        "0 0 0 0.5556 0.75 0.8889 0.9375 0.9722 0.9844 0.99",
    ),
    0.25: (
        "1.5 1.5198 1.5811 1.9003 2.3049 3.2059 4.1552 6.1038 8.078 10.062",
        "0 0.2752 0.4743 0.7504 0.8542 0.9329 0.9617 0.9828 0.9903 0.9938",
    ),
}


def _printed(row):
    """Values and half-a-unit-of-the-last-printed-digit tolerances (4 decimals unless shorter)."""
    words = row.split()
    decimals = [len(w.split(".")[1]) if "." in w else 4 for w in words]
    return np.array(words, dtype=float), 0.5 * 10.0 ** -np.array(decimals) + 1e-12


@pytest.mark.parametrize("A", sorted(TABLE_3_2))
def test_s_hat_and_overlap_section_3_2(A):
    (shat_ref, shat_tol), (o_ref, o_tol) = (_printed(r) for r in TABLE_3_2[A])
    assert np.all(np.abs(s_hat(S_BAR_TABLE, A) - shat_ref) <= shat_tol)
    assert np.all(np.abs(overlap(S_BAR_TABLE, A) - o_ref) <= o_tol)


def test_threshold_table_and_figure_2a_values():
    A = np.array([0.25, 0.5, 0.75, 1.0])
    np.testing.assert_allclose(s_hat(0.0, A), [1.5, 1.7071, 1.8660, 2.0], atol=5e-5)  # section 3.1
    np.testing.assert_allclose(s_hat([9.0, 6.0, 3.0], 0.5), [9.0833, 6.1249, 3.2489], atol=5e-5)


@pytest.mark.parametrize("A", [0.25, 0.5, 1.0])
def test_large_s_bar_asymptotics(A):
    # SCIENCE 1.5: 1 - O^2 ~ (1+A)/s^2 and s_hat ~ s + (1+A)/(2s), up to relative O(1/s^2).
    s = np.array([20.0, 50.0, 100.0])
    assert np.all(np.abs((1 - overlap(s, A) ** 2) * s**2 / (1 + A) - 1) <= 1 / s**2)
    assert np.all(np.abs((s_hat(s, A) - s) * 2 * s / (1 + A) - 1) <= 1 / s**2)
    assert overlap(1e4, A) == pytest.approx(1.0, abs=1e-7)


@pytest.mark.parametrize("A", [0.25, 0.5, 0.75, 1.0])
def test_continuity_at_threshold(A):
    s_c = A**0.25
    around = s_c * (1 + np.array([-1e-9, 0.0, 1e-9]))
    np.testing.assert_allclose(s_hat(around, A), 1 + np.sqrt(A), atol=1e-8)
    np.testing.assert_allclose(overlap(around, A), 0.0, atol=1e-7)
    u_side, v_side = overlap_factors(around, A)
    np.testing.assert_allclose([u_side, v_side], 0.0, atol=1e-4)  # square-root onset: ~sqrt(1e-9)


def test_overlap_factors_identities():
    s = np.linspace(0.0, 12.0, 241)
    for A in (0.25, 0.5, 1.0):
        u_side, v_side = overlap_factors(s, A)
        np.testing.assert_allclose(u_side * v_side, overlap(s, A), rtol=1e-14, atol=1e-15)
        assert np.all(u_side >= v_side - 1e-15)  # the N3 (output) side rotates less for A <= 1
    detected = s[s > 1]
    np.testing.assert_allclose(overlap(detected, 1.0), 1 - 1 / detected**2, rtol=1e-13)


def test_s_bar_from_s_hat_inverts_eq_7():
    A = 0.5
    s = np.linspace(0.85, 30.0, 200)
    np.testing.assert_allclose(s_bar_from_s_hat(s_hat(s, A), A), s, rtol=1e-10)
    assert np.all(s_bar_from_s_hat([0.3, 1.0, 1 + np.sqrt(A)], A) == 0.0)


@pytest.mark.parametrize("A", [0.25, 0.5, 1.0])
def test_marchenko_pastur_density_moments(A):
    lo, hi = 1 - np.sqrt(A), 1 + np.sqrt(A)
    moments = [
        quad(lambda x, k=k: x**k * marchenko_pastur_density(x, A), lo, hi, epsabs=1e-14, limit=200)[
            0
        ]
        for k in (0, 2)
    ]
    np.testing.assert_allclose(moments, [1.0, 1.0], atol=1e-10)
    outside = [-0.1, hi + 1e-6, 5.0] + ([lo - 1e-6] if lo > 0 else [])
    assert np.all(marchenko_pastur_density(outside, A) == 0)
    if A == 1:
        assert marchenko_pastur_density(0.0, A) == pytest.approx(2 / np.pi, rel=1e-14)


@pytest.mark.parametrize("A", [0.25, 0.5, 1.0])
def test_mp_quadrature_moments(A):
    x, w = mp_quadrature(A)
    lo, hi = 1 - np.sqrt(A), 1 + np.sqrt(A)
    mean = quad(lambda v: v * marchenko_pastur_density(v, A), lo, hi, epsabs=1e-14, limit=200)[0]
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    assert w @ x**2 == pytest.approx(1.0, abs=1e-12)
    assert w @ x == pytest.approx(mean, abs=1e-10)
    assert np.all((x > lo) & (x < hi)) and np.all(np.diff(x) > 0)


@pytest.mark.parametrize("A, fraction", [(0.5, 0.3), (0.25, 0.7), (1.0, 48 / 98)])
def test_mp_quadrature_top_fraction_conditional_moments(A, fraction):
    x, w = mp_quadrature(A, top_fraction=fraction)
    assert w.sum() == pytest.approx(1.0, abs=1e-14)
    for power in (1, 2):
        assert w @ x**power == pytest.approx(mp_region_moment(A, fraction, power), abs=1e-9)


# ---- train and test error dynamics (poster eqs 10-11, SCIENCE 1.6) -------------------------------


@pytest.mark.parametrize("n_weights", [2, 4])
@pytest.mark.parametrize("s_bar", [[1.0], [3.0, 2.0, 1.0], [0.5]])
def test_error_curves_start_at_one(n_weights, s_bar):
    # At t = 0 every mode has strength eps: |eps_test - 1| <= 2 eps sum(s)/sum(s^2) + O(eps^2).
    train, test = error_curves([0.0, 1.0], s_bar, n_weights=n_weights, **SINGLE)
    assert train.shape == test.shape == (2,)
    assert abs(test[0] - 1) < 1e-4 and abs(train[0] - 1) < 1e-4


def test_rank_one_test_error_has_interior_minimum():
    t = np.linspace(0.0, 2e4, 2001)
    _, test = error_curves(t, 3.0, **SINGLE)
    i = int(np.argmin(test))
    assert 0 < i < t.size - 1
    assert test[i] < test[0] - 0.5 and test[i] < test[-1] - 0.5


@pytest.mark.parametrize(
    "s_bar", [[1.0], [1.5], [2.0], [3.0], [5.0], [10.0], [3.0, 2.0, 1.0], [9.0, 6.0, 3.0]]
)
def test_shrinkage_beats_early_stopped_gradient_descent(s_bar):
    t = np.linspace(0.0, 2e4, 4001)
    _, test = error_curves(t, s_bar, **SINGLE)
    best = shrinkage_test_error(s_bar, 0.5)
    assert best <= test.min() + 1e-12  # SCIENCE 1.7: "provably outperforms gradient descent"
    if len(s_bar) == 1 and s_bar[0] >= 3:  # SCIENCE 4.1: the two coincide for SNR >~ 3
        assert test.min() - best < 0.01 * best


def test_shrinkage_test_error_formula():
    assert shrinkage_test_error(3.0, 1.0) == pytest.approx(1 - (8 / 9) ** 2, rel=1e-14)
    assert shrinkage_test_error([0.5], 0.5) == 1.0  # undetected mode: nothing to keep
    s = np.array([9.0, 6.0, 3.0])
    o = overlap(s, 0.5)
    assert shrinkage_test_error(s, 0.5) == pytest.approx(
        1 - np.sum(s**2 * o**2) / np.sum(s**2), rel=1e-14
    )


@pytest.mark.parametrize("n_weights", [2, 4])
def test_sigma_z_is_a_rescaling(n_weights):
    # Data singular values scale by sigma: u = sigma w with w on the unit-noise curve, eps/sigma and
    # tau/sigma^p (p = 2 - 2/N_W); the errors are ratios, so they are unchanged.
    sigma, eps, tau = np.sqrt(2.0), 1e-5, 1000.0
    t = np.linspace(0.0, 3e4, 301)
    s_bar = np.array([3.0, 1.0])
    p = 2 - 2 / n_weights
    scaled = error_curves(
        t,
        sigma * s_bar,
        N1=100,
        N2=50,
        N3=50,
        eps=sigma * eps,
        tau=tau,
        n_weights=n_weights,
        sigma_z=sigma,
    )
    unit = error_curves(
        t, s_bar, N1=100, N2=50, N3=50, eps=eps, tau=tau / sigma**p, n_weights=n_weights
    )
    np.testing.assert_allclose(scaled, unit, rtol=1e-10, atol=1e-14)


@pytest.mark.parametrize("n_weights", [2, 4])
def test_fewer_hidden_units_than_outputs_late_time(n_weights):
    # N2 < N3 (the transfer joint student): late in training every fittable mode sits at its data
    # value, so train = n_out <x^2>_Rout / (sum s_hat^2 + n_noise) and the test error keeps the
    # n_in noise modes of R_in; the region moments come from an independent quad computation.
    N1 = N3 = 100
    N2, s_bar = 50, np.array([5.0, 2.0])
    n_noise, n_in = N3 - 2, N2 - 2
    f = n_in / n_noise
    train, test = error_curves(
        [1e10], s_bar, N1=N1, N2=N2, N3=N3, eps=1e-5, tau=1.0, n_weights=n_weights
    )
    shat, o = s_hat(s_bar, 1.0), overlap(s_bar, 1.0)
    x2_in = mp_region_moment(1.0, f, 2)
    x2_out = mp_region_moment(1.0, 1 - f, 2, top=False)
    expected_train = (n_noise - n_in) * x2_out / (np.sum(shat**2) + n_noise)
    expected_test = (n_in * x2_in + np.sum(shat**2 - 2 * shat * s_bar * o + s_bar**2)) / np.sum(
        s_bar**2
    )
    assert train[0] == pytest.approx(expected_train, rel=1e-8)
    assert test[0] == pytest.approx(expected_test, rel=1e-8)


def test_deep_and_shallow_curves_share_their_limits():
    t = np.array([0.0, 1e12])
    shallow = error_curves(t, [3.0, 2.0, 1.0], n_weights=2, **SINGLE)
    deep = error_curves(t, [3.0, 2.0, 1.0], n_weights=4, **SINGLE)
    np.testing.assert_allclose(deep, shallow, rtol=1e-10, atol=1e-14)


def test_optimal_stopping_stacked_runs():
    t = np.arange(0.0, 50.0, 5.0)
    test = np.vstack([(t - 20.0) ** 2 + 1.0, (t - 35.0) ** 2 + 2.0])
    t_opt, test_min = optimal_stopping(t, test)
    np.testing.assert_array_equal(t_opt, [20.0, 35.0])
    np.testing.assert_array_equal(test_min, [1.0, 2.0])
    t_opt, test_min = optimal_stopping(t, test.T, axis=0)
    np.testing.assert_array_equal(t_opt, [20.0, 35.0])
    assert optimal_stopping(t, test[0]) == (20.0, 1.0)


# ---- optimal shrinkage on data and finite-size Monte Carlo (SCIENCE 1.5, 1.7) --------------------


def noisy_rank_one(rng, s_bar, N1=1000, N3=500):
    """Rank-1 teacher s_bar u v^T plus iid N(0, 1/N1) noise, and its unit modes."""
    u = rng.standard_normal(N3)
    v = rng.standard_normal(N1)
    u, v = u / np.linalg.norm(u), v / np.linalg.norm(v)
    return s_bar * np.outer(u, v) + rng.standard_normal((N3, N1)) / np.sqrt(N1), u, v


def test_monte_carlo_s_hat_and_overlaps():
    # N1 = 1000, A = 0.5. Over independent draws the top singular value spreads with sd ~0.035 and
    # the overlaps with sd <= 0.011 (N^-1/2 scaling); tolerances are ~3-4 sd.
    rng = np.random.default_rng(20190506)
    for s in (1.5, 3.0):
        y, u, v = noisy_rank_one(rng, s)
        left, x, right = np.linalg.svd(y, full_matrices=False)
        u_side, v_side = overlap_factors(s, 0.5)
        assert x[0] == pytest.approx(s_hat(s, 0.5), abs=0.1)
        assert abs(left[:, 0] @ u) == pytest.approx(u_side, abs=0.04)
        assert abs(right[0] @ v) == pytest.approx(v_side, abs=0.04)


def test_shrinkage_estimator_monte_carlo():
    # Two stacked draws at N1 = 1000, N3 = 500, s_bar = 3; the per-draw test error spreads with
    # sd ~0.0035 around 1 - O^2 = 0.158, so the mean of two is checked to 5% (~3 sd).
    rng = np.random.default_rng(7)
    draws = [noisy_rank_one(rng, 3.0) for _ in range(2)]
    y = np.stack([d[0] for d in draws])
    teachers = np.stack([3.0 * np.outer(d[1], d[2]) for d in draws])
    w = shrinkage_estimator(y, N1=1000)
    assert w.shape == y.shape
    errors = np.sum((w - teachers) ** 2, axis=(1, 2)) / 9.0
    expected = shrinkage_test_error(3.0, 0.5)
    assert errors.mean() == pytest.approx(expected, rel=0.05)
    np.testing.assert_allclose(shrinkage_estimator(y[0], N1=1000), w[0], rtol=1e-10, atol=1e-12)
    raw = np.sum((y - teachers) ** 2, axis=(1, 2)) / 9.0
    assert np.all(errors < raw)


# ---- number of training examples (SCIENCE 1.8) ---------------------------------------------------

FIG6 = {"N1": 100, "N2": 100, "N3": 100, "eps": 1e-5, "tau": 1000.0}


@pytest.mark.parametrize("n_weights", [2, 4])
def test_sample_size_curve_at_p_equals_n1(n_weights):
    t = np.linspace(0.0, 1e5, 201)
    curve = sample_size_test_curve(t, 3.0, P=100, n_weights=n_weights, **FIG6)
    _, test = error_curves(t, 3.0, n_weights=n_weights, **FIG6)
    np.testing.assert_allclose(curve, test, rtol=1e-12)


def test_sample_size_more_data_than_inputs_matches_raw_dynamics():
    # D = P/N1 = 2: Sigma11 = D I and data singular values sqrt(D) x, so each raw mode follows the
    # logistic tau du/dt = 2u (sqrt(D) x - D u), u(0) = eps: capacity x/sqrt(D), rate
    # 2 sqrt(D) x/tau.
    D, svm, eps, tau = 2.0, 3.0, 1e-5, 1000.0
    t = np.linspace(0.0, 1e4, 101)[:, None]

    def raw(x):
        cap, rate = x / np.sqrt(D), 2 * np.sqrt(D) * x / tau
        return cap / (1 + (cap / eps - 1) * np.exp(-rate * t))

    s_eff = svm * np.sqrt(D)
    x, w = mp_quadrature(1.0)
    u = raw(s_hat(s_eff, 1.0))[:, 0]
    expected = (99 * raw(x) ** 2 @ w + u**2 - 2 * u * svm * overlap(s_eff, 1.0) + svm**2) / svm**2
    got = sample_size_test_curve(t[:, 0], svm, P=200, **FIG6)
    np.testing.assert_allclose(got, expected, rtol=1e-10)


@pytest.mark.parametrize("svm", [2.0, 3.0, 4.0])
def test_sample_size_claims(svm):
    # SCIENCE 1.8 (Figure 6 SNRs): late-time error peaks at P = N1; the optimum improves with P.
    P = np.arange(20, 201, 20)
    t = np.append(np.linspace(0.0, 1e4, 1001), 1e9)
    curves = np.array([sample_size_test_curve(t, svm, P=int(p), **FIG6) for p in P])
    assert P[np.argmax(curves[:, -1])] == 100
    assert np.all(np.diff(curves[:, :-1].min(axis=1)) < 0)


# ---- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: s_hat(1.0, 1.5), "A must lie in"),
        (lambda: overlap(-1.0, 0.5), "s_bar must be finite and >= 0"),
        (
            lambda: error_curves([0.0], 1.0, N1=50, N2=50, N3=100, eps=1e-5, tau=1.0),
            r"A = N3/N1 must lie in \(0, 1\]",
        ),
        (lambda: error_curves([0.0], -1.0, **SINGLE), "s_bar must be finite"),
        (lambda: error_curves([np.nan], 1.0, **SINGLE), "t must be finite"),
        (lambda: error_curves([np.inf], 1.0, **SINGLE), "t must be finite"),
        (
            lambda: error_curves([0.0], 1.0, N1=100, N2=0, N3=50, eps=1e-5, tau=1.0),
            "N2 must be an integer >= 1",
        ),
        (lambda: error_curves([0.0], [3.0, 2.0], N1=100, N2=1, N3=50, eps=1e-5, tau=1.0), "rank"),
        (lambda: error_curves([0.0], 1.0, **{**SINGLE, "eps": 0.0}), "eps must be finite and > 0"),
        (
            lambda: error_curves([0.0], 1.0, sigma_z=-1.0, **SINGLE),
            "sigma_z must be finite and > 0",
        ),
        (lambda: error_curves([0.0], 0.0, **SINGLE), "s_bar must contain"),
        (
            lambda: mode_strength(1.0, 2.0, eps=1e-5, tau=1.0, n_weights=1),
            "n_weights must be an integer >= 2",
        ),
        (lambda: mode_strength(1.0, 2.0, eps=-1e-5, tau=1.0), "eps must be finite and > 0"),
        (lambda: mode_strength(-1.0, 2.0, eps=1e-5, tau=1.0), "t must be finite and >= 0"),
        (lambda: mode_strength(1.0, 1e30, eps=1e-5, tau=1.0, n_weights=4), "s_hat/eps"),
        (lambda: mode_time(3.0, 2.0, eps=1e-5, tau=1.0), r"s must lie in \[eps, s_hat\)"),
        (lambda: mp_quadrature(0.5, top_fraction=0.0), r"top_fraction must lie in \(0, 1\]"),
        (lambda: mp_quadrature(0.0), "A must lie in"),
        (lambda: marchenko_pastur_density(np.nan, 0.5), "x must be finite"),
        (
            lambda: shrinkage_estimator(np.zeros((100, 50)), N1=50),
            r"A = N3/N1 must lie in \(0, 1\]",
        ),
        (lambda: shrinkage_estimator(np.zeros((50, 100)), N1=90), "shape"),
        (lambda: optimal_stopping([0.0, 1.0], [1.0, np.nan]), "finite"),
        (lambda: sample_size_test_curve([0.0], 3.0, P=0, **FIG6), "P must be an integer >= 1"),
    ],
)
def test_bad_arguments_raise(call, match):
    with pytest.raises(ValueError, match=match):
        call()
