"""The book's exercises as a table, read from the chapter notebooks (stdlib only).

    python tools/exercise_index.py book        (prints a line per exercise)

Each ``{exercise-start}`` markdown cell carries, in its cell metadata, an entry per
exercise label: ``"exercises": {label: {"objective", "minutes", "difficulty"}}``. The
instructor page (book/appendix_exercises.ipynb) renders this table when the book is built,
and tests/test_exercise_index.py fails on an exercise without its metadata.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

START = re.compile(r"```\{exercise-start\} ([^\n]*)\n:label: ([^\n]*)\n```")
END = re.compile(r"```\{exercise-end\}")
DIFFICULTIES = ("easy", "medium", "hard")
# What an exercise is worth in the graded assignments (tools/assignments.py), by difficulty.
POINTS = {"easy": 1, "medium": 2, "hard": 3}
CHECKER = re.compile(r"\bcheck_\w+\(")


def cell_source(cell) -> str:
    """A cell's source as one string (notebooks store it as a string or a list of lines)."""
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def chapter_exercises(path: Path) -> list[dict]:
    """The exercises of one chapter notebook, in order: chapter, number ("5.2"), label,
    title, objective, minutes, difficulty, checker (whether a code cell inside the exercise
    calls an ``rnnbook.exercises`` checker), page (the chapter's HTML file name)."""
    notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    chapter = int(Path(path).name[:2])
    found, current = [], None
    for cell in notebook["cells"]:
        text = cell_source(cell)
        if cell["cell_type"] == "code":
            if current is not None and CHECKER.search(text):
                current["checker"] = True
            continue
        events = sorted([(m.start(), "start", m) for m in START.finditer(text)]
                        + [(m.start(), "end", m) for m in END.finditer(text)], key=lambda e: e[0])
        for _, kind, match in events:
            if kind == "end":
                current = None
                continue
            title, label = match.group(1).strip(), match.group(2).strip()
            meta = cell.get("metadata", {}).get("exercises", {}).get(label)
            if meta is None:
                raise ValueError(f"{Path(path).name}: exercise {label!r} has no metadata; add "
                                 f'"exercises": {{"{label}": {{"objective": ..., "minutes": ..., '
                                 '"difficulty": ...}}}} to the metadata of its markdown cell.')
            check_metadata(meta, label, Path(path).name)
            current = {"chapter": chapter, "number": f"{chapter}.{len(found) + 1}", "label": label,
                       "title": title, **meta, "checker": False, "page": Path(path).stem + ".html"}
            found.append(current)
    return found


def check_metadata(meta: dict, label: str, where: str) -> None:
    """Raise a ValueError that names the exercise when its metadata is malformed."""
    problems = []
    if not isinstance(meta.get("objective"), str) or len(meta["objective"].split()) < 5:
        problems.append(f"objective must be a sentence, got {meta.get('objective')!r}")
    if not isinstance(meta.get("minutes"), int) or not 5 <= meta["minutes"] <= 120:
        problems.append(f"minutes must be an int from 5 to 120, got {meta.get('minutes')!r}")
    if meta.get("difficulty") not in DIFFICULTIES:
        problems.append(f"difficulty must be one of {DIFFICULTIES}, got {meta.get('difficulty')!r}")
    extra = set(meta) - {"objective", "minutes", "difficulty"}
    if extra:
        problems.append(f"unknown keys {sorted(extra)}")
    if problems:
        raise ValueError(f"{where}: the metadata of exercise {label!r}: " + "; ".join(problems) + ".")


def book_exercises(book_dir: Path) -> list[dict]:
    """Every exercise of the numbered chapter notebooks in ``book_dir``, chapter by chapter."""
    return [exercise for path in sorted(Path(book_dir).glob("[0-9][0-9]_*.ipynb"))
            for exercise in chapter_exercises(path)]


def html_table(exercises: list[dict]) -> str:
    """The instructor's table as HTML: one row per exercise, its title linked to it in the
    book (links relative to a page in the same folder as the chapters)."""
    from html import escape

    head = ("<table class=\"table exercise-index\"><thead><tr><th></th><th>exercise</th>"
            "<th>learning objective</th><th>time</th><th>difficulty</th><th>checker</th>"
            "<th>points</th></tr></thead><tbody>")
    rows = [f"<tr><td>{e['number']}</td><td><a href=\"{e['page']}#{e['label']}\">"
            f"{escape(e['title'])}</a></td><td>{escape(e['objective'])}</td>"
            f"<td>{e['minutes']} min</td><td>{e['difficulty']}</td>"
            f"<td>{'yes' if e['checker'] else 'no'}</td>"
            f"<td>{POINTS[e['difficulty']]} ({'autograded' if e['checker'] else 'by hand'})</td></tr>"
            for e in exercises]
    return head + "".join(rows) + "</tbody></table>"


if __name__ == "__main__":
    for e in book_exercises(Path(sys.argv[1] if len(sys.argv) > 1 else "book")):
        print(f"{e['number']:5s} {e['label']:18s} {e['minutes']:3d} min  {e['difficulty']:6s} "
              f"{'checker' if e['checker'] else '       '}  {e['title']}")
