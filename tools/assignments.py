"""The book's exercises as graded assignments: an nbgrader course directory, one assignment
per chapter.

    python tools/assignments.py book _build/assignments            (or: make assignments)
    python tools/assignments.py book _build/assignments --check 02 05
    python tools/assignments.py book _build/nbgrader --no-release --zip course.zip

The source notebook of an assignment is its chapter, read top to bottom as in the book, with
every exercise turned into nbgrader cells:

- the statement, under a heading "### Exercise 5.2: title", is a read-only cell;
- an exercise with a checker: the stub becomes a solution cell holding the book's solution
  between ``### BEGIN SOLUTION`` and ``### END SOLUTION`` (the solution's explanation goes
  in there as comments), and the checker call becomes an autograded test cell,
  ``assert check_x(my_x)``, worth the exercise's points;
- an exercise without a checker: the book's written solution becomes a manually graded
  answer cell worth its points, and its code a solution cell for the grader to read.

Points follow the difficulty in the exercise's metadata (``exercise_index.POINTS``).
``nbgrader generate_assignment`` then writes the student version into ``release/``.

``--check`` runs the round trip on the chosen chapters (``all`` for every one): it submits the
source notebook as student "reference" and the released notebook, untouched, as student
"stubs", runs ``nbgrader autograde`` and ``generate_feedback``, and fails unless the
reference gets every autograded point, the stubs get zero, and each stub's feedback holds the
checker's diagnosis and no line of the solution.
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

from exercise_index import CHECKER, POINTS
from exercise_index import END as EXERCISE_END
from exercise_index import START as EXERCISE_START
from student import book_version, exercise_heading

SOLUTION_START = re.compile(r"```\{solution-start\} ([^\n]*)\n(?::[^\n]*\n)*```")
SOLUTION_END = re.compile(r"```\{solution-end\}\s*```")
FENCE_END = re.compile(r"\s*```")           # the closing fence of {exercise-end}
CALL = re.compile(r"^(check_\w+\(\w+\));?\s*$", re.M)
ASSERTED_CALL = re.compile(r"^assert check_\w+\(\w+\)\s*$\n?", re.M)
BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
REFERENCE, STUBS = "reference", "stubs"
CONFIG = '''\
# nbgrader's configuration for the book's course, written by tools/assignments.py.
c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "rnnbook"
# A chapter trains small networks; no single cell of the book takes more than a minute.
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


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


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


def split_chapter(notebook: dict) -> list:
    """The chapter as a list of items in reading order: cells outside the exercises as they
    are, and one dict per exercise (label, title, about, statement, stub, checks,
    solution_text, solution_code) at the place where the exercise starts."""
    items, exercises, current, state = [], {}, None, "out"
    for cell in notebook["cells"]:
        text = _source(cell)
        if cell["cell_type"] != "markdown":
            if state in ("out", "between"):
                items.append(cell)
            elif state == "exercise":
                key = "checks" if CHECKER.search(text) else "stub"
                if key == "stub" and current["stub"] is not None:
                    raise ValueError(f"exercise {current['label']!r} has two code cells to fill in.")
                current[key] = current["checks"] + [text] if key == "checks" else text
            else:
                current["solution_code"].append(text)
            continue
        events = sorted([(m.start(), m.end(), "exercise", m) for m in EXERCISE_START.finditer(text)]
                        + [(m.start(), m.end(), "exercise-end", m) for m in EXERCISE_END.finditer(text)]
                        + [(m.start(), m.end(), "solution", m) for m in SOLUTION_START.finditer(text)]
                        + [(m.start(), m.end(), "out", m) for m in SOLUTION_END.finditer(text)],
                        key=lambda e: e[0])
        position, kept = 0, []
        for start, end, kind, match in events + [(len(text), len(text), None, None)]:
            piece = text[position:start].strip()
            if piece:
                if state in ("out", "between"):
                    kept.append(piece)
                elif state == "exercise":
                    current["statement"].append(piece)
                else:
                    current["solution_text"].append(piece)
            position = end
            if kind == "exercise":
                if kept:
                    items.append({**cell, "source": "\n\n".join(kept)})
                    kept = []
                title, label = match.group(1).strip(), match.group(2).strip()
                current = {"label": label, "title": title, "statement": [], "stub": None, "checks": [],
                           "solution_text": [], "solution_code": [],
                           "about": cell.get("metadata", {}).get("exercises", {}).get(label)}
                exercises[label] = current
                items.append(current)
                state = "exercise"
            elif kind == "exercise-end":
                fence = FENCE_END.match(text, end)
                position = fence.end() if fence else end
                state = "between"
            elif kind == "solution":
                label = match.group(1).strip()
                if label not in exercises:
                    raise ValueError(f"a solution for {label!r} comes before its exercise.")
                current, state = exercises[label], "solution"
            elif kind == "out":
                state = "out"
        if kept:
            items.append({**cell, "source": "\n\n".join(kept)})
    if state not in ("out", "between"):
        raise ValueError(f"exercise {current['label']!r} is not closed by its fences.")
    for exercise in exercises.values():
        if exercise["about"] is None:
            raise ValueError(f"exercise {exercise['label']!r} has no metadata (see tools/exercise_index.py).")
        if exercise["checks"] and exercise["stub"] is None:
            raise ValueError(f"exercise {exercise['label']!r} has a checker but no stub to fill in.")
    return items


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
    keep_signature = (signature == exercise["stub"].split("\n")[0] and signature.startswith("def ")
                      and all(not line.strip() or line[0] in " \t" for line in body))
    indent = "    " if keep_signature else ""
    why = _comment("\n\n".join(exercise["solution_text"]), indent)
    inner = "\n".join(body) if keep_signature else code
    parts = [signature] if keep_signature else []
    parts += [indent + BEGIN] + ([why] if why else []) + [inner, indent + END]
    return "\n".join(parts)


def test_cell(exercise: dict, source: str) -> str:
    """A checker call as an nbgrader test: the call must return True."""
    source, count = CALL.subn(
        lambda m: f'assert {m.group(1)}, "the checker found a mistake: see its message above"', source)
    if count != 1:
        raise ValueError(f"exercise {exercise['label']!r}: expected one line 'check_x(my_x);' in its "
                         f"checker cell, found {count}:\n{source}")
    return source


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
            answer = "\n\n".join(item["solution_text"]) or "(see the code below)"
            cells.append(_markdown(answer, _nbgrader(f"{label}-answer", grade=True, solution=True,
                                                     points=worth)))
            for k, source in enumerate(item["solution_code"]):
                cells.append(_code(f"{BEGIN}\n{source.strip()}\n{END}",
                                   _nbgrader(f"{label}-code{k or ''}", solution=True)))
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
        notebook, points = assignment_notebook(json.loads(path.read_text(encoding="utf-8")),
                                               int(path.name[:2]))
        target = course / "source" / path.stem / path.name
        target.parent.mkdir(parents=True)
        target.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        if release:
            nbgrader(course, "generate_assignment", path.stem, "--force")
        report[path.stem] = points
    return report


def write_zip(course: Path, zip_path: Path, version: str) -> Path:
    """Pack the course's nbgrader_config.py and source/ (what an instructor copies into a
    course on JupyterHub) with a README into ``zip_path``."""
    folder, course = f"rnnbook-nbgrader-{version}", Path(course)
    readme = (f"Recurrent Neural Networks and Autoencoders: the exercises as an nbgrader course, "
              f"book version {version}.\n\n"
              "source/ holds one assignment per chapter, with the solutions; each checker is an\n"
              "autograded test cell and each written answer is graded by hand. In this folder run\n"
              "  nbgrader generate_assignment 05_lstm      (the student version, into release/)\n"
              "and, with submissions in submitted/<student>/05_lstm/,\n"
              "  nbgrader autograde 05_lstm && nbgrader generate_feedback 05_lstm\n"
              "The book's package, rnnbook, must be installed where the notebooks run.\n")
    Path(zip_path).parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{folder}/README.txt", readme)
        archive.write(course / "nbgrader_config.py", f"{folder}/nbgrader_config.py")
        for path in sorted((course / "source").glob("*/*.ipynb")):
            archive.write(path, f"{folder}/{path.relative_to(course)}")
    return Path(zip_path)


def solution_lines(notebook: dict) -> list[str]:
    """The distinctive lines of a source notebook's solution regions (the lines that a
    student's feedback must never show)."""
    lines = []
    for cell in notebook["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if not meta.get("solution"):
            continue
        text = _source(cell)
        if cell["cell_type"] == "code":
            text = text.split(BEGIN, 1)[1].split(END, 1)[0]
        lines += [line.strip() for line in text.split("\n")
                  if len(line.strip()) > 25 and not line.strip().startswith("#")]
    return lines


def round_trip(course: Path, assignment: str) -> dict:
    """Autograde the reference (source) notebook and the untouched student version of one
    assignment; check what each gets and what the stubs' feedback says. Returns the scores:
    {student: {"auto": points, "auto_max": ..., "manual_max": ..., "pending": cells}}."""
    course = Path(course).resolve()
    name = f"{assignment}.ipynb"
    source = course / "source" / assignment / name
    for student, path in ((REFERENCE, source), (STUBS, course / "release" / assignment / name)):
        target = course / "submitted" / student / assignment / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    nbgrader(course, "autograde", assignment, "--create", "--force")
    nbgrader(course, "generate_feedback", assignment, "--force")

    from nbgrader.api import Gradebook

    from rnnbook.exercises._checker import NOT_WRITTEN  # the checkers' verdict on a stub

    scores = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gradebook:
        for student in (REFERENCE, STUBS):
            grades = gradebook.find_submission_notebook(assignment, assignment, student).grades
            auto = [g for g in grades if g.cell_type == "code" and not g.needs_manual_grade
                    and g.auto_score is not None]
            manual = [g for g in grades if g not in auto]
            scores[student] = {"auto": sum(g.score for g in auto), "auto_max": sum(g.max_score for g in auto),
                               "manual": sum(g.score for g in manual),
                               "manual_max": sum(g.max_score for g in manual),
                               "pending": sum(g.needs_manual_grade for g in grades),
                               "failed": sorted(g.name for g in auto if g.score < g.max_score),
                               "passed": sorted(g.name for g in auto if g.score > 0)}
    reference, stubs = scores[REFERENCE], scores[STUBS]
    problems = []
    if reference["failed"]:
        problems.append(f"the reference solutions lost points on {reference['failed']}")
    if stubs["passed"] or stubs["manual"]:
        problems.append(f"the untouched stubs scored on {stubs['passed']} (manual {stubs['manual']})")
    if stubs["pending"]:
        problems.append(f"{stubs['pending']} untouched answer(s) of the stubs wait for a grader")
    feedback = (course / "feedback" / STUBS / assignment / f"{assignment}.html").read_text(encoding="utf-8")
    checks = sum(1 for g in gradebook_names(source) if "-check" in g)
    diagnoses = feedback.count(_escaped(NOT_WRITTEN))
    if diagnoses != checks:
        problems.append(f"the stubs' feedback shows {diagnoses} checker diagnoses for {checks} checks")
    leaked = [line for line in solution_lines(json.loads(source.read_text(encoding="utf-8")))
              if _escaped(line) in feedback]
    if leaked:
        problems.append(f"the stubs' feedback shows solution lines: {leaked[:3]}")
    if problems:
        raise AssertionError(f"{assignment}: " + "; ".join(problems) + ".")
    return scores


def gradebook_names(source: Path) -> list[str]:
    """The grade ids of a source notebook's graded cells."""
    notebook = json.loads(Path(source).read_text(encoding="utf-8"))
    return [c["metadata"]["nbgrader"]["grade_id"] for c in notebook["cells"]
            if c.get("metadata", {}).get("nbgrader", {}).get("grade")]


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
    for assignment in chosen:
        scores = round_trip(args.course, assignment)
        ref, stub = scores[REFERENCE], scores[STUBS]
        print(f"{assignment}: the book's solutions {ref['auto']:g}/{ref['auto_max']:g} autograded "
              f"({ref['pending']} written answers, {_points(ref['manual_max'])}, wait for a grader); "
              f"the stubs {stub['auto']:g}/{stub['auto_max']:g} autograded and "
              f"{stub['manual']:g}/{stub['manual_max']:g} by hand")
    print(f"the course is in {args.course} (nbgrader: source/, release/, and for the checked "
          "chapters submitted/, autograded/, feedback/)")


if __name__ == "__main__":
    main()
