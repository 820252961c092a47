"""Tests for lingen.teacher: Haar matrices, teachers and training sets (SCIENCE.md 1.1, 1.8-1.10).

Tolerances: algebraic identities (orthogonality, exact singular values, scaling of the same draws)
hold to rounding, checked at 1e-12. Monte-Carlo checks use a fixed seed and a tolerance of five
standard errors, computed from the known sampling distribution and stated beside each assertion.
"""

import numpy as np
import pytest

from lingen.teacher import (
    TrainingSet,
    haar_orthogonal,
    randomized_targets,
    sample_size_dataset,
    stack_training_sets,
    teacher_dataset,
    transfer_dataset,
)

EXACT = 1e-12


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


# ----------------------------------------------------------------------------- Haar matrices


@pytest.mark.parametrize("n", [1, 2, 7, 40])
def test_haar_is_orthogonal(n):
    q = haar_orthogonal(n, rng(n))
    assert q.shape == (n, n)
    np.testing.assert_allclose(q.T @ q, np.eye(n), atol=EXACT)
    qs = haar_orthogonal(n, rng(n), size=5)
    assert qs.shape == (5, n, n)
    np.testing.assert_allclose(np.swapaxes(qs, -1, -2) @ qs, np.broadcast_to(np.eye(n), qs.shape),
                               atol=EXACT)


def test_haar_moments():
    """Haar O(n): E[tr Q] = 0 with Var(tr Q) = 1 (n >= 2); Q_11^2 ~ Beta(1/2, (n-1)/2).

    Without the sign(diag R) fix, QR returns Q_11 < 0 always and E[tr Q] far from 0, so this
    fails for an un-fixed QR. M = 4000 draws, n = 4: SE(mean tr) = 1/sqrt(M) = 0.016;
    E[Q_11^2] = 1/4, sd(Q_11^2) = sqrt(ab/((a+b)^2(a+b+1))) = 0.25, SE = 0.004; SE(mean Q_11) =
    0.5/sqrt(M) = 0.008. Tolerances are 5 SE.
    """
    n, m = 4, 4000
    q = haar_orthogonal(n, rng(1), size=m)
    assert abs(np.trace(q, axis1=-2, axis2=-1).mean()) < 5 / np.sqrt(m)
    assert abs((q[:, 0, 0] ** 2).mean() - 1 / n) < 5 * 0.25 / np.sqrt(m)
    assert abs(q[:, 0, 0].mean()) < 5 * 0.5 / np.sqrt(m)


# ----------------------------------------------------------------------------- teacher datasets


def test_teacher_singular_values_are_exact():
    ts = teacher_dataset(rng(2), N1=30, N3=20, rank=3, svm=1.5, noise_var=0.1)
    s = np.linalg.svd(ts.w_bar, compute_uv=False)
    np.testing.assert_allclose(s[:3], [4.5, 3.0, 1.5], rtol=EXACT)
    assert np.all(s[3:] < EXACT)
    np.testing.assert_array_equal(ts.s_bar, [4.5, 3.0, 1.5])
    assert ts.sigma11 is None
    np.testing.assert_allclose(ts.y_norm2, np.sum(ts.sigma31**2), rtol=EXACT)


def test_teacher_draws_do_not_depend_on_svm():
    a = teacher_dataset(rng(3), N1=12, N3=8, rank=2, svm=1.0, noise_var=0.05)
    b = teacher_dataset(rng(3), N1=12, N3=8, rank=2, svm=7.0, noise_var=0.05)
    np.testing.assert_allclose(b.w_bar, 7.0 * a.w_bar, rtol=0, atol=EXACT * 7)
    np.testing.assert_allclose(b.sigma31 - b.w_bar, a.sigma31 - a.w_bar, atol=EXACT * 7)


def test_noise_variance():
    """20 000 noise entries: SE of the sample variance is var*sqrt(2/20000) = 1% (tolerance 5%)."""
    var = 0.05
    ts = teacher_dataset(rng(4), N1=200, N3=100, rank=2, svm=3.0, noise_var=var)
    z = (ts.sigma31 - ts.w_bar).ravel()
    assert abs(z.var() / var - 1) < 5 * np.sqrt(2 / z.size)
    assert abs(z.mean()) < 5 * np.sqrt(var / z.size)


