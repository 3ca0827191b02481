"""The machinery every checker shares: run hidden cases, diagnose the first failure."""

from __future__ import annotations

import copy
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

NOT_WRITTEN = "not written yet: your function (or one it calls) still raises NotImplementedError."


@dataclass
class Case:
    """One hidden test: the arguments, the expected result and a short description."""

    args: tuple
    expected: Any
    description: str


def run_cases(title: str, student: Callable, cases: Sequence[Case],
              diagnose: Callable[[Case, Any], str | None]) -> bool:
    """Call ``student(*case.args)`` on every case; print a verdict and return True/False.

    ``diagnose(case, got)`` returns None when ``got`` is right, else a sentence saying
    what is wrong. The first failing case stops the run, so the student fixes one thing
    at a time.
    """
    if not callable(student):
        raise TypeError(f"check needs your function itself, got {type(student).__name__}. "
                        "Pass the function without calling it: check_x(my_function).")
    for number, case in enumerate(cases, start=1):
        args = copy.deepcopy(case.args)
        try:
            got = student(*args)
        except NotImplementedError:  # the stub, untouched: say what to do, not what crashed
            print(f"✗ {title}: {NOT_WRITTEN}\n  Replace the stub's `raise NotImplementedError` "
                  "line by your code, run its cell, then this one.")
            return False
        except Exception as exc:  # a student's bug is a verdict, not a crash of the checker
            print(f"✗ {title}: your function raised {type(exc).__name__}: {exc}\n"
                  f"  on hidden case {number} ({case.description}).")
            return False
        problem = diagnose(case, got)
        if problem is None and not _same_arguments(args, case.args):
            problem = "your function changed its input arrays in place; work on a copy."
        if problem is not None:
            print(f"✗ {title}: {problem}\n  (hidden case {number} of {len(cases)}: "
                  f"{case.description})")
            return False
    print(f"✓ {title}: all {len(cases)} hidden cases passed.")
    return True


def _same_arguments(a, b) -> bool:
    import numpy as np

    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        return isinstance(a, np.ndarray) and isinstance(b, np.ndarray) and a.shape == b.shape \
            and np.array_equal(a, b)
    if isinstance(a, (list, tuple)):
        return isinstance(b, (list, tuple)) and len(a) == len(b) and all(
            _same_arguments(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(
            _same_arguments(a[k], b[k]) for k in a)
    return a == b
