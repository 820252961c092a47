"""Reading and writing results: the only module (with :mod:`lingen.provenance`) that touches files.

* ``.npz`` results hold plain numeric arrays plus a ``provenance`` entry (a JSON string), are written
  atomically (temporary file in the same directory, flushed, then ``os.replace``) so an interrupted
  job never leaves a truncated file behind, and are read with ``allow_pickle=False``.
* Tables are CSV with a ``.prov.json`` provenance sidecar, also written atomically.
* Figures are saved as PDF and PNG with the provenance record in their metadata.

Every reading function turns a damaged or incompatible file into a :class:`ResultsError` that names
the file and what is wrong, instead of a traceback from inside numpy or zipfile.
"""

from __future__ import annotations

import csv
import io as _io
import json
import logging
import os
import tempfile
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

__all__ = [
    "ResultsError",
    "atomic_write_bytes",
    "job_logger",
    "load_npz",
    "read_figure_provenance",
    "read_table",
    "save_figure",
    "save_npz",
    "write_table",
]

PROVENANCE_KEY = "provenance"


class ResultsError(ValueError):
    """A results file is missing, damaged, incomplete or from an incompatible configuration."""


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so that readers see either the old file or the whole new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_npz(
    path: str | os.PathLike, arrays: Mapping[str, np.ndarray], provenance: Mapping[str, object]
) -> None:
    """Save numeric arrays and a provenance record to ``path`` (compressed, atomic)."""
    payload: dict[str, np.ndarray] = {}
    for key, value in arrays.items():
        if key == PROVENANCE_KEY:
            raise ValueError(f"array name {PROVENANCE_KEY!r} is reserved")
        array = np.asarray(value)
        if array.dtype == object:
            raise ValueError(f"array {key!r} has dtype object; results must be plain arrays")
        if array.dtype.kind == "f" and not np.all(np.isfinite(array)):
            raise ValueError(f"array {key!r} for {path} contains NaN or inf; refusing to save it")
        payload[key] = array
    payload[PROVENANCE_KEY] = np.array(json.dumps(dict(provenance), sort_keys=True))
    buffer = _io.BytesIO()
    np.savez_compressed(buffer, **payload)
    atomic_write_bytes(path, buffer.getvalue())


def load_npz(
    path: str | os.PathLike,
    *,
    required: Iterable[str] = (),
    expect_params: Mapping[str, object] | None = None,
) -> tuple[dict[str, np.ndarray], dict[str, object]]:
    """Load a results file written by :func:`save_npz`.

    Parameters
    ----------
    required : names of arrays that must be present
    expect_params : parameter values the file must have been produced with (compared with the
        ``params`` of its provenance record); a mismatch means the file comes from another config.

    Returns ``(arrays, provenance)``; raises :class:`ResultsError` naming the file on any problem.
    """
    path = Path(path)
    if not path.is_file():
        raise ResultsError(f"{path}: results file does not exist")
    try:
        with np.load(path, allow_pickle=False) as data:
            arrays = {key: data[key] for key in data.files}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as exc:
        raise ResultsError(f"{path}: not a readable .npz results file ({exc}); delete it and rerun") from exc
    if PROVENANCE_KEY not in arrays:
        raise ResultsError(f"{path}: no provenance record; it was not written by lingen")
    try:
        provenance = json.loads(str(arrays.pop(PROVENANCE_KEY)))
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path}: provenance record is not valid JSON ({exc})") from exc
    missing = [key for key in required if key not in arrays]
    if missing:
        raise ResultsError(f"{path}: missing arrays {missing}; present: {sorted(arrays)}")
    if expect_params is not None:
        recorded = provenance.get("params", {})
        expected = json.loads(json.dumps(dict(expect_params), default=_jsonable))
        wrong = _differences(recorded, expected)
        if wrong:
            details = ", ".join(f"{k}: file has {a!r}, config has {b!r}" for k, a, b in wrong)
            raise ResultsError(f"{path}: produced with an incompatible config ({details}); rerun it")
    return arrays, provenance


def _differences(
    recorded: Mapping[str, object], expected: Mapping[str, object], prefix: str = ""
) -> list[tuple[str, object, object]]:
    """``(key path, recorded, expected)`` for every expected value the record does not match."""
    out: list[tuple[str, object, object]] = []
    for key, want in expected.items():
        have = recorded.get(key) if isinstance(recorded, Mapping) else None
        if isinstance(want, Mapping) and isinstance(have, Mapping):
            out += _differences(have, want, f"{prefix}{key}.")
        elif have != want:
            out.append((f"{prefix}{key}", have, want))
    return out


