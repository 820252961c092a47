"""Figure 9: the transfer benefit ``T^{A<-B}(s_A, s_B, q)`` of training task A jointly with task B.

One panel per task-A strength ``s_A`` (the paper: (a) 0.84 ~ A^{1/4}, (b) 3, (c) 100), x = the
input-mode alignment ``q``, y = T. Each task-B strength ``s_B`` has one colour, blue -> red by
``log s_B``; the colour bar marks ``A^{1/4}`` (the authors' label for s_B = 0.84) and the other
``s_B``. Points: simulations, mean over runs with 95% CIs, nudged apart along x by a small fixed
offset per ``s_B`` so overlapping error bars stay readable. Lines: the asymptotic theory of
SCIENCE.md 1.9, an addition to the original figure (which shows simulations only). A dotted line
marks T = 0. A panel whose values are all below 1e-2 in size (panel c, T ~ 1e-4) is drawn in units
of a power of ten stated in its y label.

What it shows: (a) a task A too weak to be learned alone is rescued by an aligned, detectable task
B; (b) strong but misaligned B tasks interfere (T < 0), aligned ones help; (c) a strong task A
barely cares.

Inputs: the theory arrays of ``lingen.experiments.transfer.transfer_theory``
(``results/fig9/theory.npz``) and the rows of ``results/tables/transfer_benefit.csv``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.cm import ScalarMappable
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lingen.plotting.common import colour_scale, colourbar, new_figure, panel_letter, require
from lingen.plotting.style import NOTE_COLOUR, SNR_CMAP, THEORY_COLOUR, styled

__all__ = ["FIG9_TABLE_COLUMNS", "FIG9_THEORY_KEYS", "fig9_figure"]

#: arrays of the theory file that :func:`fig9_figure` draws
FIG9_THEORY_KEYS = ("s_A", "s_B", "q_fine", "T_fine", "sigma_z", "a_quarter")
#: table columns that :func:`fig9_figure` draws
FIG9_TABLE_COLUMNS = ("s_A", "s_B", "q", "n_runs", "T_mean", "T_ci95", "noise_var")

#: x offset between the points of neighbouring s_B at one q
_DODGE = 0.008
#: a panel is rescaled by a power of ten when all its values are smaller than this
_SMALL = 1e-2


def _panel_points(
    table: Sequence[Mapping[str, str]], s_a: float, s_bs: np.ndarray
) -> list[np.ndarray]:
    """Simulated points of one panel: per s_B of ``s_bs``, ``array[3, nq]`` = (q, T_mean, T_ci95)
    sorted by q."""
    groups: dict[float, list[tuple[float, float, float]]] = {}
    for row in table:
        if np.isclose(float(row["s_A"]), s_a, rtol=1e-9, atol=0.0):
            point = (float(row["q"]), float(row["T_mean"]), float(row["T_ci95"]))
            groups.setdefault(float(row["s_B"]), []).append(point)
    missing = [s_b for s_b in s_bs if s_b not in groups]
    if missing:
        raise ValueError(f"the transfer table has no rows for s_A = {s_a:g}, s_B = {missing}")
    return [np.array(sorted(groups[s_b])).T for s_b in s_bs]


def _unit_exponent(values: np.ndarray) -> int:
    """0, or the power of ten that brings a panel's small values to order one."""
    largest = float(np.max(np.abs(values)))
    if largest == 0.0 or largest >= _SMALL:
        return 0
    return -int(np.floor(np.log10(largest)))


def _panel(
    ax: Axes,
    i: int,
    theory: Mapping[str, np.ndarray],
    points: Sequence[np.ndarray],
    scale: ScalarMappable,
) -> None:
    """Theory lines and simulated ``points`` (from :func:`_panel_points`) of the i-th s_A panel."""
    s_bs = np.asarray(theory["s_B"], dtype=float)
    lines = np.asarray(theory["T_fine"][i], dtype=float)
    ends = [p[1] + sign * p[2] for p in points for sign in (-1.0, 1.0)]
    extent = np.concatenate([lines.ravel(), *ends])
    exponent = _unit_exponent(extent)
    unit = 10.0**exponent
    for j, (s_b, (q, mean, ci)) in enumerate(zip(s_bs, points, strict=True)):
        colour = scale.to_rgba(np.log(s_b))
        ax.plot(theory["q_fine"], unit * lines[j], color=colour, lw=1.2, zorder=2)
        ax.errorbar(
            q + _DODGE * (j - (s_bs.size - 1) / 2), unit * mean, yerr=unit * ci, fmt="o", ms=3.5,
            color=colour, elinewidth=0.9, zorder=3,
        )
    ax.axhline(0.0, ls=":", lw=1.0, color=NOTE_COLOUR, zorder=1)
    ax.set_xlim(-0.05, 1.05)
    ax.set_xticks([0.0, 0.5, 1.0], ["0", "0.5", "1"])
    ax.set_xlabel(r"input-mode alignment $q$")
    factor = rf" $\times\,10^{{{exponent}}}$" if exponent else ""
    ax.set_ylabel(rf"transfer benefit $T^{{A\leftarrow B}}${factor}")
    ax.set_title(rf"$s_A$ = {theory['s_A'][i]:g}")


