"""Figures 7 and 8: the schematics carry their labels, and the cartoon's joint mode is right."""

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Annotation, Text

from lingen.plotting.schematics import (
    JOINT_MODE_GID,
    TASK_A_GID,
    TASK_B_GID,
    transfer_alignment_cartoon,
    transfer_setting,
)


def _texts(fig: Figure) -> str:
    return "\n".join(t.get_text() for t in fig.findobj(Text))


def _direction(fig: Figure, gid: str) -> np.ndarray:
    """Unit vector of every arrow with ``gid`` (one per panel), array[n, 2]."""
    arrows = [a for a in fig.findobj(Annotation) if a.get_gid() == gid]
    tips = np.array([np.subtract(a.xy, a.xyann) for a in arrows], dtype=float)
    return tips / np.linalg.norm(tips, axis=1, keepdims=True)


def test_transfer_setting_labels():
    text = _texts(transfer_setting())
    for label in ("Task A teacher", "Task B teacher", "Aligned?", "Relative signal\nstrength?",
                  "Multi-task teacher", "Student", "Training", "IID Gaussian noise"):
        assert label in text


def test_alignment_cartoon_labels():
    text = _texts(transfer_alignment_cartoon())
    for label in ("redrawn schematic", "transfer helps", "interference hurts",
                  "Transfer depends only on input-mode alignment q and the SNRs"):
        assert label in text


@pytest.mark.parametrize("q", [0.2, 0.9])
def test_joint_mode_bisects_equal_tasks(q):
    """With s_A = s_B, M's top eigenvector is (1, 1)/sqrt(2), so vbar ~ vA + vB bisects the
    angle arccos(q). The geometry is exact, so the tolerance is rounding only."""
    fig = transfer_alignment_cartoon(s_a=2.0, s_b=2.0, q_aligned=q, q_misaligned=q)
    v_a, v_b, joint = (_direction(fig, gid) for gid in (TASK_A_GID, TASK_B_GID, JOINT_MODE_GID))
    assert joint.shape == (2, 2)
    np.testing.assert_allclose(np.sum(v_a * v_b, axis=1), q, atol=1e-12)
    np.testing.assert_allclose(np.arccos(np.sum(v_a * joint, axis=1)), np.arccos(q) / 2, atol=1e-9)


def test_joint_mode_leans_towards_stronger_task():
    fig = transfer_alignment_cartoon(s_a=1.0, s_b=3.0, q_aligned=0.5, q_misaligned=0.5)
    v_a, v_b, joint = (_direction(fig, gid) for gid in (TASK_A_GID, TASK_B_GID, JOINT_MODE_GID))
    assert np.all(np.sum(joint * v_b, axis=1) > np.sum(joint * v_a, axis=1))
