"""Figure functions draw exactly the arrays they are given; the thin workflow scripts save them.

Inputs are small synthetic mappings with the documented keys and shapes (the workflow is not run).
Drawn data are compared with the inputs to 1e-12: plotting must not change a number.
"""

import csv
import runpy
from pathlib import Path

import numpy as np
import pytest
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure

from lingen import io
from lingen.plotting import LAYOUTS, fig1_figure, fig2_figure, single_task_figure
from lingen.plotting.fig1 import midpoint_time
from lingen.stats import mean_ci95

SCRIPTS = Path(__file__).resolve().parents[1] / "workflow" / "scripts"
TOL = 1e-12


def panels(fig: Figure) -> list:
    """The data axes of a figure (colour bars excluded)."""
    return [ax for ax in fig.axes if ax.get_label() != "<colorbar>"]


def logistic(t: np.ndarray, s_hat: np.ndarray, eps: float) -> np.ndarray:
    """Eq 6 with tau = 1, written out here so the tests do not depend on lingen.theory."""
    growth = np.exp(2 * s_hat * t)
    return s_hat * growth / (growth - 1 + s_hat / eps)


# ---- Figure 1 ---------------------------------------------------------------------------------


@pytest.fixture
def fig1_arrays() -> dict[str, np.ndarray]:
    eps = 1e-3
    t = np.arange(0.0, 5.0 + 1e-9, 0.1)
    s_hat = np.array([10.0, 4.0, 1.0])
    grid = np.arange(0.1, 10.0, 0.1)
    times = np.array([0.5, 1.0, 2.0])
    return {
        "t_over_tau": t,
        "s_hat": s_hat,
        "strength": logistic(t[None, :], s_hat[:, None], eps),
        "s_hat_grid": grid,
        "times": times,
        "fraction": logistic(times[:, None], grid[None, :], eps) / grid,
        "eps": np.float64(eps),
    }


def test_fig1_draws_its_curves(fig1_arrays):
    fig = fig1_figure(fig1_arrays)
    assert isinstance(fig, Figure)
    ax_a, ax_b = panels(fig)
    curves_a = [line for line in ax_a.get_lines() if line.get_linestyle() == "-"]
    assert len(curves_a) == 3
    for line, row in zip(curves_a, fig1_arrays["strength"], strict=True):
        np.testing.assert_allclose(line.get_xdata(), fig1_arrays["t_over_tau"], atol=TOL)
        np.testing.assert_allclose(line.get_ydata(), row, atol=TOL)
    curves_b = ax_b.get_lines()
    assert len(curves_b) == 3
    for line, row in zip(curves_b, fig1_arrays["fraction"], strict=True):
        np.testing.assert_allclose(line.get_ydata(), row, atol=TOL)
    assert [t.get_text() for t in ax_a.texts] == ["a"]
    assert "b" in [t.get_text() for t in ax_b.texts]
    assert "t" in [t.get_text() for t in ax_b.texts]  # the wave-of-learning arrow


def test_fig1_guides_mark_the_midpoint_of_the_chosen_curve(fig1_arrays):
    ax_a = panels(fig1_figure(fig1_arrays, guide_s_hat=4.0))[0]
    guides = [line for line in ax_a.get_lines() if line.get_linestyle() == "--"]
    horizontal, vertical = guides
    assert horizontal.get_ydata()[0] == 4.0
    # the transition time of eq 6: ln(s_hat/eps - 1)/(2 s_hat) = 1.0367 for s_hat = 4
    t4 = np.log(4.0 / 1e-3 - 1) / 8.0
    assert vertical.get_xdata()[0] == pytest.approx(t4, rel=1e-9)
    assert "$t_{4}$" in [label.get_text() for label in ax_a.get_xticklabels()]


def test_midpoint_time_is_exact_for_logistic_curves():
    t = np.linspace(0.0, 3.0, 31)
    for s_hat in (1.5, 4.0, 7.0):
        expected = np.log(s_hat / 1e-3 - 1) / (2 * s_hat)
        got = midpoint_time(t, logistic(t, s_hat, 1e-3), s_hat)
        assert got == pytest.approx(expected, rel=1e-9)


