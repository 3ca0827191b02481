"""Show the package's own code inside a chapter (so the book never holds a second copy), and
tables of results."""

from __future__ import annotations

import inspect


def source(obj):
    """The source code of a function, class or module, as a highlighted IPython Code object."""
    from IPython.display import Code

    try:
        text = inspect.getsource(obj)
    except (TypeError, OSError) as exc:
        raise TypeError(f"cannot show the source of {obj!r}: {exc}") from exc
    return Code(text, language="python")


def table(header, rows, *, digits: int = 3):
    """An HTML table for a chapter: ``header`` names the columns, each row is a list of
    cells; floats are printed with ``digits`` decimals. Returns an IPython HTML object."""
    from html import escape

    from IPython.display import HTML

    def cell(value, tag):
        text = f"{value:.{digits}f}" if isinstance(value, float) else str(value)
        return f"<{tag}>{escape(text)}</{tag}>"

    head = "".join(cell(name, "th") for name in header)
    body = "".join("<tr>" + "".join(cell(v, "td") for v in row) + "</tr>" for row in rows)
    return HTML(f"<table class='table'><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
