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

# The MyST fences of the book's exercises and solutions, whole (the edition tools cut them out).
START = re.compile(r"```\{exercise-start\} ([^\n]*)\n:label: ([^\n]*)\n```")     # title, label
END = re.compile(r"```\{exercise-end\}\s*```[ \t]*\n?")
SOLUTION_START = re.compile(r"```\{solution-start\} *([^\n]*)\n(?::[^\n]*\n)*```[ \t]*\n?")   # label
SOLUTION_END = re.compile(r"```\{solution-end\}\s*```[ \t]*\n?")
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
    path = Path(path)
    chapter = int(path.name[:2])
    try:
        items = split_chapter(json.loads(path.read_text(encoding="utf-8")))
    except ValueError as error:
        raise ValueError(f"{path.name}: {error}") from None
    exercises = [item for item in items if "cell_type" not in item]
    return [{"chapter": chapter, "number": f"{chapter}.{k}", "label": e["label"], "title": e["title"],
             **e["about"], "checker": bool(e["checks"]), "page": path.stem + ".html"}
            for k, e in enumerate(exercises, start=1)]


def split_chapter(notebook: dict) -> list:
    """A chapter notebook (as JSON dict) as a list of items in reading order: the cells outside
    the exercises as they are (a markdown cell keeps only its text outside the fences), and
    one dict per exercise at the place where it starts: label, title, about (its metadata),
    statement (markdown pieces), stub (the code cell to fill in, or None), checks (the code
    cells calling a checker), solution_text and solution_code. Raises a ValueError that says
    what to add when fences or metadata are missing."""
    items, exercises, current, state = [], {}, None, "out"
    for cell in notebook["cells"]:
        text = cell_source(cell)
        if cell["cell_type"] != "markdown":
            if state in ("out", "between"):
                items.append(cell)
            elif state == "exercise":
                key = "checks" if CHECKER.search(text) else "stub"
                if key == "stub" and current["stub"] is not None:
                    raise ValueError(f"exercise {current['label']!r} has two code cells to fill in; "
                                     "an exercise holds one stub and, after it, its checker cell.")
                current[key] = current["checks"] + [text] if key == "checks" else text
            else:
                current["solution_code"].append(text)
            continue
        events = sorted([(m.start(), m.end(), "exercise", m) for m in START.finditer(text)]
                        + [(m.start(), m.end(), "exercise-end", m) for m in END.finditer(text)]
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
                about = cell.get("metadata", {}).get("exercises", {}).get(label)
                if about is None:
                    raise ValueError(f"exercise {label!r} has no metadata; add "
                                     f'"exercises": {{"{label}": {{"objective": ..., "minutes": ..., '
                                     '"difficulty": ...}} to the metadata of its markdown cell.')
                check_metadata(about, label)
                current = {"label": label, "title": title, "statement": [], "stub": None, "checks": [],
                           "solution_text": [], "solution_code": [], "about": about}
                exercises[label] = current
                items.append(current)
                state = "exercise"
            elif kind == "exercise-end":
                state = "between"
            elif kind == "solution":
                label = match.group(1).strip()
                if label not in exercises:
                    raise ValueError(f"the solution for {label!r} comes before any exercise with that "
                                     "label; put it after its {exercise-end} fence.")
                current, state = exercises[label], "solution"
            elif kind == "out":
                state = "out"
        if kept:
            items.append({**cell, "source": "\n\n".join(kept)})
    if state not in ("out", "between"):
        fence = "{exercise-end}" if state == "exercise" else "{solution-end}"
        raise ValueError(f"exercise {current['label']!r} is never closed: add its {fence} fence.")
    for exercise in exercises.values():
        if exercise["checks"] and exercise["stub"] is None:
            raise ValueError(f"exercise {exercise['label']!r} has a checker but no stub to fill in; "
                             "put a code cell with the function to write before the checker cell.")
    return items


def check_metadata(meta: dict, label: str) -> None:
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
        raise ValueError(f"the metadata of exercise {label!r}: " + "; ".join(problems) + ".")


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
