"""The book's exercises as graded assignments: an nbgrader course directory, one assignment
per chapter.

    python tools/assignments.py book _build/assignments            (or: make assignments)
    python tools/assignments.py book _build/assignments --check 02 05
    python tools/assignments.py book _build/nbgrader --no-release --zip course.zip

The source notebook of an assignment is its chapter, read top to bottom as in the book, with
every exercise turned into nbgrader cells:

- the statement, under a heading "### Exercise 5.2: title", is a read-only cell;
- an exercise with a checker: the stub (its signature and hints) becomes a solution cell
  holding the book's solution between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the
  solution's explanation goes in there as comments), and the checker call becomes a locked,
  autograded test cell that imports its checker, ``assert check_x(my_x)``, worth the
  exercise's points;
- an exercise without a checker: the book's written solution, with its code as a code block,
  becomes a manually graded answer cell worth its points; students get a plain code cell
  after it, which nothing grades and which does not raise.

Points follow the difficulty in the exercise's metadata (``exercise_index.POINTS``).
``nbgrader generate_assignment`` then writes the student version into ``release/``.

``--check`` runs the round trip on the chosen chapters (``all`` for every one), in a copy of
the course (``<course>-check``): it submits the source notebook as student "reference" and
the released notebook, untouched, as student "stubs", runs ``nbgrader autograde`` and
``generate_feedback``, and fails unless the reference gets every autograded point, the stubs
get zero, each stub's feedback holds the checker's verdict, and no line of a solution
reaches the stubs' graded notebook (see :func:`round_trip`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

from exercise_index import POINTS, cell_source, split_chapter
from student import book_version, exercise_heading

CALL = re.compile(r"^(check_(\w+))\((\w+)\);?\s*$", re.M)
ASSERTED_CALL = re.compile(r"^assert check_\w+\(\w+\)\s*$\n?", re.M)
STUB_LINE = re.compile(r"^\s*(raise NotImplementedError\b.*|# Your code here\.)\s*$")
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
REFERENCE, STUBS = "reference", "stubs"
CONFIG = '''\
# nbgrader's configuration for the book's course, written by tools/assignments.py.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "rnnbook"
# A chapter trains small networks; no single cell of the book takes more than a minute,
# but nbgrader's default limit is 30 s a cell.
c.Execute.timeout = 300
'''
HEADER = """\
# Assignment: chapter {chapter}