def test_fig1_errors(fig1_arrays):
    del fig1_arrays["fraction"]
    with pytest.raises(KeyError, match="fraction"):
        fig1_figure(fig1_arrays)


def test_fig1_guide_must_be_a_drawn_curve(fig1_arrays):
    with pytest.raises(ValueError, match="guide_s_hat = 5"):
        fig1_figure(fig1_arrays, guide_s_hat=5.0)


# ---- Figure 2 ---------------------------------------------------------------------------------


@pytest.fixture
def fig2_inputs() -> tuple[dict, list[dict], dict]:
    rng = np.random.default_rng(0)
    a_values = np.array([0.5, 1.0])
    s_bar = np.arange(0.0, 5.0, 0.5)
    theory = {
        "A": a_values,
        "s_bar": s_bar,
        "s_hat": 1.0 + s_bar[None, :] + a_values[:, None],
        "overlap": np.clip(s_bar[None, :] / 4 - a_values[:, None] / 10, 0.0, 1.0),
        "hist_A": np.float64(0.5),
        "mp_x": np.linspace(0.3, 1.7, 21),
        "mp_density": np.sin(np.linspace(0.0, np.pi, 21)),
        "signal_s_bar": np.array([6.0, 3.0]),
        "signal_s_hat": np.array([6.1, 3.2]),
    }
    montecarlo = [
        {
            "A": np.float64(a),
            "s_bar": s_bar[::3],
            "top_s_hat": rng.normal(2.0, 0.1, size=(4, s_bar[::3].size)),
            "overlap": rng.uniform(0.0, 1.0, size=(4, s_bar[::3].size)),
        }
        for a in a_values
    ]
    values = np.concatenate([rng.uniform(0.3, 1.7, size=38), [3.2, 6.1]])
    edges = np.arange(0.0, 8.01, 0.4)
    counts, _ = np.histogram(values, bins=edges)
    histogram = {"singular_values": values, "bin_edges": edges, "counts": counts}
    return theory, montecarlo, histogram


def test_fig2_draws_its_inputs(fig2_inputs):
    theory, montecarlo, histogram = fig2_inputs
    fig = fig2_figure(theory, montecarlo, histogram, magnify_above=2.5, magnify=5.0)
    ax_a, ax_b, ax_c = panels(fig)
    # a: bars are the counts, x5 above 2.5; the MP line is expected counts per bin
    heights = np.array([bar.get_height() for bar in ax_a.patches])
    lefts = np.array([bar.get_x() for bar in ax_a.patches])
    order = np.argsort(lefts)
    centres = histogram["bin_edges"][:-1] + 0.2
    expected = np.where(centres > 2.5, 5.0, 1.0) * histogram["counts"]
    np.testing.assert_allclose(heights[order], expected, atol=TOL)
    mp_line = next(line for line in ax_a.get_lines() if len(line.get_xdata()) > 2)
    np.testing.assert_allclose(mp_line.get_ydata(), (40 - 2) * 0.4 * theory["mp_density"], atol=TOL)
    signal_x = sorted(
        line.get_xdata()[0] for line in ax_a.get_lines() if len(line.get_xdata()) == 2
    )
    np.testing.assert_allclose(signal_x, sorted(theory["signal_s_hat"]), atol=TOL)
    assert "5" in ax_a.get_ylabel()  # the magnification is stated on the axis
    # b, c: one theory line per A, Monte Carlo mean +- CI per A
    for ax, key, mc_key in ((ax_b, "s_hat", "top_s_hat"), (ax_c, "overlap", "overlap")):
        lines = [line for line in ax.get_lines() if len(line.get_xdata()) == theory["s_bar"].size]
        assert len(lines) == 2
        for line, row in zip(lines, theory[key], strict=True):
            np.testing.assert_allclose(line.get_ydata(), row, atol=TOL)
        points = [line for line in ax.get_lines() if line.get_marker() == "o"]
        assert len(points) == 2
        for line, mc in zip(points, montecarlo, strict=True):
            mean, ci = mean_ci95(mc[mc_key], axis=0)
            np.testing.assert_allclose(line.get_ydata(), mean, atol=TOL)
        bars = [c for c in ax.collections if isinstance(c, LineCollection)]
        segments = np.array(bars[0].get_segments())
        mean, ci = mean_ci95(montecarlo[0][mc_key], axis=0)
        np.testing.assert_allclose(segments[:, 1, 1] - segments[:, 0, 1], 2 * ci, atol=1e-9)
    fig.canvas.draw()  # mathtext and layout render


