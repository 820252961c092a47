"""Transfer experiment (Figure 9): two rank-1 tasks, joint and task-alone TA students, theory.

Setting (SCIENCE.md 1.9). Task A (``N3_A`` outputs, strength ``s_A``) and task B (``N3_B``
outputs, ``s_B``) share ``N1`` one-hot inputs; their input modes have alignment ``q = vA . vB``.
From one noisy data matrix three training-aligned (TA) students are trained: a joint student on
all rows, a task-A-alone student on task A's rows and a task-B-alone student on task B's rows.
The joint student's test error is read on each task's rows. Each student is stopped at its own
optimal epoch for the task, on linear-scale errors normalised by the task teacher's norm, and the
transfer benefit of run i is

    ``T^{A<-B}_i = min_t eps_A^alone(t) - min_t eps_A^joint(t)``

(and ``T^{B<-A}_i`` with the roles swapped); the figure shows its mean over runs with a 95% CI.

Seeding. The data of run ``i`` at alignment ``q`` are drawn from
``job_seed_sequence(seed, "fig9", "dataset", "q", f"{q:g}", "run", i)``.
:func:`lingen.teacher.transfer_dataset` draws modes and noise independently of ``s_A`` and ``s_B``,
which only scale the two teacher blocks, so every (s_A, s_B) condition of a given (q, run) sees the
same modes and the same noise. Comparisons across SNRs (between the curves of one panel and between
panels) are then paired, which removes most of the run-to-run noise from their differences, as in
the authors' runs (one seed per run, SCIENCE.md 1.2). A consequence: the task-A-alone student of a
(q, run) is the same for every s_B.

Engine. TA students are trained with the exact per-mode engine
:func:`lingen.dynamics.simulate_aligned_modes`, all (s_B, q, run) conditions of one ``s_A`` panel
stacked into one batch (SCIENCE.md 5, "Exact TA shortcut"); the whole paper grid takes seconds.

Theory. :func:`lingen.transfer.transfer_benefit`, minimised over the same saved epochs as the
simulations.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from lingen import dynamics, stats, teacher, theory
from lingen.config import require_configured
from lingen.seeds import job_seed_sequence
from lingen.transfer import transfer_benefit

__all__ = [
    "STUDENTS",
    "TRANSFER_COLUMNS",
    "dataset_seed",
    "panel_training_sets",
    "simulate_transfer_panel",
    "train_students",
    "transfer_table_rows",
    "transfer_theory",
]

Config = Mapping[str, Any]

#: students of a run and the output rows each is tested on: (training set, tested task)
STUDENTS = {
    "joint_A": ("joint", "A"),
    "alone_A": ("task_a", "A"),
    "joint_B": ("joint", "B"),
    "alone_B": ("task_b", "B"),
}

TRANSFER_COLUMNS = (
    "s_A", "s_B", "q", "n_runs", "T_mean", "T_ci95", "T_theory",
    "T_BA_mean", "T_BA_ci95", "T_BA_theory", "noise_var",
)


def dataset_seed(root_seed: int, q: float, run: int) -> np.random.SeedSequence:
    """Seed of the data of run ``run`` at alignment ``q``; shared by every (s_A, s_B)."""
    return job_seed_sequence(root_seed, "fig9", "dataset", "q", f"{float(q):g}", "run", int(run))


def panel_training_sets(
    root_seed: int, cfg: Config, s_A: float
) -> tuple[teacher.TransferSets, list[np.random.SeedSequence]]:
    """The training sets of every (s_B, q, run) of one ``s_A`` panel, stacked into one batch.

    The batch axis runs over ``s_B`` (outermost), ``q``, then ``run`` (innermost), so a result
    ``array[nB * nq * R]`` reshapes to ``array[nB, nq, R]``. ``joint.sigma31`` is
    ``array[nB nq R, N3_A + N3_B, N1]``; ``task_a``/``task_b`` are its row blocks. Returns the sets
    and the ``nq * R`` dataset seeds in (q, run) order (see :func:`dataset_seed`).
    """
    require_configured("fig9", "s_A", s_A, cfg["s_A"])
    grid = [(float(q), run) for q in cfg["q"] for run in range(cfg["runs"])]
    seeds = [dataset_seed(root_seed, q, run) for q, run in grid]
    runs = [
        teacher.transfer_dataset(
            np.random.default_rng(seed),
            N1=cfg["N1"], N3_A=cfg["N3_A"], N3_B=cfg["N3_B"],
            s_A=float(s_A), s_B=float(s_B), q=q, noise_var=cfg["noise_var"],
        )
        for s_B in cfg["s_B"]
        for (q, _), seed in zip(grid, seeds, strict=True)
    ]
    sets = teacher.TransferSets(
        joint=teacher.stack_training_sets([r.joint for r in runs]),
        task_a=teacher.stack_training_sets([r.task_a for r in runs]),
        task_b=teacher.stack_training_sets([r.task_b for r in runs]),
        rows_a=runs[0].rows_a,
        rows_b=runs[0].rows_b,
    )
    return sets, seeds


def train_students(
    sets: teacher.TransferSets,
    cfg: Config,
    progress: Callable[[str], None] | None = None,
) -> dict[str, dynamics.Trajectory]:
    """Train the joint and task-alone TA students of a batch of transfer runs (SCIENCE.md 1.9).

    Every student of :data:`STUDENTS` is trained with the exact per-mode engine; the joint student
    is trained once per tested task (only its test rows differ). Returns one
    :class:`~lingen.dynamics.Trajectory` per student, ``test: array[R, T]`` normalised by the
    tested task's ``||Wbar_task||^2``. ``progress(student)`` is called before each student.
    """
    common = {
        "N2": cfg["N2"], "eps": cfg["eps"], "lr": cfg["lr"],
        "epochs": cfg["epochs"], "save_every": cfg["save_every"],
    }
    rows = {"A": sets.rows_a, "B": sets.rows_b}
    out: dict[str, dynamics.Trajectory] = {}
    for student, (data, task) in STUDENTS.items():
        if progress is not None:
            progress(student)
        test_rows = rows[task] if data == "joint" else None
        out[student] = dynamics.simulate_aligned_modes(
            getattr(sets, data), test_rows=test_rows, **common
        )
    return out


def simulate_transfer_panel(
    sets: teacher.TransferSets,
    cfg: Config,
    s_A: float,
    progress: Callable[[str], None] | None = None,
) -> dict[str, np.ndarray]:
    """Per-run optimal stopping of every student of one ``s_A`` panel.

    ``sets`` comes from :func:`panel_training_sets`. Returns ``s_A`` (0-d), ``s_B[nB]``, ``q[nq]``
    and, for each student of :data:`STUDENTS`, ``test_min_<student>[nB, nq, R]`` (the minimum over
    saved epochs of its linear-scale test error on its task) and ``t_opt_<student>[nB, nq, R]``
    (the epoch of that minimum).
    """
    shape = (len(cfg["s_B"]), len(cfg["q"]), cfg["runs"])
    arrays: dict[str, np.ndarray] = {
        "s_A": np.asarray(float(s_A)),
        "s_B": np.asarray(cfg["s_B"], dtype=float),
        "q": np.asarray(cfg["q"], dtype=float),
    }
    for student, traj in train_students(sets, cfg, progress).items():
        t_opt, test_min = theory.optimal_stopping(traj.epochs, traj.test)
        arrays[f"t_opt_{student}"] = t_opt.reshape(shape)
        arrays[f"test_min_{student}"] = test_min.reshape(shape)
    return arrays


def transfer_theory(cfg: Config) -> dict[str, np.ndarray]:
    """Transfer benefit from the asymptotic theory (SCIENCE.md 1.9) for every (s_A, s_B).

    Minima are over the simulations' saved epochs ``0, save_every, ..., epochs``, with
    ``tau = 1/lr``. Returns ``s_A[nA]``, ``s_B[nB]``; ``q_fine[nf]`` (step at most
    ``theory_q_step`` on [0, 1], both ends included) with ``T_fine[nA, nB, nf]``; the simulated
    ``q[nq]`` with ``T[nA, nB, nq]`` and ``T_BA[nA, nB, nq]`` (T^{B<-A}, the same formula with the
    tasks swapped); and the scalars ``noise_var``, ``sigma_z`` (= sqrt(N1 noise_var)) and
    ``a_quarter`` = (N3_B/N1)^{1/4}, the task-B-alone detection threshold in units of sigma_z
    (the colour-bar mark of the figure).
    """
    s_a = np.asarray(cfg["s_A"], dtype=float)
    s_b = np.asarray(cfg["s_B"], dtype=float)
    q = np.asarray(cfg["q"], dtype=float)
    q_fine = np.linspace(0.0, 1.0, int(np.ceil(1.0 / cfg["theory_q_step"] - 1e-9)) + 1)
    common = {
        "N1": cfg["N1"], "N2": cfg["N2"], "eps": cfg["eps"], "tau": 1.0 / cfg["lr"],
        "noise_var": cfg["noise_var"],
        "t": np.arange(0, cfg["epochs"] + 1, cfg["save_every"], dtype=float),
    }
    a_tasks = {"N3_A": cfg["N3_A"], "N3_B": cfg["N3_B"]}
    b_tasks = {"N3_A": cfg["N3_B"], "N3_B": cfg["N3_A"]}
    grid_a, grid_b = s_a[:, None, None], s_b[None, :, None]
    return {
        "s_A": s_a,
        "s_B": s_b,
        "q_fine": q_fine,
        "T_fine": transfer_benefit(grid_a, grid_b, q_fine, **a_tasks, **common),
        "q": q,
        "T": transfer_benefit(grid_a, grid_b, q, **a_tasks, **common),
        "T_BA": transfer_benefit(grid_b, grid_a, q, **b_tasks, **common),
        "noise_var": np.asarray(float(cfg["noise_var"])),
        "sigma_z": np.asarray(float(np.sqrt(cfg["N1"] * cfg["noise_var"]))),
        "a_quarter": np.asarray((cfg["N3_B"] / cfg["N1"]) ** 0.25),
    }


def transfer_table_rows(
    cfg: Config,
    theory_arrays: Mapping[str, np.ndarray],
    panels: Sequence[Mapping[str, np.ndarray]],
) -> list[dict[str, object]]:
    """Rows of the transfer-benefit table, one per (s_A, s_B, q) (columns :data:`TRANSFER_COLUMNS`).

    ``panels`` are the arrays of :func:`simulate_transfer_panel`, one per ``s_A`` in
    ``theory_arrays["s_A"]`` (in any order; a missing or repeated panel is an error). Per run
    ``T = test_min_alone_A - test_min_joint_A`` (and ``T_BA`` from the B students); the table gives
    the mean over runs with the 95% CI half-width (:func:`lingen.stats.mean_ci95`) and the theory at
    the same q.
    """
    by_s_a = {float(p["s_A"]): p for p in panels}
    if len(by_s_a) != len(panels):
        raise ValueError("two simulation panels share the same s_A")
    rows: list[dict[str, object]] = []
    for i, s_a in enumerate(theory_arrays["s_A"]):
        panel = by_s_a.get(float(s_a))
        if panel is None:
            raise ValueError(f"no simulation panel for s_A = {s_a:g}")
        if not (np.allclose(panel["s_B"], theory_arrays["s_B"])
                and np.allclose(panel["q"], theory_arrays["q"])):
            raise ValueError(f"the s_A = {s_a:g} panel's (s_B, q) grid differs from the theory's")
        benefit = panel["test_min_alone_A"] - panel["test_min_joint_A"]
        benefit_ba = panel["test_min_alone_B"] - panel["test_min_joint_B"]
        mean, ci = stats.mean_ci95(benefit, axis=-1)
        mean_ba, ci_ba = stats.mean_ci95(benefit_ba, axis=-1)
        for j, s_b in enumerate(panel["s_B"]):
            for k, q in enumerate(panel["q"]):
                rows.append({
                    "s_A": float(s_a), "s_B": float(s_b), "q": float(q),
                    "n_runs": int(benefit.shape[-1]),
                    "T_mean": float(mean[j, k]), "T_ci95": float(ci[j, k]),
                    "T_theory": float(theory_arrays["T"][i, j, k]),
                    "T_BA_mean": float(mean_ba[j, k]), "T_BA_ci95": float(ci_ba[j, k]),
                    "T_BA_theory": float(theory_arrays["T_BA"][i, j, k]),
                    "noise_var": float(cfg["noise_var"]),
                })
    return rows
