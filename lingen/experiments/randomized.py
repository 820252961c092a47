"""Randomised against real targets (Figure 5; SCIENCE.md 1.10 and section 2, Figure 5).

A rank-3 teacher with strong modes (``s_bar = svm * (3, 2, 1)``) is learned by randomly initialised
one-hidden-layer students twice per run: once from its noisy targets ("original") and once from
targets replaced by iid Gaussians with the same second moment ("randomized"). Randomising spreads
the variance of a few strong data modes over many weak ones; since a mode of data singular value
``s_hat`` is learned at ``t* ~ tau ln(s_hat/eps) / (2 s_hat)`` (poster eq 6), random labels are
fitted several times more slowly.

Seeding (SCIENCE.md 1.2): run ``i`` draws its teacher data from
``("fig5", "dataset", "run", i)``, the randomised targets from ``("fig5", "randomize", "run", i)``
and its student initialisation from ``("fig5", "init", "run", i)``; the two students of a run
therefore start from the same weights, and the randomised data of a run replace exactly the targets
its original student sees.

Theory (an addition to the authors' figure, which showed simulations only): each data set's own
singular values ``s_hat_i`` give the training-aligned (TA) train error
``eps_train(t) = sum_i (s(t, s_hat_i) - s_hat_i)^2 / sum_i s_hat_i^2``
(:func:`spectrum_train_error`); random-matrix theory gives where the spectra lie
(:func:`fig5_theory`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from lingen import stats, teacher, theory
from lingen.experiments.single_task import simulate_single_task, teacher_singular_values
from lingen.seeds import job_seed_sequence, run_seed_sequences

__all__ = [
    "CROSSING_COLUMNS",
    "HALF",
    "KINDS",
    "crossing_rows",
    "crossing_time",
    "fig5_datasets",
    "fig5_init_seeds",
    "fig5_simulation",
    "fig5_theory",
    "spectrum_train_error",
]

Config = Mapping[str, Any]

#: the two training sets of a run: noisy teacher targets, and iid Gaussian targets
KINDS = ("original", "randomized")
#: the train error level, relative to its initial value, whose crossing time the table reports
HALF = 0.5


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")


def fig5_datasets(
    root_seed: int, cfg: Config, kind: str
) -> tuple[teacher.TrainingSet, list[list[np.random.SeedSequence]]]:
    """Training sets of every run of one kind, stacked over runs (SCIENCE.md 1.1, 1.10).

    ``"original"``: the noisy rank-``cfg["rank"]`` teacher data of
    :func:`lingen.teacher.teacher_dataset` (one-hot inputs). ``"randomized"``: the same data passed
    through :func:`lingen.teacher.randomized_targets`. Returns the batch
    (``sigma31: array[R, N3, N1]``) and, per run, the seed sequences used (dataset, and for
    ``"randomized"`` also the randomisation).
    """
    _check_kind(kind)
    sets, seeds = [], []
    for run in range(cfg["runs"]):
        data_seed = job_seed_sequence(root_seed, "fig5", "dataset", "run", run)
        ts = teacher.teacher_dataset(
            np.random.default_rng(data_seed),
            N1=cfg["N1"],
            N3=cfg["N3"],
            rank=cfg["rank"],
            svm=float(cfg["svm"]),
            noise_var=cfg["noise_var"],
        )
        run_seeds = [data_seed]
        if kind == "randomized":
            shuffle_seed = job_seed_sequence(root_seed, "fig5", "randomize", "run", run)
            ts = teacher.randomized_targets(ts, np.random.default_rng(shuffle_seed))
            run_seeds.append(shuffle_seed)
        sets.append(ts)
        seeds.append(run_seeds)
    return teacher.stack_training_sets(sets), seeds


def fig5_init_seeds(root_seed: int, cfg: Config) -> list[np.random.SeedSequence]:
    """Seed of each run's random student initialisation, shared by both kinds of data."""
    return run_seed_sequences(root_seed, cfg["runs"], "fig5", "init")


