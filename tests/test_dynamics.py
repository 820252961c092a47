"""Tests for lingen.dynamics: full-matrix and exact per-mode gradient descent (SCIENCE.md 1.2-1.3).

Tolerances. The two engines compute the same simultaneous-update trajectory by different float
operations (stacked matrix products vs scalar recursions), so they agree to rounding error
accumulated over a few hundred epochs: observed ~1e-13 relative, asserted at 1e-9. Runs done in a
batch or one at a time use the same BLAS calls per matrix: asserted at 1e-12 relative. A 1-mode
problem against a hand-written scalar recursion: 1e-12 relative. Sizes are tiny so the file runs in
about a second.
"""

import numpy as np
import pytest

from lingen.dynamics import (
    Trajectory,
    simulate_aligned_modes,
    simulate_gd,
    stable_lr_bound,
)
from lingen.teacher import (
    TrainingSet,
    sample_size_dataset,
    stack_training_sets,
    teacher_dataset,
    transfer_dataset,
)

ENGINES_AGREE = 1e-9
SAME_CALLS = 1e-12


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


def one_hot_set(seed: int = 1) -> TrainingSet:
    return teacher_dataset(rng(seed), N1=12, N3=6, rank=2, svm=2.0, noise_var=1 / 12)


def assert_same(a: Trajectory, b: Trajectory, rtol: float, train_atol: float = 0.0) -> None:
    np.testing.assert_array_equal(a.epochs, b.epochs)
    np.testing.assert_allclose(a.train, b.train, rtol=rtol, atol=train_atol)
    np.testing.assert_allclose(a.test, b.test, rtol=rtol, atol=0)


# ----------------------------------------------------------------------------- exact TA engine


CASES = {
    "one-hot": (one_hot_set, {"N2": 6}),
    "one-hot, N2 < N3": (one_hot_set, {"N2": 4}),
    "one-hot, N2 > N3": (one_hot_set, {"N2": 9}),
    "P < N1": (lambda: sample_size_dataset(rng(2), N1=8, N3=8, P=5, svm=2.0, noise_var=1 / 8),
               {"N2": 8}),
    "P > N1": (lambda: sample_size_dataset(rng(3), N1=8, N3=8, P=13, svm=2.0, noise_var=1 / 8),
               {"N2": 8}),
    "test_rows": (lambda: transfer_dataset(rng(4), N1=10, N3_A=4, N3_B=5, s_A=1.5, s_B=3.0,
                                           q=0.6, noise_var=0.1).joint,
                  {"N2": 5, "test_rows": slice(0, 4)}),
}


@pytest.mark.parametrize("n_weights", [2, 4])
@pytest.mark.parametrize("case", list(CASES))
def test_mode_engine_equals_full_aligned_gd(case, n_weights):
    """The per-mode recursion reproduces full-matrix GD from the TA initialisation."""
    make, extra = CASES[case]
    ts = make()
    kw = {"n_weights": n_weights, "eps": 1e-3, "lr": 0.03, "epochs": 600, "save_every": 20, **extra}
    full = simulate_gd(ts, init="aligned", rng=rng(5), **kw)
    modes = simulate_aligned_modes(ts, **kw)
    # With Sigma11 != I both engines get the train error as ||Y||^2 - 2 tr(W^T S31) + tr(W S11 W^T),
    # a difference of O(1) normalised terms: ~1e-15 absolute rounding, visible once the error
    # falls towards 0 (P < N1 fits the data exactly), hence the absolute tolerance.
    assert_same(full, modes, ENGINES_AGREE, train_atol=0.0 if ts.sigma11 is None else 1e-14)
    # the comparison is not vacuous: the run learns something
    assert modes.train[0, -1] < 0.9 * modes.train[0, 0]


def test_mode_engine_refuses_non_diagonal_input_correlation():
    ts = sample_size_dataset(rng(6), N1=6, N3=4, P=9, svm=2.0, noise_var=0.1, input_type="gaussian")
    with pytest.raises(ValueError, match="simulate_gd"):
        simulate_aligned_modes(ts, N2=4, epochs=10, save_every=5)


