"""Helpers shared by every figure: input checks, figure creation, panel letters, guides, colours.

Figures are built on :class:`matplotlib.figure.Figure` with an Agg canvas, never through pyplot, so
drawing needs no display and leaves no global figure registry behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Colormap, Normalize
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from lingen.plotting.style import NOTE_COLOUR

__all__ = [
    "colour_scale",
    "colourbar",
    "identity_line",
    "index_of",
    "mean_ln",
    "new_figure",
    "panel_letter",
    "require",
]


def require(arrays: Mapping[str, object], keys: Iterable[str], source: str) -> None:
    """Raise ``KeyError`` naming every key of ``keys`` that ``arrays`` lacks.

    ``source`` says which input is incomplete (e.g. ``"Figure 1 theory"``).
    """
    missing = [key for key in keys if key not in arrays]
    if missing:
        raise KeyError(f"{source}: missing array(s) {missing}; present: {sorted(arrays)}")


def index_of(values: np.ndarray, value: float, what: str) -> int:
    """Index of ``value`` in the 1-d array ``values`` (to relative precision 1e-9)."""
    values = np.asarray(values, dtype=float)
    hits = np.flatnonzero(np.isclose(values, value, rtol=1e-9, atol=0.0))
    if hits.size == 0:
        raise ValueError(f"{what} = {value:g} is not among the given values {values.tolist()}")
    return int(hits[0])


def new_figure(width: float, height: float, nrows: int, ncols: int) -> tuple[Figure, np.ndarray]:
    """A constrained-layout Figure of ``width x height`` inches with an ``nrows x ncols`` grid of
    axes (returned as array[nrows, ncols])."""
    fig = Figure(figsize=(width, height), layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=False)
    return fig, axes


def panel_letter(ax: Axes, letter: str, corner: str = "upper left") -> None:
    """Draw the panel letter inside ``ax``, in its ``"upper left"`` or ``"lower left"`` corner
    (whichever the data leave free)."""
    y, va = {"upper left": (0.97, "top"), "lower left": (0.03, "bottom")}[corner]
    ax.text(
        0.03, y, letter, transform=ax.transAxes, fontweight="bold", fontsize=11, ha="left", va=va
    )


def identity_line(
    ax: Axes, values: Sequence[float] | np.ndarray, label: str | None = None
) -> Line2D:
    """Dotted line ``y = x`` spanning the range of ``values`` (the data drawn in ``ax``)."""
    lo, hi = float(np.min(values)), float(np.max(values))
    pad = 0.05 * (hi - lo) if hi > lo else 0.5
    ends = [lo - pad, hi + pad]
    (line,) = ax.plot(ends, ends, ls=":", lw=1.0, color=NOTE_COLOUR, label=label, zorder=1)
    return line


def colour_scale(cmap: Colormap, vmin: float, vmax: float) -> ScalarMappable:
    """A continuous colour scale: ``scale.to_rgba(value)`` colours a value, and the scale itself
    is what :func:`colourbar` draws."""
    return ScalarMappable(norm=Normalize(vmin=vmin, vmax=vmax), cmap=cmap)


def colourbar(
    fig: Figure,
    axes: Axes | Sequence[Axes] | np.ndarray,
    scale: ScalarMappable,
    label: str,
    ticks: Sequence[float] | np.ndarray,
) -> None:
    """Colour bar of ``scale`` beside ``axes``, with ticks at the drawn values."""
    bar = fig.colorbar(scale, ax=axes, ticks=list(ticks), shrink=0.9, aspect=25, pad=0.02)
    bar.set_label(label)
    bar.ax.set_yticklabels([f"{t:g}" for t in ticks])
    bar.outline.set_linewidth(0.5)


def mean_ln(errors: np.ndarray) -> np.ndarray:
    """Mean over runs (axis 0) of the natural log of errors, array[R, T] -> array[T].

    This is how the authors summarise simulated learning curves (the mean of ln, not the ln of
    the mean).
    """
    return np.log(np.asarray(errors, dtype=float)).mean(axis=0)

