"""Switches a reader sets from outside the notebooks, read by the chapters through rnnbook."""

from __future__ import annotations

import os

FULL_SCALE_VARIABLE = "RNNBOOK_FULL"
"""Set this environment variable to 1 to run the full-scale versions of the chapters."""


def full_scale() -> bool:
    """True when the reader asked for the full-scale runs (RNNBOOK_FULL=1, true or yes)."""
    return os.environ.get(FULL_SCALE_VARIABLE, "0").strip().lower() in ("1", "true", "yes")