This is the chapter as you know it from the book, with its exercises to answer. Write code
where a cell says `# YOUR CODE HERE` (delete the `raise NotImplementedError()` line) and
text where it says *YOUR ANSWER HERE*. Run the whole notebook from the top before you hand
it in: the cells that call a checker are graded automatically
({auto} points), the written answers by your instructor ({manual} points).
"""


def _nbgrader(grade_id: str, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "solution": solution, "locked": locked, "grade_id": grade_id,
            "schema_version": 3}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _markdown(text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "markdown", "metadata": metadata or {}, "source": text}


def _code(text: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "code", "metadata": metadata or {}, "source": text, "outputs": [],
            "execution_count": None}


def _comment(text: str, indent: str) -> str:
    lines = []
    for paragraph in text.split("\n\n"):
        lines += textwrap.wrap(" ".join(paragraph.split()), width=88 - len(indent) - 2) + [""]
    return "\n".join(f"{indent}# {line}".rstrip() for line in lines[:-1])


def solution_cell(exercise: dict) -> str:
    """The solution cell of an exercise with a checker: the stub's first line (the function's
    signature) with the book's solution as its body, between nbgrader's markers."""
    code = ASSERTED_CALL.sub("", "\n\n".join(exercise["solution_code"])).strip("\n")
    if not code:
        raise ValueError(f"exercise {exercise['label']!r} has a checker but no solution code.")
    signature, *body = code.split("\n")
    stub = [line for line in exercise["stub"].split("\n") if not STUB_LINE.match(line)]
    keep_signature = (signature == stub[0] and signature.startswith("def ")
                      and all(not line.strip() or line[0] in " \t" for line in body))
    indent = "    " if keep_signature else ""
    why = _comment("\n\n".join(exercise["solution_text"]), indent)
    inner = "\n".join(body) if keep_signature else code
    # The stub stays (its signature and any hint in it); nbgrader's markers hold the solution.
    parts = stub if keep_signature else []
    parts = parts + [indent + BEGIN] + ([why] if why else []) + [inner, indent + END]
    return "\n".join(parts)


def test_cell(exercise: dict, source: str) -> str:
    """A checker call as an nbgrader test: the call must return True. The test imports its
    checker itself, so that nothing a student defines can stand in for it."""
    calls = CALL.findall(source)
    if len(calls) != 1:
        raise ValueError(f"exercise {exercise['label']!r}: expected one line 'check_x(my_x);' in its "
                         f"checker cell, found {len(calls)}:\n{source}")
    checker, _, function = calls[0]
    return (f"from rnnbook.exercises import {checker}\n\n"
            f'assert {checker}({function}), "{checker} did not pass: its message above says why"')


def assignment_notebook(notebook: dict, chapter: int) -> tuple[dict, dict]:
    """The nbgrader source notebook of one chapter, and its points {"auto": n, "manual": m}."""
    cells, points, number = [], {"auto": 0, "manual": 0}, 0
    for item in split_chapter(notebook):
        if "cell_type" in item:
            cells.append(item)
            continue
        number += 1
        label, worth = item["label"], POINTS[item["about"]["difficulty"]]
        statement = exercise_heading(f"{chapter}.{number}", item["title"], item["about"])
        statement += "\n\n" + "\n\n".join(item["statement"]) if item["statement"] else ""
        cells.append(_markdown(statement, _nbgrader(f"{label}-task", locked=True)))
        if item["checks"]:
            cells.append(_code(solution_cell(item), _nbgrader(f"{label}-answer", solution=True)))
            for k, source in enumerate(item["checks"]):
                cells.append(_code(test_cell(item, source),
                                   _nbgrader(f"{label}-check{k or ''}", grade=True, locked=True,
                                             points=worth if k == 0 else 0)))
            points["auto"] += worth
        else:
            # The book's code goes into the written answer, for the grader to read: as a cell of
            # its own it would be released as a stub that raises, and stop "Run All".
            answer = "\n\n".join(item["solution_text"] + [f"```python\n{source.strip()}\n```"
                                                         for source in item["solution_code"]])
            if not answer:
                raise ValueError(f"exercise {label!r} has neither a checker nor a written solution.")
            cells.append(_markdown(answer, _nbgrader(f"{label}-answer", grade=True, solution=True,
                                                     points=worth)))
            cells.append(_code(item["stub"] or f"# Exercise {chapter}.{number}: code to back your answer "
                                               "(optional, not graded)."))
            points["manual"] += worth
    header = _markdown(HEADER.format(chapter=chapter, **points), _nbgrader("header", locked=True))
    cells = [header] + cells
    for k, cell in enumerate(cells):     # nbformat 4.5 wants unique ids; the book's may repeat now
        cell["id"] = f"cell-{k}"
    return {**notebook, "cells": cells, "nbformat": 4, "nbformat_minor": 5}, points


def nbgrader(course: Path, *args: str) -> None:
    """Run one nbgrader command in the course directory with this Python; fail loudly."""
    command = [sys.executable, "-m", "nbgrader", *args]
    # nbgrader runs `alembic` (its database migrations) from PATH: put this Python's first.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    done = subprocess.run(command, cwd=course, capture_output=True, text=True,
                          env={**os.environ, "PATH": path})
    if done.returncode != 0 or "[ERROR]" in done.stderr:
        raise RuntimeError(f"{' '.join(command[2:])} failed in {course}:\n{done.stdout}\n{done.stderr}")


def make_course(book_dir: Path, course: Path, chapters=None, release: bool = True) -> dict[str, dict]:
    """Write the course directory (config, source/ and, through nbgrader, release/) with one
    assignment per chapter notebook of ``book_dir`` (or those whose number, "05", is in
    ``chapters``); return each assignment's points {"auto": n, "manual": m}."""
    course = Path(course).resolve()
    if course.exists():
        _check_ours(course)
        shutil.rmtree(course)
    course.mkdir(parents=True)
    (course / "nbgrader_config.py").write_text(CONFIG)
    paths = sorted(Path(book_dir).glob("[0-9][0-9]_*.ipynb"))
    if chapters is not None:
        paths = [p for p in paths if p.name[:2] in chapters]
        if len(paths) != len(set(chapters)):
            raise ValueError(f"chapters {sorted(chapters)}: found only {[p.name for p in paths]} in {book_dir}.")
    report = {}
    for path in paths:
        try:
            notebook, points = assignment_notebook(json.loads(path.read_text(encoding="utf-8")),
                                                   int(path.name[:2]))
        except ValueError as error:
            raise ValueError(f"{path.name}: {error}") from None
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if release:
            nbgrader(course, "generate_assignment", path.stem, "--force")
        report[path.stem] = points
    return report


