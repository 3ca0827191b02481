"""The GRU layer in NumPy, forward and hand-written BPTT (PyTorch's "reset after" form).

    r_t = sigma(W_rx x_t + W_rh h_{t-1} + b_r)                  reset gate
    z_t = sigma(W_zx x_t + W_zh h_{t-1} + b_z)                  update gate
    n_t = tanh (W_nx x_t + b_n + r_t * (W_nh h_{t-1} + b_nh))   candidate
    h_t = (1 - z_t) * n_t + z_t * h_{t-1}

b_nh sits inside the reset product, so it is not the same as a part of b_n: it is a
parameter of its own. Shapes: x (batch, time, input), h (batch, hidden); W_*x
(hidden, input), W_*h (hidden, hidden), b_* (hidden,).
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import check_grad, check_input, check_state, infer_sizes
from rnnbook.reference._common import (
    affine_all_steps,
    gated_param_shapes,
    split_gates,
    stack_gates,
    sum_over_steps,
    uniform_params,
)
from rnnbook.reference.activations import sigmoid, sigmoid_derivative, tanh_derivative
from rnnbook.reference.masking import carry, real_steps, split_padding, zero_padding

GATES = ("r", "z", "n")  # PyTorch's order; Keras stores (z, r, n)


def param_shapes(input_size: int, hidden_size: int) -> dict[str, tuple]:
    """Parameter names and shapes, as written in the equations (b_nh last)."""
    return {**gated_param_shapes(GATES, input_size, hidden_size), "b_nh": (hidden_size,)}


def init_params(input_size: int, hidden_size: int, *, rng=None, dtype=np.float64) -> dict:
    """Parameters drawn U(-1/sqrt(hidden), 1/sqrt(hidden)) like nn.GRU; ``rng``: Generator or seed."""
    return uniform_params(param_shapes(input_size, hidden_size), hidden_size, rng, dtype)


def forward(x, params, state=None, *, lengths=None):
    """Run the layer over a sequence.

    x: (batch, time, input); state: h_0 (batch, hidden) or None for zeros; lengths: None,
    or the real steps of each padded sequence (batch,).
    Returns outputs (batch, time, hidden), zero at padding, the final state (batch, hidden)
    at each sequence's last real step, and a cache.
    """
    input_size, H, dtype = infer_sizes(params, "W_rx", "gru", param_shapes)
    x = check_input(x, input_size, dtype)
    B, T, _ = x.shape
    W_x, W_h, b = stack_gates(params, GATES)
    a_x = affine_all_steps(x, W_x, b)
    hs = np.empty((B, T + 1, H), dtype=dtype)
    hs[:, 0] = check_state(state, B, H, dtype, "state")
    reset, update, candidate = (np.empty((B, T, H), dtype=dtype) for _ in GATES)   # r_t, z_t, n_t
    recurrent_candidate = np.empty((B, T, H), dtype=dtype)   # W_nh h_{t-1} + b_nh, for backward
    real = real_steps(lengths, B, T)
    for t in range(T):
        a_h = hs[:, t] @ W_h.T                       # W_rh, W_zh and W_nh times h_{t-1}, at once
        reset[:, t] = sigmoid(a_x[:, t, :H] + a_h[:, :H])
        update[:, t] = sigmoid(a_x[:, t, H:2 * H] + a_h[:, H:2 * H])
        recurrent_candidate[:, t] = a_h[:, 2 * H:] + params["b_nh"]
        candidate[:, t] = np.tanh(a_x[:, t, 2 * H:] + reset[:, t] * recurrent_candidate[:, t])
        new_state = (1.0 - update[:, t]) * candidate[:, t] + update[:, t] * hs[:, t]
        hs[:, t + 1] = carry(real[t], new_state, hs[:, t])
    cache = {"x": x, "params": params, "hs": hs, "r": reset, "z": update, "n": candidate,
             "recurrent_candidate": recurrent_candidate, "lengths": lengths}
    return zero_padding(hs[:, 1:], lengths), hs[:, -1].copy(), cache


def backward(d_outputs, cache, d_final_state=None):
    """Backpropagation through time.

    d_outputs: dL/dh_t (batch, time, hidden); d_final_state: dL/dh_T (batch, hidden) or None.
    Returns (grads with the keys of params, d_x (batch, time, input), dL/dh_0 (batch, hidden)).
    """
    x, hs, recurrent_candidate = cache["x"], cache["hs"], cache["recurrent_candidate"]
    B, T, _ = x.shape
    H = hs.shape[2]
    # The outputs at padded steps are constant zeros: no gradient flows in there.
    d_outputs = zero_padding(check_grad(d_outputs, (B, T, H), hs.dtype, "d_outputs"),
                             cache["lengths"])
    dh_next = check_grad(d_final_state, (B, H), hs.dtype, "d_final_state")
    real = real_steps(cache["lengths"], B, T)
    W_x, W_h, _ = stack_gates(cache["params"], GATES)
    d_ax = np.empty((B, T, 3 * H), dtype=hs.dtype)   # gradients of the input-side pre-activations
    d_ah = np.empty((B, 3 * H), dtype=hs.dtype)
    d_W_h = np.zeros_like(W_h)
    d_b_nh = np.zeros(H, dtype=hs.dtype)
    for t in reversed(range(T)):
        r, z, n = cache["r"][:, t], cache["z"][:, t], cache["n"][:, t]
        h_prev = hs[:, t]
        dh = d_outputs[:, t] + dh_next
        dh, dh_skip = split_padding(real[t], dh)      # a padded step passes it straight on
        d_an = dh * (1.0 - z) * tanh_derivative(n)
        d_ax[:, t, 2 * H:] = d_an
        d_ax[:, t, :H] = d_an * recurrent_candidate[:, t] * sigmoid_derivative(r)
        d_ax[:, t, H: 2 * H] = dh * (h_prev - n) * sigmoid_derivative(z)
        d_ah[:, : 2 * H] = d_ax[:, t, : 2 * H]
        d_ah[:, 2 * H:] = d_an * r
        d_W_h += d_ah.T @ h_prev
        d_b_nh += d_ah[:, 2 * H:].sum(axis=0)
        dh_next = dh * z + d_ah @ W_h + dh_skip
    grads = split_gates(sum_over_steps(d_ax, x), d_W_h, d_ax.sum(axis=(0, 1)), GATES)
    grads["b_nh"] = d_b_nh
    return grads, affine_all_steps(d_ax, W_x.T), dh_next
