"""Figure 5: random labels are fitted more slowly than real ones.

* (a) Histograms of the singular values of the training targets, pooled over all runs and drawn
  as the mean count per run in bins of width 0.5; facets Original (top) over Randomized (bottom),
  filled with the ColorBrewer Set1 colours of the authors' figure. Dashed verticals: on the
  Original row the signal values ``s_hat(s_bar)`` of eq 7 and the Marchenko-Pastur noise
  endpoints ``1 -+ sqrt(A)``; on the Randomized row the endpoints ``sigma_r (1 -+ sqrt(A))`` of the
  rescaled bulk that iid targets of the same second moment produce (SCIENCE.md 1.10).
* (b) The training error on a linear scale against ``t/tau`` for randomly initialised students:
  mean over runs (solid) with its 95% CI band, per kind of data. Dashed: the training-aligned
  theory computed from each data set's own spectrum and averaged over runs, an addition to the
  authors' figure (which showed one simulated run). A dotted line marks half the initial error,
  whose crossing times are in ``results/tables/randomized_labels.csv``.

Inputs: ``lingen.experiments.randomized.fig5_theory`` and one
``lingen.experiments.randomized.fig5_simulation`` result per kind.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from lingen.plotting.common import new_figure, panel_letter, require
from lingen.plotting.style import GUIDE_COLOUR, NOTE_COLOUR, THEORY_COLOUR, styled
from lingen.stats import mean_ci95

__all__ = ["FIG5_SIMULATION_KEYS", "FIG5_THEORY_KEYS", "KIND_COLOURS", "fig5_figure"]

FIG5_THEORY_KEYS = (
    "epochs", "signal_s_hat", "noise_edges", "randomized_edges", "train_original",
    "train_randomized",
)
FIG5_SIMULATION_KEYS = ("epochs", "train", "singular_values")

#: fill and line colour of each kind of data (ColorBrewer Set1, as in the authors' figure)
KIND_COLOURS = {"original": "#E41A1C", "randomized": "#377EB8"}
KIND_NAMES = {"original": "Original", "randomized": "Randomized"}
SIGNAL_LINE = {"color": THEORY_COLOUR, "ls": "--", "lw": 1.1}
NOISE_LINE = {"color": GUIDE_COLOUR, "ls": "--", "lw": 1.1}


def _histogram_panel(
    ax: Axes,
    kind: str,
    singular_values: np.ndarray,
    edges: np.ndarray,
    verticals: Sequence[tuple[np.ndarray, Mapping[str, object]]],
) -> None:
    """Mean count per run of one kind's singular values (``array[R, N3]``), with theory verticals
    given as ``(positions, line style)`` pairs."""
    values = np.atleast_2d(singular_values)
    counts, _ = np.histogram(values.ravel(), bins=edges)
    ax.bar(
        edges[:-1], counts / values.shape[0], np.diff(edges), align="edge",
        color=KIND_COLOURS[kind], edgecolor="white", linewidth=0.3,
    )
    for positions, style in verticals:
        for x in positions:
            ax.axvline(x, **style)
    ax.text(
        1.01, 0.5, KIND_NAMES[kind], transform=ax.transAxes, rotation=-90, ha="left",
        va="center",
    )
    ax.set_ylim(0.0, 1.3 * ax.get_ylim()[1])  # room for the panel letter
    ax.set_ylabel("count per run")


def _train_panel(
    ax: Axes,
    theory: Mapping[str, np.ndarray],
    simulations: Mapping[str, Mapping[str, np.ndarray]],
    tau: float,
    t_max: float,
) -> None:
    """Simulated train error (mean and 95% CI band over runs) and the spectrum TA theory."""
    t_theory = np.asarray(theory["epochs"], dtype=float) / tau
    shown_theory = t_theory <= t_max
    start = []
    for kind, colour in KIND_COLOURS.items():
        sim = simulations[kind]
        t = np.asarray(sim["epochs"], dtype=float) / tau
        shown = t <= t_max
        mean, ci = mean_ci95(sim["train"][:, shown], axis=0)
        ax.fill_between(t[shown], mean - ci, mean + ci, color=colour, alpha=0.25, lw=0)
        ax.plot(t[shown], mean, color=colour, lw=1.4)
        ax.plot(
            t_theory[shown_theory], np.mean(theory[f"train_{kind}"], axis=0)[shown_theory],
            color=colour, ls="--", lw=1.2,
        )
        start.append(float(mean[0]))
    ax.axhline(0.5 * np.mean(start), color=NOTE_COLOUR, ls=":", lw=1.0)
    ax.set_xlim(0.0, t_max)
    ax.set_ylim(0.0, 1.05 * max(start))
    ax.set_xlabel(r"$t/\tau$")
    ax.set_ylabel(r"train error $\varepsilon_{\rm train}$ (linear)")


@styled
def fig5_figure(
    theory: Mapping[str, np.ndarray],
    simulations: Mapping[str, Mapping[str, np.ndarray]],
    *,
    tau: float,
    t_max: float,
    bin_width: float = 0.5,
) -> Figure:
    """Figure 5 from the theory arrays and the simulation of each kind of data.

    Parameters
    ----------
    theory : ``epochs[T]``, ``signal_s_hat[rank]``, ``noise_edges[2]``, ``randomized_edges[2]``,
        ``train_original[R, T]``, ``train_randomized[R, T]``
        (``lingen.experiments.randomized.fig5_theory``).
    simulations : ``{"original": ..., "randomized": ...}``, each with ``epochs[T']``,
        ``train[R, T']`` (linear scale) and ``singular_values[R, N3]``.
    tau : the time constant ``1/lr`` in epochs.
    t_max : right end of panel b in ``t/tau``.
    bin_width : histogram bin width (the authors' 0.5).
    """
    require(theory, FIG5_THEORY_KEYS, "Figure 5 theory")
    for kind in KIND_COLOURS:
        require(simulations, [kind], "Figure 5 simulations")
        require(simulations[kind], FIG5_SIMULATION_KEYS, f"Figure 5 simulation ({kind})")
    runs = {np.shape(simulations[kind]["train"])[0] for kind in KIND_COLOURS}

    fig, axes = new_figure(9.0, 3.6, 2, 2)
    grid = axes[0, 1].get_subplotspec().get_gridspec()
    axes[0, 1].remove()
    axes[1, 1].remove()
    ax_b = fig.add_subplot(grid[:, 1])
    ax_orig, ax_rand = axes[0, 0], axes[1, 0]

    top = max(float(np.max(simulations[k]["singular_values"])) for k in KIND_COLOURS)
    top = max(top, float(np.max(theory["signal_s_hat"])))
    edges = np.arange(0.0, top + 2 * bin_width, bin_width)
    _histogram_panel(
        ax_orig, "original", simulations["original"]["singular_values"], edges,
        [(theory["signal_s_hat"], SIGNAL_LINE), (theory["noise_edges"], NOISE_LINE)],
    )
    _histogram_panel(
        ax_rand, "randomized", simulations["randomized"]["singular_values"], edges,
        [(theory["randomized_edges"], NOISE_LINE)],
    )
    ax_rand.sharex(ax_orig)
    ax_orig.set_xlim(0.0, edges[-1])
    ax_orig.tick_params(labelbottom=False)
    ax_rand.set_xlabel(r"singular value $s$ of the training targets")
    ax_rand.legend(
        handles=[
            Line2D([], [], label="Signal values", **SIGNAL_LINE),
            Line2D([], [], label="Noise endpoints", **NOISE_LINE),
        ],
        loc="center right",
        title=f"pooled over {'/'.join(str(r) for r in sorted(runs))} runs",
    )

    _train_panel(ax_b, theory, simulations, tau, t_max)
    ax_b.legend(
        handles=[
            *(Patch(color=c, label=KIND_NAMES[k]) for k, c in KIND_COLOURS.items()),
            Line2D([], [], color=THEORY_COLOUR, lw=1.4,
                   label="Simulation, random init\n(mean, 95% CI band over runs)"),
            Line2D([], [], color=THEORY_COLOUR, ls="--", lw=1.2,
                   label="TA theory from each data set's\nspectrum (added; not in original)"),
            Line2D([], [], color=NOTE_COLOUR, ls=":", lw=1.0, label="half the initial error"),
        ],
        loc="upper right",
    )
    panel_letter(ax_orig, "a")
    panel_letter(ax_b, "b")
    return fig
