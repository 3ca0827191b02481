"""Synthetic tasks that test memory: the adding problem and the copy task."""

from __future__ import annotations

import numpy as np


def adding_problem(n: int, length: int, *, rng=0, dtype=np.float32):
    """The adding problem (Hochreiter & Schmidhuber 1997; Le, Jaitly & Hinton 2015).

    Each step has two features: a value drawn U(0, 1) and a marker that is 1 at exactly
    two steps, one in each half of the sequence, and 0 elsewhere. The target is the sum of
    the two marked values. Returns x (n, length, 2) and y (n, 1). Predicting the mean, 1,
    gives an MSE of 1/6 (the variance of a sum of two U(0, 1)).
    """
    if int(n) != n or n < 1 or int(length) != length or length < 2:
        raise ValueError(f"need n >= 1 and length >= 2, got n={n!r}, length={length!r}.")
    rng = np.random.default_rng(rng)
    values = rng.uniform(0.0, 1.0, size=(n, length))
    markers = np.zeros((n, length))
    half = length // 2
    first = rng.integers(0, half, size=n)
    second = rng.integers(half, length, size=n)
    rows = np.arange(n)
    markers[rows, first] = 1.0
    markers[rows, second] = 1.0
    x = np.stack([values, markers], axis=-1).astype(dtype)
    y = (values[rows, first] + values[rows, second])[:, None].astype(dtype)
    return x, y


def copy_task(n: int, n_symbols: int = 8, delay: int = 20, *, n_categories: int = 8, rng=0):
    """The copy task: remember a sequence of symbols, reproduce it after a delay.

    Input: ``n_symbols`` random symbols from 1..n_categories, then ``delay`` blanks (0),
    then a recall marker (n_categories + 1) and blanks while the answer is due. Target:
    blanks, then the symbols during the last ``n_symbols`` steps. Returns integer arrays
    x, y of shape (n, n_symbols + delay + n_symbols); one-hot encode x for a network.
    """
    rng = np.random.default_rng(rng)
    T = 2 * n_symbols + delay
    symbols = rng.integers(1, n_categories + 1, size=(n, n_symbols))
    x = np.zeros((n, T), dtype=np.int64)
    y = np.zeros((n, T), dtype=np.int64)
    x[:, :n_symbols] = symbols
    x[:, n_symbols + delay - 1] = n_categories + 1
    y[:, -n_symbols:] = symbols
    return x, y
