"""Figure 6: generalisation with P != N1 training examples (rank-1 teacher, TA students).

* (a) ln test error against ``t/tau`` at one SNR for a few sample ratios P/N1 (green -> gold):
  theory lines (SCIENCE.md 1.8) and simulated TA students (mean of ln over runs, markers every
  ``marker_every`` epochs). More data speeds learning and lowers the optimum; after the optimum
  the student fits noise modes.
* (b) Optimal-stopping ln test error against ``sqrt(P/N1)``, one colour per SNR (blue -> red):
  simulation mean +- 95% CI over runs (points) and theory (lines, every integer P). It falls
  monotonically with P, with a kink at P = N1 (dotted).
* (c) The same against ``SNR sqrt(P/N1)``, the effective teacher strength: for P >= N1 the curves
  of different SNRs nearly collapse; for P < N1 they do not, because the unseen part of the
  teacher is never learned.

Inputs: ``lingen.experiments.sample_size.sample_size_theory``, the simulation of every P and the
rows of ``results/tables/sample_size.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lingen.plotting.common import (
    colour_scale,
    colourbar,
    index_of,
    mean_ln,
    new_figure,
    panel_letter,
    require,
)
from lingen.plotting.style import NOTE_COLOUR, SAMPLE_RATIO_CMAP, SNR_CMAP, THEORY_COLOUR, styled

__all__ = ["FIG6_SIMULATION_KEYS", "FIG6_TABLE_COLUMNS", "FIG6_THEORY_KEYS", "fig6_figure"]

FIG6_THEORY_KEYS = ("epochs", "svm", "P", "test", "line_P", "line_ln_test_min")
FIG6_SIMULATION_KEYS = ("P", "epochs", "test")
FIG6_TABLE_COLUMNS = ("svm", "P", "sim_ln_test_min_mean", "sim_ln_test_min_ci95")

LN_TEST = r"$\ln \varepsilon_{\rm test}$"
LN_TEST_MIN = r"$\min_t \ln \varepsilon_{\rm test}$"


def _curve_panel(
    ax: Axes,
    theory: Mapping[str, np.ndarray],
    sims: Mapping[int, Mapping[str, np.ndarray]],
    curve_svm: float,
    curve_P: Sequence[int],
    N1: int,
    tau: float,
    marker_every: int,
    scale: ScalarMappable,
) -> None:
    """ln test error over time at ``curve_svm`` for each P of ``curve_P``: theory and simulation."""
    j = index_of(theory["svm"], curve_svm, "curve_svm")
    t = np.asarray(theory["epochs"], dtype=float) / tau
    handles = []
    for P in curve_P:
        k = index_of(theory["P"], P, "curve_P")
        if int(P) not in sims:
            raise KeyError(f"no simulation for P = {int(P)}")
        colour = scale.to_rgba(P / N1)
        ax.plot(t, np.log(theory["test"][j, k]), color=colour, lw=1.3, zorder=2)
        sim = sims[int(P)]
        epochs = np.asarray(sim["epochs"])
        pick = epochs % marker_every == 0
        ax.plot(
            epochs[pick] / tau, mean_ln(np.asarray(sim["test"])[j][:, pick]), "o", ms=3.5,
            color=colour, zorder=3,
        )
        handles.append(Line2D([], [], color=colour, marker="o", ms=3.5, label=f"{P / N1:g}"))
    ax.legend(handles=handles, title="P/N1", loc="upper left", bbox_to_anchor=(0.08, 1.0))
    ax.set_xlim(0.0, t[-1])
    ax.set_xlabel(r"$t/\tau$")
    ax.set_ylabel(LN_TEST)
    ax.set_title(rf"SNR $\bar{{s}}$ = {curve_svm:g}")


def _optimum_panel(
    ax: Axes,
    theory: Mapping[str, np.ndarray],
    rows: Sequence[Mapping[str, str]],
    N1: int,
    scaled: bool,
    scale: ScalarMappable,
) -> None:
    """Optimal ln test error against ``sqrt(P/N1)`` (times the SNR if ``scaled``)."""
    line_root = np.sqrt(np.asarray(theory["line_P"], dtype=float) / N1)
    for j, svm in enumerate(np.asarray(theory["svm"], dtype=float)):
        colour = scale.to_rgba(svm)
        factor = svm if scaled else 1.0
        ax.plot(factor * line_root, theory["line_ln_test_min"][j], color=colour, lw=1.3, zorder=2)
        mine = [row for row in rows if np.isclose(float(row["svm"]), svm, rtol=1e-9, atol=0.0)]
        if not mine:
            raise ValueError(f"the sample-size table has no rows for svm = {svm:g}")
        x = factor * np.sqrt(np.array([float(row["P"]) for row in mine]) / N1)
        ax.errorbar(
            x,
            [float(row["sim_ln_test_min_mean"]) for row in mine],
            yerr=[float(row["sim_ln_test_min_ci95"]) for row in mine],
            fmt="o", ms=3.5, color=colour, elinewidth=1.0, zorder=3,
        )
    if not scaled:
        ax.axvline(1.0, color=NOTE_COLOUR, ls=":", lw=1.0, zorder=1)
    ax.set_xlabel(r"SNR $\times\sqrt{P/N_1}$" if scaled else r"$\sqrt{P/N_1}$")
    ax.set_ylabel(LN_TEST_MIN)


@styled
def fig6_figure(
    theory: Mapping[str, np.ndarray],
    simulations: Sequence[Mapping[str, np.ndarray]],
    table: Sequence[Mapping[str, str]],
    *,
    N1: int,
    tau: float,
    curve_svm: float,
    curve_P: Sequence[int],
    marker_every: int = 500,
) -> Figure:
    """Figure 6 from the theory arrays, the simulation of every P and the sample-size table.

    Parameters
    ----------
    theory : ``epochs[T]``, ``svm[S]``, ``P[nP]``, ``test[S, nP, T]`` (linear),
        ``line_P[L]``, ``line_ln_test_min[S, L]`` (``sample_size_theory``).
    simulations : one mapping per P with ``P``, ``epochs[T']`` and ``test[S, R, T']`` (SNRs in the
        order of ``theory["svm"]``).
    table : rows of ``results/tables/sample_size.csv`` (strings, as read from CSV).
    N1 : number of inputs (``P/N1`` is the sample ratio).
    tau : the time constant ``1/lr`` in epochs.
    curve_svm, curve_P : SNR and sample sizes of panel a.
    marker_every : epochs between simulation markers in panel a (the authors' 500).
    """
    require(theory, FIG6_THEORY_KEYS, "Figure 6 theory")
    sims: dict[int, Mapping[str, np.ndarray]] = {}
    for sim in simulations:
        require(sim, FIG6_SIMULATION_KEYS, "Figure 6 simulation")
        sims[int(sim["P"])] = sim
    for row in table:
        require(row, FIG6_TABLE_COLUMNS, "sample-size table row")

    fig, axes = new_figure(11.5, 3.3, 1, 3)
    ax_a, ax_b, ax_c = axes[0]
    ratios = np.asarray(theory["P"], dtype=float) / N1
    p_scale = colour_scale(SAMPLE_RATIO_CMAP, 0.0, float(ratios.max()))
    _curve_panel(ax_a, theory, sims, curve_svm, curve_P, N1, tau, marker_every, p_scale)

    svms = np.asarray(theory["svm"], dtype=float)
    snr_scale = colour_scale(SNR_CMAP, float(svms.min()), float(svms.max()))
    _optimum_panel(ax_b, theory, table, N1, False, snr_scale)
    _optimum_panel(ax_c, theory, table, N1, True, snr_scale)
    ax_c.sharey(ax_b)
    low, high = ax_b.get_ylim()
    ax_b.set_ylim(low, high + 0.12 * (high - low))  # room for the panel letters
    colourbar(fig, [ax_b, ax_c], snr_scale, r"SNR $\bar{s}$", svms)
    ax_b.legend(
        handles=[
            Line2D([], [], color=THEORY_COLOUR, lw=1.3, label="Theory"),
            Line2D([], [], color=THEORY_COLOUR, marker="o", ms=3.5, ls="none",
                   label="Simulation, TA\n(mean $\\pm$ 95% CI)"),
        ],
        loc="upper right",
    )
    for ax, letter in zip(axes.flat, "abc", strict=True):
        panel_letter(ax, letter)
    return fig
