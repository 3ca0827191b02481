"""Show the package's own code inside a chapter, so the book never holds a second copy."""

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
