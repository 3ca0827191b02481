"""Anomaly detection from a model's errors (Malhotra et al. 2015, 2016).

A model trained on normal data only reconstructs (or predicts) normal data well; a large
error flags an anomaly. The error *vectors* of normal data held out from training are
fitted with a Gaussian N(mu, Sigma), and a new vector's score is its squared Mahalanobis
distance (e - mu)^T Sigma^-1 (e - mu). The threshold on the score is chosen on a
validation set with labelled anomalies, never on the test set. ROC curves, AUC and precision/recall come
from scikit-learn.
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import as_float_array, check_finite, check_ndim


def _errors(errors, name: str = "errors") -> np.ndarray:
    errors = as_float_array(errors, name, dtype=np.float64)
    check_ndim(errors, 2, name, "(n, d): one error vector per row")
    check_finite(errors, name)
    return errors


def fit_gaussian(errors) -> tuple[np.ndarray, np.ndarray]:
    """(mu (d,), Sigma (d, d)) of normal error vectors (n, d).

    The covariance is the Ledoit-Wolf shrinkage estimate (sklearn.covariance.LedoitWolf):
    with d comparable to n the plain sample covariance is badly conditioned or singular.
    """
    from sklearn.covariance import LedoitWolf

    errors = _errors(errors)
    if len(errors) < 2:
        raise ValueError(f"need at least 2 error vectors to fit a Gaussian, got {len(errors)}.")
    estimate = LedoitWolf().fit(errors)
    return estimate.location_, estimate.covariance_


def mahalanobis(errors, mean, covariance) -> np.ndarray:
    """Squared Mahalanobis distance (e - mu)^T Sigma^-1 (e - mu) of each row: (n, d) -> (n,)."""
    errors = _errors(errors)
    mean = np.asarray(mean, dtype=np.float64)
    covariance = np.asarray(covariance, dtype=np.float64)
    d = errors.shape[1]
    if mean.shape != (d,) or covariance.shape != (d, d):
        raise ValueError(f"for error vectors of {d} values, mean must be ({d},) and covariance "
                         f"({d}, {d}); got {mean.shape} and {covariance.shape}.")
    centred = errors - mean
    return np.einsum("ij,ij->i", centred @ np.linalg.inv(covariance), centred)


def _scores_and_labels(scores, labels):
    scores = as_float_array(scores, "scores", dtype=np.float64).ravel()
    labels = np.asarray(labels).ravel()
    if scores.shape != labels.shape:
        raise ValueError(f"scores and labels must have the same length, got {scores.shape} and {labels.shape}.")
    if not np.isin(labels, (0, 1)).all() or len(np.unique(labels)) != 2:
        raise ValueError("labels must hold 0 (normal) and 1 (anomaly), and both must occur.")
    check_finite(scores, "scores")
    return scores, labels.astype(int)


def choose_threshold(scores, labels) -> float:
    """The threshold with the best F1 score on labelled (validation) data; score >= threshold flags."""
    from sklearn.metrics import precision_recall_curve

    scores, labels = _scores_and_labels(scores, labels)
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision * recall / np.maximum(precision + recall, 1e-12)
    return float(thresholds[np.argmax(f1[:-1])])


def evaluate(scores, labels, threshold: float) -> dict:
    """{'auc', 'precision', 'recall', 'f1'} of flagging score >= threshold on labelled data."""
    from sklearn.metrics import precision_recall_fscore_support, roc_auc_score

    scores, labels = _scores_and_labels(scores, labels)
    flagged = (scores >= threshold).astype(int)
    precision, recall, f1, _ = precision_recall_fscore_support(labels, flagged, average="binary",
                                                               zero_division=0)
    return {"auc": float(roc_auc_score(labels, scores)), "precision": float(precision),
            "recall": float(recall), "f1": float(f1)}
