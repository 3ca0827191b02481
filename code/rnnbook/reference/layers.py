"""The non-recurrent pieces: a dense (affine) layer and activations, each with its backward.

A dense layer is y = x W^T + b with W (out, in), applied to the last axis, so it works on
(batch, in) for many-to-one heads and (batch, time, in) for many-to-many heads.
"""

from __future__ import annotations

import numpy as np

from rnnbook.reference._common import sigmoid, uniform_params


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
    return x @ params["W"].T + params["b"], (x, params)


def dense_backward(d_y, cache):
    """Gradients of y = x W^T + b. d_y (..., out) -> (grads {'W', 'b'}, d_x (..., in))."""
    x, params = cache
    flat_x = x.reshape(-1, x.shape[-1])
    flat_d = np.asarray(d_y).reshape(-1, d_y.shape[-1])
    return {"W": flat_d.T @ flat_x, "b": flat_d.sum(axis=0)}, d_y @ params["W"]


ACTIVATIONS = {
    "tanh": (np.tanh, lambda y: 1.0 - y**2),
    "sigmoid": (sigmoid, lambda y: y * (1.0 - y)),
    "relu": (lambda a: np.maximum(a, 0), lambda y: (y > 0).astype(y.dtype)),
    "identity": (lambda a: a, np.ones_like),
}
"""name -> (f, f' written in terms of the output y = f(a)), as the backward passes use them."""