def fig5_simulation(
    ts: teacher.TrainingSet,
    cfg: Config,
    seeds: Sequence[np.random.SeedSequence],
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Randomly initialised one-hidden-layer students on one kind of data (all runs in one batch).

    Full-matrix gradient descent (:func:`lingen.dynamics.simulate_gd`), run ``i`` initialised from
    ``seeds[i]``. Returns ``epochs[T]``, ``train[R, T]`` (linear scale) and the singular values of
    each run's training targets, ``singular_values[R, N3]`` (descending; ``Sigma31 = Y`` for one-hot
    inputs).
    """
    traj = simulate_single_task(ts, {**cfg, "n_weights": 2}, "random", seeds, progress)
    return {"epochs": traj.epochs, "train": traj.train, "singular_values": _spectrum(ts)}


def _spectrum(ts: teacher.TrainingSet) -> np.ndarray:
    """Singular values of each run's ``Sigma31`` (the targets Y, one-hot inputs): array[R, N3]."""
    return np.linalg.svd(ts.as_batch().sigma31, compute_uv=False)


def spectrum_train_error(
    t: np.ndarray, s_hat: np.ndarray, *, n_fit: int, eps: float, tau: float
) -> np.ndarray:
    """TA train error of a data set from its own singular values (SCIENCE.md 2, Figure 5b).

    A TA student learns each of its ``n_fit = min(N2, N3)`` top data modes along poster eq 6 and
    nothing else, so

    ``eps_train(t) = [sum_{i <= n_fit} (s(t, s_hat_i) - s_hat_i)^2 + sum_{i > n_fit} s_hat_i^2]
    / sum_i s_hat_i^2``

    (eq 10 with the empirical spectrum in place of the Marchenko-Pastur average). This is the
    continuous-time limit of the per-mode recursion of
    :func:`lingen.dynamics.simulate_aligned_modes`.

    Parameters
    ----------
    t : array[T]        times in epochs
    s_hat : array[R, M] singular values of each run's ``Sigma31``, descending
    n_fit : int         number of modes the student can fit (``min(N2, N3)``)

    Returns
    -------
    array[R, T]
    """
    s_hat = np.atleast_2d(np.asarray(s_hat, dtype=float))
    t = np.asarray(t, dtype=float)
    fitted = s_hat[:, None, :n_fit]
    strength = theory.mode_strength(t[None, :, None], fitted, eps=eps, tau=tau)
    unfitted = np.sum(s_hat[:, n_fit:] ** 2, axis=-1)
    residual = np.sum((strength - fitted) ** 2, axis=-1) + unfitted[:, None]
    return residual / np.sum(s_hat**2, axis=-1)[:, None]


def fig5_theory(cfg: Config, datasets: Mapping[str, teacher.TrainingSet]) -> dict[str, np.ndarray]:
    """Theory of both panels (SCIENCE.md 1.5, 1.10, 2).

    Panel a (spectra), with ``sigma_z = sqrt(noise_var N1)`` and ``A = N3/N1``:

    * ``signal_s_hat[rank]``: ``sigma_z s_hat(s_bar/sigma_z; A)`` (eq 7), ``s_bar = svm (rank..1)``;
    * ``noise_edges[2]``: the Marchenko-Pastur edges ``sigma_z (1 -+ sqrt(A))`` (eq 9);
    * ``randomized_edges[2]``: ``sigma_r (1 -+ sqrt(A))`` with
      ``sigma_r = sqrt(sum s_bar^2 / N3 + sigma_z^2)``: iid targets of the same second moment
      ``E||Y||^2 = sum s_bar^2 + N3 sigma_z^2`` have a rescaled MP spectrum.

    Panel b: ``train_<kind>[R, T]``, the TA train error of each run's data set of that kind
    (:func:`spectrum_train_error` on the singular values of ``datasets[kind]``, the batch of
    :func:`fig5_datasets`) at ``epochs[T]`` (the simulations' save points).
    """
    missing = [kind for kind in KINDS if kind not in datasets]
    if missing:
        raise ValueError(f"datasets of kind(s) {missing} are missing")
    A = cfg["N3"] / cfg["N1"]
    sigma_z = float(np.sqrt(cfg["noise_var"] * cfg["N1"]))
    s_bar = teacher_singular_values(cfg["svm"], cfg["rank"])
    sigma_r = float(np.sqrt(np.sum(s_bar**2) / cfg["N3"] + sigma_z**2))
    unit_edges = np.array([1.0 - np.sqrt(A), 1.0 + np.sqrt(A)])
    epochs = np.arange(0, cfg["epochs"] + 1, cfg["save_every"], dtype=float)
    curves = {
        f"train_{kind}": spectrum_train_error(
            epochs, _spectrum(datasets[kind]), n_fit=min(cfg["N2"], cfg["N3"]), eps=cfg["eps"],
            tau=1.0 / cfg["lr"],
        )
        for kind in KINDS
    }
    return {
        "epochs": epochs,
        "signal_s_bar": s_bar,
        "signal_s_hat": sigma_z * theory.s_hat(s_bar / sigma_z, A),
        "noise_edges": sigma_z * unit_edges,
        "sigma_r": np.float64(sigma_r),
        "randomized_edges": sigma_r * unit_edges,
        **curves,
    }


