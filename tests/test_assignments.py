"""The nbgrader course: each chapter's exercises become graded cells, and nbgrader's round
trip gives the book's solutions full marks and the untouched stubs zero."""

import json
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "tools"))     # a tool of the repository
from assignments import (  # noqa: E402
    BEGIN,
    END,
    assignment_notebook,
    make_course,
    round_trip,
    solution_lines,
    write_zip,
)
from exercise_index import book_exercises, split_chapter  # noqa: E402
from notebook_cells import code, md  # noqa: E402  (tests/notebook_cells.py)

META = {"objective": "Write the thing from its equation.", "minutes": 10, "difficulty": "medium"}


def chapter(check_line="check_f(my_f);"):
    return {"metadata": {}, "nbformat": 4, "nbformat_minor": 5, "cells": [
        code("import numpy as np"),
        md("Narrative.\n\n```{exercise-start} Write f\n:label: ex-f\n```\nWrite `my_f(x)`.",
           {"ex-f": META}),
        code("def my_f(x):\n    # Your code here.\n    raise NotImplementedError"),
        code(f"from rnnbook.exercises import check_f\n\n{check_line}"),
        md("```{exercise-end}\n```\n\n```{solution-start} ex-f\n:class: dropdown\n```\nDouble it."),
        code("def my_f(x):\n    return 2 * x\n\nassert check_f(my_f)"),
        md("```{solution-end}\n```\n\n```{exercise-start} Explain\n:label: ex-why\n```\nWhy?\n"
           "```{exercise-end}\n```\nMore narrative.", {"ex-why": {**META, "difficulty": "hard"}}),
        md("```{solution-start} ex-why\n:class: dropdown\n```\nBecause of the chain rule."),
        code("print(3 * 4)"),
        md("```{solution-end}\n```\nThe end."),
    ]}


def nbgrader_cells(notebook):
    return {c["metadata"]["nbgrader"]["grade_id"]: c for c in notebook["cells"]
            if "nbgrader" in c["metadata"]}


def test_exercises_become_graded_cells_and_the_narrative_stays():
    notebook, points = assignment_notebook(chapter(), 7)
    assert points == {"auto": 2, "manual": 3}            # medium 2 (checker), hard 3 (by hand)
    cells = nbgrader_cells(notebook)
    assert set(cells) == {"header", "ex-f-task", "ex-f-answer", "ex-f-check", "ex-why-task",
                          "ex-why-answer"}
    task = cells["ex-f-task"]
    assert task["source"].startswith("### Exercise 7.1: Write f") and "Write `my_f(x)`." in task["source"]
    assert task["metadata"]["nbgrader"]["locked"] and not task["metadata"]["nbgrader"]["grade"]
    answer = cells["ex-f-answer"]["source"]
    assert answer.split("\n")[0] == "def my_f(x):"       # the signature stays outside the markers
    assert f"    {BEGIN}\n    # Double it.\n    return 2 * x\n    {END}" in answer
    assert "assert check_f" not in answer               # the test cell asks that, for points
    check = cells["ex-f-check"]
    assert check["metadata"]["nbgrader"] == {"grade": True, "solution": False, "locked": True,
                                             "grade_id": "ex-f-check", "points": 2, "schema_version": 3}
    assert check["source"].startswith("from rnnbook.exercises import check_f\n\nassert check_f(my_f), ")
    why = cells["ex-why-answer"]    # the book's code goes into the written answer, for the grader
    assert why["cell_type"] == "markdown"
    assert why["source"] == "Because of the chain rule.\n\n```python\nprint(3 * 4)\n```"
    assert why["metadata"]["nbgrader"]["points"] == 3 and why["metadata"]["nbgrader"]["solution"]
    after = notebook["cells"][notebook["cells"].index(why) + 1]
    assert after["cell_type"] == "code" and after["source"].startswith("# Exercise 7.2: code")
    assert "nbgrader" not in after["metadata"]         # released as is: nothing that raises
    text = json.dumps(notebook)
    assert "Narrative." in text and "More narrative." in text and "The end." in text
    assert "{exercise-" not in text and "{solution-" not in text
    assert len({c["id"] for c in notebook["cells"]}) == len(notebook["cells"])


def test_a_stub_s_hints_stay_before_the_solution():
    notebook = chapter()
    notebook["cells"][2]["source"] = "def my_f(x):\n    # Your code here: double x.\n    raise NotImplementedError"
    cells = nbgrader_cells(assignment_notebook(notebook, 7)[0])
    assert cells["ex-f-answer"]["source"].startswith(f"def my_f(x):\n    # Your code here: double x.\n    {BEGIN}")


def test_a_checker_cell_without_one_call_is_an_error():
    with pytest.raises(ValueError, match="'ex-f'.*one line 'check_x\\(my_x\\);'"):
        assignment_notebook(chapter("verdict = check_f(my_f)"), 7)