def test_fig2_errors(fig2_inputs):
    theory, montecarlo, histogram = fig2_inputs
    with pytest.raises(KeyError, match="top_s_hat"):
        fig2_figure(theory, [{k: v for k, v in montecarlo[0].items() if k != "top_s_hat"}],
                    histogram)
    with pytest.raises(KeyError, match="mp_density"):
        fig2_figure({k: v for k, v in theory.items() if k != "mp_density"}, montecarlo, histogram)
    stray = dict(montecarlo[0], A=np.float64(0.75))
    with pytest.raises(ValueError, match="Monte Carlo A = 0.75"):
        fig2_figure(theory, [stray], histogram)


# ---- Figures 3 and 4 --------------------------------------------------------------------------

TAU = 100.0
RANKS = (1, 3)
SVMS = (1.0, 2.0, 4.0)


def _curve(epochs: np.ndarray, level: float) -> np.ndarray:
    """A positive synthetic error curve falling from 1 to ``level``."""
    return level + (1.0 - level) * np.exp(-epochs / TAU)


@pytest.fixture
def single_task_inputs() -> tuple[dict, list[dict], list[dict]]:
    rng = np.random.default_rng(1)
    epochs = np.arange(0.0, 701.0, 10.0)
    levels = np.array([[[0.5 / (r * s)] for s in SVMS] for r in RANKS])
    theory = {
        "epochs": epochs,
        "ranks": np.array(RANKS),
        "svm": np.array(SVMS),
        "train": _curve(epochs, levels),
        "test": _curve(epochs, 1.5 * levels),
        "t_opt": np.zeros((2, 3)),
    }
    sim_epochs = np.arange(0.0, 701.0, 5.0)
    sims, rows = [], []
    for r in RANKS:
        for s in SVMS:
            for init, source in (("aligned", "TA"), ("random", "random")):
                noise = rng.uniform(0.9, 1.1, size=(3, sim_epochs.size))
                sims.append({
                    "epochs": sim_epochs,
                    "train": _curve(sim_epochs, 0.5 / (r * s)) * noise,
                    "test": _curve(sim_epochs, 0.7 / (r * s)) * noise,
                    "rank": np.int64(r),
                    "svm": np.float64(s),
                    "init": np.array(init),
                })
                rows.append({
                    "figure": "fig3", "n_weights": "2", "rank": str(r), "svm": repr(s),
                    "source": source, "n_runs": "3",
                    "ln_test_min_mean": repr(-s / r - (0.1 if init == "random" else 0.0)),
                    "ln_test_min_ci95": "0.05",
                    "t_opt_mean": repr(100.0 * s + (50.0 if init == "random" else 0.0)),
                    "t_opt_ci95": "20.0", "shrinkage_ln_test": "-9.0",
                })
    rows.append(dict(rows[0], figure="fig4", ln_test_min_mean="-99.0"))
    return theory, sims, rows


def _single_task(theory, sims, rows, **layout):
    kwargs = {"figure": "fig3", "curve_svm": [1.0, 4.0], "tau": TAU, "save_every": 5,
              "t_max": 5.0, "marker_every": 50, "random_curves": ("train", "test")}
    return single_task_figure(theory, sims, rows, **{**kwargs, **layout})


