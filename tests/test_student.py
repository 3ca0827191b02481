"""The student edition keeps the exercises and drops every solution."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "tools"))     # the builder is a tool of the repository
from notebook_cells import code, md  # noqa: E402  (tests/notebook_cells.py)
from student import STUB, make_student_edition, plain_headings, strip_solutions, write_zip  # noqa: E402


def test_strip_handles_markers_sharing_cells_with_other_text():
    nb = {"cells": [
        md("```{exercise-start} A\n:label: a\n```\nDo it."),
        code("def f():\n    raise NotImplementedError"),
        md("```{exercise-end}\n```\n\n```{solution-start} a\n:class: dropdown\n```\nThe idea."),
        code("def f():\n    return 42"),
        md("```{solution-end}\n```\n\n```{exercise-start} B\n:label: b\n```\nAnd this.\n```{exercise-end}\n```\n"
           "```{solution-start} b\n:class: dropdown\n```\nSecret.\n```{solution-end}\n```"),
    ], "metadata": {}}
    out, removed = strip_solutions(nb)
    text = json.dumps(out)
    assert removed == 2 and "return 42" not in text and "Secret" not in text and "The idea" not in text
    assert "raise NotImplementedError" in text and "And this." in text and text.count(STUB) == 2
    assert "solution-start" not in text and "solution-end" not in text


def test_unclosed_solution_is_an_error():
    with pytest.raises(ValueError, match="no matching"):
        strip_solutions({"cells": [md("```{solution-start} a\n```\nx")]})


def test_student_edition_of_the_book(tmp_path):
    report = make_student_edition(BOOK, tmp_path / "student")
    assert set(report) == {p.name for p in BOOK.glob("*.ipynb")}
    for name, removed in report.items():
        original = (BOOK / name).read_text()
        assert removed == original.count("{solution-start}"), name
        stripped = (tmp_path / "student" / name).read_text()
        assert "{solution-start}" not in stripped
        assert stripped.count("### Exercise ") == original.count("{exercise-start}"), name   # as headings
        if name[0].isdigit():                      # every chapter has exercises with solutions
            assert removed >= 2 and "check_" in stripped, name


def test_no_solution_code_survives_in_the_exercises(tmp_path):
    """After the Exercises heading only starter stubs and checker calls may remain."""
    make_student_edition(BOOK, tmp_path / "student")
    for path in sorted((tmp_path / "student").glob("[0-9]*.ipynb")):     # the chapters
        cells = json.loads(path.read_text())["cells"]
        start = next(i for i, c in enumerate(cells)
                     if c["cell_type"] == "markdown" and "## Exercises" in "".join(c["source"]))
        for cell in cells[start:]:
            if cell["cell_type"] == "code":
                source = "".join(cell["source"])
                assert "NotImplementedError" in source or "check_" in source, (path.name, source)


def test_make_student_runs_the_tool_from_a_fresh_shell(tmp_path):
    """What `make student` runs: the tool as a script, with only the standard library."""
    result = subprocess.run([sys.executable, "-S", str(ROOT / "tools" / "student.py"), str(BOOK),
                             str(tmp_path / "student")], capture_output=True, text=True, check=True)
    assert "solution(s) removed" in result.stdout
    assert sorted(p.name for p in (tmp_path / "student").glob("*.ipynb")) == sorted(
        p.name for p in BOOK.glob("*.ipynb"))
    makefile = (ROOT / "Makefile").read_text()
    assert "\t$(PY) tools/student.py book student --zip $(STUDENT_ZIP)\n" in makefile


def test_exercises_become_plain_headings_with_their_objective():
    nb = {"cells": [
        md("## Exercises\n\n```{exercise-start} First\n:label: ex-a\n```\nDo A.\n```{exercise-end}\n```\n\n"
           "```{exercise-start} Second\n:label: ex-b\n```\nDo B."),
        md("```{exercise-end}\n```"),
    ], "metadata": {}}
    nb["cells"][0]["metadata"] = {"exercises": {"ex-a": {"objective": "Learn A well.", "minutes": 10,
                                                          "difficulty": "easy"}}}
    out = plain_headings(nb, 5)
    assert len(out["cells"]) == 1                      # a cell left empty by the fences is dropped
    text = out["cells"][0]["source"]
    assert text.startswith("## Exercises\n\n### Exercise 5.1: First\n\n*Learn A well. About 10 minutes, easy.*\n\nDo A.")
    assert "### Exercise 5.2: Second\n" in text and "{exercise" not in text and "```" not in text


def test_student_notebooks_read_as_plain_notebooks_and_zip_with_the_version(tmp_path):
    import zipfile

    make_student_edition(BOOK, tmp_path / "student")
    for path in sorted((tmp_path / "student").glob("[0-9]*.ipynb")):
        text = "".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"])
        original = (BOOK / path.name).read_text()
        assert "{exercise-start}" not in text and "{exercise-end}" not in text, path.name
        assert text.count(f"### Exercise {int(path.name[:2])}.") == original.count("{exercise-start}") >= 2
        assert "About " in text and " minutes, " in text                # the objective line
    archive = write_zip(tmp_path / "student", tmp_path / "edition.zip", "9.9.9")
    names = zipfile.ZipFile(archive).namelist()
    assert "rnnbook-student-9.9.9/README.txt" in names
    assert sorted(n.split("/")[1] for n in names if n.endswith(".ipynb")) == sorted(
        p.name for p in BOOK.glob("*.ipynb") if p.name != "appendix_exercises.ipynb")