def test_an_exercise_without_metadata_or_fences_is_an_error_that_says_what_to_add():
    notebook = chapter()
    notebook["cells"][1]["metadata"] = {}
    with pytest.raises(ValueError, match="'ex-f' has no metadata; add \"exercises\""):
        split_chapter(notebook)
    notebook = chapter()
    notebook["cells"][1]["metadata"]["exercises"]["ex-f"] = {**META, "difficulty": "tricky"}
    with pytest.raises(ValueError, match="difficulty must be one of"):
        split_chapter(notebook)
    notebook = chapter()
    del notebook["cells"][4:]
    with pytest.raises(ValueError, match="'ex-f' is never closed: add its {exercise-end} fence"):
        split_chapter(notebook)


def test_the_course_folder_is_not_deleted_when_it_holds_something_else(tmp_path):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("an instructor's notes")
    with pytest.raises(ValueError, match="not a course written by tools/assignments.py"):
        make_course(BOOK, tmp_path / "mine", chapters=["02"], release=False)
    make_course(BOOK, tmp_path / "course", chapters=["02"], release=False)
    (tmp_path / "course" / "submitted" / "ada").mkdir(parents=True)
    with pytest.raises(ValueError, match="holds submissions of \\['ada'\\]"):
        make_course(BOOK, tmp_path / "course", chapters=["02"], release=False)


def test_solution_lines_are_what_the_feedback_must_not_show():
    notebook, _ = assignment_notebook(chapter(), 7)
    lines = solution_lines(notebook)
    assert lines == ["Because of the chain rule."]     # "return 2 * x" is too short to tell apart
    cells = nbgrader_cells(notebook)
    cells["ex-f-answer"]["source"] = cells["ex-f-answer"]["source"].replace(
        "return 2 * x", "return 2 * x  # twice the input, long enough")
    assert "# Double it." not in solution_lines(notebook)          # short comment
    assert "return 2 * x  # twice the input, long enough" in solution_lines(notebook)


def test_every_chapter_is_an_assignment_with_the_book_s_exercises(tmp_path):
    report = make_course(BOOK, tmp_path / "course", release=False)
    exercises = book_exercises(BOOK)
    assert len(report) == 12
    for assignment, points in report.items():
        mine = [e for e in exercises if e["chapter"] == int(assignment[:2])]
        source = json.loads((tmp_path / "course" / "source" / assignment / f"{assignment}.ipynb").read_text())
        cells = nbgrader_cells(source)
        assert {f"{e['label']}-task" for e in mine} <= set(cells), assignment
        assert sum(f"{e['label']}-check" in cells for e in mine) == sum(e["checker"] for e in mine)
        assert points["auto"] + points["manual"] == sum(c["metadata"]["nbgrader"].get("points", 0)
                                                        for c in cells.values())
        assert points["auto"] > 0 and points["manual"] > 0, assignment
    zipped = write_zip(tmp_path / "course", tmp_path / "course.zip", "9.9")
    names = zipfile.ZipFile(zipped).namelist()
    assert "rnnbook-nbgrader-9.9/nbgrader_config.py" in names and len(names) == 14


def test_nbgrader_round_trip_of_chapter_2(tmp_path):
    """nbgrader generate_assignment, autograde and generate_feedback on chapter 2: the book's
    solutions get every autograded point, the released stubs none, and the stubs' feedback
    names what to do for each checker and shows no line of a solution (round_trip raises
    otherwise)."""
    course = tmp_path / "course"
    assert make_course(BOOK, course, chapters=["02"]) == {"02_mathematics_of_rnns": {"auto": 2, "manual": 4}}
    scores = round_trip(course, "02_mathematics_of_rnns")
    reference, stubs = scores["reference"], scores["stubs"]
    assert reference["auto"] == reference["auto_max"] == 2 and reference["pending"] == 2
    assert stubs["auto"] == 0 and stubs["auto_max"] == 2 and stubs["manual"] == 0
    assert stubs["manual_max"] == 4 and stubs["pending"] == 0
    feedback = (course / "feedback" / "stubs" / "02_mathematics_of_rnns" / "02_mathematics_of_rnns.html").read_text()
    assert feedback.count("not written yet") == 2
    graded = {who: (course / "autograded" / who / "02_mathematics_of_rnns" / "02_mathematics_of_rnns.ipynb")
              .read_text() for who in ("reference", "stubs")}
    solution = "np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T + b_h)"
    assert solution in graded["reference"] and solution not in graded["stubs"]


def test_the_course_zip_needs_only_the_standard_library(tmp_path):
    """make book packs the course with the system Python (no .venv, no nbgrader): -S keeps
    site-packages out, as on a fresh machine."""
    import subprocess

    result = subprocess.run([sys.executable, "-S", str(ROOT / "tools" / "assignments.py"), str(BOOK),
                             str(tmp_path / "course"), "--no-release", "--zip", str(tmp_path / "c.zip")],
                            capture_output=True, text=True, check=True)
    assert "05_lstm: 2 points autograded, 4 points graded by hand" in result.stdout
    names = zipfile.ZipFile(tmp_path / "c.zip").namelist()
    assert sum(n.endswith(".ipynb") for n in names) == 12 and not (tmp_path / "course" / "release").exists()
    assert "$(PYTHON) tools/assignments.py book _build/nbgrader-source --no-release --zip $@" in (
        ROOT / "Makefile").read_text()
