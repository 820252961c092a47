"""Figure functions: the arrays of ``results/`` in, a matplotlib Figure out.

Plotting is separate from computing: a figure function draws exactly the numbers it is given (no
theory calls, no result constants) and the workflow scripts in ``workflow/scripts/*_figure.py`` load
the inputs and save the figure. Every figure shares one style (:mod:`lingen.plotting.style`) and the
axis, legend and colour helpers of :mod:`lingen.plotting.common`.

* :mod:`lingen.plotting.fig1`         Figure 1, learning dynamics of a training-aligned mode.
* :mod:`lingen.plotting.fig2`         Figure 2, the signal through the noise.
* :mod:`lingen.plotting.single_task`  Figures 3 and 4, theory against simulation.
* :mod:`lingen.plotting.fig5`         Figure 5, randomized against real targets.
* :mod:`lingen.plotting.fig6`         Figure 6, the number of training examples.
* :mod:`lingen.plotting.schematics`   Figures 7 and 8, schematics of transfer learning.
* :mod:`lingen.plotting.fig9`         Figure 9, the transfer benefit.
"""

from lingen.plotting.fig1 import FIG1_KEYS, fig1_figure
from lingen.plotting.fig2 import (
    FIG2_HISTOGRAM_KEYS,
    FIG2_MONTECARLO_KEYS,
    FIG2_THEORY_KEYS,
    fig2_figure,
)
from lingen.plotting.single_task import LAYOUTS, single_task_figure

__all__ = [
    "FIG1_KEYS",
    "FIG2_HISTOGRAM_KEYS",
    "FIG2_MONTECARLO_KEYS",
    "FIG2_THEORY_KEYS",
    "LAYOUTS",
    "fig1_figure",
    "fig2_figure",
    "single_task_figure",
]
