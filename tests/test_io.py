"""Results files: atomic writes, round trips, clear errors for damaged or incompatible files."""

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lingen import io

RECORD = {"params": {"N1": 100, "svm": 2.0}, "note": "brackets ( ) and \\ survive"}


def test_npz_round_trip(tmp_path):
    path = tmp_path / "r.npz"
    io.save_npz(path, {"x": np.arange(5.0), "init": "random", "rank": 3}, RECORD)
    arrays, prov = io.load_npz(path, required=["x"], expect_params={"N1": 100})
    np.testing.assert_array_equal(arrays["x"], np.arange(5.0))
    assert str(arrays["init"]) == "random" and int(arrays["rank"]) == 3
    assert prov == RECORD
    assert not list(tmp_path.glob(".*tmp")), "temporary file left behind"


def test_refuses_non_finite_and_object_arrays(tmp_path):
    with pytest.raises(ValueError, match="'x'.*NaN"):
        io.save_npz(tmp_path / "r.npz", {"x": np.array([1.0, np.nan])}, RECORD)
    with pytest.raises(ValueError, match="object"):
        io.save_npz(tmp_path / "r.npz", {"x": np.array([{}], dtype=object)}, RECORD)
    assert not (tmp_path / "r.npz").exists()


def test_truncated_file_is_reported_by_name(tmp_path):
    path = tmp_path / "r.npz"
    io.save_npz(path, {"x": np.arange(1000.0)}, RECORD)
    path.write_bytes(path.read_bytes()[:200])
    with pytest.raises(io.ResultsError, match="r.npz.*not a readable"):
        io.load_npz(path)


def test_missing_array_missing_file_and_incompatible_config(tmp_path):
    path = tmp_path / "r.npz"
    io.save_npz(path, {"x": np.arange(3.0)}, RECORD)
    with pytest.raises(io.ResultsError, match="missing arrays \\['y'\\]"):
        io.load_npz(path, required=["y"])
    with pytest.raises(io.ResultsError, match="N1: file has 100, config has 50"):
        io.load_npz(path, expect_params={"N1": 50})
    with pytest.raises(io.ResultsError, match="does not exist"):
        io.load_npz(tmp_path / "nope.npz")


def test_file_without_provenance_is_rejected(tmp_path):
    path = tmp_path / "foreign.npz"
    np.savez(path, x=np.arange(3))
    with pytest.raises(io.ResultsError, match="no provenance"):
        io.load_npz(path)


def test_interrupted_write_keeps_old_file(tmp_path, monkeypatch):
    path = tmp_path / "r.npz"
    io.save_npz(path, {"x": np.zeros(3)}, RECORD)
    before = path.read_bytes()

    def boom(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(io.os, "replace", boom)
    with pytest.raises(KeyboardInterrupt):
        io.save_npz(path, {"x": np.ones(3)}, RECORD)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["r.npz"]


def test_table_round_trip_with_sidecar(tmp_path):
    path = tmp_path / "t.csv"
    io.write_table(path, [{"a": 1, "b": 0.1}, {"a": 2}], ["a", "b"], RECORD)
    assert io.read_table(path) == [{"a": "1", "b": "0.1"}, {"a": "2", "b": ""}]
    assert json.loads((tmp_path / "t.csv.prov.json").read_text()) == RECORD
    with pytest.raises(ValueError, match="'c'"):
        io.write_table(path, [{"c": 1}], ["a"], RECORD)


def test_figure_metadata_round_trip(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    paths = [tmp_path / "f.png", tmp_path / "f.pdf"]
    io.save_figure(fig, paths, RECORD)
    for p in paths:
        assert io.read_figure_provenance(p) == RECORD
    with pytest.raises(ValueError, match="svg"):
        io.save_figure(fig, [tmp_path / "f.svg"], RECORD)
    plt.close(fig)
