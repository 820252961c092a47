"""Figures 3 and 4: theory against simulation for single-task learning.

One row per teacher rank (rank 1: panels a-d; rank 3: e-h). A rank-r teacher has singular values
``svm * (r, ..., 1)``; colours (blue -> red) show ``svm``, which for rank 3 is the weakest mode's SNR.

* (a/e) ln training error against ``t/tau``: theory lines for a few SNRs, and simulated students as
  markers (mean over runs of ln error; circles: training-aligned (TA) initialisation, triangles:
  random initialisation). Strong modes are fitted first, then the noise.
* (b/f) ln test error, drawn the same way: a descent to an optimal-stopping minimum, then a rise
  as the student fits noise modes.
* (c/g) For every simulated SNR, the optimal (early-stopped) ln test error of random against TA
  students: mean over runs with 95% CIs in both directions and the dotted identity line. Points on
  the identity mean the TA theory also predicts what randomly initialised students can reach.
* (d/h) The optimal stopping time ``t_opt/tau``, same style. Random students stop later than TA
  students: they must first align with the data modes (the alignment lag). Times are true
  epochs/tau; the authors' axis was the saved-row index, i.e. ``t_opt/tau`` divided by the save
  interval, and a note under the figure says so.

Figure 3 (one hidden layer) and Figure 4 (three hidden layers) differ only in layout:
:data:`LAYOUTS` holds the x range, the spacing of simulation markers and the curve panels that show
random students (the authors' Figure 4 curve panels showed TA students only; its test panels here
also show random students, which their talk showed separately).

Inputs: the theory arrays of ``lingen.experiments.single_task.single_task_theory``, the simulation
arrays of every condition and the rows of the optimal-stopping table.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lingen.plotting.common import (
    colour_scale,
    colourbar,
    identity_line,
    index_of,
    mean_ln,
    new_figure,
    panel_letter,
    require,
)
from lingen.plotting.style import NOTE_COLOUR, SNR_CMAP, THEORY_COLOUR, styled

__all__ = [
    "LAYOUTS",
    "SIMULATION_KEYS",
    "TABLE_COLUMNS",
    "THEORY_KEYS",
    "single_task_figure",
]

THEORY_KEYS = ("epochs", "ranks", "svm", "train", "test")
SIMULATION_KEYS = ("epochs", "train", "test", "rank", "svm", "init")
TABLE_COLUMNS = (
    "figure", "rank", "svm", "source", "ln_test_min_mean", "ln_test_min_ci95", "t_opt_mean",
    "t_opt_ci95",
)

#: layout of each single-task figure: x range of the curve panels (t/tau), epochs between
#: simulation markers, and the curve panels ("train", "test") that show random students
LAYOUTS: dict[str, dict[str, Any]] = {
    "fig3": {"t_max": 5.0, "marker_every": 250, "random_curves": ("train", "test")},
    "fig4": {"t_max": 120.0, "marker_every": 5000, "random_curves": ("test",)},
}

#: marker of each student initialisation (training-aligned, random)
MARKERS = {"aligned": "o", "random": "^"}
ERROR_NAMES = {"train": r"$\ln \varepsilon_{\rm train}$", "test": r"$\ln \varepsilon_{\rm test}$"}

LETTERS = "abcdefghijklmnopqrstuvwxyz"

Key = tuple[int, float, str]


def _index_simulations(simulations: Sequence[Mapping[str, np.ndarray]]) -> dict[Key, Mapping]:
    out: dict[Key, Mapping] = {}
    for sim in simulations:
        require(sim, SIMULATION_KEYS, "single-task simulation")
        key = (int(sim["rank"]), float(sim["svm"]), str(sim["init"]))
        if key in out:
            raise ValueError(f"two simulations for (rank, svm, init) = {key}")
        out[key] = sim
    return out


def _index_table(rows: Sequence[Mapping[str, str]], figure: str) -> dict[Key, Mapping[str, str]]:
    out: dict[Key, Mapping[str, str]] = {}
    for row in rows:
        require(row, TABLE_COLUMNS, "optimal-stopping table row")
        if row["figure"] == figure:
            out[(int(row["rank"]), float(row["svm"]), row["source"])] = row
    if not out:
        raise ValueError(f"the optimal-stopping table has no rows for figure {figure!r}")
    return out


def _lookup(index: Mapping[Key, Any], key: Key, what: str, field: str) -> Any:
    """``index[key]``, or a KeyError naming the missing condition ``(rank, svm, field)``."""
    if key not in index:
        raise KeyError(f"no {what} for (rank, svm, {field}) = {key}")
    return index[key]


def _curve_panel(
    ax: Axes,
    kind: str,
    row: int,
    theory: Mapping[str, np.ndarray],
    sims: Mapping[Key, Mapping[str, np.ndarray]],
    curve_svm: Sequence[float],
    scale: ScalarMappable,
    tau: float,
    t_max: float,
    marker_every: int,
    random_curves: Collection[str],
) -> None:
    """Theory line and simulation markers of ln ``kind`` error (train or test) for one rank."""
    rank = int(theory["ranks"][row])
    t = np.asarray(theory["epochs"], dtype=float) / tau
    shown = t <= t_max
    inits = [init for init in MARKERS if init == "aligned" or kind in random_curves]
    for svm in curve_svm:
        colour = scale.to_rgba(svm)
        j = index_of(theory["svm"], svm, "curve_svm")
        ax.plot(t[shown], np.log(theory[kind][row, j, shown]), color=colour, lw=1.3, zorder=2)
        for init in inits:
            sim = _lookup(sims, (rank, float(svm), init), "simulation", "init")
            epochs = np.asarray(sim["epochs"])
            pick = (epochs % marker_every == 0) & (epochs / tau <= t_max)
            ax.plot(
                epochs[pick] / tau, mean_ln(sim[kind][:, pick]), MARKERS[init], ls="none", ms=3.5,
                color=colour, mfc="none" if init == "random" else colour, mew=0.9, zorder=3,
            )
    ax.set_xlim(0.0, min(t_max, float(t.max())))
    ax.set_xlabel(r"$t/\tau$")
    ax.set_ylabel(ERROR_NAMES[kind])


def _summary_panel(
    ax: Axes,
    rank: int,
    svms: np.ndarray,
    table: Mapping[Key, Mapping[str, str]],
    column: str,
    unit: float,
    scale: ScalarMappable,
) -> None:
    """Random against TA students' mean (+- 95% CI) of a table column, one point per SNR."""
    ends: list[float] = []
    for svm in svms:
        ta, rnd = (
            _lookup(table, (rank, float(svm), source), "optimal-stopping table row", "source")
            for source in ("TA", "random")
        )
        x, x_ci = float(ta[f"{column}_mean"]) / unit, float(ta[f"{column}_ci95"]) / unit
        y, y_ci = float(rnd[f"{column}_mean"]) / unit, float(rnd[f"{column}_ci95"]) / unit
        ax.errorbar(
            x, y, xerr=x_ci, yerr=y_ci, fmt="o", ms=4, color=scale.to_rgba(svm), elinewidth=1.0,
            zorder=3,
        )
        ends += [x - x_ci, x + x_ci, y - y_ci, y + y_ci]
    identity_line(ax, ends)