def test_teacher_dataset_validation():
    with pytest.raises(ValueError, match="rank"):
        teacher_dataset(rng(), N1=5, N3=4, rank=5, svm=1.0, noise_var=0.1)
    with pytest.raises(ValueError, match="svm"):
        teacher_dataset(rng(), N1=5, N3=4, rank=1, svm=0.0, noise_var=0.1)
    with pytest.raises(ValueError, match="noise_var"):
        teacher_dataset(rng(), N1=5, N3=4, rank=1, svm=1.0, noise_var=-1.0)
    with pytest.raises(ValueError, match="N1"):
        teacher_dataset(rng(), N1=0, N3=4, rank=1, svm=1.0, noise_var=0.1)
    with pytest.raises(ValueError, match="rng"):
        teacher_dataset(0, N1=5, N3=4, rank=1, svm=1.0, noise_var=0.1)


def test_randomized_targets_keep_second_moment():
    """||Y_new||^2/||Y||^2 ~ chi2_k/k with k = N1 N3 = 5000: sd = sqrt(2/k) = 0.02 per draw;
    the mean of 20 draws has SE 0.0045 (tolerance 5 SE)."""
    ts = teacher_dataset(rng(5), N1=100, N3=50, rank=3, svm=10.0, noise_var=0.01)
    g = rng(6)
    ratios = []
    for _ in range(20):
        r = randomized_targets(ts, g)
        np.testing.assert_array_equal(r.w_bar, ts.w_bar)
        np.testing.assert_allclose(r.y_norm2, np.sum(r.sigma31**2), rtol=EXACT)
        ratios.append(r.y_norm2 / ts.y_norm2)
    assert abs(np.mean(ratios) - 1) < 5 * np.sqrt(2 / 5000 / 20)
    # a batch is scaled run by run
    batch = randomized_targets(stack_training_sets([ts, ts]), g)
    assert batch.sigma31.shape == (2, 50, 100)
    ps = sample_size_dataset(rng(), N1=6, N3=4, P=3, svm=1.0, noise_var=0.1)
    with pytest.raises(ValueError, match="sigma11"):
        randomized_targets(ps, g)


# ----------------------------------------------------------------------------- P != N1


def test_sample_size_projector_and_scaled_identity():
    n1 = 10
    for p in (1, 7, 10):
        ts = sample_size_dataset(rng(p), N1=n1, N3=6, P=p, svm=2.0, noise_var=0.1)
        s11 = ts.sigma11
        np.testing.assert_allclose(s11, s11.T, atol=EXACT)
        np.testing.assert_allclose(s11 @ s11, s11, atol=EXACT)
        assert abs(np.trace(s11) - p) < EXACT * n1
    for p in (11, 17, 30):
        ts = sample_size_dataset(rng(p), N1=n1, N3=6, P=p, svm=2.0, noise_var=0.1)
        np.testing.assert_allclose(ts.sigma11, (p / n1) * np.eye(n1), atol=EXACT * p)
    ts = sample_size_dataset(rng(8), N1=n1, N3=6, P=17, svm=2.0, noise_var=0.1)
    s = np.linalg.svd(ts.w_bar, compute_uv=False)
    np.testing.assert_allclose(s[0], 2.0, rtol=EXACT)
    assert s[1] < EXACT


def test_sample_size_draws_do_not_depend_on_svm():
    a = sample_size_dataset(rng(9), N1=8, N3=5, P=13, svm=1.0, noise_var=0.1)
    b = sample_size_dataset(rng(9), N1=8, N3=5, P=13, svm=3.0, noise_var=0.1)
    np.testing.assert_allclose(b.w_bar, 3 * a.w_bar, atol=EXACT)
    np.testing.assert_array_equal(b.sigma11, a.sigma11)
    # Sigma31 = (Wbar X + Z) X^T is affine in svm
    np.testing.assert_allclose(b.sigma31 - b.w_bar @ b.sigma11, a.sigma31 - a.w_bar @ a.sigma11,
                               atol=EXACT * 10)


def test_gaussian_inputs_have_expected_correlation():
    """E[Sigma11] = (P/N1) I for X = G/sqrt(N1). With N1 = 20, P = 4000 each diagonal entry has
    sd sqrt(2P)/N1 = 4.5 around P/N1 = 200 and each off-diagonal sd sqrt(P)/N1 = 3.2: 5 sd = 22."""
    ts = sample_size_dataset(rng(10), N1=20, N3=3, P=4000, svm=1.0, noise_var=0.1,
                             input_type="gaussian")
    np.testing.assert_allclose(ts.sigma11, 200 * np.eye(20), atol=5 * np.sqrt(2 * 4000) / 20)
    with pytest.raises(ValueError, match="input_type"):
        sample_size_dataset(rng(), N1=4, N3=3, P=4, svm=1.0, noise_var=0.1, input_type="onehot")
    with pytest.raises(ValueError, match="P"):
        sample_size_dataset(rng(), N1=4, N3=3, P=0, svm=1.0, noise_var=0.1)


