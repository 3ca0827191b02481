"""A synthetic task that tests memory: the adding problem."""

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

