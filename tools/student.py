"""Make the student edition of the book: every solution replaced by a short stub.

    python tools/student.py book student     (or: make student)

A tool of the repository, not part of the readers' package (it needs only the standard
library).

Everything between a ``{solution-start}`` directive and its ``{solution-end}`` is dropped,
markdown and code cells alike (the markers may share a cell with other text), and a
markdown stub takes its place. Exercises, their starter code and the checkers stay, and
each exercise's MyST fence becomes a plain heading that JupyterLab shows as such:
"### Exercise 5.2: Open the forget gate", with its objective, time and difficulty below.
With ``--zip`` the edition is also packed into one zip file (the book links to it).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import zipfile
from pathlib import Path

from exercise_index import END as EXERCISE_END
from exercise_index import SOLUTION_END as END
from exercise_index import SOLUTION_START as START
from exercise_index import START as EXERCISE_START
from exercise_index import cell_source

# The exercise index reads the book's own notebooks and tools: of no use without a clone.
INSTRUCTOR_PAGE = "appendix_exercises.ipynb"

STUB = "*The solution is not included in the student edition.*"


def strip_solutions(notebook: dict) -> tuple[dict, int]:
    """Return a copy of a notebook (as JSON dict) without solutions, and how many were removed."""
    cells, inside, removed = [], False, 0
    for cell in notebook["cells"]:
        source = cell_source(cell)
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


def exercise_heading(number: str, title: str, about: dict | None) -> str:
    """The heading of one exercise in the notebooks students open ("### Exercise 5.2: title"),
    with its objective, time and difficulty below when its metadata is given."""
    line = (f"\n\n*{about['objective']} About {about['minutes']} minutes, {about['difficulty']}.*"
            if about else "")
    return f"### Exercise {number}: {title}{line}"


def plain_headings(notebook: dict, chapter: int) -> dict:
    """Replace each exercise's MyST fences by a heading "### Exercise {chapter}.{k}: title"
    and a line with its objective, time and difficulty (from the cell's metadata)."""
    count = 0

    def heading(match, meta):
        nonlocal count
        count += 1
        title, label = match.group(1).strip(), match.group(2).strip()
        return exercise_heading(f"{chapter}.{count}", title, meta.get(label)) + "\n"

    cells = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            source = cell_source(cell)
            meta = cell.get("metadata", {}).get("exercises", {})
            source = EXERCISE_START.sub(lambda m, meta=meta: heading(m, meta), source)
            source = EXERCISE_END.sub("", source).strip()
            if not source:
                continue
            cell = {**cell, "source": source}
        cells.append(cell)
    return {**notebook, "cells": cells}


def make_student_edition(source_dir: Path, target_dir: Path) -> dict[str, int]:
    """Copy source_dir to target_dir, stripping solutions from every notebook and giving
    each exercise a plain heading; report how many solutions each notebook lost."""
    source_dir, target_dir = Path(source_dir), Path(target_dir)
    if target_dir.exists():
        shutil.rmtree(target_dir)
    shutil.copytree(source_dir, target_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    report = {}
    for path in sorted(target_dir.glob("*.ipynb")):
        notebook, removed = strip_solutions(json.loads(path.read_text(encoding="utf-8")))
        if path.name[:2].isdigit():
            notebook = plain_headings(notebook, int(path.name[:2]))
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        report[path.name] = removed
    return report


def write_zip(edition_dir: Path, zip_path: Path, version: str) -> Path:
    """Pack the student notebooks of ``edition_dir`` (all but the instructor's exercise index)
    and a README naming the book's version into ``zip_path``, in one folder
    rnnbook-student-<version>/."""
    folder = f"rnnbook-student-{version}"
    zip_path = Path(zip_path)
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    readme = (f"Recurrent Neural Networks and Autoencoders: the student edition, book version {version}.\n\n"
              "Every chapter notebook with its exercises, starter code and checkers; the solutions are\n"
              "left out. Open a notebook in JupyterLab or Colab: its first cell installs the book's\n"
              "package, rnnbook, from the book's repository when it is missing. Run the checker cell\n"
              "after each exercise.\n")
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/README.txt", readme)
        for path in sorted(Path(edition_dir).glob("*.ipynb")):
            if path.name != INSTRUCTOR_PAGE:
                archive.write(path, f"{folder}/{path.name}")
    return zip_path


def book_version(root: Path) -> str:
    """The package's version, read from pyproject.toml (the tool needs only the stdlib)."""
    found = re.search(r'^version\s*=\s*"([^"]+)"', (Path(root) / "pyproject.toml").read_text(), re.M)
    if found is None:
        raise ValueError("pyproject.toml has no version = \"...\" line.")
    return found.group(1)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the student edition of the book.")
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--zip", type=Path, help="also pack the edition into this zip file")
    args = parser.parse_args(argv)
    for name, removed in make_student_edition(args.source, args.target).items():
        print(f"{name}: {removed} solution(s) removed")
    if args.zip:
        version = book_version(Path(__file__).resolve().parents[1])
        print(f"wrote {write_zip(args.target, args.zip, version)} (version {version})")


if __name__ == "__main__":
    main()