# ----------------------------------------------------------------------------- batching


@pytest.mark.parametrize("n_weights", [2, 4])
def test_batch_equals_runs_one_at_a_time(n_weights):
    sets = [teacher_dataset(rng(10 + i), N1=9, N3=5, rank=2, svm=2.0, noise_var=0.1)
            for i in range(3)]
    kw = {"N2": 5, "n_weights": n_weights, "eps": 1e-3, "lr": 0.01, "epochs": 200,
          "save_every": 10}
    for init in ("random", "aligned"):
        batch = simulate_gd(stack_training_sets(sets), init=init,
                            rng=[rng(20 + i) for i in range(3)], **kw)
        assert batch.train.shape == (3, 21)
        for i, ts in enumerate(sets):
            single = simulate_gd(ts, init=init, rng=rng(20 + i), **kw)
            np.testing.assert_allclose(batch.train[i], single.train[0], rtol=SAME_CALLS)
            np.testing.assert_allclose(batch.test[i], single.test[0], rtol=SAME_CALLS)
    modes = simulate_aligned_modes(stack_training_sets(sets), **kw)
    for i, ts in enumerate(sets):
        single = simulate_aligned_modes(ts, **kw)
        np.testing.assert_allclose(modes.train[i], single.train[0], rtol=SAME_CALLS)


# ----------------------------------------------------------------------------- one mode


@pytest.mark.parametrize("n_weights", [2, 4])
def test_one_mode_matches_scalar_recursion(n_weights):
    """Noise-free rank-1 teacher, one hidden unit, TA start: every layer has strength a with
    a <- a + lr a^{N_W-1} (svm - a^{N_W}) (simultaneous update), and W = a^{N_W} u v^T, so
    train = test = (svm - a^{N_W})^2 / svm^2. A sequential (Gauss-Seidel) update would differ
    at O(lr^2) per step, far above the tolerance."""
    svm, eps, lr, epochs = 3.0, 1e-2, 0.02, 400
    ts = teacher_dataset(rng(7), N1=3, N3=3, rank=1, svm=svm, noise_var=0.0)
    traj = simulate_gd(ts, N2=1, n_weights=n_weights, init="aligned", eps=eps, lr=lr,
                       epochs=epochs, save_every=1, rng=rng(8))
    a = eps ** (1 / n_weights)
    expected = []
    for _ in range(epochs + 1):
        expected.append((svm - a**n_weights) ** 2 / svm**2)
        a = a + lr * a ** (n_weights - 1) * (svm - a**n_weights)
    # the residual |svm - s| is known to ~1e-16 svm, so the (squared) errors also to 1e-15 absolute
    np.testing.assert_allclose(traj.test[0], expected, rtol=SAME_CALLS, atol=1e-15)
    np.testing.assert_allclose(traj.train[0], expected, rtol=SAME_CALLS, atol=1e-15)
    assert expected[-1] < 1e-6  # learned


def test_train_error_formula_with_input_correlation():
    """At epoch 0 the aligned student is W = eps Uhat_m Vhat_m^T; compare the statistics-based
    train and test errors with ||Y - W X||^2/||Y||^2 and ||Wbar - W||^2/||Wbar||^2 from explicit
    X, Y (eps = 0.3 so that W matters)."""
    g = rng(9)
    n1, n3, p, eps = 6, 4, 9, 0.3
    x = g.standard_normal((n1, p))
    w_bar = np.outer(g.standard_normal(n3), g.standard_normal(n1))
    y = w_bar @ x + 0.3 * g.standard_normal((n3, p))
    ts = TrainingSet(sigma31=y @ x.T, sigma11=x @ x.T, y_norm2=np.sum(y**2), w_bar=w_bar,
                     s_bar=np.linalg.svd(w_bar, compute_uv=False)[:1])
    u, _, vt = np.linalg.svd(ts.sigma31)
    w = eps * u[:, :4] @ vt[:4]
    traj = simulate_gd(ts, N2=4, init="aligned", eps=eps, lr=1e-3, epochs=0, save_every=1)
    np.testing.assert_allclose(traj.train[0, 0], np.sum((y - w @ x) ** 2) / np.sum(y**2),
                               rtol=SAME_CALLS)
    np.testing.assert_allclose(traj.test[0, 0], np.sum((w_bar - w) ** 2) / np.sum(w_bar**2),
                               rtol=SAME_CALLS)


