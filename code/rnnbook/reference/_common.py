"""What the three NumPy cells share: initialisation, gate stacking, the products over all steps.

Their input checks are in :mod:`rnnbook._checks`, with every other check of the package.
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import FLOAT_DTYPES


def uniform_params(shapes: dict[str, tuple], hidden_size: int, rng, dtype) -> dict:
    """U(-1/sqrt(hidden), 1/sqrt(hidden)) for every parameter, as nn.RNN/LSTM/GRU do."""
    if int(hidden_size) != hidden_size or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}.")
    if np.dtype(dtype) not in [np.dtype(d) for d in FLOAT_DTYPES]:
        raise TypeError(f"dtype must be float32 or float64, got {np.dtype(dtype)}.")
    rng = np.random.default_rng(rng)
    bound = 1.0 / np.sqrt(hidden_size)
    return {name: rng.uniform(-bound, bound, size=shape).astype(dtype)
            for name, shape in shapes.items()}


def gated_param_shapes(gates, input_size: int, hidden_size: int) -> dict[str, tuple]:
    """W_<g>x (hidden, input), W_<g>h (hidden, hidden) and b_<g> (hidden,) for each gate g."""
    shapes = {}
    for gate in gates:
        shapes[f"W_{gate}x"] = (hidden_size, input_size)
        shapes[f"W_{gate}h"] = (hidden_size, hidden_size)
        shapes[f"b_{gate}"] = (hidden_size,)
    return shapes


def stack_gates(params: dict, gates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gates' parameters stacked in the order ``gates``: W_x (G*H, input), W_h (G*H, H)
    and b (G*H,), so that one matrix product computes every gate's pre-activation."""
    return (np.concatenate([params[f"W_{g}x"] for g in gates]),
            np.concatenate([params[f"W_{g}h"] for g in gates]),
            np.concatenate([params[f"b_{g}"] for g in gates]))


def split_gates(W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, gates) -> dict:
    """The inverse of :func:`stack_gates`: {W_<g>x, W_<g>h, b_<g>} for every gate g."""
    H = W_h.shape[1]
    split = {}
    for k, gate in enumerate(gates):
        rows = slice(k * H, (k + 1) * H)
        split[f"W_{gate}x"], split[f"W_{gate}h"], split[f"b_{gate}"] = W_x[rows], W_h[rows], b[rows]
    return split


def affine_all_steps(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """x W^T (+ b) for every step at once: x (..., in), W (out, in) -> (..., out).

    Written as one 2-D product on purpose: NumPy's batched 3-D matmul is over ten times
    slower at the book's sizes.
    """
    out = x.reshape(-1, x.shape[-1]) @ W.T
    if b is not None:
        out += b
    return out.reshape(*x.shape[:-1], W.shape[0])


def sum_over_steps(d_a: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """sum_t d_a_t^T inputs_t as one 2-D product: d_a (..., out), inputs (..., in) -> (out, in)."""
    return d_a.reshape(-1, d_a.shape[-1]).T @ inputs.reshape(-1, inputs.shape[-1])