def crossing_time(epochs: np.ndarray, curves: np.ndarray, fraction: float = HALF) -> np.ndarray:
    """First time each curve falls to ``fraction`` of its initial value.

    Linear interpolation between the two save points around the crossing.

    Parameters
    ----------
    epochs : array[T]    increasing save points
    curves : array[R, T] decreasing-on-the-whole error curves

    Returns
    -------
    array[R]; ValueError if a curve never reaches the level.
    """
    epochs = np.asarray(epochs, dtype=float)
    curves = np.atleast_2d(np.asarray(curves, dtype=float))
    level = fraction * curves[:, :1]
    below = curves <= level
    if not np.all(below.any(axis=1)):
        raise ValueError(
            f"a curve never falls to {fraction:g} of its initial value within {epochs[-1]:g} epochs"
        )
    k = np.argmax(below, axis=1)
    if np.any(k == 0):
        raise ValueError(f"fraction must be < 1, got {fraction!r}")
    rows = np.arange(curves.shape[0])
    before, after = curves[rows, k - 1], curves[rows, k]
    share = (before - level[:, 0]) / (before - after)
    return epochs[k - 1] + share * (epochs[k] - epochs[k - 1])


CROSSING_COLUMNS = (
    "kind", "source", "n_runs", "error_fraction", "t_cross_mean", "t_cross_ci95",
    "slowdown_mean", "slowdown_ci95",
)


def crossing_rows(
    theory_arrays: Mapping[str, np.ndarray],
    simulations: Mapping[str, Mapping[str, np.ndarray]],
    fraction: float = HALF,
) -> list[dict[str, object]]:
    """Rows of the Figure 5 table: time for the train error to fall to ``fraction`` of its start.

    For each kind and source (``simulation``: random-init students; ``theory``: TA theory from each
    run's spectrum) the per-run crossing times (epochs) are summarised as mean and 95% CI, and so is
    the per-run *slowdown* ``t_cross(kind) / t_cross(original)`` (runs are paired: same teacher data
    and same initial weights). ``simulations[kind]`` holds ``epochs[T]`` and ``train[R, T]``.
    """
    times: dict[tuple[str, str], np.ndarray] = {}
    for kind in KINDS:
        sim = simulations[kind]
        times[(kind, "simulation")] = crossing_time(sim["epochs"], sim["train"], fraction)
        times[(kind, "theory")] = crossing_time(
            theory_arrays["epochs"], theory_arrays[f"train_{kind}"], fraction
        )
    rows: list[dict[str, object]] = []
    for (kind, source), t in times.items():
        t_mean, t_ci = stats.mean_ci95(t)
        slow_mean, slow_ci = stats.mean_ci95(t / times[("original", source)])
        rows.append({
            "kind": kind, "source": source, "n_runs": int(t.size),
            "error_fraction": float(fraction),
            "t_cross_mean": float(t_mean), "t_cross_ci95": float(t_ci),
            "slowdown_mean": float(slow_mean), "slowdown_ci95": float(slow_ci),
        })
    return rows
