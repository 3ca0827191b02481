"""Make the student edition of the book: every solution replaced by a short stub.

    python tools/student.py book student     (or: make student)

A tool of the repository, not part of the readers' package (it needs only the standard
library).

Everything between a ``{solution-start}`` directive and its ``{solution-end}`` is dropped,
markdown and code cells alike (the markers may share a cell with other text), and a
markdown stub takes its place. Exercises, their starter code and the checkers stay.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path

START = re.compile(r"```\{solution-start\}[^\n]*\n(?::[^\n]*\n)*```[ \t]*\n?")
END = re.compile(r"```\{solution-end\}\s*```[ \t]*\n?")
STUB = "*The solution is not included in the student edition.*"


def strip_solutions(notebook: dict) -> tuple[dict, int]:
    """Return a copy of a notebook (as JSON dict) without solutions, and how many were removed."""
    cells, inside, removed = [], False, 0
    for cell in notebook["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] != "markdown":
            if not inside:
                cells.append(cell)
            continue
        kept, rest = [], source
        while rest:
            if inside:
                match = END.search(rest)
                if match is None:
                    rest = ""
                    break
                rest, inside = rest[match.end():], False
            else:
                match = START.search(rest)
                if match is None:
                    kept.append(rest)
                    break
                kept.append(rest[:match.start()] + STUB + "\n\n")
                rest, inside, removed = rest[match.end():], True, removed + 1
        text = "".join(kept).strip()
        if text:
            cells.append({**cell, "source": text})
    if inside:
        raise ValueError("a {solution-start} has no matching {solution-end}.")
    return {**notebook, "cells": cells}, removed


def make_student_edition(source_dir: Path, target_dir: Path) -> dict[str, int]:
    """Copy source_dir to target_dir, stripping solutions from every notebook; report counts."""
    source_dir, target_dir = Path(source_dir), Path(target_dir)
    if target_dir.exists():
        shutil.rmtree(target_dir)
    shutil.copytree(source_dir, target_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    report = {}
    for path in sorted(target_dir.glob("*.ipynb")):
        notebook, removed = strip_solutions(json.loads(path.read_text(encoding="utf-8")))
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        report[path.name] = removed
    return report


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the student edition of the book.")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    for name, removed in make_student_edition(args.source, args.target).items():
        print(f"{name}: {removed} solution(s) removed")


if __name__ == "__main__":
    main()
