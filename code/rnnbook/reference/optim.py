"""Optimizers and gradient clipping for dicts of NumPy parameters, updated in place.

They follow torch.optim's update rules exactly, so a NumPy training loop and a PyTorch
one take the same steps.
"""

from __future__ import annotations

import numpy as np


def global_norm(grads: dict) -> float:
    """The joint L2 norm of all gradient arrays, sqrt(sum of every squared entry), in float64."""
    return float(np.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads.values())))


def clip_by_global_norm(grads: dict, max_norm: float) -> float:
    """Scale all gradients in place so that their joint L2 norm is at most ``max_norm``.

    Returns the norm before clipping (as torch.nn.utils.clip_grad_norm_ does).
    """
    if max_norm <= 0:
        raise ValueError(f"max_norm must be positive, got {max_norm}.")
    norm = global_norm(grads)
    scale = max_norm / (norm + 1e-6)
    if scale < 1.0:
        for g in grads.values():
            g *= scale
    return norm


class SGD:
    """Stochastic gradient descent with optional (heavy-ball) momentum, as torch.optim.SGD.

    v <- momentum * v + g (v = g at the first step);  p <- p - lr * v
    """

    def __init__(self, params: dict, lr: float, momentum: float = 0.0):
        if lr <= 0 or not 0 <= momentum < 1:
            raise ValueError(f"need lr > 0 and 0 <= momentum < 1, got lr={lr}, momentum={momentum}.")
        self.params, self.lr, self.momentum = params, lr, momentum
        self.velocity: dict = {}

    def step(self, grads: dict) -> None:
        """Update self.params in place from ``grads`` (the same keys and shapes)."""
        _same_keys(self.params, grads)
        for name, g in grads.items():
            if self.momentum:
                v = self.velocity.get(name)
                v = g.copy() if v is None else self.momentum * v + g
                self.velocity[name] = v
                g = v
            self.params[name] -= self.lr * g


class Adam:
    """Adam (Kingma & Ba 2015) with bias correction, as torch.optim.Adam."""

    def __init__(self, params: dict, lr: float = 1e-3, betas=(0.9, 0.999), eps: float = 1e-8):
        if lr <= 0:
            raise ValueError(f"lr must be positive, got {lr}.")
        self.params, self.lr, self.betas, self.eps = params, lr, betas, eps
        self.m = {k: np.zeros_like(v) for k, v in params.items()}
        self.v = {k: np.zeros_like(v) for k, v in params.items()}
        self.t = 0

    def step(self, grads: dict) -> None:
        """Update self.params in place from ``grads`` (the same keys and shapes)."""
        _same_keys(self.params, grads)
        self.t += 1
        b1, b2 = self.betas
        for name, g in grads.items():
            self.m[name] = b1 * self.m[name] + (1 - b1) * g
            self.v[name] = b2 * self.v[name] + (1 - b2) * g * g
            # torch.optim.Adam's arrangement of the bias corrections (eps outside the sqrt).
            denom = np.sqrt(self.v[name]) / np.sqrt(1 - b2**self.t) + self.eps
            self.params[name] -= self.lr / (1 - b1**self.t) * self.m[name] / denom


def _same_keys(params, grads):
    if params.keys() != grads.keys():
        raise ValueError(f"grads must have the keys of params; missing "
                         f"{sorted(set(params) - set(grads))}, unexpected {sorted(set(grads) - set(params))}.")
