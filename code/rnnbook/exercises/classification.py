"""Checkers for the exercises of the chapter "Sequence classification"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.metrics import confusion_matrix


def _cases(seed: int = 31) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, classes, seen in [(30, 3, 3), (100, 10, 10), (12, 4, 4), (50, 6, 4)]:
        y_true = rng.integers(0, seen, n)          # in the last case classes 4 and 5 never occur
        y_pred = np.where(rng.random(n) < 0.7, y_true, rng.integers(0, seen, n))
        cases.append(Case((y_true, y_pred, classes), confusion_matrix(y_true, y_pred, classes),
                          f"{n} labels, {classes} classes"))
    return cases


def _diagnose(case: Case, got) -> str | None:
    y_true, y_pred, classes = case.args
    want = case.expected
    got = np.asarray(got)
    if got.shape != want.shape:
        return f"the matrix must be (n_classes, n_classes) = {want.shape}, even for classes that never occur; got {got.shape}."
    if np.array_equal(got, want):
        return None
    if np.array_equal(got, want.T):
        return "the matrix is transposed: rows are the TRUE classes, columns the predicted ones."
    if np.allclose(got, want / want.sum(axis=1, keepdims=True).clip(1)):
        return "return counts, not fractions per row."
    if got.sum() != len(y_true):
        return f"the entries must add up to the number of examples, {len(y_true)}; got {got.sum()}."
    return "the counts are in the wrong cells: entry [i, j] counts examples of class i predicted as j."


def check_confusion_matrix(student_confusion_matrix) -> bool:
    """Check ``confusion_matrix(y_true, y_pred, n_classes) -> counts (n_classes, n_classes)``."""
    return run_cases("confusion_matrix", student_confusion_matrix, _cases(), _diagnose)
