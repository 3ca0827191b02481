"""The activation functions of the book and their derivatives, defined once.

Each derivative is written in terms of the function's *output* y = f(a), which the forward
pass has already computed and cached: tanh'(a) = 1 - y^2, sigmoid'(a) = y (1 - y).
"""

from __future__ import annotations

import numpy as np


def sigmoid(a: np.ndarray) -> np.ndarray:
    """Logistic function 1 / (1 + exp(-a)), written as 0.5 * (1 + tanh(a / 2)).

    The tanh form never overflows (exp(-a) does for a < -88 in float32) and costs one
    vectorised call instead of masked indexing.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * a))


def sigmoid_derivative(y: np.ndarray) -> np.ndarray:
    """sigmoid'(a) = y (1 - y), with y = sigmoid(a)."""
    return y * (1.0 - y)


def tanh_derivative(y: np.ndarray) -> np.ndarray:
    """tanh'(a) = 1 - y^2, with y = tanh(a)."""
    return 1.0 - y * y


def relu(a: np.ndarray) -> np.ndarray:
    return np.maximum(a, 0)


def relu_derivative(y: np.ndarray) -> np.ndarray:
    """1 where the unit is active (y > 0), else 0 (the subgradient 0 at a = 0, as PyTorch)."""
    return (y > 0).astype(y.dtype)


def identity(a: np.ndarray) -> np.ndarray:
    return a


def identity_derivative(y: np.ndarray) -> np.ndarray:
    return np.ones_like(y)


ACTIVATIONS = {
    "tanh": (np.tanh, tanh_derivative),
    "sigmoid": (sigmoid, sigmoid_derivative),
    "relu": (relu, relu_derivative),
    "identity": (identity, identity_derivative),
}
"""name -> (f, f' written in terms of the output y = f(a)), as the backward passes use them."""
