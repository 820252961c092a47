"""Single-task experiments (Figures 3 and 4): noisy rank-r teacher, TA and random students, theory.

Seeding (SCIENCE.md section 1.2): the dataset of run ``i`` of a single-task experiment is drawn from
``job_rng(seed, exp, "dataset", "rank", r, "run", i)``. It does not depend on the SNR (svm only
scales the teacher) nor on the student's initialisation, so TA and random students of a run see
the same data and different SNRs reuse the same modes and noise, as in the authors' runs.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from lingen import dynamics, stats, teacher, theory
from lingen.config import require_configured
from lingen.seeds import run_seed_sequences

__all__ = [
    "ALIGNMENT_LAG_COLUMNS",
    "OPTIMAL_STOPPING_COLUMNS",
    "alignment_lag_rows",
    "index_simulations",
    "init_seeds",
    "optimal_stopping_rows",
    "simulate_single_task",
    "single_task_datasets",
    "single_task_theory",
    "teacher_singular_values",
    "training_set_arrays",
    "training_set_from_arrays",
]

Config = Mapping[str, Any]


def teacher_singular_values(svm: float, rank: int) -> np.ndarray:
    """Teacher singular values ``svm * (rank, rank-1, ..., 1)`` (SCIENCE.md 1.1), array[rank]."""
    return float(svm) * np.arange(rank, 0, -1, dtype=float)


# ---- single-task experiments (Figures 3, 4) ------------------------------------------------------


def single_task_datasets(
    root_seed: int, exp: str, cfg: Config, rank: int, svm: float
) -> tuple[teacher.TrainingSet, list[np.random.SeedSequence]]:
    """Noisy teacher datasets of every run of one condition, stacked over runs.

    Returns the stacked :class:`~lingen.teacher.TrainingSet` (leading axis = run) and the seed
    sequence of each run (for the provenance record). A rank or svm that ``cfg`` does not list is a
    :class:`~lingen.config.ConfigError`.
    """
    require_configured(exp, "ranks", rank, cfg["ranks"])
    require_configured(exp, "svm", svm, cfg["svm"])
    seeds = run_seed_sequences(root_seed, cfg["runs"], exp, "dataset", "rank", int(rank))
    sets = [
        teacher.teacher_dataset(
            np.random.default_rng(ss),
            N1=cfg["N1"],
            N3=cfg["N3"],
            rank=int(rank),
            svm=float(svm),
            noise_var=cfg["noise_var"],
        )
        for ss in seeds
    ]
    return teacher.stack_training_sets(sets), seeds


def init_seeds(
    root_seed: int, exp: str, cfg: Config, rank: int, svm: float
) -> list[np.random.SeedSequence]:
    """Seed of each run's random student initialisation in one condition."""
    return run_seed_sequences(
        root_seed, cfg["runs"], exp, "init", "rank", int(rank), "svm", f"{float(svm):g}"
    )


