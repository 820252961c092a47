"""Summaries over independent runs: means, 95% confidence intervals, per-run optimal stopping.

The paper's optimal-stopping summaries are per run (SCIENCE.md section 2, general conventions):
for each run take ``min_t ln eps_test(t)`` and the epoch where it is reached, then report the mean
over runs with a normal-approximation 95% CI, ``1.96 sd / sqrt(n)`` (sd with ``ddof=1``).
"""

from __future__ import annotations

import numpy as np

__all__ = ["mean_ci95", "per_run_optimal_stopping"]

Z95 = 1.96


def mean_ci95(values: np.ndarray, axis: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Mean and half-width of the 95% CI ``1.96 sd/sqrt(n)`` along ``axis``.

    With a single value the half-width is 0 (no spread can be estimated); non-finite values raise.
    """
    values = np.asarray(values, dtype=float)
    if values.size == 0 or values.shape[axis] == 0:
        raise ValueError("mean_ci95 needs at least one value along the run axis")
    if not np.all(np.isfinite(values)):
        raise ValueError("mean_ci95 got non-finite values (a diverged or missing run?)")
    n = values.shape[axis]
    mean = values.mean(axis=axis)
    if n == 1:
        return mean, np.zeros_like(mean)
    return mean, Z95 * values.std(axis=axis, ddof=1) / np.sqrt(n)


def per_run_optimal_stopping(
    epochs: np.ndarray, test: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per-run optimal stopping of recorded test curves.

    Parameters
    ----------
    epochs : array[T]       recorded epochs (true epochs, not row indices)
    test   : array[R, T]    test error (linear scale) of R runs

    Returns
    -------
    t_opt : array[R]        epoch of the minimum of each run's test error
    ln_min : array[R]       ``min_t ln eps_test(t)`` of each run
    """
    epochs = np.asarray(epochs)
    test = np.atleast_2d(np.asarray(test, dtype=float))
    if test.shape[-1] != epochs.shape[0]:
        raise ValueError(
            f"test has {test.shape[-1]} time points but epochs has {epochs.shape[0]}"
        )
    if not np.all(np.isfinite(test)) or np.any(test <= 0):
        raise ValueError("test errors must be finite and positive to take logarithms")
    idx = np.argmin(test, axis=-1)
    return epochs[idx], np.log(np.take_along_axis(test, idx[:, None], axis=-1)[:, 0])
