"""A variational autoencoder (Kingma & Welling 2014) in NumPy, forward and backward.

    a = phi(... phi(W_enc1 x + b_enc1) ...)                 hidden layers of the encoder
    mu = W_mu a + b_mu,   log_var = W_logvar a + b_logvar    the encoder's Gaussian q(z | x)
    z = mu + exp(log_var / 2) * eps,   eps ~ N(0, I)         the reparameterisation trick
    x_hat = decoder(z)                                       as in rnnbook.reference.autoencoder

``sizes=(64, 32, 2)``: encoder 64 -> 32, the two heads 32 -> 2, decoder 2 -> 32 -> 64.
The noise ``eps`` is an argument, so the forward pass is a deterministic function that
the frameworks' twins can be checked against; ``eps=None`` decodes the mean (z = mu).
The loss (the negative ELBO) is a reconstruction loss plus losses.gaussian_kl(mu, log_var).
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import check_grad, check_params, check_rows
from rnnbook.reference import autoencoder, layers

HEADS = ("mu", "logvar")


def param_shapes(sizes) -> dict[str, tuple]:
    """Names and shapes: W_enc1 .. (hidden layers), W_mu, W_logvar, then W_dec1 .. W_decL."""
    sizes = autoencoder.check_sizes(sizes)
    shapes = {}
    for k, (n_in, n_out) in enumerate(zip(sizes[:-2], sizes[1:-1]), start=1):
        shapes[f"W_enc{k}"], shapes[f"b_enc{k}"] = (n_out, n_in), (n_out,)
    for head in HEADS:
        shapes[f"W_{head}"], shapes[f"b_{head}"] = (sizes[-1], sizes[-2]), (sizes[-1],)
    decoder = {k: v for k, v in autoencoder.param_shapes(sizes).items() if k[2:].startswith("dec")}
    return {**shapes, **decoder}


def init_params(sizes, *, rng=None, dtype=np.float64) -> dict:
    """Every layer drawn U(-1/sqrt(in), 1/sqrt(in)) like nn.Linear; ``rng``: Generator or seed."""
    return autoencoder.dense_layers_init(param_shapes(sizes), rng=rng, dtype=dtype)


def sizes_of(params) -> tuple[int, ...]:
    """The ``sizes`` a VAE's parameters were made for."""
    if not isinstance(params, dict) or "W_mu" not in params:
        raise TypeError("params must be the dict of a VAE (from vae.init_params), with W_mu, "
                        f"W_logvar, ...; got {type(params).__name__}.")
    sizes, k = [], 1
    while f"W_enc{k}" in params:
        sizes.append(np.shape(params[f"W_enc{k}"])[-1])
        k += 1
    sizes += [np.shape(params["W_mu"])[-1], np.shape(params["W_mu"])[0]]
    return tuple(sizes)


def _checked(params):
    sizes = sizes_of(params)
    return sizes, check_params(params, param_shapes(sizes), "vae")


def forward(x, params, eps=None, *, activation: str = "tanh", output: str = "sigmoid"):
    """x (batch, features), eps (batch, latent) or None -> (reconstruction (batch, features),
    (mu, log_var) each (batch, latent), cache for :func:`backward`)."""
    sizes, dtype = _checked(params)
    layers.check_activation(activation)
    layers.check_activation(output, "output")
    x = check_rows(x, sizes[0], dtype)
    n_hidden = len(sizes) - 2
    a, hidden_cache = layers.stack_forward(x, autoencoder.layer_stack(params, "enc", n_hidden),
                                           [activation] * n_hidden)
    mu, mu_cache = layers.dense_forward(a, {"W": params["W_mu"], "b": params["b_mu"]})
    log_var, log_var_cache = layers.dense_forward(a, {"W": params["W_logvar"], "b": params["b_logvar"]})
    if eps is None:
        eps = np.zeros_like(mu)
    eps = check_rows(eps, sizes[-1], dtype, "eps")
    if eps.shape != mu.shape:
        raise ValueError(f"eps must have shape (batch, latent) = {mu.shape}, got {eps.shape}.")
    sigma = np.exp(0.5 * log_var)
    z = mu + sigma * eps
    reconstruction, decoder_cache = _decode(z, params, len(sizes) - 1, activation, output)
    cache = {"hidden": hidden_cache, "mu": mu_cache, "log_var": log_var_cache, "sigma": sigma,
             "eps": eps, "decoder": decoder_cache, "reconstruction": reconstruction, "z": z}
    return reconstruction, (mu, log_var), cache


def backward(d_reconstruction, cache, d_mu=None, d_log_var=None):
    """dL/dx_hat (batch, features) and the KL term's dL/dmu, dL/dlog_var (batch, latent)
    -> (grads with the keys of params, d_x (batch, features)).

    Through the sample: dz/dmu = 1 and dz/dlog_var = eps * sigma / 2.
    """
    reconstruction, z = cache["reconstruction"], cache["z"]
    d_reconstruction = check_grad(d_reconstruction, reconstruction.shape, reconstruction.dtype,
                                  "d_reconstruction")
    decoder_grads, d_z = layers.stack_backward(d_reconstruction, cache["decoder"])
    d_mu_total = d_z + check_grad(d_mu, z.shape, z.dtype, "d_mu")
    d_log_var_total = d_z * cache["eps"] * cache["sigma"] * 0.5 + check_grad(
        d_log_var, z.shape, z.dtype, "d_log_var")
    mu_grads, d_a = layers.dense_backward(d_mu_total, cache["mu"])
    log_var_grads, d_a_from_log_var = layers.dense_backward(d_log_var_total, cache["log_var"])
    hidden_grads, d_x = layers.stack_backward(d_a + d_a_from_log_var, cache["hidden"])
    grads = {}
    for k, g in enumerate(hidden_grads, start=1):
        grads[f"W_enc{k}"], grads[f"b_enc{k}"] = g["W"], g["b"]
    for head, g in (("mu", mu_grads), ("logvar", log_var_grads)):
        grads[f"W_{head}"], grads[f"b_{head}"] = g["W"], g["b"]
    for k, g in enumerate(decoder_grads, start=1):
        grads[f"W_dec{k}"], grads[f"b_dec{k}"] = g["W"], g["b"]
    return grads, d_x


def decode(z, params, *, activation: str = "tanh", output: str = "sigmoid"):
    """The decoder alone: latent points z (batch, latent) -> images (batch, features)."""
    sizes, dtype = _checked(params)
    z = check_rows(z, sizes[-1], dtype, "z")
    return _decode(z, params, len(sizes) - 1, activation, output)[0]


def _decode(z, params, n_layers, activation, output):
    layers.check_activation(activation)
    layers.check_activation(output, "output")
    return layers.stack_forward(z, autoencoder.layer_stack(params, "dec", n_layers),
                                [activation] * (n_layers - 1) + [output])
