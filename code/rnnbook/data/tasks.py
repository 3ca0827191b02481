"""Synthetic tasks: the adding problem (memory) and damped oscillations of different lengths."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from rnnbook.data import oscillator
from rnnbook.data.sequences import mask_from_lengths


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



LIGHT, STRONG = (0.03, 0.1), (0.25, 0.4)
"""The damping ranges of the two classes of :func:`damped_windows`."""


@dataclass
class DampedWindows:
    """x (n, max_steps, 1) positions, zero after each window's end; lengths (n,) real steps;
    strong (n,) 1 for strong damping, 0 for light; gamma (n,); velocity (n, max_steps),
    zero after the end."""

    x: np.ndarray
    lengths: np.ndarray
    strong: np.ndarray
    gamma: np.ndarray
    velocity: np.ndarray


def damped_windows(n: int, *, max_steps: int = 40, min_steps: int = 6, spacing: float = 0.5,
                   noise: float = 0.05, rng=0) -> DampedWindows:
    """Windows of free damped oscillations x'' + 2 gamma x' + x = 0 of different lengths.

    Half the windows (at random) are lightly damped, gamma ~ U(LIGHT), the others strongly,
    gamma ~ U(STRONG); each starts from (x0, v0) ~ U(-1, 1)^2 and is observed every
    ``spacing`` time units with Gaussian noise of std ``noise``, for a length drawn
    uniformly from [min_steps, max_steps]. Padded batch-first with zeros, float32.
    """
    if int(n) != n or n < 1 or not 1 <= min_steps <= max_steps:
        raise ValueError(f"need n >= 1 and 1 <= min_steps <= max_steps, got n={n!r}, "
                         f"min_steps={min_steps!r}, max_steps={max_steps!r}.")
    rng = np.random.default_rng(rng)
    strong = rng.integers(0, 2, n)
    gamma = np.where(strong == 1, rng.uniform(*STRONG, n), rng.uniform(*LIGHT, n))
    every = 10
    _, x, v = oscillator.simulate(rng.uniform(-1, 1, n), rng.uniform(-1, 1, n),
                                  t_end=(max_steps - 1) * spacing, dt=spacing / every,
                                  every=every, gamma=gamma, force=0.0)
    x = x + noise * rng.normal(size=x.shape)
    lengths = rng.integers(min_steps, max_steps + 1, n)
    real = mask_from_lengths(lengths, max_steps)
    return DampedWindows(np.where(real, x, 0.0)[..., None].astype(np.float32), lengths, strong,
                         gamma, np.where(real, v, 0.0))
