"""Checkers for the exercises of the chapters "Autoencoders" and "Sequence autoencoders"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference import autoencoder, losses

# ------------------------------------------------------------- dense autoencoder backward


def _backward_cases(seed: int = 31) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, features, code in [(5, 6, 2), (1, 4, 3), (8, 10, 4), (3, 5, 5)]:
        params = autoencoder.init_params((features, code), rng=rng)
        x = rng.normal(size=(batch, features))
        reconstruction, _, cache = autoencoder.forward(x, params)
        _, d_reconstruction = losses.mse(reconstruction, x)
        grads, _ = autoencoder.backward(d_reconstruction, cache)
        cases.append(Case((x, params), grads, f"batch {batch}, {features} features, code {code}"))
    return cases


def _backward_variant(x, params, *, tanh_prime=True, scale=True, decoder_path=True, transpose=False):
    """The gradients of the MSE of a one-layer tanh autoencoder, with one mistake switched on."""
    z = np.tanh(x @ params["W_enc1"].T + params["b_enc1"])
    x_hat = z @ params["W_dec1"].T + params["b_dec1"]
    d_x_hat = 2 * (x_hat - x) / (x.size if scale else 1)
    d_z = d_x_hat @ params["W_dec1"] if decoder_path else d_x_hat[:, :z.shape[1]]
    d_a = d_z * (1 - z**2) if tanh_prime else d_z
    product = (lambda d, a: a.T @ d) if transpose else (lambda d, a: d.T @ a)
    return {"W_enc1": product(d_a, x), "b_enc1": d_a.sum(0),
            "W_dec1": product(d_x_hat, z), "b_dec1": d_x_hat.sum(0)}


def _diagnose_backward(case: Case, got) -> str | None:
    if not isinstance(got, dict) or set(got) != set(case.expected):
        return f"return a dict with exactly the keys {sorted(case.expected)}."
    for name, want in case.expected.items():
        g = np.asarray(got[name])
        if g.shape != want.shape:
            if g.shape == want.T.shape:
                return f"{name} is transposed: it must have W's shape (out, in) = {want.shape}."
            if name.startswith("b_") and g.ndim == 2:
                return f"{name} has one row per example: sum the bias gradient over the batch."
            return f"{name} should have shape {want.shape}, got {g.shape}."
    if all(np.allclose(got[k], w) for k, w in case.expected.items()):
        return None
    ratios = [np.sum(np.asarray(got[k]) * w) / np.sum(w * w) for k, w in case.expected.items()]
    if np.allclose(ratios, ratios[0]) and all(np.allclose(got[k], ratios[0] * w)
                                              for k, w in case.expected.items()):
        return (f"every gradient is {ratios[0]:.3g} times the right one: the loss is the MEAN of "
                "(x_hat - x)^2 over all batch x features entries, so dL/dx_hat = 2 (x_hat - x) / x.size.")
    mistakes = {
        "the encoder's gradients miss tanh'(a) = 1 - z^2 at the code.": {"tanh_prime": False},
        "the gradient reaching the code must come through the decoder: dL/dz = dL/dx_hat @ W_dec1.":
            {"decoder_path": False},
    }
    x, params = case.args
    for message, switch in mistakes.items():
        wrong = _backward_variant(x, params, **switch)
        if all(np.allclose(got[k], wrong[k]) for k in wrong):
            return message
    bad = [k for k, w in case.expected.items() if not np.allclose(got[k], w)]
    return f"these gradients are wrong: {', '.join(sorted(bad))}."


def check_autoencoder_backward(student_backward) -> bool:
    """Check ``autoencoder_gradients(x, params) -> grads`` for the MSE loss of a one-layer
    autoencoder z = tanh(W_enc1 x + b_enc1), x_hat = W_dec1 z + b_dec1 (identity output).

    x (batch, features); params and grads: dicts with W_enc1 (code, features), b_enc1
    (code,), W_dec1 (features, code), b_dec1 (features,). The loss is mean((x_hat - x)^2).
    """
    return run_cases("autoencoder_gradients", student_backward, _backward_cases(), _diagnose_backward)


# -------------------------------------------------------------------- the VAE's KL term


def _kl_cases(seed: int = 32) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, latent in [(4, 2), (1, 1), (6, 5), (3, 3)]:
        mu, log_var = rng.normal(size=(batch, latent)), rng.normal(scale=0.8, size=(batch, latent))
        expected = 0.5 * np.sum(mu**2 + np.exp(log_var) - 1.0 - log_var, axis=1)
        cases.append(Case((mu, log_var), expected, f"batch {batch}, latent {latent}"))
    return cases


def _diagnose_kl(case: Case, got) -> str | None:
    mu, log_var = case.args
    got = np.asarray(got, dtype=float)
    if got.shape != case.expected.shape:
        if got.shape == mu.shape:
            return "sum over the latent dimensions: one KL value per example, shape (batch,)."
        if got.ndim == 0:
            return "return one KL value per example, shape (batch,), not the batch's total or mean."
        return f"expected shape {case.expected.shape}, got {got.shape}."
    if np.allclose(got, case.expected):
        return None
    variance = np.exp(log_var)
    wrong = {
        "the factor 1/2 is missing.": np.sum(mu**2 + variance - 1 - log_var, axis=1),
        "exp(log_var) is the variance sigma^2; you used sigma = exp(log_var / 2) in its place.":
            0.5 * np.sum(mu**2 + np.exp(0.5 * log_var) - 1 - log_var, axis=1),
        "log_var is the log of the VARIANCE: the term is -log(sigma^2) = -log_var, not -2 log_var.":
            0.5 * np.sum(mu**2 + variance - 1 - 2 * log_var, axis=1),
        "sum over the latent dimensions, do not average: the KL of independent dimensions adds up.":
            case.expected / mu.shape[1],
        "the sign is flipped: the KL divergence is never negative.": -case.expected,
        "the constant -1 per latent dimension is missing.":
            0.5 * np.sum(mu**2 + variance - log_var, axis=1),
        "the squared mean mu^2 is missing.": 0.5 * np.sum(variance - 1 - log_var, axis=1),
    }
    for message, value in wrong.items():
        if np.allclose(got, value):
            return message
    return "the values are wrong: KL = 0.5 * sum_j (mu_j^2 + sigma_j^2 - 1 - log sigma_j^2)."


def check_gaussian_kl(student_kl) -> bool:
    """Check ``gaussian_kl(mu, log_var) -> (batch,)``: KL(N(mu, diag(exp(log_var))) || N(0, I))
    of each example; mu, log_var (batch, latent)."""
    return run_cases("gaussian_kl", student_kl, _kl_cases(), _diagnose_kl)


# ---------------------------------------------------------------- Mahalanobis scores


def _mahalanobis_cases(seed: int = 33) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, dims in [(6, 3), (1, 2), (10, 5), (4, 1)]:
        mixing = rng.normal(size=(dims, dims)) + 2 * np.eye(dims)
        covariance = mixing @ mixing.T
        mean = rng.normal(size=dims)
        errors = rng.normal(size=(n, dims)) * 2
        centred = errors - mean
        expected = np.einsum("ij,jk,ik->i", centred, np.linalg.inv(covariance), centred)
        cases.append(Case((errors, mean, covariance), expected, f"{n} error vectors of {dims} values"))
    return cases


def _diagnose_mahalanobis(case: Case, got) -> str | None:
    errors, mean, covariance = case.args
    got = np.asarray(got, dtype=float)
    if got.shape != case.expected.shape:
        if got.shape == errors.shape:
            return "return one score per error vector, shape (n,): sum over the vector's entries."
        if got.ndim == 2 and got.shape == (len(errors), len(errors)):
            return ("you computed every pair of vectors (an (n, n) matrix); only the diagonal is "
                    "wanted: one score per error vector.")
        return f"expected shape {case.expected.shape}, got {got.shape}."
    if np.allclose(got, case.expected):
        return None
    centred = errors - mean
    wrong = {
        "the distance is the SQUARED form (e - mu)^T Sigma^-1 (e - mu), without a square root.":
            np.sqrt(case.expected),
        "use the inverse of the covariance, not the covariance itself.":
            np.einsum("ij,jk,ik->i", centred, covariance, centred),
        "subtract the mean error mu before the quadratic form.":
            np.einsum("ij,jk,ik->i", errors, np.linalg.inv(covariance), errors),
        "the covariance's off-diagonal entries are ignored (a diagonal Sigma); use the whole matrix.":
            np.sum(centred**2 / np.diag(covariance), axis=1),
    }
    for message, value in wrong.items():
        if np.allclose(got, value):
            return message
    return "the scores are wrong: score_i = (e_i - mu)^T Sigma^-1 (e_i - mu)."


def check_mahalanobis(student_scores) -> bool:
    """Check ``mahalanobis(errors, mean, covariance) -> (n,)``: the squared Mahalanobis
    distance (e - mu)^T Sigma^-1 (e - mu) of each error vector; errors (n, d), mean (d,),
    covariance (d, d)."""
    return run_cases("mahalanobis", student_scores, _mahalanobis_cases(), _diagnose_mahalanobis)