# ----------------------------------------------------------------------------- random students


@pytest.mark.parametrize("n_weights", [2, 4])
def test_random_student_starts_at_one_and_descends(n_weights):
    """eps <= 1e-4: |train(0) - 1| <= 2 ||W|| / ||Y|| + ||W||^2/||Y||^2 with ||W||_F = eps sqrt(N2)
    and ||Y|| ~ 5, far below 1e-3. Small-lr GD decreases the loss at every step (1e-12 slack)."""
    ts = one_hot_set(11)
    eps, lr = (1e-5, 0.01) if n_weights == 2 else (1e-4, 0.03)  # deep nets start slower
    traj = simulate_gd(ts, N2=6, n_weights=n_weights, eps=eps, lr=lr, epochs=1500,
                       save_every=50, rng=rng(12))
    assert abs(traj.train[0, 0] - 1) < 1e-3 and abs(traj.test[0, 0] - 1) < 1e-3
    assert np.all(np.diff(traj.train[0]) <= 1e-12)
    assert traj.train[0, -1] < 0.5
    np.testing.assert_array_equal(traj.epochs, np.arange(0, 1501, 50))


def test_progress_is_reported():
    calls = []
    simulate_aligned_modes(one_hot_set(), N2=6, epochs=100, save_every=10,
                           progress=lambda e, n: calls.append((e, n)))
    assert calls[0] == (0, 100) and calls[-1] == (100, 100) and len(calls) == 21


# ----------------------------------------------------------------------------- stability, errors


def test_stable_lr_bound_is_the_divergence_edge():
    """Bound 2 / (N_W shat^{2-2/N_W}): 1/4 shallow, 1/16 deep for shat = 4. Just below it the
    mode converges to shat; just above, both engines refuse to run."""
    assert stable_lr_bound(4.0, n_weights=2) == pytest.approx(0.25, rel=1e-15)
    assert stable_lr_bound(4.0, n_weights=4) == pytest.approx(1 / 16, rel=1e-15)
    ts = teacher_dataset(rng(13), N1=3, N3=3, rank=1, svm=4.0, noise_var=0.0)
    for n_weights in (2, 4):
        bound = stable_lr_bound(4.0, n_weights=n_weights)
        ok = simulate_aligned_modes(ts, N2=1, n_weights=n_weights, eps=1e-2, lr=0.98 * bound,
                                    epochs=2000, save_every=100)
        assert ok.test[0, -1] < 1e-10
        kw = {"N2": 1, "n_weights": n_weights, "eps": 1e-2, "lr": 1.02 * bound, "epochs": 10,
              "save_every": 5}
        with pytest.raises(ValueError, match=r"lr = .* must be < .*shat = 4"):
            simulate_aligned_modes(ts, **kw)
        with pytest.raises(ValueError, match=r"lr = .* must be < .*shat = 4"):
            simulate_gd(ts, **kw, rng=rng())


def test_non_finite_errors_raise():
    """A start far beyond the fixed point (eps = 1e4 >> shat) overshoots to inf within a few
    steps although lr passes the check at the data modes."""
    ts = teacher_dataset(rng(14), N1=4, N3=4, rank=1, svm=1.0, noise_var=0.0)
    kw = {"N2": 2, "eps": 1e4, "lr": 0.05, "epochs": 100, "save_every": 10}
    with pytest.raises(ValueError, match="non-finite.*lr"):
        simulate_aligned_modes(ts, **kw)
    with pytest.raises(ValueError, match="non-finite.*lr"):
        simulate_gd(ts, **kw, init="aligned")


