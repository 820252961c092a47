"""The one style of every lingen figure: fonts, sizes, line widths and colour scales.

The colour scales follow the authors' figures (SCIENCE.md section 2, general conventions): SNR runs
blue -> red, time purple -> olive, the sample ratio P/N1 green -> gold, and the aspect ratios A of
Figure 2 run through four ColorBrewer greens (light = small A).

Each figure function is wrapped in :func:`styled`, which applies :data:`STYLE` while the figure is
built. The style is therefore never installed globally: importing :mod:`lingen.plotting` leaves the
caller's matplotlib settings alone. A figure keeps its fonts when it is saved outside the context,
because every text object and tick copies its properties when it is created.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import matplotlib as mpl
from matplotlib.colors import LinearSegmentedColormap

__all__ = [
    "ASPECT_CMAP",
    "GUIDE_COLOUR",
    "NOTE_COLOUR",
    "SAMPLE_RATIO_CMAP",
    "SIGNAL_COLOUR",
    "SNR_CMAP",
    "STYLE",
    "THEORY_COLOUR",
    "TIME_CMAP",
    "styled",
]

#: matplotlib settings shared by every figure (applied by :func:`styled`)
STYLE: dict[str, object] = {
    "font.family": "DejaVu Sans",
    "font.size": 9.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 9.0,
    "xtick.labelsize": 8.0,
    "ytick.labelsize": 8.0,
    "legend.fontsize": 7.5,
    "legend.frameon": False,
    "legend.handlelength": 1.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "lines.linewidth": 1.5,
    "lines.markersize": 4.5,
    "errorbar.capsize": 2.0,
    "figure.dpi": 200,
    "figure.constrained_layout.use": True,
}

#: SNR (teacher singular value): blue -> red
SNR_CMAP = LinearSegmentedColormap.from_list("lingen_snr", ["#0000FF", "#FF0000"])
#: training time t/tau: purple -> olive
TIME_CMAP = LinearSegmentedColormap.from_list("lingen_time", ["#AA00CC", "#CCCC00"])
#: number of examples P/N1: green -> gold
SAMPLE_RATIO_CMAP = LinearSegmentedColormap.from_list("lingen_p_over_n1", ["#008800", "#FFD700"])
#: aspect ratio A = N3/N1 (Figure 2); sampled at 4 equally spaced points it gives back the
#: authors' #A1D99B, #41AB5D, #238B45, #00441B
ASPECT_CMAP = LinearSegmentedColormap.from_list(
    "lingen_aspect", ["#A1D99B", "#41AB5D", "#238B45", "#00441B"]
)

THEORY_COLOUR = "black"
SIGNAL_COLOUR = "#CC0000"
GUIDE_COLOUR = "purple"
NOTE_COLOUR = "grey"

P = ParamSpec("P")
R = TypeVar("R")


def styled(func: Callable[P, R]) -> Callable[P, R]:
    """Build the figure of ``func`` under :data:`STYLE`."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with mpl.rc_context(STYLE):
            return func(*args, **kwargs)

    return wrapper
