"""The paper's experiments as pure functions: config values in, arrays out.

Each function here assembles one stage of one figure from the library (:mod:`lingen.teacher`,
:mod:`lingen.dynamics`, :mod:`lingen.theory`, :mod:`lingen.stats`) and the seeding rules of
:mod:`lingen.seeds`. Nothing here reads or writes files: the workflow scripts pass config values in
and save what comes back, so every stage can also be run from a notebook.

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
from lingen.seeds import job_seed_sequence

__all__ = [
    "OPTIMAL_STOPPING_COLUMNS",
    "fig1_theory",
    "fig2_histogram",
    "fig2_histogram_seed",
    "fig2_montecarlo",
    "fig2_montecarlo_seeds",
    "fig2_theory",
    "index_simulations",
    "init_seed",
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
    sequence of each run (for the provenance record).
    """
    seeds = [
        job_seed_sequence(root_seed, exp, "dataset", "rank", int(rank), "run", run)
        for run in range(cfg["runs"])
    ]
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


def init_seed(root_seed: int, exp: str, rank: int, svm: float) -> np.random.SeedSequence:
    """Seed of the random initialisations of one condition's students (all runs of the batch)."""
    return job_seed_sequence(root_seed, exp, "init", "rank", int(rank), "svm", f"{float(svm):g}")


