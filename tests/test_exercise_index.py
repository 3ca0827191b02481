"""The exercise index: every exercise carries its metadata, and the index reads it right."""

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
sys.path.insert(0, str(ROOT / "tools"))     # a tool of the repository
from exercise_index import book_exercises, chapter_exercises, html_table  # noqa: E402
from notebook_cells import code, md  # noqa: E402  (tests/notebook_cells.py)

META = {"objective": "Write the thing from its equation.", "minutes": 10, "difficulty": "easy"}


def write(tmp_path, cells, name="07_x.ipynb"):
    path = tmp_path / name
    path.write_text(json.dumps({"cells": cells, "metadata": {}}))
    return path


def test_every_exercise_of_the_book_has_its_metadata():
    exercises = book_exercises(BOOK)            # raises on a missing or malformed entry
    labels = [e["label"] for e in exercises]
    in_text = sum(p.read_text().count("{exercise-start}") for p in BOOK.glob("[0-9]*.ipynb"))
    assert len(labels) == len(set(labels)) == in_text >= 40
    assert {e["chapter"] for e in exercises} == set(range(1, 13))
    assert {e["difficulty"] for e in exercises} == {"easy", "medium", "hard"}
    assert sum(e["checker"] for e in exercises) >= 15           # the coding exercises
    forget = next(e for e in exercises if e["label"] == "ex-forget-bias")
    assert forget["number"] == "5.3" and forget["page"] == "05_lstm.html" and not forget["checker"]


def test_index_numbers_exercises_finds_checkers_and_links_them(tmp_path):
    path = write(tmp_path, [
        md("## Exercises\n\n```{exercise-start} First\n:label: ex-a\n```\nDo A.", {"ex-a": META}),
        code("def f():\n    raise NotImplementedError"),
        code("from rnnbook.exercises import check_a\n\ncheck_a(f);"),
        md("```{exercise-end}\n```\n\n```{solution-start} ex-a\n```\nSolved.\n```{solution-end}\n```\n\n"
           "```{exercise-start} Second\n:label: ex-b\n```\nThink.\n```{exercise-end}\n```",
           {"ex-b": {**META, "difficulty": "hard"}}),
        code("assert check_a(f)"),             # a solution cell, after the exercise: not its checker
    ])
    first, second = chapter_exercises(path)
    assert (first["number"], first["title"], first["checker"]) == ("7.1", "First", True)
    assert (second["number"], second["difficulty"], second["checker"]) == ("7.2", "hard", False)
    table = html_table([first, second])
    assert '<a href="07_x.html#ex-a">First</a>' in table and table.count("<tr>") == 3
    assert "<td>1 (autograded)</td>" in table and "<td>3 (by hand)</td>" in table


@pytest.mark.parametrize("meta, message", [
    (None, "exercise 'ex-a' has no metadata"),
    ({**META, "minutes": "ten"}, "minutes must be an int from 5 to 120, got 'ten'"),
    ({**META, "difficulty": "tricky"}, "difficulty must be one of"),
    ({**META, "objective": "Pad."}, "objective must be a sentence"),
    ({**META, "points": 3}, "unknown keys \\['points'\\]"),
])
def test_missing_or_malformed_metadata_is_an_error_that_names_the_exercise(tmp_path, meta, message):
    path = write(tmp_path, [md("```{exercise-start} First\n:label: ex-a\n```\nDo A.",
                               {"ex-a": meta} if meta else None)])
    with pytest.raises(ValueError, match=message):
        chapter_exercises(path)


def test_the_instructor_page_is_in_the_toc():
    assert "file: book/appendix_exercises\n" in (ROOT / "_toc.yml").read_text()
