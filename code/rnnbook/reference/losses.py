"""Losses with their gradients, for many-to-one (batch, features) or many-to-many
(batch, time, features) predictions. Each returns (loss, d_prediction)."""

from __future__ import annotations

import numpy as np

from rnnbook._checks import as_float_array, check_finite


def mse(prediction, target):
    """Mean squared error over all entries. prediction and target: the same shape."""
    prediction = as_float_array(prediction, "prediction")
    target = as_float_array(target, "target", dtype=prediction.dtype)
    if prediction.shape != target.shape:
        raise ValueError(f"prediction {prediction.shape} and target {target.shape} must have "
                         "the same shape (a many-to-one target is (batch, features)).")
    check_finite(prediction, "prediction")
    diff = prediction - target
    return float(np.mean(diff**2)), 2.0 * diff / diff.size


def log_softmax(logits, axis: int = -1):
    """log(softmax(logits)) along ``axis``, stable for large logits."""
    shifted = logits - logits.max(axis=axis, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


def softmax_cross_entropy(logits, labels):
    """Mean cross-entropy of integer ``labels`` under softmax(``logits``).

    logits: (..., classes), e.g. (batch, classes) or (batch, time, classes);
    labels: integers of shape logits.shape[:-1]. Returns (mean loss in nats, d_logits).
    """
    logits = as_float_array(logits, "logits")
    labels = np.asarray(labels)
    if not np.issubdtype(labels.dtype, np.integer):
        raise TypeError(f"labels must be integer class indices, got dtype {labels.dtype}.")
    if labels.shape != logits.shape[:-1]:
        raise ValueError(f"labels must have shape {logits.shape[:-1]} (logits without the class "
                         f"axis), got {labels.shape}.")
    classes = logits.shape[-1]
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(f"labels must lie in [0, {classes}), got values from {labels.min()} "
                         f"to {labels.max()}.")
    check_finite(logits, "logits")
    logp = log_softmax(logits)
    picked = np.take_along_axis(logp, labels[..., None], axis=-1)[..., 0]
    n = labels.size
    d = np.exp(logp)
    np.put_along_axis(d, labels[..., None], np.take_along_axis(d, labels[..., None], -1) - 1, -1)
    return float(-picked.mean()), d / n
