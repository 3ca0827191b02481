"""Exercise checkers of chapters 11 and 12 (autoencoders): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_autoencoder_backward, check_gaussian_kl, check_mahalanobis
from rnnbook.exercises.autoencoders import _backward_variant


def _transposed_weights(x, params):
    grads = _backward_variant(x, params)
    return {k: (g.T if k.startswith("W_") else g) for k, g in grads.items()}


def _per_example_bias(x, params):
    grads = _backward_variant(x, params)
    grads["b_dec1"] = np.repeat(grads["b_dec1"][None] / len(x), len(x), axis=0)
    return grads


@pytest.mark.parametrize("answer, diagnosis", [
    (_backward_variant, None),
    (lambda x, p: _backward_variant(x, p, tanh_prime=False), "miss tanh'(a)"),
    (lambda x, p: _backward_variant(x, p, scale=False), "times the right one"),
    (lambda x, p: _backward_variant(x, p, decoder_path=False), "must come through the decoder"),
    (_transposed_weights, "is transposed"),
    (_per_example_bias, "sum the bias gradient over the batch"),
    (lambda x, p: {k: v for k, v in _backward_variant(x, p).items() if k != "b_enc1"}, "exactly the keys"),
    (lambda x, p: {k: v + 1 for k, v in _backward_variant(x, p).items()}, "these gradients are wrong"),
])
def test_autoencoder_backward_checker(answer, diagnosis, capsys):
    assert check_autoencoder_backward(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out


def _kl(mu, log_var):
    return 0.5 * np.sum(mu**2 + np.exp(log_var) - 1 - log_var, axis=1)


@pytest.mark.parametrize("answer, diagnosis", [
    (_kl, None),
    (lambda m, lv: 2 * _kl(m, lv), "factor 1/2 is missing"),
    (lambda m, lv: 0.5 * np.sum(m**2 + np.exp(lv / 2) - 1 - lv, axis=1), "you used sigma"),
    (lambda m, lv: 0.5 * np.sum(m**2 + np.exp(lv) - 1 - 2 * lv, axis=1), "not -2 log_var"),
    (lambda m, lv: -_kl(m, lv), "sign is flipped"),
    (lambda m, lv: _kl(m, lv) / m.shape[1], "do not average"),
    (lambda m, lv: 0.5 * (m**2 + np.exp(lv) - 1 - lv), "sum over the latent dimensions"),
    (lambda m, lv: _kl(m, lv).mean(), "not the batch's total or mean"),
    (lambda m, lv: _kl(m, lv) + 0.5 * m.shape[1], "constant -1"),
    (lambda m, lv: _kl(m, lv) + 0.3, "the values are wrong"),
])
def test_gaussian_kl_checker(answer, diagnosis, capsys):
    assert check_gaussian_kl(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out


def _mahalanobis(errors, mean, covariance):
    centred = errors - mean
    return np.einsum("ij,jk,ik->i", centred, np.linalg.inv(covariance), centred)


@pytest.mark.parametrize("answer, diagnosis", [
    (_mahalanobis, None),
    (lambda e, m, c: np.sqrt(_mahalanobis(e, m, c)), "SQUARED form"),
    (lambda e, m, c: np.einsum("ij,jk,ik->i", e - m, c, e - m), "inverse of the covariance"),
    (lambda e, m, c: _mahalanobis(e, np.zeros_like(m), c), "subtract the mean"),
    (lambda e, m, c: np.sum((e - m) ** 2 / np.diag(c), axis=1), "off-diagonal"),
    (lambda e, m, c: (e - m) @ np.linalg.inv(c) @ (e - m).T, "every pair"),
    (lambda e, m, c: (e - m) ** 2, "one score per error vector"),
])
def test_mahalanobis_checker(answer, diagnosis, capsys):
    assert check_mahalanobis(answer) is (diagnosis is None)
    out = capsys.readouterr().out
    assert (diagnosis or "passed") in out, out