def simulate_single_task(
    ts: teacher.TrainingSet,
    cfg: Config,
    init: str,
    seeds: Sequence[np.random.SeedSequence] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dynamics.Trajectory:
    """Train the students of one condition (all runs in one batch).

    Training-aligned students use the exact per-mode engine; random students the full-matrix
    engine, run ``i`` initialised from ``seeds[i]`` (see :func:`init_seeds`).
    """
    common = {
        "N2": cfg["N2"],
        "n_weights": cfg["n_weights"],
        "eps": cfg["eps"],
        "lr": cfg["lr"],
        "epochs": cfg["epochs"],
        "save_every": cfg["save_every"],
    }
    if init == "aligned":
        return dynamics.simulate_aligned_modes(ts, **common)
    if init == "random":
        if seeds is None:
            raise ValueError("init='random' needs one seed per run (`seeds`)")
        rngs = [np.random.default_rng(seed) for seed in seeds]
        return dynamics.simulate_gd(ts, init="random", rng=rngs, progress=progress, **common)
    raise ValueError(f"init must be 'aligned' or 'random', got {init!r}")


def single_task_theory(cfg: Config) -> dict[str, np.ndarray]:
    """Theory curves and optima for every (rank, svm) of a single-task experiment.

    Returns arrays ``epochs[T]``, ``ranks[nr]``, ``svm[ns]``, ``train[nr, ns, T]``,
    ``test[nr, ns, T]`` (linear scale), ``t_opt[nr, ns]`` (epochs), ``ln_test_min[nr, ns]`` and
    ``shrinkage_ln_test[nr, ns]`` (ln of the non-gradient optimum, SCIENCE.md 1.7).
    """
    epochs = np.arange(0, cfg["epochs"] + 1, cfg["theory_every"], dtype=float)
    ranks, svms = list(cfg["ranks"]), [float(s) for s in cfg["svm"]]
    shape = (len(ranks), len(svms))
    train = np.empty(shape + epochs.shape)
    test = np.empty_like(train)
    t_opt, ln_min, shrink = np.empty(shape), np.empty(shape), np.empty(shape)
    A = cfg["N3"] / cfg["N1"]
    for i, rank in enumerate(ranks):
        for j, svm in enumerate(svms):
            s_bar = teacher_singular_values(svm, rank)
            train[i, j], test[i, j] = theory.error_curves(
                epochs, s_bar, N1=cfg["N1"], N2=cfg["N2"], N3=cfg["N3"], eps=cfg["eps"],
                tau=1.0 / cfg["lr"], n_weights=cfg["n_weights"],
                sigma_z=float(np.sqrt(cfg["noise_var"] * cfg["N1"])),
            )
            t_opt[i, j], test_min = theory.optimal_stopping(epochs, test[i, j])
            ln_min[i, j] = np.log(test_min)
            shrink[i, j] = np.log(theory.shrinkage_test_error(s_bar, A))
    return {
        "epochs": epochs,
        "ranks": np.asarray(ranks),
        "svm": np.asarray(svms),
        "train": train,
        "test": test,
        "t_opt": t_opt,
        "ln_test_min": ln_min,
        "shrinkage_ln_test": shrink,
    }


OPTIMAL_STOPPING_COLUMNS = (
    "figure", "n_weights", "rank", "svm", "source", "n_runs",
    "ln_test_min_mean", "ln_test_min_ci95", "t_opt_mean", "t_opt_ci95", "shrinkage_ln_test",
)


def optimal_stopping_rows(
    figure: str,
    cfg: Config,
    theory_arrays: Mapping[str, np.ndarray],
    simulations: Mapping[tuple[int, float, str], tuple[np.ndarray, np.ndarray]],
) -> list[dict[str, object]]:
    """Rows of the optimal-stopping table for one experiment.

    ``simulations`` maps ``(rank, svm, init)`` to ``(epochs[T], test[R, T])``; sources are
    ``theory``, ``TA`` (init aligned) and ``random``. Stopping times are in epochs.
    """
    rows: list[dict[str, object]] = []
    source_of = {"aligned": "TA", "random": "random"}
    for i, rank in enumerate(theory_arrays["ranks"]):
        for j, svm in enumerate(theory_arrays["svm"]):
            base = {
                "figure": figure,
                "n_weights": cfg["n_weights"],
                "rank": int(rank),
                "svm": float(svm),
                "shrinkage_ln_test": float(theory_arrays["shrinkage_ln_test"][i, j]),
            }
            rows.append({
                **base, "source": "theory", "n_runs": 0,
                "ln_test_min_mean": float(theory_arrays["ln_test_min"][i, j]),
                "ln_test_min_ci95": 0.0,
                "t_opt_mean": float(theory_arrays["t_opt"][i, j]),
                "t_opt_ci95": 0.0,
            })
            for init in cfg["inits"]:
                epochs, test = simulations[(int(rank), float(svm), init)]
                t_opt, ln_min = stats.per_run_optimal_stopping(epochs, test)
                ln_mean, ln_ci = stats.mean_ci95(ln_min)
                t_mean, t_ci = stats.mean_ci95(t_opt.astype(float))
                rows.append({
                    **base, "source": source_of[init], "n_runs": int(test.shape[0]),
                    "ln_test_min_mean": float(ln_mean), "ln_test_min_ci95": float(ln_ci),
                    "t_opt_mean": float(t_mean), "t_opt_ci95": float(t_ci),
                })
    return rows


ALIGNMENT_LAG_COLUMNS = (
    "figure", "n_weights", "rank", "svm", "n_runs",
    "t_opt_TA_mean", "t_opt_TA_ci95", "t_opt_random_mean", "t_opt_random_ci95",
    "lag_mean", "lag_ci95", "lag_fraction_mean", "lag_fraction_ci95",
)


def alignment_lag_rows(
    figure: str,
    cfg: Config,
    simulations: Mapping[tuple[int, float, str], tuple[np.ndarray, np.ndarray]],
) -> list[dict[str, object]]:
    """Rows of the alignment-lag table: how much later random students stop than TA students.

    Runs are paired (run ``i`` of both initialisations trains on the same dataset), so the lag
    ``t_opt^random - t_opt^TA`` (epochs) and the ratio ``t_opt^random / t_opt^TA - 1`` (fraction)
    are computed per run, then averaged with 95% CIs. ``simulations`` is as for
    :func:`optimal_stopping_rows`.
    """
    rows: list[dict[str, object]] = []
    for rank in cfg["ranks"]:
        for svm in cfg["svm"]:
            t = {}
            for init in ("aligned", "random"):
                epochs, test = simulations[(int(rank), float(svm), init)]
                t[init] = stats.per_run_optimal_stopping(epochs, test)[0].astype(float)
            if t["aligned"].shape != t["random"].shape:
                raise ValueError(
                    f"{figure} rank {rank} svm {svm:g}: TA and random students have different "
                    f"numbers of runs ({t['aligned'].size} and {t['random'].size})"
                )
            row: dict[str, object] = {
                "figure": figure, "n_weights": cfg["n_weights"], "rank": int(rank),
                "svm": float(svm), "n_runs": int(t["aligned"].size),
            }
            for name, values in (
                ("t_opt_TA", t["aligned"]),
                ("t_opt_random", t["random"]),
                ("lag", t["random"] - t["aligned"]),
                ("lag_fraction", t["random"] / t["aligned"] - 1.0),
            ):
                mean, ci = stats.mean_ci95(values)
                row[f"{name}_mean"], row[f"{name}_ci95"] = float(mean), float(ci)
            rows.append(row)
    return rows


def index_simulations(
    loaded: Sequence[Mapping[str, np.ndarray]],
) -> dict[tuple[int, float, str], tuple[np.ndarray, np.ndarray]]:
    """Index simulation results by ``(rank, svm, init)`` for :func:`optimal_stopping_rows`.

    Each item holds the arrays of one simulation file (``rank``, ``svm``, ``init``, ``epochs``,
    ``test``); a condition present twice is an error (two files claiming the same condition).
    """
    out: dict[tuple[int, float, str], tuple[np.ndarray, np.ndarray]] = {}
    for arrays in loaded:
        key = (int(arrays["rank"]), float(arrays["svm"]), str(arrays["init"]))
        if key in out:
            raise ValueError(f"two simulation results for condition (rank, svm, init) = {key}")
        out[key] = (arrays["epochs"], arrays["test"])
    return out


def training_set_arrays(ts: teacher.TrainingSet) -> dict[str, np.ndarray]:
    """The arrays of a TrainingSet, for saving (``sigma11`` omitted when it is the identity)."""
    return {k: v for k, v in dataclasses.asdict(ts).items() if v is not None}


def training_set_from_arrays(arrays: Mapping[str, np.ndarray]) -> teacher.TrainingSet:
    """Inverse of :func:`training_set_arrays`."""
    fields = [f.name for f in dataclasses.fields(teacher.TrainingSet)]
    return teacher.TrainingSet(**{k: arrays.get(k) for k in fields})
