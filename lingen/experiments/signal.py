"""Figures 1 and 2: learning curves of single modes, and the signal buried in the noise.

Figure 1 is pure theory (eq 6). Figure 2 compares the random-matrix predictions (eqs 7-9) with
Monte Carlo draws; each draw's generator is keyed by (aspect ratio, draw) and reused for every
teacher strength, so the points of one draw differ only by the teacher's scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from lingen import teacher, theory
from lingen.config import require_configured
from lingen.experiments.single_task import teacher_singular_values
from lingen.seeds import job_seed_sequence, run_seed_sequences

__all__ = [
    "fig1_theory",
    "fig2_histogram",
    "fig2_histogram_seed",
    "fig2_montecarlo",
    "fig2_montecarlo_seeds",
    "fig2_theory",
]

Config = Mapping[str, Any]


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
    require_configured("fig2", "A", A, cfg["A"])
    return run_seed_sequences(
        root_seed, cfg["draws"], "fig2", "montecarlo", "A", f"{A:g}", label="draw"
    )


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