def _check_ours(course: Path) -> None:
    """Refuse to delete a folder this tool did not write, or one that holds real submissions."""
    config = course / "nbgrader_config.py"
    if any(course.iterdir()) and not (config.is_file() and config.read_text().startswith(CONFIG[:40])):
        raise ValueError(f"{course} exists and is not a course written by tools/assignments.py; "
                         "choose another folder (it would be deleted).")
    students = {p.name for p in (course / "submitted").glob("*")} - {REFERENCE, STUBS}
    if students:
        raise ValueError(f"{course} holds submissions of {sorted(students)[:3]}...; move them away "
                         "or choose another folder (it would be deleted).")


def write_zip(course: Path, zip_path: Path, version: str) -> Path:
    """Pack the course's nbgrader_config.py and source/ (what an instructor copies into a
    course on JupyterHub) with a README into ``zip_path``."""
    folder, course = f"rnnbook-nbgrader-{version}", Path(course)
    readme = (f"Recurrent Neural Networks and Autoencoders: the exercises as an nbgrader course, "
              f"book version {version}.\n\n"
              "source/ holds one assignment per chapter, with the solutions: each checker is an\n"
              "autograded test cell, each written answer is graded by hand, and points follow the\n"
              "difficulty (1 easy, 2 medium, 3 hard). Copy the folders you want from source/ into\n"
              "your course's source/ and run\n"
              "  nbgrader generate_assignment 05_lstm      (the student version, into release/)\n"
              "and, with submissions in submitted/<student>/05_lstm/,\n"
              "  nbgrader autograde 05_lstm && nbgrader generate_feedback 05_lstm\n"
              "Chapters train small networks: raise nbgrader's limit of 30 s a cell as in the\n"
              "nbgrader_config.py here (c.Execute.timeout = 300), in your own config. The book's\n"
              "package, rnnbook, must be installed where the notebooks run (for students too).\n")
    Path(zip_path).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/README.txt", readme)
        archive.write(course / "nbgrader_config.py", f"{folder}/nbgrader_config.py")
        for path in sorted((course / "source").glob("*/*.ipynb")):
            archive.write(path, f"{folder}/{path.relative_to(course)}")
    return Path(zip_path)


def solution_lines(notebook: dict) -> list[str]:
    """The lines of a source notebook's solutions (code between the markers, comments
    included, and the written answers) long enough to be told apart: what a student's
    graded notebook and feedback must never show."""
    lines = []
    for cell in notebook["cells"]:
        if not cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        text = cell_source(cell)
        if cell["cell_type"] == "code":
            text = text.split(BEGIN, 1)[1].split(END, 1)[0]
        lines += [line.strip() for line in text.split("\n") if len(line.strip()) > 20]
    return lines