def _jsonable(obj: object) -> object:
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, np.ndarray):
        return obj.tolist()
    raise TypeError(f"not JSON-serialisable: {obj!r}")


def write_table(
    path: str | os.PathLike,
    rows: Sequence[Mapping[str, object]],
    columns: Sequence[str],
    provenance: Mapping[str, object],
) -> None:
    """Write rows as CSV (atomic) and the provenance record to ``<path>.prov.json``."""
    buffer = _io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        unknown = set(row) - set(columns)
        if unknown:
            raise ValueError(f"row has columns {sorted(unknown)} not in the table's columns")
        writer.writerow({k: _format_cell(row.get(k, "")) for k in columns})
    atomic_write_bytes(path, buffer.getvalue().encode())
    atomic_write_bytes(
        f"{path}.prov.json", json.dumps(dict(provenance), indent=1, sort_keys=True).encode()
    )


def _format_cell(value: object) -> object:
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, np.integer):
        return int(value)
    return value


def read_table(path: str | os.PathLike) -> list[dict[str, str]]:
    """Read a CSV table written by :func:`write_table` (values as strings)."""
    path = Path(path)
    if not path.is_file():
        raise ResultsError(f"{path}: table does not exist")
    with open(path, newline="") as handle:
        return list(csv.DictReader(handle))


def save_figure(
    fig: object, paths: Iterable[str | os.PathLike], provenance: Mapping[str, object]
) -> None:
    """Save a matplotlib Figure to each path (PDF/PNG), embedding the provenance record.

    PNG gets a ``provenance`` text chunk; PDF gets it in the ``Subject`` field of the info dict.
    Each file is written to a temporary name first and moved into place.
    """
    record = json.dumps(dict(provenance), sort_keys=True)
    for path in paths:
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix == ".png":
            metadata = {"provenance": record}
        elif suffix == ".pdf":
            metadata = {"Subject": record, "Creator": "lingen"}
        else:
            raise ValueError(f"{path}: figures are saved as .pdf or .png, not {suffix!r}")
        buffer = _io.BytesIO()
        fig.savefig(buffer, format=suffix[1:], metadata=metadata)
        atomic_write_bytes(path, buffer.getvalue())


def read_figure_provenance(path: str | os.PathLike) -> dict[str, object]:
    """The provenance record embedded by :func:`save_figure` in a PNG or PDF."""
    path = Path(path)
    if not path.is_file():
        raise ResultsError(f"{path}: figure does not exist")
    data = path.read_bytes()
    if path.suffix.lower() == ".png":
        from PIL import Image  # matplotlib depends on Pillow

        with Image.open(_io.BytesIO(data)) as image:
            text = image.text.get("provenance") if hasattr(image, "text") else None
    else:
        text = _pdf_subject(data)
    if not text:
        raise ResultsError(f"{path}: no provenance record in the figure's metadata")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ResultsError(f"{path}: figure provenance is not valid JSON ({exc})") from exc


def _pdf_subject(data: bytes) -> str | None:
    """Extract the (uncompressed, literal-string) /Subject entry that matplotlib writes."""
    start = data.find(b"/Subject (")
    if start < 0:
        return None
    i = start + len(b"/Subject (")
    out = bytearray()
    depth = 0
    while i < len(data):
        c = data[i]
        if c == 0x5C:  # backslash escape
            nxt = data[i + 1]
            out.append({0x6E: 0x0A, 0x72: 0x0D, 0x74: 0x09}.get(nxt, nxt))
            i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            if depth == 0:
                break
            depth -= 1
        out.append(c)
        i += 1
    return out.decode("latin-1")


@contextmanager
def job_logger(log_path: str | os.PathLike | None, name: str = "lingen"):
    """Logger writing timestamped progress lines to a job's log file (and to stderr if none)."""
    logger = logging.getLogger(f"{name}.{os.getpid()}")
    logger.setLevel(logging.INFO)
    logger.propagate = False
    if log_path is not None:
        Path(log_path).parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.FileHandler(log_path, mode="w")
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    logger.addHandler(handler)
    try:
        yield logger
    finally:
        logger.removeHandler(handler)
        handler.close()