def test_single_task_draws_theory_and_simulations(single_task_inputs):
    theory, sims, rows = single_task_inputs
    fig = _single_task(theory, sims, rows)
    axes = panels(fig)
    assert len(axes) == 8
    letters = [next(t.get_text() for t in ax.texts if len(t.get_text()) == 1) for ax in axes]
    assert letters == list("abcdefgh")
    t = theory["epochs"] / TAU
    shown = t <= 5.0
    for i, r in enumerate(RANKS):
        for kind, ax in zip(("train", "test"), axes[4 * i : 4 * i + 2], strict=True):
            lines = [line for line in ax.get_lines() if line.get_linestyle() == "-"]
            assert len(lines) == 2  # one theory line per curve_svm
            for line, j in zip(lines, (0, 2), strict=True):
                np.testing.assert_allclose(line.get_xdata(), t[shown], atol=TOL)
                np.testing.assert_allclose(
                    line.get_ydata(), np.log(theory[kind][i, j, shown]), atol=TOL
                )
            markers = [line for line in ax.get_lines() if line.get_linestyle() == "None"]
            assert len(markers) == 4  # TA and random for each curve_svm
            sim = next(s for s in sims if (int(s["rank"]), float(s["svm"]), str(s["init"]))
                       == (r, 1.0, "aligned"))
            pick = (sim["epochs"] % 50 == 0) & (sim["epochs"] <= 5.0 * TAU)
            np.testing.assert_allclose(markers[0].get_xdata(), sim["epochs"][pick] / TAU)
            np.testing.assert_allclose(
                markers[0].get_ydata(), np.log(sim[kind][:, pick]).mean(axis=0), atol=TOL
            )
    fig.canvas.draw()


def test_single_task_summaries_are_the_table_rows(single_task_inputs):
    theory, sims, rows = single_task_inputs
    axes = panels(_single_task(theory, sims, rows))
    for i, r in enumerate(RANKS):
        for ax, column, unit in ((axes[4 * i + 2], "ln_test_min", 1.0),
                                 (axes[4 * i + 3], "t_opt", TAU)):
            points = [line for line in ax.get_lines() if line.get_marker() == "o"]
            got = np.array([[line.get_xdata()[0], line.get_ydata()[0]] for line in points])
            expected = []
            for s in SVMS:
                ta, rnd = (next(row for row in rows if row["figure"] == "fig3"
                                and row["rank"] == str(r) and float(row["svm"]) == s
                                and row["source"] == src) for src in ("TA", "random"))
                expected.append([float(ta[f"{column}_mean"]) / unit,
                                 float(rnd[f"{column}_mean"]) / unit])
            np.testing.assert_allclose(got, expected, atol=TOL)
            identity = [line for line in ax.get_lines() if line.get_linestyle() == ":"]
            assert len(identity) == 1
            np.testing.assert_array_equal(identity[0].get_xdata(), identity[0].get_ydata())


def test_single_task_layout_options(single_task_inputs):
    theory, sims, rows = single_task_inputs
    fig = _single_task(theory, sims, rows, t_max=3.0, marker_every=100, random_curves=("test",))
    train, test = panels(fig)[:2]
    assert train.get_xlim() == (0.0, 3.0)
    assert max(line.get_xdata().max() for line in train.get_lines()) <= 3.0
    assert not [line for line in train.get_lines() if line.get_marker() == "^"]
    random_markers = [line for line in test.get_lines() if line.get_marker() == "^"]
    assert len(random_markers) == 2
    np.testing.assert_allclose(random_markers[0].get_xdata(), [0.0, 1.0, 2.0, 3.0])


def test_single_task_errors(single_task_inputs):
    theory, sims, rows = single_task_inputs
    with pytest.raises(KeyError, match="'test'"):
        _single_task({k: v for k, v in theory.items() if k != "test"}, sims, rows)
    with pytest.raises(KeyError, match="init"):
        _single_task(theory, [{k: v for k, v in s.items() if k != "init"} for s in sims], rows)
    with pytest.raises(KeyError, match=r"\(3, 4.0, 'random'\)"):
        _single_task(theory, sims, [row for row in rows if row["svm"] != "4.0"
                                    or row["rank"] != "3" or row["source"] != "random"])
    with pytest.raises(KeyError, match=r"\(1, 1.0, 'random'\)"):
        _single_task(theory, [s for s in sims if not (float(s["svm"]) == 1.0
                                                      and str(s["init"]) == "random")], rows)
    with pytest.raises(ValueError, match="no rows for figure 'fig9'"):
        _single_task(theory, sims, rows, figure="fig9")
    with pytest.raises(ValueError, match="curve_svm = 3"):
        _single_task(theory, sims, rows, curve_svm=[3.0])


