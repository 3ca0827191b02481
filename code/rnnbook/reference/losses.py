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


def binary_cross_entropy(probabilities, target):
    """Mean binary cross-entropy -[t log p + (1 - t) log(1 - p)] over all entries.

    probabilities in [0, 1] (e.g. a sigmoid output) and target in [0, 1], the same shape.
    As torch.nn.BCELoss, each log is clamped at -100 and the gradient's denominator
    p (1 - p) at 1e-12, so a saturated p gives a large but finite value.
    Returns (loss, d_probabilities).
    """
    p = as_float_array(probabilities, "probabilities")
    t = as_float_array(target, "target", dtype=p.dtype)
    if p.shape != t.shape:
        raise ValueError(f"probabilities {p.shape} and target {t.shape} must have the same shape.")
    check_finite(p, "probabilities")
    if p.size and (p.min() < 0 or p.max() > 1):
        raise ValueError(f"probabilities must lie in [0, 1], got values from {p.min():.3g} to "
                         f"{p.max():.3g}. Use a sigmoid output (output='sigmoid').")
    with np.errstate(divide="ignore"):
        log_p, log_q = np.maximum(np.log(p), -100.0), np.maximum(np.log1p(-p), -100.0)
    loss = -np.mean(t * log_p + (1.0 - t) * log_q)
    return float(loss), (p - t) / np.maximum(p * (1.0 - p), 1e-12) / p.size


def gaussian_kl(mu, log_var):
    """KL( N(mu, diag(exp(log_var))) || N(0, I) ) of a VAE's encoder, with its gradients.

    mu, log_var (batch, latent). The divergence of one example is
    0.5 * sum_j (mu_j^2 + exp(log_var_j) - 1 - log_var_j); the loss is its mean over the
    batch. Returns (loss, d_mu, d_log_var).
    """
    mu = as_float_array(mu, "mu")
    log_var = as_float_array(log_var, "log_var", dtype=mu.dtype)
    if mu.shape != log_var.shape or mu.ndim != 2:
        raise ValueError(f"mu and log_var must both be (batch, latent), got {mu.shape} and {log_var.shape}.")
    check_finite(mu, "mu")
    check_finite(log_var, "log_var")
    batch = mu.shape[0]
    variance = np.exp(log_var)
    loss = 0.5 * np.sum(mu**2 + variance - 1.0 - log_var) / batch
    return float(loss), mu / batch, 0.5 * (variance - 1.0) / batch


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
