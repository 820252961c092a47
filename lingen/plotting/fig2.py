"""Figure 2: how the signal is buried in the noise (random-matrix theory against Monte Carlo).

* (a) Histogram of the data singular values ``s_hat`` of one noisy rank-r training set. The bulk
  follows the Marchenko-Pastur law (eq 9; dashed black, scaled to expected counts per bin); each
  teacher mode gives one outlier at the inflated value of eq 7 (dashed red verticals). As in the
  authors' figure, bars above ``s_hat = 2.5`` are magnified x5 (hatched) so the single outliers are
  visible.
* (b) The top data singular value ``s_hat`` against the teacher's ``s_bar`` for each aspect ratio
  A = N3/N1: theory lines (eq 7) and Monte Carlo mean +- 95% CI. Below the threshold
  ``s_bar = A^{1/4}`` the mode sits at the bulk edge ``1 + sqrt(A)``; above it, it is inflated
  (above the dotted identity line).
* (c) The overlap ``(u_hat . u_bar)(v_hat . v_bar)`` of the top data mode with the teacher mode:
  theory (eq 8) and Monte Carlo, same style. It is 0 below threshold and tends to 1 above.

Inputs (``results/fig2/*.npz``): ``lingen.experiments.signal.fig2_theory``, one
``lingen.experiments.signal.fig2_montecarlo`` result per A, and
``lingen.experiments.signal.fig2_histogram``.
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
    identity_line,
    index_of,
    new_figure,
    panel_letter,
    require,
)
from lingen.plotting.style import ASPECT_CMAP, SIGNAL_COLOUR, THEORY_COLOUR, styled
from lingen.stats import mean_ci95

__all__ = ["FIG2_HISTOGRAM_KEYS", "FIG2_MONTECARLO_KEYS", "FIG2_THEORY_KEYS", "fig2_figure"]

FIG2_THEORY_KEYS = (
    "A", "s_bar", "s_hat", "overlap", "hist_A", "mp_x", "mp_density", "signal_s_bar",
    "signal_s_hat",
)
FIG2_MONTECARLO_KEYS = ("A", "s_bar", "top_s_hat", "overlap")
FIG2_HISTOGRAM_KEYS = ("singular_values", "bin_edges", "counts")

BAR_COLOUR = "#A8A8A8"
MAGNIFIED_EDGE = "#404040"


def _panel_histogram(
    ax: Axes,
    theory: Mapping[str, np.ndarray],
    histogram: Mapping[str, np.ndarray],
    magnify_above: float,
    magnify: float,
) -> None:
    edges = np.asarray(histogram["bin_edges"], dtype=float)
    counts = np.asarray(histogram["counts"], dtype=float)
    widths = np.diff(edges)
    if not np.allclose(widths, widths[0]):
        raise ValueError("Figure 2 histogram: bins must have equal widths")
    centres = edges[:-1] + widths / 2
    big = centres > magnify_above
    bar = {"align": "edge", "color": BAR_COLOUR, "linewidth": 0.3}
    ax.bar(
        edges[:-1][~big], counts[~big], widths[~big], edgecolor="white", label="Empirical", **bar
    )
    ax.bar(
        edges[:-1][big], counts[big] * magnify, widths[big], hatch="////",
        edgecolor=MAGNIFIED_EDGE,
        label=rf"Empirical $\times${magnify:g} ($\hat{{s}} > {magnify_above:g}$)", **bar,
    )
    n3 = len(histogram["singular_values"])
    n_noise = n3 - len(theory["signal_s_hat"])
    ax.plot(
        theory["mp_x"], n_noise * widths[0] * theory["mp_density"], ls="--", lw=1.2,
        color=THEORY_COLOUR, label="Theory: noise (eq 9)",
    )
    for k, (s_bar, s_hat) in enumerate(
        zip(theory["signal_s_bar"], theory["signal_s_hat"], strict=True)
    ):
        ax.axvline(
            s_hat, ls="--", lw=1.2, color=SIGNAL_COLOUR,
            label="Theory: signal (eq 7)" if k == 0 else None,
        )
        ax.text(
            s_hat, 1.0, rf"$\bar{{s}}={s_bar:g}$", transform=ax.get_xaxis_transform(),
            ha="center", va="bottom", fontsize=7, color=SIGNAL_COLOUR,
        )
    ax.set_xlim(edges[0], edges[-1])
    ax.set_ylim(0.0, 1.2 * ax.get_ylim()[1])
    ax.set_xlabel(r"data singular value $\hat{s}$")
    ax.set_ylabel(rf"count ($\times${magnify:g} above {magnify_above:g})")
    ax.legend(
        loc="upper right", bbox_to_anchor=(1.0, 0.95), frameon=True, facecolor="white",
        edgecolor="none", framealpha=1.0, title_fontsize=7.5,
        title=rf"one draw: $A = {float(theory['hist_A']):g}$, $N_3 = {n3}$",
    )


def _panel_montecarlo(
    ax: Axes,
    theory: Mapping[str, np.ndarray],
    montecarlo: Sequence[Mapping[str, np.ndarray]],
    key: str,
    scale: ScalarMappable,
) -> None:
    """Theory lines ``theory[key][i]`` over ``s_bar`` per aspect ratio, and Monte Carlo points
    (mean +- 95% CI over draws) of ``top_s_hat`` or ``overlap``."""
    a_values = np.asarray(theory["A"], dtype=float)
    mc_key = "top_s_hat" if key == "s_hat" else key
    for i, a in enumerate(a_values):
        ax.plot(theory["s_bar"], theory[key][i], color=scale.to_rgba(a), lw=1.2)
    for mc in montecarlo:
        a = float(mc["A"])
        index_of(a_values, a, "Monte Carlo A")
        mean, ci = mean_ci95(mc[mc_key], axis=0)
        ax.errorbar(
            mc["s_bar"], mean, yerr=ci, fmt="o", ms=3.5, color=scale.to_rgba(a), elinewidth=1.0,
        )
    ax.set_xlabel(r"teacher singular value (SNR) $\bar{s}$")


def _legend_handles(
    a_values: np.ndarray, montecarlo: Sequence[Mapping[str, np.ndarray]], scale: ScalarMappable
) -> list[Line2D]:
    draws = sorted({np.shape(mc["top_s_hat"])[0] for mc in montecarlo})
    draws_text = "/".join(str(n) for n in draws)
    return [
        *(Line2D([], [], color=scale.to_rgba(a), lw=4, label=f"$A = {a:g}$") for a in a_values),
        Line2D([], [], color=THEORY_COLOUR, lw=1.2, label="Theory"),
        Line2D(
            [], [], color=THEORY_COLOUR, marker="o", ms=3.5, ls="none",
            label=f"Monte Carlo, {draws_text} draws\n(mean $\\pm$ 95% CI)",
        ),
    ]


@styled
def fig2_figure(
    theory: Mapping[str, np.ndarray],
    montecarlo: Sequence[Mapping[str, np.ndarray]],
    histogram: Mapping[str, np.ndarray],
    *,
    magnify_above: float = 2.5,
    magnify: float = 5.0,
) -> Figure:
    """Figure 2 from the theory, Monte Carlo and histogram arrays.

    Parameters
    ----------
    theory : ``A[nA]``, ``s_bar[G]``, ``s_hat[nA, G]``, ``overlap[nA, G]``, ``hist_A``,
        ``mp_x[X]``, ``mp_density[X]``, ``signal_s_bar[r]``, ``signal_s_hat[r]``
        (``lingen.experiments.signal.fig2_theory``).
    montecarlo : one mapping per aspect ratio with ``A``, ``s_bar[n]``, ``top_s_hat[draws, n]``,
        ``overlap[draws, n]`` (``lingen.experiments.signal.fig2_montecarlo``); each A must be one
        of ``theory["A"]``.
    histogram : ``singular_values[N3]``, ``bin_edges[B + 1]``, ``counts[B]``
        (``lingen.experiments.signal.fig2_histogram``).
    magnify_above, magnify : bars whose centre lies above ``magnify_above`` are drawn
        ``magnify`` times taller (the authors' x5 above 2.5), and are hatched and labelled so.

    The Marchenko-Pastur curve is drawn as expected counts per bin,
    ``(N3 - r) * bin_width * density`` with ``N3 = len(singular_values)`` and ``r`` signal modes.
    """
    require(theory, FIG2_THEORY_KEYS, "Figure 2 theory")
    for mc in montecarlo:
        require(mc, FIG2_MONTECARLO_KEYS, "Figure 2 Monte Carlo")
    require(histogram, FIG2_HISTOGRAM_KEYS, "Figure 2 histogram")
    fig, axes = new_figure(11.0, 3.4, 1, 3)
    ax_a, ax_b, ax_c = axes[0]
    _panel_histogram(ax_a, theory, histogram, magnify_above, magnify)

    a_values = np.asarray(theory["A"], dtype=float)
    scale = colour_scale(ASPECT_CMAP, float(a_values.min()), float(a_values.max()))
    _panel_montecarlo(ax_b, theory, montecarlo, "s_hat", scale)
    top = float(np.ceil(np.max(theory["s_bar"])))
    identity = identity_line(ax_b, [0.0, top], label=r"$\hat{s} = \bar{s}$")
    ax_b.set_xlim(0.0, top)
    ax_b.set_ylim(0.0, top)
    ax_b.set_ylabel(r"top data singular value $\hat{s}$")
    ax_b.legend(handles=[*_legend_handles(a_values, montecarlo, scale), identity], loc="lower right")

    _panel_montecarlo(ax_c, theory, montecarlo, "overlap", scale)
    ax_c.axhline(0.0, lw=0.6, color="grey", zorder=0)
    ax_c.set_xlim(0.0, top)
    ax_c.set_ylim(-0.1, 1.05)
    ax_c.set_ylabel(r"overlap $(\hat{u}\cdot\bar{u})(\hat{v}\cdot\bar{v})$")

    for ax, letter in zip(axes.flat, "abc", strict=True):
        panel_letter(ax, letter)
    return fig
