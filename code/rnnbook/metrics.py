"""How good a model's outputs are: counts of right and wrong classes, and probabilities of text.

- :func:`confusion_matrix` -- counts of (true class, predicted class) (chapter 9).
- :func:`softmax_with_temperature` -- a next-character distribution, sharpened or flattened
  (chapter 10).
- :func:`bits_per_character` -- the cross-entropy of a text model in bits (chapter 10).
"""

from __future__ import annotations

import math

import numpy as np

from rnnbook.reference.losses import log_softmax


def confusion_matrix(y_true, y_pred, n_classes: int | None = None) -> np.ndarray:
    """Counts (n_classes, n_classes): row = true class, column = predicted class."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1:
        raise ValueError(f"y_true and y_pred must be 1-D of one length, got {y_true.shape} and {y_pred.shape}.")
    n = int(max(y_true.max(), y_pred.max()) + 1) if n_classes is None else n_classes
    matrix = np.zeros((n, n), dtype=np.int64)
    np.add.at(matrix, (y_true, y_pred), 1)
    return matrix


def softmax_with_temperature(logits, temperature: float) -> np.ndarray:
    """softmax(logits / temperature) on the last axis, without overflow.

    Temperature below 1 sharpens the distribution (towards the most likely character),
    above 1 flattens it (towards uniform).
    """
    if temperature <= 0:
        raise ValueError(f"temperature must be positive, got {temperature}.")
    return np.exp(log_softmax(np.asarray(logits, dtype=np.float64) / temperature))


def bits_per_character(logits, targets) -> float:
    """Mean of -log2 p(target) under softmax(logits). logits (..., V), targets (...) ints."""
    log_p = log_softmax(np.asarray(logits, dtype=np.float64))
    targets = np.asarray(targets)
    picked = np.take_along_axis(log_p, targets[..., None], axis=-1)[..., 0]
    return float(-picked.mean() / math.log(2))
