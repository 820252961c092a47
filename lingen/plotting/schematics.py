"""Figures 7 and 8: schematics of the transfer-learning setting, drawn from geometry alone.

* Figure 7 (:func:`transfer_setting`) shows the setting of SCIENCE.md 1.9. Two rank-1 teachers,
  task A and task B, share the same N1 inputs. Stacking their outputs gives the multi-task teacher
  (two hidden units, concatenated outputs). Its outputs, corrupted once by IID Gaussian noise that
  stays fixed during training, train a wide student. Two questions label the picture: are the tasks'
  input weights aligned, and what is their relative signal strength?
* Figure 8 (:func:`transfer_alignment_cartoon`) redraws a poster image that is lost. It plots the
  two tasks' input modes as vectors ``s_A v_A`` and ``s_B v_B`` in the plane they span, at angle
  ``arccos q``. The joint teacher's top input mode is drawn with them. On span{[uA; 0], [0; uB]}
  the joint teacher has ``Wbar Wbar^T = M = [[sA^2, q sA sB], [q sA sB, sB^2]]``. Its top unit
  eigenvector ``(c_A, c_B)`` gives ``vbar = (c_A sA vA + c_B sB vB) / sbar`` with
  ``sbar^2 = lambda_max(M)``. With aligned tasks that mode carries both tasks. With misaligned
  tasks it is pulled towards the stronger task, and the weaker task loses its own direction.

Neither figure draws data: every position is fixed layout, or in Figure 8 the joint-teacher
geometry of :func:`lingen.transfer.joint_teacher_svd`.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.patches import Arc, Circle, FancyBboxPatch, Wedge
from matplotlib.text import Annotation

from lingen.plotting.common import new_figure
from lingen.plotting.style import NOTE_COLOUR, styled
from lingen.transfer import joint_teacher_svd

__all__ = [
    "JOINT_MODE_GID",
    "TASK_A_GID",
    "TASK_B_GID",
    "transfer_alignment_cartoon",
    "transfer_setting",
]

Point = tuple[float, float]

#: gids of the mode arrows of Figure 8, so tests and readers can find them
TASK_A_GID = "mode-A"
TASK_B_GID = "mode-B"
JOINT_MODE_GID = "joint-mode"

TASK_A_COLOUR = "#1F5FBF"
TASK_B_COLOUR = "#D2691E"
JOINT_COLOUR = "#7B3FA0"
HELPS_COLOUR = "#2E8B3A"
HURTS_COLOUR = "#C0392B"
INPUT_FACE = "#E6E6E6"

#: Figure 7 uses a smaller font than the plots so that four networks fit in 7 inches
SMALL = 7.5

# Figure 7 layout, in inches: the axes spans the figure with equal aspect
_WIDTH, _HEIGHT = 7.0, 2.6
_INPUT_Y, _HIDDEN_Y, _OUTPUT_Y, _TITLE_Y = 0.55, 1.3, 2.05, 0.22
_NODE_R = 0.055
_SPACING = 0.19
_N_INPUTS, _N_OUTPUTS_PER_TASK, _N_STUDENT_HIDDEN = 5, 3, 7


# --- drawing primitives, shared by both figures ---------------------------------------------------


def _node(ax: Axes, xy: Point, face: str, edge: str = "black", radius: float = _NODE_R) -> None:
    """A network unit (or any small circle)."""
    ax.add_patch(Circle(xy, radius, facecolor=face, edgecolor=edge, lw=0.7, zorder=3))


def _fan(ax: Axes, sources: Sequence[Point], targets: Sequence[Point], colour: str) -> None:
    """Every edge from ``sources`` to ``targets``: a weight matrix."""
    edges = [(source, target) for source in sources for target in targets]
    ax.add_collection(LineCollection(edges, colors=colour, linewidths=0.5, alpha=0.7, zorder=1))


def _block(
    ax: Axes, centre: Point, width: float, height: float, label: str, colour: str,
    *, label_offset: float, fontsize: float = SMALL, filled: bool = True,
) -> None:
    """A rounded box around a group of units (or a verdict), labelled ``label_offset`` above its
    centre (0: inside the box)."""
    x, y = centre
    ax.add_patch(FancyBboxPatch(
        (x - width / 2, y - height / 2), width, height, boxstyle="round,pad=0.02,rounding_size=0.05",
        facecolor=colour if filled else "white", edgecolor=colour, alpha=0.18 if filled else 1.0,
        lw=1.0, zorder=0 if filled else 2,
    ))
    ax.text(x, y + label_offset, label, ha="center", va="center", fontsize=fontsize, color=colour,
            linespacing=1.0, zorder=4)


def _arrow(
    ax: Axes, start: Point, end: Point, *, colour: str = "black", lw: float = 1.0,
    dashed: bool = False, double: bool = False, gid: str | None = None,
) -> Annotation:
    """A straight arrow from ``start`` to ``end`` (head at ``end``; both ends if ``double``).

    Drawn as an annotation without text, so its end points stay readable as ``xyann`` -> ``xy``.
    """
    style = ("<->" if dashed else "<|-|>") if double else ("->" if dashed else "-|>")
    arrow = ax.annotate(
        "", xy=end, xytext=start, zorder=2,
        arrowprops={"arrowstyle": style, "color": colour, "lw": lw, "ls": "--" if dashed else "-",
                    "shrinkA": 0, "shrinkB": 0, "mutation_scale": 8 + 2 * lw},
    )
    arrow.set_gid(gid)
    return arrow


# --- Figure 7 -------------------------------------------------------------------------------------


def _row(cx: float, y: float, n: int, spacing: float = _SPACING) -> list[Point]:
    """``n`` evenly spaced points centred on ``cx`` at height ``y``."""
    return [(cx + (i - (n - 1) / 2) * spacing, y) for i in range(n)]


def _network(
    ax: Axes, cx: float, title: str, hidden_colours: Sequence[str],
    tasks: Sequence[tuple[str, str]], *, dense: bool = False,
) -> None:
    """A network with N1 inputs, one hidden unit per colour in ``hidden_colours`` and one output
    block per (label, colour) of ``tasks``.

    A teacher (``dense=False``) wires hidden unit k only to output block k (its rank is the number
    of hidden units); a student (``dense=True``) wires every hidden unit to every output.
    """
    inputs = _row(cx, _INPUT_Y, _N_INPUTS)
    hidden = _row(cx, _HIDDEN_Y, len(hidden_colours), spacing=0.15 if dense else 0.3)
    block_width = _N_OUTPUTS_PER_TASK * _SPACING + 0.06
    for unit, colour in zip(hidden, hidden_colours):
        _fan(ax, inputs, [unit], NOTE_COLOUR if dense else colour)
    for k, (bx, by) in enumerate(_row(cx, _OUTPUT_Y, len(tasks), spacing=block_width + 0.08)):
        label, colour = tasks[k]
        outputs = _row(bx, by, _N_OUTPUTS_PER_TASK)
        _fan(ax, hidden if dense else [hidden[k]], outputs, NOTE_COLOUR if dense else colour)
        _block(ax, (bx, by), block_width, 0.22, label, colour, label_offset=0.33)
        for xy in outputs:
            _node(ax, xy, "white", edge=colour)
    for xy in inputs:
        _node(ax, xy, INPUT_FACE)
    for xy, colour in zip(hidden, hidden_colours):
        _node(ax, xy, colour)
    ax.text(cx, _TITLE_Y, title, ha="center", va="center", fontsize=SMALL + 0.5, fontweight="bold")


@styled
def transfer_setting() -> Figure:
    """Figure 7: two rank-1 teachers add up to a multi-task teacher that trains a wide student."""
    fig, axes = new_figure(_WIDTH, _HEIGHT, 1, 1)
    ax = axes[0, 0]
    ax.set(xlim=(0, _WIDTH), ylim=(0.06, _HEIGHT + 0.06), aspect="equal")
    ax.set_axis_off()

    task_a = ("Task A\noutputs", TASK_A_COLOUR)
    task_b = ("Task B\noutputs", TASK_B_COLOUR)
    x_a, x_b, x_joint, x_student = 0.6, 2.0, 3.55, 6.2
    _network(ax, x_a, "Task A teacher", [TASK_A_COLOUR], [task_a])
    _network(ax, x_b, "Task B teacher", [TASK_B_COLOUR], [task_b])
    _network(ax, x_joint, "Multi-task teacher", [TASK_A_COLOUR, TASK_B_COLOUR], [task_a, task_b])
    _network(ax, x_student, "Student", [NOTE_COLOUR] * _N_STUDENT_HIDDEN, [task_a, task_b],
             dense=True)

    for x, sign in ((0.5 * (x_a + x_b), "+"), (0.5 * (x_b + x_joint) + 0.03, "=")):
        ax.text(x, _HIDDEN_Y, sign, ha="center", va="center", fontsize=16)

    # the two questions: between the input-weight fans, and between the output blocks
    fan_y = 0.5 * (_INPUT_Y + _HIDDEN_Y)
    half_fan = 0.5 * (_N_INPUTS - 1) / 2 * _SPACING
    _arrow(ax, (x_a + half_fan + 0.08, fan_y), (x_b - half_fan - 0.08, fan_y), dashed=True,
           double=True)
    ax.text(0.5 * (x_a + x_b), fan_y - 0.07, "Aligned?", ha="center", va="top", fontsize=SMALL)
    half_block = 0.5 * (_N_OUTPUTS_PER_TASK * _SPACING + 0.06)
    _arrow(ax, (x_a + half_block + 0.06, _OUTPUT_Y), (x_b - half_block - 0.06, _OUTPUT_Y),
           dashed=True, double=True)
    ax.text(0.5 * (x_a + x_b), _OUTPUT_Y + 0.1, "Relative signal\nstrength?", ha="center",
            va="bottom", fontsize=SMALL, linespacing=1.0)

    # training: the teacher's outputs plus noise drawn once
    start, end = x_joint + 0.72, x_student - 0.72
    noise_x = 0.5 * (start + end)
    _arrow(ax, (start, _HIDDEN_Y), (end, _HIDDEN_Y), lw=1.4)
    ax.text(noise_x, _HIDDEN_Y - 0.15, "Training", ha="center", va="top", fontsize=SMALL,
            fontstyle="italic")
    _node(ax, (noise_x, _HIDDEN_Y), "white", radius=0.09)
    ax.text(noise_x, _HIDDEN_Y, "+", ha="center", va="center", fontsize=10, zorder=4)
    _arrow(ax, (noise_x, _OUTPUT_Y - 0.05), (noise_x, _HIDDEN_Y + 0.1))
    ax.text(noise_x, _OUTPUT_Y, "IID Gaussian noise\n(fixed across training)", ha="center",
            va="bottom", fontsize=SMALL, linespacing=1.1)
    return fig


# --- Figure 8 -------------------------------------------------------------------------------------


def _joint_top_mode(s_a: float, s_b: float, q: float) -> tuple[np.ndarray, float]:
    """Top input mode ``vbar`` of the joint teacher in the plane where ``vA = (1, 0)`` and
    ``vB = (q, sqrt(1 - q^2))``, and its singular value ``sbar`` (SCIENCE.md 1.9)."""
    s_bars, c = joint_teacher_svd(s_a, s_b, q)
    (c_a, c_b), s_bar = c[0], float(s_bars[0])
    v_a, v_b = np.array([1.0, 0.0]), np.array([q, np.sqrt(1.0 - q**2)])
    v_bar = (c_a * s_a * v_a + c_b * s_b * v_b) / s_bar
    return (v_bar if v_bar @ v_a >= 0 else -v_bar), s_bar


def _mode_panel(
    ax: Axes, s_a: float, s_b: float, q: float, title: str, verdict: str, verdict_colour: str,
    explanation: str,
) -> None:
    """One case of Figure 8: the scaled task modes ``s_A v_A`` and ``s_B v_B``, the angle
    ``theta = arccos q`` between them, the joint top mode ``sbar vbar``, a verdict box on top and
    a two-line explanation below."""
    ax.set(xlim=(-0.55, 2.45), ylim=(-1.0, 2.2), aspect="equal")
    ax.set_axis_off()
    ax.set_title(title, fontsize=9, fontweight="bold")
    tip_a = s_a * np.array([1.0, 0.0])
    tip_b = s_b * np.array([q, np.sqrt(1.0 - q**2)])
    v_bar, s_bar = _joint_top_mode(s_a, s_b, q)
    tip_joint = s_bar * v_bar
    _arrow(ax, (0.0, 0.0), tuple(tip_a), colour=TASK_A_COLOUR, lw=1.6, gid=TASK_A_GID)
    _arrow(ax, (0.0, 0.0), tuple(tip_b), colour=TASK_B_COLOUR, lw=1.6, gid=TASK_B_GID)
    _arrow(ax, (0.0, 0.0), tuple(tip_joint), colour=JOINT_COLOUR, lw=2.4, gid=JOINT_MODE_GID)
    _node(ax, (0.0, 0.0), "black", radius=0.025)
    ax.text(*(tip_a + [0.0, -0.07]), r"$s_A v_A$", ha="center", va="top", color=TASK_A_COLOUR)
    ax.text(*(tip_b + [-0.06, 0.04]), r"$s_B v_B$", ha="right", va="bottom", color=TASK_B_COLOUR)
    ax.text(*(tip_joint + [0.07, 0.0]), "joint\ntop mode", ha="left", va="center",
            color=JOINT_COLOUR, fontsize=8, linespacing=1.0)

    # theta spans vA..vB; its label sits inside the narrower wedge between vA and the joint mode
    radius = 0.5
    ax.add_patch(Arc((0, 0), 2 * radius, 2 * radius, theta1=0, theta2=np.degrees(np.arccos(q)),
                     color="black", lw=0.8))
    mid = 0.5 * np.arctan2(v_bar[1], v_bar[0])
    ax.text(1.4 * radius * np.cos(mid), 1.4 * radius * np.sin(mid), r"$\theta$", ha="center",
            va="center", fontsize=8)
    ax.text(-0.5, -0.07, "input plane\n" + r"$\theta = \arccos\,q$" + "\narrow length = SNR",
            ha="left", va="top", fontsize=7, color=NOTE_COLOUR, linespacing=1.2)
    _block(ax, (0.95, 2.0), 1.7, 0.26, verdict, verdict_colour, label_offset=0.0, fontsize=9,
           filled=False)
    ax.text(0.95, -0.8, explanation, ha="center", va="center", fontsize=8, linespacing=1.1)


@styled
def transfer_alignment_cartoon(
    s_a: float = 1.0, s_b: float = 1.6, q_aligned: float = 0.9, q_misaligned: float = 0.3
) -> Figure:
    """Figure 8: how transfer from task B to a weaker task A depends on their input alignment q.

    Arrow lengths are the SNRs ``s_A``, ``s_B`` and the joint singular value ``sbar``; the defaults
    make A the weaker task.
    """
    fig, axes = new_figure(7.0, 3.4, 1, 2)
    fig.get_layout_engine().set(rect=(0.0, 0.05, 1.0, 0.95))
    aligned, misaligned = axes[0]
    _mode_panel(aligned, s_a, s_b, q_aligned, rf"Aligned tasks ($q = {q_aligned:g}$)",
                "transfer helps", HELPS_COLOUR,
                "weak task A rides on the strong\nmode it shares with task B")
    _mode_panel(misaligned, s_a, s_b, q_misaligned, rf"Misaligned tasks ($q = {q_misaligned:g}$)",
                "interference hurts", HURTS_COLOUR,
                "the joint mode is pulled between the tasks,\ntowards the stronger task B")

    # aligned: one shared direction carries both tasks
    shared = float(np.degrees(np.arccos(q_aligned)))
    aligned.add_patch(Wedge((0, 0), 2.1, -4, shared + 4, facecolor=JOINT_COLOUR, alpha=0.12,
                            edgecolor="none", zorder=0))
    aligned.text(1.2, 1.1, "shared structure", ha="center", va="center", fontsize=8,
                 color=JOINT_COLOUR, fontstyle="italic")

    # misaligned: the part of vA off the joint mode is what task A loses
    tip_a = np.array([s_a, 0.0])
    v_bar, _ = _joint_top_mode(s_a, s_b, q_misaligned)
    foot = (tip_a @ v_bar) * v_bar
    misaligned.plot(*np.column_stack([tip_a, foot]), color=HURTS_COLOUR, lw=1.0, ls=":")
    misaligned.text(*(tip_a + [0.06, 0.12]), "A's own direction,\nobscured",
                    ha="left", va="bottom", fontsize=8, color=HURTS_COLOUR, linespacing=1.0)

    fig.suptitle("Transfer depends only on input-mode alignment q and the SNRs", fontsize=10,
                 fontweight="bold")
    fig.text(0.995, 0.01, "redrawn schematic (original image unavailable)", ha="right",
             va="bottom", fontsize=7, color=NOTE_COLOUR, fontstyle="italic")
    return fig