def simulate_single_task(
    ts: teacher.TrainingSet,
    cfg: Config,
    init: str,
    rng: np.random.Generator | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dynamics.Trajectory:
    """Train the students of one condition (all runs in one batch).

    Training-aligned students use the exact per-mode engine; random students the full-matrix
    engine (they need ``rng`` for their Haar initialisation).
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
        if rng is None:
            raise ValueError("init='random' needs a random generator `rng`")
        return dynamics.simulate_gd(ts, init="random", rng=rng, progress=progress, **common)
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


# ---- Figure 1: learning dynamics of a TA mode -----------------------------------------------------


def fig1_theory(cfg: Config) -> dict[str, np.ndarray]:
    """Panel a: ``s(t, s_hat)`` over ``t/tau``; panel b: ``s(t, s_hat)/s_hat`` over ``s_hat``.

    Returns ``t_over_tau[T]``, ``s_hat[K]``, ``strength[K, T]``, ``s_hat_grid[G]`` (0 excluded:
    0/0), ``times[M]`` and ``fraction[M, G]``.
    """
    t = np.arange(0.0, cfg["t_max"] + cfg["t_step"] / 2, cfg["t_step"])
    s_hat = np.asarray(cfg["s_hat"], dtype=float)
    kw = {"eps": cfg["eps"], "tau": cfg["tau"]}
    strength = theory.mode_strength(t[None, :] * cfg["tau"], s_hat[:, None], **kw)
    grid = np.arange(cfg["s_hat_step"], cfg["s_hat_max"], cfg["s_hat_step"])
    times = np.asarray(cfg["times"], dtype=float)
    fraction = theory.mode_strength(times[:, None] * cfg["tau"], grid[None, :], **kw) / grid
    return {
        "t_over_tau": t,
        "s_hat": s_hat,
        "strength": strength,
        "s_hat_grid": grid,
        "times": times,
        "fraction": fraction,
        "eps": np.float64(cfg["eps"]),
    }


# ---- Figure 2: the signal through the noise -------------------------------------------------------


def fig2_theory(cfg: Config) -> dict[str, np.ndarray]:
    """Theory lines of Figure 2: eq 7 and eq 8 on a grid for every A, and the panel-a references.

    Returns ``A[nA]``, ``s_bar[G]``, ``s_hat[nA, G]``, ``overlap[nA, G]`` (eq 8, product of the
    two overlaps), ``mp_x[X]`` and ``mp_density[X]`` (eq 9 at the histogram's A) and
    ``signal_s_hat[rank]`` (eq 7 for the histogram teacher).
    """
    A = np.asarray(cfg["A"], dtype=float)
    s_bar = np.arange(0.0, 5.0, cfg["theory_step"])
    hist = cfg["histogram"]
    edge = np.sqrt(hist["A"])
    mp_x = np.linspace(max(1 - edge, 0.0), 1 + edge, 401)
    return {
        "A": A,
        "s_bar": s_bar,
        "s_hat": theory.s_hat(s_bar[None, :], A[:, None]),
        "overlap": theory.overlap(s_bar[None, :], A[:, None]),
        "hist_A": np.float64(hist["A"]),
        "mp_x": mp_x,
        "mp_density": theory.marchenko_pastur_density(mp_x, hist["A"]),
        "signal_s_bar": teacher_singular_values(hist["svm"], hist["rank"]),
        "signal_s_hat": theory.s_hat(teacher_singular_values(hist["svm"], hist["rank"]), hist["A"]),
    }


def _top_singular_triplet(y: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Largest singular value of ``y`` (array[N3, N1]) with its left and right vectors."""
    from scipy.linalg import eigh

    n3 = y.shape[0]
    lam, vec = eigh(y @ y.T, subset_by_index=[n3 - 1, n3 - 1])
    s = float(np.sqrt(max(lam[0], 0.0)))
    u = vec[:, 0]
    return s, u, (y.T @ u) / s


def fig2_montecarlo_seeds(root_seed: int, cfg: Config, A: float) -> list[np.random.SeedSequence]:
    """Seed of each Monte Carlo draw of Figure 2 at aspect ratio ``A``."""
    return [
        job_seed_sequence(root_seed, "fig2", "montecarlo", "A", f"{A:g}", "draw", d)
        for d in range(cfg["draws"])
    ]


def fig2_montecarlo(
    seeds: Sequence[np.random.SeedSequence], cfg: Config, A: float
) -> dict[str, np.ndarray]:
    """Monte Carlo of eqs 7-8 at one aspect ratio: a rank-1 teacher of strength ``s_bar`` plus
    noise of variance 1/N1, N1 = ``cfg['N1']``, N3 = A N1.

    Draw ``d`` uses ``seeds[d]`` (see :func:`fig2_montecarlo_seeds`) and reuses its modes and
    noise for every ``s_bar`` (only the teacher is scaled).
    Returns ``s_bar[n]``, ``top_s_hat[draws, n]`` and ``overlap[draws, n]``, the signed product
    ``(uhat.ubar)(vhat.vbar)`` of the top data mode with the teacher mode.
    """
    n1 = cfg["N1"]
    n3 = round(A * n1)
    s_bar = np.asarray(cfg["s_bar"], dtype=float)
    top = np.empty((len(seeds), s_bar.size))
    ov = np.empty_like(top)
    for d, seed in enumerate(seeds):
        rng = np.random.default_rng(seed)
        unit = teacher.teacher_dataset(rng, N1=n1, N3=n3, rank=1, svm=1.0, noise_var=1.0 / n1)
        w_unit = np.asarray(unit.w_bar).reshape(n3, n1)
        noise = np.asarray(unit.sigma31).reshape(n3, n1) - w_unit
        u_bar, _, vt_bar = np.linalg.svd(w_unit)
        for k, s in enumerate(s_bar):
            s_top, u, v = _top_singular_triplet(s * w_unit + noise)
            top[d, k] = s_top
            ov[d, k] = (u @ u_bar[:, 0]) * (v @ vt_bar[0])
    return {"A": np.float64(A), "s_bar": s_bar, "top_s_hat": top, "overlap": ov}


def fig2_histogram_seed(root_seed: int) -> np.random.SeedSequence:
    """Seed of the single draw of Figure 2a."""
    return job_seed_sequence(root_seed, "fig2", "histogram")


def fig2_histogram(seed: np.random.SeedSequence, cfg: Config) -> dict[str, np.ndarray]:
    """Singular values of one noisy rank-r training set (panel a) and their histogram counts."""
    hist = cfg["histogram"]
    n1 = cfg["N1"]
    n3 = round(hist["A"] * n1)
    rng = np.random.default_rng(seed)
    ts = teacher.teacher_dataset(
        rng, N1=n1, N3=n3, rank=hist["rank"], svm=hist["svm"], noise_var=1.0 / n1
    )
    values = np.linalg.svd(np.asarray(ts.sigma31).reshape(n3, n1), compute_uv=False)
    top = max(10.0, float(values.max()) + hist["bin_width"])
    edges = np.arange(0.0, top + hist["bin_width"], hist["bin_width"])
    counts, _ = np.histogram(values, bins=edges)
    return {"singular_values": values, "bin_edges": edges, "counts": counts}


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
    fields = {f.name for f in dataclasses.fields(teacher.TrainingSet)}
    return teacher.TrainingSet(**{k: v for k, v in arrays.items() if k in fields})
