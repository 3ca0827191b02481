"""Checkers for the exercises of the chapter "Forecasting time series"."""

from __future__ import annotations

import numpy as np

from rnnbook.data import sliding_windows
from rnnbook.exercises._checker import Case, run_cases


def _cases(seed: int = 21) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for length, window in [(12, 3), (30, 10), (7, 6), (50, 1)]:
        series = rng.normal(size=length)
        X, y = sliding_windows(series, window)
        cases.append(Case((series, window), (X[..., 0], y[:, 0]), f"a series of {length} steps, window {window}"))
    return cases


def _diagnose(case: Case, got) -> str | None:
    series, window = case.args
    want_X, want_y = case.expected
    if not isinstance(got, tuple) or len(got) != 2:
        return "return a tuple (X, y)."
    X, y = (np.asarray(g) for g in got)
    n = len(series) - window
    if X.shape == (n + 1, window) or len(y) == n + 1:
        return (f"there are {n + 1} windows but only {n} have a next value to predict; drop the "
                "last window (it has no target).")
    if X.shape == (n - 1, window):
        return "the last window is missing: windows start at 0, 1, ..., len(series) - window - 1."
    if X.shape == (window, n):
        return f"X is transposed: one window per row, shape (n_windows, window) = {(n, window)}."
    if X.shape != want_X.shape or y.shape != want_y.shape:
        return f"expected X {want_X.shape} and y {want_y.shape}, got {X.shape} and {y.shape}."
    if not np.allclose(X, want_X):
        return "the windows are wrong: row k must be series[k : k + window]."
    if np.allclose(y, series[window - 1: window - 1 + n]):
        return ("y holds the last value OF each window; the target is the value AFTER it, "
                "series[k + window].")
    if not np.allclose(y, want_y):
        return "y is wrong: y[k] = series[k + window]."
    return None


def check_sliding_windows(student_sliding_windows) -> bool:
    """Check ``sliding_windows(series, window) -> (X, y)`` for a 1-D series:
    X (n, window) with X[k] = series[k:k+window], y (n,) with y[k] = series[k+window]."""
    return run_cases("sliding_windows", student_sliding_windows, _cases(), _diagnose)