def graded_cells(notebook: dict) -> dict[str, dict]:
    """grade id -> the nbgrader metadata of each graded cell of a notebook."""
    return {c["metadata"]["nbgrader"]["grade_id"]: c["metadata"]["nbgrader"] for c in notebook["cells"]
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")}


def _notebook_text(path: Path, *, without_solutions: bool = False) -> str:
    """Every cell's source and every output's text of a notebook, as one string (without the
    solution cells, if asked)."""
    parts = []
    for cell in json.loads(Path(path).read_text(encoding="utf-8"))["cells"]:
        if without_solutions and cell.get("metadata", {}).get("nbgrader", {}).get("solution"):
            continue
        parts.append(cell_source(cell))
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain") or output.get("traceback")
            parts.append("".join(text) if isinstance(text, list) else str(text or ""))
    return "\n".join(parts)


def round_trip(course: Path, assignment: str) -> dict:
    """Autograde the book's solutions (the source notebook) and the untouched student version
    of one assignment in ``course`` (a course directory made for the check: it gets two
    students, "reference" and "stubs"), then check what each gets and what the stubs'
    feedback says; raise an AssertionError naming every problem.

    Returns {student: {"auto", "auto_max", "manual", "manual_max", "pending", ...}}: points
    of the autograded tests, of the written answers, and how many answers wait for a grader."""
    from nbgrader.api import Gradebook

    from rnnbook.exercises._checker import NOT_WRITTEN  # the checkers' verdict on a stub

    course = Path(course).resolve()
    name = f"{assignment}.ipynb"
    source = course / "source" / assignment / name
    for student, path in ((REFERENCE, source), (STUBS, course / "release" / assignment / name)):
        target = course / "submitted" / student / assignment / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    nbgrader(course, "autograde", assignment, "--create", "--force")
    nbgrader(course, "generate_feedback", assignment, "--force")

    expected = graded_cells(json.loads(source.read_text(encoding="utf-8")))
    tests = {name for name, meta in expected.items() if not meta["solution"]}
    problems, scores = [], {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in (REFERENCE, STUBS):
            grades = gradebook.find_submission_notebook(assignment, assignment, student).grades
            if {g.name for g in grades} != set(expected):
                problems.append(f"nbgrader graded {sorted(g.name for g in grades)} for {student}, "
                                f"the source has {sorted(expected)}")
            auto = [g for g in grades if g.name in tests]
            manual = [g for g in grades if g.name not in tests]
            scores[student] = {"auto": sum(g.score for g in auto), "auto_max": sum(g.max_score for g in auto),
                               "manual": sum(g.score for g in manual),
                               "manual_max": sum(g.max_score for g in manual),
                               "pending": sum(g.needs_manual_grade for g in grades),
                               "lost": sorted(g.name for g in auto if g.score < g.max_score),
                               "scored": sorted(g.name for g in grades if g.score > 0)}
    reference, stubs = scores[REFERENCE], scores[STUBS]
    if reference["auto_max"] != sum(expected[t]["points"] for t in tests) or not tests:
        problems.append(f"the tests are worth {reference['auto_max']} in the gradebook, "
                        f"{sum(expected[t]['points'] for t in tests)} in the source")
    if reference["lost"]:
        problems.append(f"the book's solutions lost points on {reference['lost']}")
    if reference["pending"] != len(expected) - len(tests):
        problems.append(f"{reference['pending']} of the book's written answers wait for a grader, "
                        f"not {len(expected) - len(tests)}")
    if stubs["scored"] or stubs["pending"]:
        problems.append(f"the untouched stubs scored on {stubs['scored']} and {stubs['pending']} of "
                        "their answers wait for a grader")
    feedback = (course / "feedback" / STUBS / assignment / name).with_suffix(".html").read_text(encoding="utf-8")
    if feedback.count(_escaped(NOT_WRITTEN)) != len(tests):
        problems.append(f"the stubs' feedback shows {feedback.count(_escaped(NOT_WRITTEN))} checker "
                        f"verdicts 'not written yet' for {len(tests)} tests")
    graded = {student: _notebook_text(course / "autograded" / student / assignment / name)
              for student in (REFERENCE, STUBS)}
    # A line that the chapter shows anyway, in its own code or outputs, is no leak.
    shown = _notebook_text(course / "autograded" / REFERENCE / assignment / name, without_solutions=True)
    lines = [line for line in solution_lines(json.loads(source.read_text(encoding="utf-8")))
             if line not in shown]
    missing = [line for line in lines if line not in graded[REFERENCE]]
    if not lines or missing:    # the leak check below must see the lines where they are
        problems.append(f"the book's graded notebook lacks {len(missing)} of its {len(lines)} solution "
                        f"lines, e.g. {missing[:2]}")
    leaked = [line for line in lines if line in graded[STUBS]]
    if leaked:
        problems.append(f"the stubs' graded notebook (which the feedback shows) holds solution "
                        f"lines: {leaked[:3]}")
    if problems:
        raise AssertionError(f"{assignment}: " + "; ".join(problems) + ".")
    return scores


def _escaped(line: str) -> str:
    from html import escape

    return escape(line, quote=False)


def _points(n) -> str:
    return f"{n:g} point" + ("" if n == 1 else "s")


def main(argv=None):
    parser = argparse.ArgumentParser(description="Make the book's nbgrader course directory.")
    parser.add_argument("book", type=Path)
    parser.add_argument("course", type=Path)
    parser.add_argument("--check", nargs="*", default=[], metavar="CHAPTER",
                        help="autograde the reference and the stubs of these chapters (02 05, or all)")
    parser.add_argument("--no-release", action="store_true",
                        help="write source/ only (no nbgrader run); enough for --zip")
    parser.add_argument("--zip", type=Path, help="also pack the config and source/ into this zip file")
    args = parser.parse_args(argv)
    if args.check and args.no_release:
        parser.error("--check needs the released student version: drop --no-release.")
    unknown = sorted(set(args.check) - {"all"} - {p.name[:2] for p in args.book.glob("[0-9][0-9]_*.ipynb")})
    if unknown:
        parser.error(f"--check {' '.join(unknown)}: no such chapter in {args.book}; "
                     "give its two digits (02) or all.")
    report = make_course(args.book, args.course, release=not args.no_release)
    for assignment, points in report.items():
        print(f"{assignment}: {_points(points['auto'])} autograded, {_points(points['manual'])} graded by hand")
    if args.zip:
        version = book_version(Path(__file__).resolve().parents[1])
        print(f"wrote {write_zip(args.course, args.zip, version)} (version {version})")
    chosen = [a for a in report if "all" in args.check or a[:2] in args.check]
    check = args.course.with_name(args.course.name + "-check")   # the course itself stays clean
    if chosen:
        if check.exists():
            shutil.rmtree(check)
        shutil.copytree(args.course, check)
    for assignment in chosen:
        scores = round_trip(check, assignment)
        ref, stub = scores[REFERENCE], scores[STUBS]
        print(f"{assignment}: the book's solutions {ref['auto']:g}/{ref['auto_max']:g} autograded "
              f"({ref['pending']} written answer{'' if ref['pending'] == 1 else 's'}, "
              f"{_points(ref['manual_max'])}, wait for a grader); "
              f"the stubs {stub['auto']:g}/{stub['auto_max']:g} autograded and "
              f"{stub['manual']:g}/{stub['manual_max']:g} by hand")
    print(f"the course is in {args.course} (source/ with the solutions, release/ for students)"
          + (f"; the graded check in {check}" if chosen else ""))


if __name__ == "__main__":
    main()
