"""Number of training examples P != N1 (Figure 6; SCIENCE.md 1.8 and section 2, Figure 6).

A rank-1 teacher of strength ``svm`` is seen through P training inputs (orthonormal columns for
P <= N1, a scaled tight frame for P > N1) and learned by training-aligned (TA) one-hidden-layer
students. With ``D = P/N1`` the theory (:func:`lingen.theory.sample_size_test_curve`) predicts

* the optimal-stopping test error falls monotonically with P (panels b, c);
* the late-time test error is non-monotonic: it peaks at P = N1, where the student has a full
  input space and no noise averaging (for P < N1 the unseen input directions are never learned,
  so never overfitted; for P > N1 the noise is averaged over more examples).

Seeding (SCIENCE.md 1.2): the data of run ``i`` at P examples come from
``("fig6", "dataset", "P", P, "run", i)`` for every SNR, so different SNRs share modes, inputs and
noise and the teacher is only scaled. TA students have no random initialisation.

Engine: the exact per-mode TA recursion with ``d_i = vhat_i^T Sigma11 vhat_i``
(:func:`lingen.dynamics.simulate_aligned_modes`), exact for orthogonal inputs because Sigma11 is
then diagonal in the data's right singular basis; Gaussian inputs (not in the paper's Figure 6)
need the full-matrix engine.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from lingen import dynamics, stats, teacher, theory
from lingen.config import require_configured
from lingen.seeds import run_seed_sequences

__all__ = [
    "SAMPLE_SIZE_COLUMNS",
    "late_time_peaks",
    "sample_size_datasets",
    "sample_size_rows",
    "sample_size_simulation",
    "sample_size_theory",
]

Config = Mapping[str, Any]


def sample_size_datasets(
    root_seed: int, cfg: Config, P: int
) -> tuple[teacher.TrainingSet, list[np.random.SeedSequence]]:
    """Training sets of every (svm, run) at P examples, stacked SNR-major.

    Run ``i`` at SNR ``cfg["svm"][j]`` is item ``j * runs + i`` of the batch
    (``sigma31, sigma11: array[S * R, N, N]``); all SNRs of a run reuse that run's generator state.
    Returns the batch and the seed sequence of each run.
    """
    require_configured("fig6", "P", P, cfg["P"])
    seeds = run_seed_sequences(root_seed, cfg["runs"], "fig6", "dataset", "P", int(P))
    sets = [
        teacher.sample_size_dataset(
            np.random.default_rng(seed),
            N1=cfg["N1"],
            N3=cfg["N3"],
            P=int(P),
            svm=float(svm),
            noise_var=cfg["noise_var"],
            input_type=cfg["input_type"],
        )
        for svm in cfg["svm"]
        for seed in seeds
    ]
    return teacher.stack_training_sets(sets), seeds


def sample_size_simulation(
    ts: teacher.TrainingSet,
    cfg: Config,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, np.ndarray]:
    """Train TA students on the batch of :func:`sample_size_datasets` (all SNRs and runs at once).

    Returns ``svm[S]``, ``epochs[T]``, ``train[S, R, T]`` and ``test[S, R, T]`` (linear scale;
    S SNRs, R runs).
    """
    common = {
        "N2": cfg["N2"], "eps": cfg["eps"], "lr": cfg["lr"], "epochs": cfg["epochs"],
        "save_every": cfg["save_every"], "progress": progress,
    }
    if cfg["input_type"] == "orthogonal":
        traj = dynamics.simulate_aligned_modes(ts, **common)
    else:
        traj = dynamics.simulate_gd(ts, init="aligned", **common)
    shape = (len(cfg["svm"]), cfg["runs"], traj.epochs.size)
    return {
        "svm": np.asarray(cfg["svm"], dtype=float),
        "epochs": traj.epochs,
        "train": traj.train.reshape(shape),
        "test": traj.test.reshape(shape),
    }


def sample_size_theory(cfg: Config) -> dict[str, np.ndarray]:
    """Theory test curves and their summaries (SCIENCE.md 1.8), every ``theory_every`` epochs.

    Returns ``epochs[T]``, ``svm[S]``, ``P[nP]`` (the simulated P), ``test[S, nP, T]`` (linear),
    ``ln_test_min[S, nP]``, ``t_opt[S, nP]`` (epochs), ``ln_test_final[S, nP]`` (at the last epoch),
    and for the lines of panels b-c the optimum at every integer P between the smallest and largest
    simulated P: ``line_P[L]``, ``line_ln_test_min[S, L]``.
    """
    epochs = np.arange(0, cfg["epochs"] + 1, cfg["theory_every"], dtype=float)
    svms = np.asarray(cfg["svm"], dtype=float)
    p_sim = np.asarray(cfg["P"], dtype=int)
    line_p = np.arange(p_sim.min(), p_sim.max() + 1)
    sizes = {k: cfg[k] for k in ("N1", "N2", "N3", "eps")}

    def curve(svm: float, P: int) -> np.ndarray:
        return theory.sample_size_test_curve(epochs, svm, P=int(P), tau=1.0 / cfg["lr"], **sizes)

    test = np.array([[curve(svm, P) for P in p_sim] for svm in svms])
    t_opt, test_min = theory.optimal_stopping(epochs, test)
    line_min = np.array([[curve(svm, P).min() for P in line_p] for svm in svms])
    return {
        "epochs": epochs,
        "svm": svms,
        "P": p_sim,
        "test": test,
        "ln_test_min": np.log(test_min),
        "t_opt": t_opt,
        "ln_test_final": np.log(test[..., -1]),
        "line_P": line_p,
        "line_ln_test_min": np.log(line_min),
    }


SAMPLE_SIZE_COLUMNS = (
    "svm", "P", "P_over_N1", "n_runs",
    "theory_ln_test_min", "sim_ln_test_min_mean", "sim_ln_test_min_ci95",
    "theory_t_opt", "sim_t_opt_mean", "sim_t_opt_ci95",
    "theory_ln_test_final", "sim_ln_test_final_mean", "sim_ln_test_final_ci95",
)


def sample_size_rows(
    cfg: Config,
    theory_arrays: Mapping[str, np.ndarray],
    simulations: Sequence[Mapping[str, np.ndarray]],
) -> list[dict[str, object]]:
    """One table row per (svm, P): optimal stopping and late-time test error, theory and simulation.

    ``simulations`` holds one mapping per P (``P``, ``epochs[T]``, ``test[S, R, T]``, SNRs in the
    order of ``theory_arrays["svm"]``). Simulation values are per-run ``min_t ln eps_test``, its
    epoch, and ``ln eps_test`` at the last epoch, as mean and 95% CI over runs; times in epochs.
    """
    by_p = {int(sim["P"]): sim for sim in simulations}
    if len(by_p) != len(simulations):
        raise ValueError("two simulation results for the same P")
    rows: list[dict[str, object]] = []
    for j, svm in enumerate(theory_arrays["svm"]):
        for k, P in enumerate(theory_arrays["P"]):
            if int(P) not in by_p:
                raise KeyError(f"no simulation for P = {int(P)}")
            sim = by_p[int(P)]
            test = np.asarray(sim["test"])[j]
            t_opt, ln_min = stats.per_run_optimal_stopping(sim["epochs"], test)
            ln_mean, ln_ci = stats.mean_ci95(ln_min)
            t_mean, t_ci = stats.mean_ci95(t_opt.astype(float))
            fin_mean, fin_ci = stats.mean_ci95(np.log(test[:, -1]))
            rows.append({
                "svm": float(svm), "P": int(P), "P_over_N1": int(P) / cfg["N1"],
                "n_runs": int(test.shape[0]),
                "theory_ln_test_min": float(theory_arrays["ln_test_min"][j, k]),
                "sim_ln_test_min_mean": float(ln_mean), "sim_ln_test_min_ci95": float(ln_ci),
                "theory_t_opt": float(theory_arrays["t_opt"][j, k]),
                "sim_t_opt_mean": float(t_mean), "sim_t_opt_ci95": float(t_ci),
                "theory_ln_test_final": float(theory_arrays["ln_test_final"][j, k]),
                "sim_ln_test_final_mean": float(fin_mean), "sim_ln_test_final_ci95": float(fin_ci),
            })
    return rows


#: the table column holding the late-time ln test error of each source
LATE_COLUMNS = {"theory": "theory_ln_test_final", "sim": "sim_ln_test_final_mean"}


def late_time_peaks(rows: Sequence[Mapping[str, object]]) -> dict[float, tuple[int, int]]:
    """P at which the late-time test error peaks, per SNR: ``svm -> (P theory, P simulation)``.

    ``rows`` are those of :func:`sample_size_rows` (or the table read back as strings). SCIENCE.md
    1.8 predicts the peak at P = N1.
    """
    best: dict[float, dict[str, tuple[float, int]]] = {}
    for row in rows:
        svm, P = float(row["svm"]), int(row["P"])
        entry = best.setdefault(svm, {})
        for source in ("theory", "sim"):
            value = float(row[LATE_COLUMNS[source]])
            if source not in entry or value > entry[source][0]:
                entry[source] = (value, P)
    return {svm: (entry["theory"][1], entry["sim"][1]) for svm, entry in best.items()}
