"""Provenance records: what produced a result, so any number can be traced back.

A record is a JSON-serialisable dict stored inside every ``.npz`` result (key ``provenance``), in a
``.prov.json`` sidecar beside every table, and in the metadata of every figure. It holds

* ``git``: commit and dirty flag of the checkout that ran the job;
* ``params`` and ``params_hash``: the config values the job was given and their SHA-256;
* ``code``: SHA-256 of the lingen source files the job imports (transitively), see
  :func:`source_hash`; the Snakefile passes the same hash as a rule parameter so that a change of
  ``lingen/`` code reruns exactly the jobs that import it;
* ``seed``: entropy and spawn key of the job's SeedSequence (or null for deterministic jobs);
* ``inputs``: content hash of every input file (``path -> sha256``);
* ``environment``: Python/numpy/scipy/matplotlib/snakemake versions, BLAS build and thread setting.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
import platform
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

__all__ = [
    "PACKAGE_DIR",
    "build_record",
    "environment",
    "file_hash",
    "git_state",
    "job_record",
    "params_hash",
    "source_hash",
]

PACKAGE_DIR = Path(__file__).resolve().parent


def _canonical(obj: object) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), default=_json_default)


def _json_default(obj: object) -> object:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    if isinstance(obj, Path):
        return str(obj)
    raise TypeError(f"not JSON-serialisable: {obj!r}")


def params_hash(params: Mapping[str, object]) -> str:
    """SHA-256 of the canonical JSON of a job's parameters."""
    return hashlib.sha256(_canonical(dict(params)).encode()).hexdigest()


def file_hash(path: str | os.PathLike) -> str:
    """SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _imported_lingen_modules(name: str) -> set[str]:
    """Names of lingen modules imported by module ``name`` (one level, from its source)."""
    path = _module_path(name)
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "lingen")
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            if module.split(".")[0] != "lingen":
                continue
            found.add(module)
            # `from lingen import theory` imports a submodule, not a name
            found.update(
                f"{module}.{a.name}" for a in node.names if _module_exists(f"{module}.{a.name}")
            )
    return {m for m in found if _module_exists(m)}


def _module_path(name: str) -> Path:
    parts = name.split(".")[1:]
    base = PACKAGE_DIR.joinpath(*parts)
    return base / "__init__.py" if base.is_dir() else base.with_suffix(".py")


def _module_exists(name: str) -> bool:
    return name.split(".")[0] == "lingen" and _module_path(name).is_file()


@cache
def _closure(modules: tuple[str, ...]) -> tuple[str, ...]:
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        if not _module_exists(name):
            raise ValueError(f"unknown lingen module {name!r} (no file {_module_path(name)})")
        seen.add(name)
        todo.extend(_imported_lingen_modules(name) - seen)
    return tuple(sorted(seen))


def source_hash(*modules: str) -> str:
    """SHA-256 over the source of the given lingen modules and every lingen module they import.

    ``source_hash("lingen.dynamics")`` changes when ``dynamics.py`` or anything it imports from
    lingen changes, and not otherwise. With no argument, hashes every ``.py`` file of the package.
    """
    if modules:
        names = _closure(tuple(sorted(modules)))
        files = [_module_path(n) for n in names]
    else:
        files = sorted(PACKAGE_DIR.rglob("*.py"))
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path.relative_to(PACKAGE_DIR)).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def git_state(directory: str | os.PathLike | None = None) -> dict[str, object]:
    """Commit and dirty flag of the git checkout holding ``directory`` (default: the package)."""
    cwd = Path(directory) if directory is not None else PACKAGE_DIR
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, check=True
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=cwd, capture_output=True, text=True, check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}
    return {"commit": commit, "dirty": bool(status.strip())}


@cache
def environment() -> dict[str, object]:
    """Versions of the interpreter and scientific stack, and the BLAS numpy was built with."""
    versions = {"python": platform.python_version(), "platform": platform.platform()}
    for dist in ("numpy", "scipy", "matplotlib", "snakemake", "lingen"):
        try:
            versions[dist] = importlib.metadata.version(dist)
        except importlib.metadata.PackageNotFoundError:
            versions[dist] = None
    try:
        blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
        versions["blas"] = {k: blas.get(k) for k in ("name", "version", "openblas configuration")}
    except Exception:  # noqa: BLE001 - build info is best effort and never fatal
        versions["blas"] = None
    versions["blas_threads_env"] = {
        k: os.environ.get(k) for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
    }
    return versions


def _seed_record(seed):
    if seed is None:
        return None
    if isinstance(seed, np.random.SeedSequence):
        return {"entropy": seed.entropy, "spawn_key": list(seed.spawn_key)}
    return [_seed_record(s) for s in seed]


def job_record(job: Any, *, seed=None) -> dict[str, object]:
    """Provenance record of a Snakemake job (``job`` is the ``snakemake`` object of a script).

    Records the job's wildcards and parameters, the content hash of every input file and the given
    seed(s). The rule's ``code`` parameter (``{"modules": [...], "sha256": ...}``, made by
    ``code()`` in ``workflow/rules/common.smk``) names the lingen modules the job runs; their
    source hash is recomputed here, so the record describes the code that actually ran.
    """
    params = {k: v for k, v in job.params.items() if k != "code"}
    params.update({f"wildcard:{k}": v for k, v in job.wildcards.items()})
    code = getattr(job.params, "code", None)
    modules = code["modules"] if code else []
    return build_record(params=params, inputs=list(job.input), seed=seed, code_modules=modules)


def build_record(
    *,
    params: Mapping[str, object],
    inputs: Iterable[str | os.PathLike] = (),
    seed: np.random.SeedSequence | Sequence[np.random.SeedSequence] | None = None,
    code_modules: Iterable[str] = (),
) -> dict[str, object]:
    """The provenance record of one job (see the module docstring for the fields).

    ``seed`` is the job's SeedSequence, or one per run for jobs that batch several runs.
    """
    modules = tuple(code_modules)
    return {
        "git": git_state(),
        "params": json.loads(_canonical(dict(params))),
        "params_hash": params_hash(params),
        "code": {"modules": list(modules), "sha256": source_hash(*modules)},
        "seed": _seed_record(seed),
        "inputs": {str(p): file_hash(p) for p in inputs},
        "environment": environment(),
    }