def _legend_handles() -> list[Line2D]:
    return [
        Line2D([], [], color=THEORY_COLOUR, marker="o", ls="none", ms=3.5,
               label="simulation: mean over runs, 95% CI"),
        Line2D([], [], color=THEORY_COLOUR, lw=1.2,
               label="theory (added; not in the original figure)"),
        Line2D([], [], color=NOTE_COLOUR, ls=":", lw=1.0, label="T = 0"),
    ]


@styled
def fig9_figure(
    theory: Mapping[str, np.ndarray], table: Sequence[Mapping[str, str]]
) -> Figure:
    """Figure 9 from the transfer theory arrays and the transfer-benefit table.

    Parameters
    ----------
    theory : ``s_A[nA]``, ``s_B[nB]``, ``q_fine[nf]``, ``T_fine[nA, nB, nf]`` (theory lines),
        scalars ``sigma_z`` (noise scale in paper units) and ``a_quarter`` (the ``s_B`` marked
        ``A^{1/4}`` on the colour bar).
    table : rows of the transfer-benefit table (strings, as read from CSV) with the columns of
        :data:`FIG9_TABLE_COLUMNS`; every (s_A, s_B) of ``theory`` must have rows.
    """
    require(theory, FIG9_THEORY_KEYS, "Figure 9 theory")
    for row in table:
        require(row, FIG9_TABLE_COLUMNS, "transfer-benefit table row")
    if not table:
        raise ValueError("the transfer-benefit table is empty")
    s_as = np.asarray(theory["s_A"], dtype=float)
    s_bs = np.asarray(theory["s_B"], dtype=float)
    fig, axes = new_figure(3.4 * s_as.size + 1.0, 3.9, 1, s_as.size)
    log_s_b = np.log(s_bs)
    scale = colour_scale(SNR_CMAP, float(log_s_b.min()) - 0.5, float(log_s_b.max()))
    for i, (ax, s_a) in enumerate(zip(axes[0], s_as, strict=True)):
        _panel(ax, i, theory, _panel_points(table, s_a, s_bs), scale)
        panel_letter(ax, "abcdefghijklmnopqrstuvwxyz"[i])
    colourbar(fig, axes, scale, r"task B strength $s_B$ (colour: $\log s_B$)", log_s_b)
    threshold = float(theory["a_quarter"])
    marked = np.isclose(s_bs, threshold, rtol=0.01)
    scale.colorbar.ax.set_yticklabels(
        [r"$A^{1/4}$" if mark else f"{s:g}" for s, mark in zip(s_bs, marked, strict=True)]
    )
    fig.legend(handles=_legend_handles(), loc="outside upper center", ncols=3)
    noise_var = ", ".join(f"{v:g}" for v in sorted({float(row["noise_var"]) for row in table}))
    n_runs = "/".join(str(n) for n in sorted({int(row["n_runs"]) for row in table}))
    caption = (
        rf"Noise variance per element {noise_var} ($\sigma_z^2 = N_1 \times$ variance = "
        rf"{float(theory['sigma_z']) ** 2:g}); {n_runs} runs per point; "
        "each student stopped at its own optimal epoch for task A."
    )
    if marked.any():
        caption += (
            "\n"
            rf"Colour bar: $A^{{1/4}} = (N_{{3}}^{{B}}/N_1)^{{1/4}}$ = {threshold:.4g} "
            r"labels $s_B$ itself, not the SNR $s_B/\sigma_z$."
        )
    fig.supxlabel(caption, fontsize=7, color=NOTE_COLOUR)
    return fig
