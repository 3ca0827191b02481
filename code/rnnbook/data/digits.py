"""Handwritten digits as sequences of rows, offline by default.

MNIST (28 x 28) through Keras's own loader when it is already in Keras's cache, or when
``full=True`` asks for it (the loader then downloads it if the network allows);
otherwise scikit-learn's bundled 8 x 8 digits (1797 images, shipped with the package).
Every image becomes a sequence: one row per time step, the row's pixels as features.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rnnbook.config import full_scale


@dataclass
class Digits:
    """Images as row sequences: x (n, rows, cols) in [0, 1], y (n,) integer labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    source: str

    @property
    def shape(self) -> tuple[int, int]:
        """(rows, cols): the number of time steps and of features per step."""
        return self.x_train.shape[1], self.x_train.shape[2]


def _mnist_cached() -> bool:
    home = Path(os.environ.get("KERAS_HOME", Path.home() / ".keras"))
    return (home / "datasets" / "mnist.npz").exists()


def _load_mnist() -> Digits:
    import keras

    import rnnbook  # noqa: F401  (quiet TensorFlow)

    (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()
    return Digits(x_train.astype(np.float32) / 255.0, y_train.astype(np.int64),
                  x_test.astype(np.float32) / 255.0, y_test.astype(np.int64),
                  "MNIST, 28 x 28 (keras.datasets.mnist)")


def _load_sklearn(seed: int) -> Digits:
    from sklearn.datasets import load_digits
    from sklearn.model_selection import train_test_split

    bunch = load_digits()
    x = (bunch.images / 16.0).astype(np.float32)
    x_train, x_test, y_train, y_test = train_test_split(
        x, bunch.target.astype(np.int64), test_size=0.25, random_state=seed, stratify=bunch.target)
    return Digits(x_train, y_train, x_test, y_test,
                  "scikit-learn's 8 x 8 digits (sklearn.datasets.load_digits), offline")


def load_digits(*, full: bool | None = None, seed: int = 0) -> Digits:
    """The digits, as described in the module docstring; ``full`` defaults to full_scale().

    The 8 x 8 set is split 75 / 25, stratified by label, with ``seed``.
    """
    full = full_scale() if full is None else full
    if full or _mnist_cached():
        try:
            return _load_mnist()
        except Exception as exc:  # no network and no cache: say so, then work offline
            print(f"MNIST is not available ({type(exc).__name__}: {exc}); using the 8 x 8 digits.")
    return _load_sklearn(seed)