def test_argument_validation():
    ts = one_hot_set()
    base = {"N2": 6, "epochs": 100, "save_every": 10, "rng": rng()}
    with pytest.raises(ValueError, match="save_every"):
        simulate_gd(ts, **{**base, "epochs": 105})
    with pytest.raises(ValueError, match="save_every"):
        simulate_aligned_modes(ts, N2=6, epochs=105, save_every=10)
    with pytest.raises(ValueError, match="N2"):
        simulate_gd(ts, **{**base, "N2": 0})
    with pytest.raises(ValueError, match="N2"):
        simulate_aligned_modes(ts, N2=0, epochs=100, save_every=10)
    with pytest.raises(ValueError, match="init"):
        simulate_gd(ts, **base, init="orthogonal")
    with pytest.raises(ValueError, match="n_weights"):
        simulate_gd(ts, **base, n_weights=1)
    with pytest.raises(ValueError, match="lr"):
        simulate_gd(ts, **base, lr=-1.0)
    with pytest.raises(ValueError, match="eps"):
        simulate_aligned_modes(ts, N2=6, epochs=100, save_every=10, eps=0.0)
    with pytest.raises(ValueError, match="rng"):
        simulate_gd(ts, N2=6, epochs=100, save_every=10)  # random init needs rng
    with pytest.raises(ValueError, match="rng"):
        simulate_gd(ts, N2=6, epochs=100, save_every=10, init="aligned", n_weights=4)
    with pytest.raises(ValueError, match="rng"):
        simulate_gd(stack_training_sets([ts, ts]), **{**base, "rng": [rng()]})
    with pytest.raises(ValueError, match="test_rows"):
        simulate_aligned_modes(ts, N2=6, epochs=100, save_every=10, test_rows=[7])


# ----------------------------------------------------------------------------- mode alignment


def test_mode_alignment():
    """TA student: its top modes are the data's (overlaps 1 to rounding once the strengths differ)
    and s_i/shat_i follows the scalar recursion a <- a + lr a (shat_i - a^2), s_i = a^2, to 1e-12.
    Random student: the top mode starts unaligned (|u . uhat| ~ N3^-1/2) and aligns as it is
    learned (t* ~ ln(shat/eps)/(2 shat) tau ~ 50 epochs for a TA mode here, longer from a random
    start): overlap > 0.99 after 400 epochs."""
    ts = teacher_dataset(rng(15), N1=12, N3=6, rank=2, svm=3.0, noise_var=1 / 12)
    shat = np.linalg.svd(ts.sigma31, compute_uv=False)[:2]
    eps, lr = 1e-3, 0.02
    ta = simulate_gd(ts, N2=6, init="aligned", eps=eps, lr=lr, epochs=200, save_every=50,
                     track_modes=2)
    a = np.full(2, np.sqrt(eps))
    for _ in range(200):
        a = a + lr * a * (shat - a**2)
    np.testing.assert_allclose(ta.alignment.s_ratio[0, -1], a**2 / shat, rtol=SAME_CALLS)
    np.testing.assert_allclose(ta.alignment.u_overlap[0, 1:], 1.0, atol=1e-10)
    np.testing.assert_allclose(ta.alignment.v_overlap[0, 1:], 1.0, atol=1e-10)

    rand = simulate_gd(ts, N2=6, eps=1e-5, lr=lr, epochs=400, save_every=400, rng=rng(16),
                       track_modes=1)
    assert rand.alignment.u_overlap.shape == (1, 2, 1)
    assert rand.alignment.u_overlap[0, -1, 0] > 0.99 and rand.alignment.v_overlap[0, -1, 0] > 0.99
    assert rand.alignment.s_ratio[0, 0, 0] < 1e-4
    assert rand.alignment.s_ratio[0, -1, 0] > 0.9
    assert simulate_gd(ts, N2=6, epochs=10, save_every=5, rng=rng()).alignment is None
    with pytest.raises(ValueError, match="track_modes"):
        simulate_gd(ts, N2=4, epochs=10, save_every=5, rng=rng(), track_modes=5)