def _legend_handles() -> list[Line2D]:
    return [
        Line2D([], [], color=THEORY_COLOUR, lw=1.3, label="Theory (TA)"),
        Line2D([], [], color=THEORY_COLOUR, marker=MARKERS["aligned"], ls="none", ms=3.5,
               label="Simulation, TA init (mean ln over runs)"),
        Line2D([], [], color=THEORY_COLOUR, marker=MARKERS["random"], ls="none", ms=3.5,
               mfc="none", label="Simulation, random init"),
        Line2D([], [], color=NOTE_COLOUR, ls=":", lw=1.0, label="identity (c, d, g, h)"),
    ]


@styled
def single_task_figure(
    theory: Mapping[str, np.ndarray],
    simulations: Sequence[Mapping[str, np.ndarray]],
    table: Sequence[Mapping[str, str]],
    *,
    figure: str,
    curve_svm: Sequence[float],
    tau: float,
    save_every: int,
    t_max: float,
    marker_every: int,
    random_curves: Collection[str],
) -> Figure:
    """Figure 3 or 4 from theory arrays, simulation arrays and optimal-stopping table rows.

    Parameters
    ----------
    theory : ``epochs[T]``, ``ranks[nr]``, ``svm[ns]``, ``train[nr, ns, T]``, ``test[nr, ns, T]``
        (linear-scale errors).
    simulations : one mapping per (rank, svm, init) with ``epochs[T']``, ``train[R, T']``,
        ``test[R, T']`` (R runs, linear scale), scalars ``rank``, ``svm`` and ``init``
        (``"aligned"`` or ``"random"``).
    table : rows of the optimal-stopping table (strings, as read from CSV); the rows of
        ``figure`` with sources ``TA`` and ``random`` are drawn. Stopping times are in epochs.
    figure : the experiment name (``"fig3"``, ``"fig4"``) selecting the table rows.
    curve_svm : the SNRs drawn as curves in the train and test panels (among ``theory["svm"]``).
    tau : the time constant ``1/lr`` in epochs.
    save_every : the simulations' save interval in epochs, quoted in the note on ``t_opt``.
    t_max, marker_every, random_curves : layout (see :data:`LAYOUTS`): x range of the curve
        panels in ``t/tau``, epochs between simulation markers, and which curve panels
        (``"train"``, ``"test"``) show random students besides TA students.
    """
    require(theory, THEORY_KEYS, "single-task theory")
    unknown = set(random_curves) - set(ERROR_NAMES)
    if unknown:
        raise ValueError(f"random_curves must be among {sorted(ERROR_NAMES)}, got {sorted(unknown)}")
    sims = _index_simulations(simulations)
    rows = _index_table(table, figure)
    svms = np.asarray(theory["svm"], dtype=float)
    scale = colour_scale(SNR_CMAP, 0.0, float(svms.max()))
    ranks = np.asarray(theory["ranks"])
    fig, axes = new_figure(12.5, 3.0 * len(ranks) + 0.7, len(ranks), 4)
    for i, rank in enumerate(ranks):
        row_axes = axes[i]
        for ax, kind in zip(row_axes[:2], ("train", "test"), strict=True):
            _curve_panel(
                ax, kind, i, theory, sims, curve_svm, scale, tau, t_max, marker_every,
                random_curves,
            )
            ax.set_title(f"rank {rank}: {kind} error")
        _summary_panel(row_axes[2], int(rank), svms, rows, "ln_test_min", 1.0, scale)
        row_axes[2].set_title(f"rank {rank}: optimal test error")
        row_axes[2].set_xlabel(r"TA: ${\rm min}_t\, \ln \varepsilon_{\rm test}$")
        row_axes[2].set_ylabel(r"random: ${\rm min}_t\, \ln \varepsilon_{\rm test}$")
        _summary_panel(row_axes[3], int(rank), svms, rows, "t_opt", tau, scale)
        row_axes[3].set_title(f"rank {rank}: optimal stopping time")
        row_axes[3].set_xlabel(r"TA: $t_{\rm opt}/\tau$")
        row_axes[3].set_ylabel(r"random: $t_{\rm opt}/\tau$")
        for j, ax in enumerate(row_axes):
            # learning curves start at the top left; summaries lie along the diagonal
            panel_letter(ax, LETTERS[4 * i + j], "lower left" if j < 2 else "upper left")
    colourbar(fig, axes, scale, "SNR svm (rank 3: weakest mode)", svms)
    fig.legend(handles=_legend_handles(), loc="outside upper center", ncols=4)
    fig.supxlabel(
        rf"$t_{{\rm opt}}$ in epochs$/\tau$ ($\tau$ = {tau:g} epochs). The authors' $t_{{\rm opt}}$ "
        f"axis showed the index of the saved row, i.e. this value divided by the save interval "
        f"({save_every} epochs).",
        fontsize=7, color=NOTE_COLOUR,
    )
    return fig
