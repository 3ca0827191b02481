"""Notebook cells as JSON dicts, for the tests of the repository's notebook tools (tools/)."""


def md(text, exercises=None):
    """A markdown cell; ``exercises``: its exercise metadata, {label: {objective, minutes, difficulty}}."""
    return {"cell_type": "markdown", "metadata": {"exercises": exercises} if exercises else {},
            "source": text}


def code(text):
    return {"cell_type": "code", "metadata": {}, "source": text, "outputs": [], "execution_count": None}