def test_layouts_cover_figures_3_and_4():
    assert LAYOUTS["fig3"] == {"t_max": 5.0, "marker_every": 250, "random_curves": ("train", "test")}
    assert LAYOUTS["fig4"]["t_max"] == 120.0 and LAYOUTS["fig4"]["marker_every"] == 5000


# ---- workflow scripts -------------------------------------------------------------------------


class _Named(list):
    """The parts of Snakemake's Namedlist a script uses: a flat list with named entries."""

    def __init__(self, **named):
        flat = [x for v in named.values() for x in (v if isinstance(v, list) else [v])]
        super().__init__(flat)
        self._named = named
        self.__dict__.update(named)

    def items(self):
        return self._named.items()


class _FakeSnakemake:
    def __init__(self, rule, inputs, outputs, params, log):
        self.rule = rule
        self.input = _Named(**inputs)
        self.output = _Named(**outputs)
        self.params = _Named(code={"modules": ["lingen.plotting"], "sha256": "-"}, **params)
        self.wildcards = _Named()
        self.log = _Named(log=str(log))


def _run_script(name: str, tmp_path: Path, rule: str, inputs: dict, params: dict) -> Path:
    outputs = {"pdf": str(tmp_path / f"{rule}.pdf"), "png": str(tmp_path / f"{rule}.png")}
    smk = _FakeSnakemake(rule, inputs, outputs, params, tmp_path / f"{rule}.log")
    runpy.run_path(str(SCRIPTS / name), init_globals={"snakemake": smk})
    for path in outputs.values():
        record = io.read_figure_provenance(path)
        assert set(record["inputs"]) == set(smk.input)
        assert record["code"]["modules"] == ["lingen.plotting"]
    return Path(outputs["png"])


def test_scripts_save_figures_with_provenance(
    tmp_path, fig1_arrays, fig2_inputs, single_task_inputs
):
    record = {"test": True}
    io.save_npz(tmp_path / "fig1.npz", fig1_arrays, record)
    _run_script("fig1_figure.py", tmp_path, "fig1", {"theory": str(tmp_path / "fig1.npz")}, {})

    theory, montecarlo, histogram = fig2_inputs
    io.save_npz(tmp_path / "fig2_theory.npz", theory, record)
    io.save_npz(tmp_path / "fig2_hist.npz", histogram, record)
    mc_paths = []
    for k, mc in enumerate(montecarlo):
        mc_paths.append(str(tmp_path / f"mc{k}.npz"))
        io.save_npz(mc_paths[-1], mc, record)
    _run_script("fig2_figure.py", tmp_path, "fig2", {
        "mc": mc_paths, "hist": str(tmp_path / "fig2_hist.npz"),
        "theory": str(tmp_path / "fig2_theory.npz"),
    }, {})

    theory, sims, rows = single_task_inputs
    io.save_npz(tmp_path / "theory.npz", theory, record)
    sim_paths = []
    for k, sim in enumerate(sims):
        sim_paths.append(str(tmp_path / f"sim{k}.npz"))
        io.save_npz(sim_paths[-1], sim, record)
    table = tmp_path / "table.csv"
    with open(table, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    cfg = {"curve_svm": [2.0], "lr": 1.0 / TAU, "save_every": 5}
    png = _run_script("single_task_figure.py", tmp_path, "fig3", {
        "sims": sim_paths, "theory": [str(tmp_path / "theory.npz")], "table": str(table),
    }, {"cfg": cfg})
    assert png.stat().st_size > 10_000
