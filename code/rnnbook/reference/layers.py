"""The non-recurrent pieces: a dense (affine) layer and activations, each with its backward.

A dense layer is y = x W^T + b with W (out, in), applied to the last axis, so it works on
(batch, in) for many-to-one heads and (batch, time, in) for many-to-many heads.
:func:`stack_forward` / :func:`stack_backward` run several dense layers, each followed by
its activation: the encoder and decoder of the autoencoders are such stacks.
"""

from __future__ import annotations

import numpy as np

from rnnbook.reference._common import uniform_params
from rnnbook.reference.activations import ACTIVATIONS, sigmoid  # noqa: F401  (layers.sigmoid)


def dense_init(in_features: int, out_features: int, *, rng=None, dtype=np.float64) -> dict:
    """{'W': (out, in), 'b': (out,)}, U(-1/sqrt(in), 1/sqrt(in)) as nn.Linear."""
    return uniform_params({"W": (out_features, in_features), "b": (out_features,)},
                          in_features, rng, dtype)


def dense_forward(x, params):
    """y = x W^T + b on the last axis. x (..., in) -> y (..., out); returns (y, cache)."""
    x = np.asarray(x)
    if x.shape[-1] != params["W"].shape[1]:
        raise ValueError(f"dense layer expects {params['W'].shape[1]} input features on the "
                         f"last axis, got shape {x.shape}.")
    y = x @ params["W"].T
    y += params["b"]                  # in place: no second (..., out) array to allocate
    return y, (x, params)


def dense_backward(d_y, cache):
    """Gradients of y = x W^T + b. d_y (..., out) -> (grads {'W', 'b'}, d_x (..., in))."""
    x, params = cache
    flat_x = x.reshape(-1, x.shape[-1])
    flat_d = np.asarray(d_y).reshape(-1, d_y.shape[-1])
    return {"W": flat_d.T @ flat_x, "b": flat_d.sum(axis=0)}, d_y @ params["W"]




def check_activation(name: str, what: str = "activation") -> str:
    """Return ``name`` if it is one of ACTIVATIONS, else raise a ValueError listing them."""
    if name not in ACTIVATIONS:
        raise ValueError(f"{what} must be one of {sorted(ACTIVATIONS)}, got {name!r}.")
    return name


def activation_forward(a, name: str):
    """y = f(a) for the activation ``name``. Returns (y, cache)."""
    y = ACTIVATIONS[check_activation(name)][0](a)
    return y, (name, y)


def activation_backward(d_y, cache):
    """dL/da = dL/dy * f'(a), with f' written in terms of the output y (see ACTIVATIONS)."""
    name, y = cache
    return d_y * ACTIVATIONS[name][1](y)


def stack_forward(x, layers: list[dict], activations: list[str]):
    """Dense layers in sequence: a_k = W_k y_{k-1} + b_k, y_k = f_k(a_k), y_0 = x (one row
    of the batch per example, so in code a_k = y_{k-1} W_k^T + b_k).

    x (batch, in); layers[k] = {'W': (out_k, in_k), 'b': (out_k,)}; activations[k] names
    f_k. Returns (y_last (batch, out_last), caches for :func:`stack_backward`).
    """
    if len(layers) != len(activations):
        raise ValueError(f"need one activation per layer, got {len(layers)} layers and "
                         f"{len(activations)} activations.")
    caches = []
    for params, name in zip(layers, activations):
        a, dense_cache = dense_forward(x, params)
        x, act_cache = activation_forward(a, name)
        caches.append((dense_cache, act_cache))
    return x, caches


def stack_backward(d_y, caches):
    """Backward through :func:`stack_forward`: d_y (batch, out_last) -> (grads, d_x).

    grads[k] = {'W', 'b'} of layer k; d_x (batch, in) is the gradient at the stack's input.
    """
    grads = [None] * len(caches)
    for k in reversed(range(len(caches))):
        dense_cache, act_cache = caches[k]
        grads[k], d_y = dense_backward(activation_backward(d_y, act_cache), dense_cache)
    return grads, d_y