# ----------------------------------------------------------------------------- transfer


def test_transfer_alignment_and_joint_svd():
    kw = {"N1": 30, "N3_A": 10, "N3_B": 12, "s_A": 2.0, "s_B": 5.0, "noise_var": 0.02}
    ref = transfer_dataset(rng(11), q=1.0, **kw)  # vB = vA: W_B(q=1) = s_B uB vA^T
    for q in (0.0, 0.3, -0.6, 1.0):
        tr = transfer_dataset(rng(11), q=q, **kw)
        w_a = tr.joint.w_bar[tr.rows_a]
        w_b = tr.joint.w_bar[tr.rows_b]
        # the same uA, uB and V for every q, so <W_B(q), W_B(1)> / s_B^2 = vB . vA = q
        assert abs(np.sum(w_b * ref.task_b.w_bar) / 5.0**2 - q) < EXACT
        np.testing.assert_array_equal(w_a, ref.task_a.w_bar)
        np.testing.assert_allclose(np.linalg.svd(w_a, compute_uv=False)[0], 2.0, rtol=EXACT)
        s_joint = np.linalg.svd(tr.joint.w_bar, compute_uv=False)
        np.testing.assert_allclose(s_joint[:2], tr.joint.s_bar, rtol=EXACT, atol=EXACT)
        # alone sets are the row blocks of the same noisy data
        np.testing.assert_array_equal(tr.task_a.sigma31, tr.joint.sigma31[:10])
        np.testing.assert_array_equal(tr.task_b.sigma31, tr.joint.sigma31[10:])
        np.testing.assert_array_equal(tr.task_a.s_bar, [2.0])
        # noise is drawn independently of q
        np.testing.assert_allclose(tr.joint.sigma31 - tr.joint.w_bar,
                                   ref.joint.sigma31 - ref.joint.w_bar, atol=EXACT)


def test_transfer_draws_do_not_depend_on_strengths():
    a = transfer_dataset(rng(12), N1=20, N3_A=5, N3_B=6, s_A=1.0, s_B=1.0, q=0.4, noise_var=0.1)
    b = transfer_dataset(rng(12), N1=20, N3_A=5, N3_B=6, s_A=3.0, s_B=0.5, q=0.4, noise_var=0.1)
    np.testing.assert_allclose(b.task_a.w_bar, 3.0 * a.task_a.w_bar, atol=EXACT)
    np.testing.assert_allclose(b.task_b.w_bar, 0.5 * a.task_b.w_bar, atol=EXACT)
    with pytest.raises(ValueError, match="q"):
        transfer_dataset(rng(), N1=20, s_A=1.0, s_B=1.0, q=1.5, noise_var=0.1)
    with pytest.raises(ValueError, match="s_B"):
        transfer_dataset(rng(), N1=20, s_A=1.0, s_B=-1.0, q=0.5, noise_var=0.1)


# ----------------------------------------------------------------------------- containers


def test_stack_training_sets():
    one_hot = teacher_dataset(rng(13), N1=6, N3=4, rank=1, svm=1.0, noise_var=0.1)
    inputs = sample_size_dataset(rng(14), N1=6, N3=4, P=3, svm=1.0, noise_var=0.1)
    batch = stack_training_sets([one_hot, inputs, stack_training_sets([one_hot, one_hot])])
    assert batch.batched and batch.n_runs == 4
    assert batch.sigma31.shape == (4, 4, 6) and batch.s_bar.shape == (4, 1)
    np.testing.assert_array_equal(batch.sigma11[0], np.eye(6))  # identity filled in
    np.testing.assert_array_equal(batch.sigma11[1], inputs.sigma11)
    assert one_hot.as_batch().sigma31.shape == (1, 4, 6)
    rank2 = teacher_dataset(rng(), N1=6, N3=4, rank=2, svm=1.0, noise_var=0.1)
    with pytest.raises(ValueError, match="rank"):
        stack_training_sets([one_hot, rank2])
    with pytest.raises(ValueError, match="w_bar"):
        TrainingSet(sigma31=np.ones((2, 3)), sigma11=None, y_norm2=np.float64(6.0),
                    w_bar=np.ones((3, 2)), s_bar=np.ones(1))
