"""The LSTM layer in NumPy, forward and hand-written BPTT.

    i_t = sigma(W_ix x_t + W_ih h_{t-1} + b_i)     input gate
    f_t = sigma(W_fx x_t + W_fh h_{t-1} + b_f)     forget gate
    g_t = tanh (W_gx x_t + W_gh h_{t-1} + b_g)     candidate
    o_t = sigma(W_ox x_t + W_oh h_{t-1} + b_o)     output gate
    c_t = f_t * c_{t-1} + i_t * g_t,   h_t = o_t * tanh(c_t)

Shapes: x (batch, time, input); h and c (batch, hidden); W_*x (hidden, input),
W_*h (hidden, hidden), b_* (hidden,). The state is the pair (h, c).
"""

from __future__ import annotations

import numpy as np

from rnnbook.reference._common import (
    check_grad,
    check_input,
    check_state,
    infer_sizes,
    sigmoid,
    uniform_params,
)

GATES = ("i", "f", "g", "o")  # the order of PyTorch and Keras too


def param_shapes(input_size: int, hidden_size: int) -> dict[str, tuple]:
    """Parameter names and shapes, gate by gate, as written in the equations."""
    shapes = {}
    for gate in GATES:
        shapes[f"W_{gate}x"] = (hidden_size, input_size)
        shapes[f"W_{gate}h"] = (hidden_size, hidden_size)
        shapes[f"b_{gate}"] = (hidden_size,)
    return shapes


def init_params(input_size: int, hidden_size: int, *, rng=None, dtype=np.float64) -> dict:
    """Parameters drawn U(-1/sqrt(hidden), 1/sqrt(hidden)) like nn.LSTM; ``rng``: Generator or seed."""
    return uniform_params(param_shapes(input_size, hidden_size), hidden_size, rng, dtype)


def stacked(params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The four gates' matrices stacked in GATES order: W_x (4H, input), W_h (4H, H), b (4H,)."""
    return (np.concatenate([params[f"W_{g}x"] for g in GATES]),
            np.concatenate([params[f"W_{g}h"] for g in GATES]),
            np.concatenate([params[f"b_{g}"] for g in GATES]))


def _unstack(W_x, W_h, b) -> dict:
    H = b.shape[0] // 4
    grads = {}
    for k, gate in enumerate(GATES):
        rows = slice(k * H, (k + 1) * H)
        grads[f"W_{gate}x"], grads[f"W_{gate}h"], grads[f"b_{gate}"] = W_x[rows], W_h[rows], b[rows]
    return grads


def _state(state, B, H, dtype):
    if state is None:
        return check_state(None, B, H, dtype, "h0"), check_state(None, B, H, dtype, "c0")
    if not isinstance(state, (tuple, list)) or len(state) != 2:
        raise TypeError("an LSTM state is the pair (h, c), each (batch, hidden); got "
                        f"{type(state).__name__}.")
    return check_state(state[0], B, H, dtype, "h0"), check_state(state[1], B, H, dtype, "c0")


def forward(x, params, state=None):
    """Run the layer over a sequence.

    x: (batch, time, input); state: (h_0, c_0), each (batch, hidden), or None for zeros.
    Returns outputs h_1..h_T (batch, time, hidden), the final state (h_T, c_T) and a cache.
    """
    input_size, H, dtype = infer_sizes(params, "W_ix", "lstm", param_shapes)
    x = check_input(x, input_size, dtype)
    B, T, _ = x.shape
    h0, c0 = _state(state, B, H, dtype)
    W_x, W_h, b = stacked(params)
    a_x = x @ W_x.T + b                      # all four gates' input terms, all steps at once
    hs = np.empty((B, T + 1, H), dtype=dtype)
    cs = np.empty((B, T + 1, H), dtype=dtype)
    gates = np.empty((B, T, 4 * H), dtype=dtype)
    tanh_c = np.empty((B, T, H), dtype=dtype)
    hs[:, 0], cs[:, 0] = h0, c0
    for t in range(T):
        a = a_x[:, t] + hs[:, t] @ W_h.T
        act = gates[:, t]
        act[:, : 2 * H] = sigmoid(a[:, : 2 * H])          # i, f
        act[:, 2 * H: 3 * H] = np.tanh(a[:, 2 * H: 3 * H])  # g
        act[:, 3 * H:] = sigmoid(a[:, 3 * H:])            # o
        i, f, g, o = act[:, :H], act[:, H: 2 * H], act[:, 2 * H: 3 * H], act[:, 3 * H:]
        cs[:, t + 1] = f * cs[:, t] + i * g
        tanh_c[:, t] = np.tanh(cs[:, t + 1])
        hs[:, t + 1] = o * tanh_c[:, t]
    cache = {"x": x, "params": params, "hs": hs, "cs": cs, "gates": gates, "tanh_c": tanh_c}
    return hs[:, 1:], (hs[:, -1].copy(), cs[:, -1].copy()), cache


def backward(d_outputs, cache, d_final_state=None):
    """Backpropagation through time.

    d_outputs: dL/dh_t (batch, time, hidden); d_final_state: (dL/dh_T, dL/dc_T) or None.
    Returns (grads with the keys of params, d_x (batch, time, input), (dL/dh_0, dL/dc_0)).
    """
    x, hs, cs, gates, tanh_c = (cache[k] for k in ("x", "hs", "cs", "gates", "tanh_c"))
    B, T, _ = x.shape
    H = hs.shape[2]
    d_outputs = check_grad(d_outputs, (B, T, H), hs.dtype, "d_outputs")
    if d_final_state is None:
        d_final_state = (None, None)
    dh_next = check_grad(d_final_state[0], (B, H), hs.dtype, "d_final_state[0] (dh)")
    dc_next = check_grad(d_final_state[1], (B, H), hs.dtype, "d_final_state[1] (dc)")
    W_x, W_h, _ = stacked(cache["params"])
    d_a = np.empty((B, T, 4 * H), dtype=hs.dtype)
    d_W_h = np.zeros_like(W_h)
    for t in reversed(range(T)):
        act = gates[:, t]
        i, f, g, o = act[:, :H], act[:, H: 2 * H], act[:, 2 * H: 3 * H], act[:, 3 * H:]
        dh = d_outputs[:, t] + dh_next
        # The cell state reaches c_{t-1} through f alone: the path that keeps gradients alive.
        dc = dc_next + dh * o * (1.0 - tanh_c[:, t] ** 2)
        da = d_a[:, t]
        da[:, :H] = dc * g * i * (1.0 - i)
        da[:, H: 2 * H] = dc * cs[:, t] * f * (1.0 - f)
        da[:, 2 * H: 3 * H] = dc * i * (1.0 - g**2)
        da[:, 3 * H:] = dh * tanh_c[:, t] * o * (1.0 - o)
        d_W_h += da.T @ hs[:, t]
        dh_next = da @ W_h
        dc_next = dc * f
    flat = d_a.reshape(B * T, 4 * H)
    grads = _unstack(flat.T @ x.reshape(B * T, -1), d_W_h, flat.sum(axis=0))
    return grads, d_a @ W_x, (dh_next, dc_next)
