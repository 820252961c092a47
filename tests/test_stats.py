"""Run summaries: mean and 95% CI, per-run optimal stopping in true epochs."""

import numpy as np
import pytest

from lingen.stats import mean_ci95, per_run_optimal_stopping


def test_mean_ci95_matches_definition():
    x = np.array([1.0, 2.0, 4.0, 7.0])
    mean, ci = mean_ci95(x)
    assert mean == pytest.approx(3.5)
    sd = np.sqrt(((x - 3.5) ** 2).sum() / 3)
    assert ci == pytest.approx(1.96 * sd / 2.0, rel=1e-12)


def test_mean_ci95_single_value_and_errors():
    assert mean_ci95(np.array([2.0]))[1] == 0.0
    with pytest.raises(ValueError, match="non-finite"):
        mean_ci95(np.array([1.0, np.nan]))
    with pytest.raises(ValueError, match="at least one"):
        mean_ci95(np.array([]))


def test_per_run_optimal_stopping_reports_epochs_not_indices():
    epochs = np.arange(0, 50, 5)
    test = np.vstack([(epochs - 20.0) ** 2 + 1.0, (epochs - 35.0) ** 2 + 2.0])
    t_opt, ln_min = per_run_optimal_stopping(epochs, test)
    np.testing.assert_array_equal(t_opt, [20, 35])
    np.testing.assert_allclose(ln_min, np.log([1.0, 2.0]), rtol=1e-14)


def test_per_run_optimal_stopping_rejects_bad_input():
    with pytest.raises(ValueError, match="time points"):
        per_run_optimal_stopping(np.arange(3), np.ones((2, 4)))
    with pytest.raises(ValueError, match="finite and positive"):
        per_run_optimal_stopping(np.arange(3), np.array([[1.0, 0.0, 2.0]]))
