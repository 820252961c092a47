"""Command line: ``lingen audit PATH`` traces a figure, table or results file to its provenance.

The audit walks the provenance chain (a figure's record names the results files it was drawn
from, each of which names its own inputs, down to the datasets) and prints, for every file, the
rule parameters, seeds, lingen source hash and git commit recorded when it was made. It compares the
content hash each record holds for its inputs with the files as they are now, and exits with
status 1, naming the file, if any input changed after its output was made, is missing, or has no
provenance record. Paths in the records are relative to the workflow's working directory
(``--directory``, default: the current directory).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from lingen import io
from lingen.provenance import file_hash, source_hash

__all__ = ["audit", "main", "read_provenance"]


def read_provenance(path: Path) -> dict[str, object]:
    """The provenance record of a results ``.npz``, a table (its ``.prov.json`` sidecar) or a
    figure (PNG/PDF metadata); :class:`lingen.io.ResultsError` if there is none."""
    suffix = path.suffix.lower()
    if suffix == ".npz":
        return io.load_npz(path)[1]
    if suffix in (".png", ".pdf"):
        return io.read_figure_provenance(path)
    sidecar = path.with_name(path.name + ".prov.json")
    if not sidecar.is_file():
        raise io.ResultsError(f"{path}: no provenance sidecar {sidecar.name}")
    try:
        return json.loads(sidecar.read_text())
    except json.JSONDecodeError as exc:
        raise io.ResultsError(f"{sidecar}: not valid JSON ({exc})") from exc


def _short(digest: object) -> str:
    return str(digest)[:12] if digest else "-"


def audit(path: str | Path, root: str | Path = ".", out=None) -> list[str]:
    """Print the provenance chain of ``path``; return the list of problems found (empty = clean)."""
    out = sys.stdout if out is None else out
    root = Path(root)
    problems: list[str] = []
    seen: set[str] = set()

    def visit(rel: str, depth: int) -> None:
        pad = "  " * depth
        file = root / rel
        try:
            record = read_provenance(file)
        except io.ResultsError as exc:
            problems.append(str(exc))
            print(f"{pad}{rel}: MISSING PROVENANCE ({exc})", file=out)
            return
        git = record.get("git") or {}
        code = record.get("code") or {}
        modules = code.get("modules") or []
        try:
            current = source_hash(*modules) if modules else None
        except ValueError:
            current = None
        code_note = "" if current in (None, code.get("sha256")) else " (lingen code has changed since)"
        print(f"{pad}{rel}", file=out)
        print(
            f"{pad}  git {_short(git.get('commit'))}{' (dirty)' if git.get('dirty') else ''}"
            f"  code {', '.join(modules) or '-'} {_short(code.get('sha256'))}{code_note}"
            f"  params {_short(record.get('params_hash'))}",
            file=out,
        )
        params = {k: v for k, v in (record.get("params") or {}).items()}
        print(f"{pad}  params {json.dumps(params, sort_keys=True)}", file=out)
        seed = record.get("seed")
        if seed:
            seeds = seed if isinstance(seed, list) else [seed]
            keys = "; ".join(f"{s['entropy']}/{s['spawn_key']}" for s in seeds[:3])
            more = f" (+{len(seeds) - 3} more)" if len(seeds) > 3 else ""
            print(f"{pad}  seeds (entropy/spawn key) {keys}{more}", file=out)
        if rel in seen:
            return
        seen.add(rel)
        for child, recorded in sorted((record.get("inputs") or {}).items()):
            child_file = root / child
            if not child_file.is_file():
                problems.append(f"{child}: input of {rel} is missing")
                print(f"{pad}  <- {child}: MISSING", file=out)
                continue
            now = file_hash(child_file)
            if now != recorded:
                problems.append(f"{child}: changed after {rel} was made from it")
                print(
                    f"{pad}  <- {child}: CHANGED (recorded {_short(recorded)}, now {_short(now)})",
                    file=out,
                )
            else:
                print(f"{pad}  <- {child}: ok {_short(now)}", file=out)
            visit(child, depth + 2)

    target = Path(path)
    rel = str(target.relative_to(root)) if target.is_absolute() and target.is_relative_to(root) else str(path)
    if not (root / rel).is_file():
        problems.append(f"{rel}: no such file under {root}")
        print(f"{rel}: no such file", file=out)
        return problems
    visit(rel, 0)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lingen", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_audit = sub.add_parser("audit", help="trace a figure, table or results file to its provenance")
    p_audit.add_argument("path", help="figures/fig3.png, results/tables/optimal_stopping.csv, ...")
    p_audit.add_argument(
        "--directory", "-d", default=".", help="the workflow's working directory (default: .)"
    )
    args = parser.parse_args(argv)
    problems = audit(args.path, args.directory)
    if problems:
        print("\nAUDIT FAILED:", file=sys.stderr)
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print("\naudit ok: every input matches the hash recorded when its output was made")
    return 0


if __name__ == "__main__":
    sys.exit(main())
