"""Figure 1: learning dynamics of a training-aligned mode (pure theory, poster eq 6).

* (a) The strength ``s(t, s_hat)`` of a mode against ``t/tau``, one curve per data singular value
  ``s_hat``, coloured blue -> red by ``s_hat``. Each mode is learned sigmoidally, and stronger modes
  are learned earlier. Purple dashed guides mark one curve (``s_hat = 4`` in the paper): its
  asymptote ``y = s_hat`` and its transition time ``t_4``, where it reaches half its asymptote.
* (b) The learned fraction ``s(t, s_hat)/s_hat`` against ``s_hat``, one curve per time ``t/tau``,
  coloured purple -> olive by time. Learning sweeps as a wave from large to small singular values;
  a grey arrow labelled "t" shows the direction in which the wave moves.

Input: the arrays of ``lingen.experiments.signal.fig1_theory`` (``results/fig1/theory.npz``).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from lingen.plotting.common import (
    colour_scale,
    colourbar,
    index_of,
    new_figure,
    panel_letter,
    require,
)
from lingen.plotting.style import GUIDE_COLOUR, NOTE_COLOUR, SNR_CMAP, TIME_CMAP, styled

__all__ = ["FIG1_KEYS", "fig1_figure", "midpoint_time"]

#: arrays :func:`fig1_figure` draws
FIG1_KEYS = ("t_over_tau", "s_hat", "strength", "s_hat_grid", "times", "fraction")


def midpoint_time(t: np.ndarray, strength: np.ndarray, s_hat: float) -> float:
    """Time at which a learning curve first reaches half its asymptote ``s_hat``.

    Interpolates ``logit(s/s_hat)`` linearly between the two samples that bracket ``s_hat/2``.
    For the logistic curves of eq 6 the logit is exactly linear in ``t``, so this recovers the
    sigmoid's midpoint from the sampled curve without any theory call.
    """
    frac = np.asarray(strength, dtype=float) / s_hat
    above = np.flatnonzero(frac >= 0.5)
    if above.size == 0 or above[0] == 0:
        raise ValueError(f"the s_hat = {s_hat:g} curve does not cross s_hat/2 inside the time grid")
    i = above[0]
    logit = np.log(frac[i - 1 : i + 1] / (1.0 - frac[i - 1 : i + 1]))
    return float(np.interp(0.0, logit, t[i - 1 : i + 1]))


def _half_learned_s_hat(grid: np.ndarray, fraction: np.ndarray) -> float | None:
    """Smallest ``s_hat`` above which the whole curve ``fraction(s_hat)`` is at least 1/2 (the
    front of the learning wave), by linear interpolation; None if the curve never gets there."""
    below = np.flatnonzero(fraction < 0.5)
    if below.size == 0 or below[-1] == grid.size - 1:
        return None
    i = below[-1]
    return float(np.interp(0.5, fraction[i : i + 2], grid[i : i + 2]))


def _panel_a(ax: Axes, arrays: Mapping[str, np.ndarray], guide_s_hat: float) -> None:
    t, s_hat, strength = arrays["t_over_tau"], arrays["s_hat"], arrays["strength"]
    scale = colour_scale(SNR_CMAP, float(s_hat.min()), float(s_hat.max()))
    for k, value in enumerate(s_hat):
        ax.plot(t, strength[k], color=scale.to_rgba(value))
    k = index_of(s_hat, guide_s_hat, "guide_s_hat")
    t_mid = midpoint_time(t, strength[k], float(s_hat[k]))
    guide = {"color": GUIDE_COLOUR, "ls": "--", "lw": 1.0, "zorder": 1}
    ax.axhline(s_hat[k], **guide)
    ax.axvline(t_mid, **guide)
    ax.set_xticks([0.0, t_mid, float(t.max())], ["0", f"$t_{{{s_hat[k]:g}}}$", f"{t.max():g}"])
    ax.get_xticklabels()[1].set_color(GUIDE_COLOUR)
    ax.set_xlim(0.0, float(t.max()))
    ax.set_ylim(0.0, float(s_hat.max()) * 1.02)
    ax.set_xlabel(r"$t/\tau$")
    ax.set_ylabel(r"mode strength $s(t)$")
    colourbar(ax.figure, ax, scale, r"$\hat{s}$", s_hat)


def _panel_b(ax: Axes, arrays: Mapping[str, np.ndarray]) -> None:
    grid, times, fraction = arrays["s_hat_grid"], arrays["times"], arrays["fraction"]
    scale = colour_scale(TIME_CMAP, float(times.min()), float(times.max()))
    for m, time in enumerate(times):
        ax.plot(grid, fraction[m], color=scale.to_rgba(time))
    ax.set_xlim(0.0, float(grid.max()))
    ax.set_ylim(0.0, 1.2)
    fronts = [_half_learned_s_hat(grid, fraction[m]) for m in np.argsort(times)[:2]]
    if len(fronts) == 2 and None not in fronts:
        y = 1.1
        ax.annotate(
            "", xy=(fronts[1], y), xytext=(fronts[0], y),
            arrowprops={"arrowstyle": "-|>", "color": NOTE_COLOUR, "lw": 1.5},
        )
        ax.text(np.mean(fronts), y + 0.02, "t", color=NOTE_COLOUR, ha="center", va="bottom")
    ax.set_xlabel(r"data singular value $\hat{s}$")
    ax.set_ylabel(r"learned fraction $s(t)/\hat{s}$")
    colourbar(ax.figure, ax, scale, r"$t/\tau$", times)


@styled
def fig1_figure(arrays: Mapping[str, np.ndarray], *, guide_s_hat: float = 4.0) -> Figure:
    """Figure 1 from the theory arrays.

    Parameters
    ----------
    arrays : ``t_over_tau[T]``, ``s_hat[K]``, ``strength[K, T]`` (panel a) and ``s_hat_grid[G]``,
        ``times[M]``, ``fraction[M, G]`` (panel b), as returned by
        ``lingen.experiments.signal.fig1_theory``.
    guide_s_hat : the ``s_hat`` (one of ``arrays["s_hat"]``) whose asymptote and transition time
        the purple guides of panel a mark.

    The arrow of panel b runs between the fronts of the two earliest curves: the ``s_hat`` at which
    each has learned half of the mode.
    """
    require(arrays, FIG1_KEYS, "Figure 1 theory")
    fig, axes = new_figure(7.6, 3.0, 1, 2)
    _panel_a(axes[0, 0], arrays, guide_s_hat)
    _panel_b(axes[0, 1], arrays)
    for ax, letter in zip(axes.flat, "ab", strict=True):
        panel_letter(ax, letter)
    return fig
