"""Provenance: code hashes follow imports, records hold what an audit needs."""

import numpy as np
import pytest

from lingen import provenance


@pytest.fixture
def fake_package(tmp_path, monkeypatch):
    pkg = tmp_path / "lingen"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "base.py").write_text("X = 1\n")
    (pkg / "mid.py").write_text("from lingen.base import X\n")
    (pkg / "top.py").write_text("from . import mid\nimport numpy\n")
    (pkg / "other.py").write_text("Y = 2\n")
    monkeypatch.setattr(provenance, "PACKAGE_DIR", pkg)
    provenance._closure.cache_clear()
    yield pkg
    provenance._closure.cache_clear()


def test_source_hash_follows_transitive_imports(fake_package):
    before = provenance.source_hash("lingen.top")
    (fake_package / "other.py").write_text("Y = 3\n")
    provenance._closure.cache_clear()
    assert provenance.source_hash("lingen.top") == before, "unrelated module changed the hash"
    (fake_package / "base.py").write_text("X = 2\n")
    provenance._closure.cache_clear()
    assert provenance.source_hash("lingen.top") != before, "transitive import not tracked"


def test_unknown_module_is_an_error(fake_package):
    with pytest.raises(ValueError, match="unknown lingen module 'lingen.nope'"):
        provenance.source_hash("lingen.nope")


def test_build_record_fields(tmp_path):
    f = tmp_path / "in.txt"
    f.write_text("data")
    ss = np.random.SeedSequence(11, spawn_key=(3, 4))
    rec = provenance.build_record(
        params={"N1": 100, "svm": np.float64(2.0)}, inputs=[f], seed=[ss, ss],
        code_modules=["lingen.stats"],
    )
    assert rec["params"] == {"N1": 100, "svm": 2.0}
    assert rec["params_hash"] == provenance.params_hash({"svm": 2.0, "N1": 100})
    assert rec["inputs"] == {str(f): provenance.file_hash(f)}
    assert rec["seed"] == [{"entropy": 11, "spawn_key": [3, 4]}] * 2
    assert rec["code"]["sha256"] == provenance.source_hash("lingen.stats")
    assert set(rec["environment"]) >= {"python", "numpy", "scipy", "snakemake", "blas"}
    assert set(rec["git"]) == {"commit", "dirty"}


def test_params_hash_is_order_independent_and_value_sensitive():
    assert provenance.params_hash({"a": 1, "b": 2}) == provenance.params_hash({"b": 2, "a": 1})
    assert provenance.params_hash({"a": 1}) != provenance.params_hash({"a": 1.5})
