"""The LSTM layer in NumPy, forward and hand-written BPTT.

    f_t = sigma(W_fx x_t + W_fh h_{t-1} + b_f)     forget gate
    i_t = sigma(W_ix x_t + W_ih h_{t-1} + b_i)     input gate
    g_t = tanh (W_gx x_t + W_gh h_{t-1} + b_g)     candidate
    o_t = sigma(W_ox x_t + W_oh h_{t-1} + b_o)     output gate
    c_t = f_t * c_{t-1} + i_t * g_t                cell state
    h_t = o_t * tanh(c_t)                          hidden state

Shapes: x (batch, time, input); h and c (batch, hidden); W_*x (hidden, input),
W_*h (hidden, hidden), b_* (hidden,). The state is the pair (h, c).

Three things make it fast without hiding the equations: the input terms W_*x x_t + b_* of
all steps and all gates are one matrix product before the loop; inside the loop one
product with the four recurrent matrices stacked computes every gate's W_*h h_{t-1}; and
the weight gradients are one product each after the backward loop. Every buffer is
batch-first, (batch, time, hidden), as in the RNN and the GRU.
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

GATES = ("i", "f", "g", "o")  # how the gates are stacked: PyTorch's and Keras's order


def param_shapes(input_size: int, hidden_size: int) -> dict[str, tuple]:
    """Parameter names and shapes, gate by gate, as written in the equations."""
    return gated_param_shapes(GATES, input_size, hidden_size)


def init_params(input_size: int, hidden_size: int, *, rng=None, dtype=np.float64) -> dict:
    """Parameters drawn U(-1/sqrt(hidden), 1/sqrt(hidden)) like nn.LSTM; ``rng``: Generator or seed."""
    return uniform_params(param_shapes(input_size, hidden_size), hidden_size, rng, dtype)


def _initial_state(state, B, H, dtype):
    if state is None:
        return check_state(None, B, H, dtype, "h0"), check_state(None, B, H, dtype, "c0")
    if not isinstance(state, (tuple, list)) or len(state) != 2:
        raise TypeError("an LSTM state is the pair (h, c), each (batch, hidden); got "
                        f"{type(state).__name__}.")
    return check_state(state[0], B, H, dtype, "h0"), check_state(state[1], B, H, dtype, "c0")


def forward(x, params, state=None, *, lengths=None):
    """Run the layer over a sequence.

    x: (batch, time, input); state: (h_0, c_0), each (batch, hidden), or None for zeros;
    lengths: None, or the real steps of each padded sequence (batch,).
    Returns outputs h_1..h_T (batch, time, hidden), zero at padding, the final state (h, c)
    at each sequence's last real step, and a cache.
    """
    input_size, H, dtype = infer_sizes(params, "W_ix", "lstm", param_shapes)
    x = check_input(x, input_size, dtype)
    B, T, _ = x.shape
    W_x, W_h, b = stack_gates(params, GATES)
    a_x = affine_all_steps(x, W_x, b)              # W_*x x_t + b_* for every step and gate
    hs = np.empty((B, T + 1, H), dtype=dtype)      # h_0 .. h_T
    cs = np.empty((B, T + 1, H), dtype=dtype)      # c_0 .. c_T
    hs[:, 0], cs[:, 0] = _initial_state(state, B, H, dtype)
    i, f, g, o = (np.empty((B, T, H), dtype=dtype) for _ in GATES)
    tanh_cs = np.empty((B, T, H), dtype=dtype)     # tanh(c_1) .. tanh(c_T), for backward
    real = real_steps(lengths, B, T)
    # The pre-activations of one step, allocated once: a fresh array per step made the forward
    # pass a third slower at the MNIST shape (a 128 KiB array is mapped and unmapped each time).
    a = np.empty((B, 4 * H), dtype=dtype)
    for t in range(T):
        np.matmul(hs[:, t], W_h.T, out=a)           # W_*h h_{t-1} of all four gates at once
        a += a_x[:, t]
        forget_gate = sigmoid(a[:, H:2 * H])
        input_gate = sigmoid(a[:, :H])
        candidate = np.tanh(a[:, 2 * H:3 * H])
        output_gate = sigmoid(a[:, 3 * H:])
        cell_state = forget_gate * cs[:, t] + input_gate * candidate
        tanh_c = np.tanh(cell_state)
        hs[:, t + 1] = carry(real[t], output_gate * tanh_c, hs[:, t])
        cs[:, t + 1] = carry(real[t], cell_state, cs[:, t])
        f[:, t], i[:, t], g[:, t], o[:, t], tanh_cs[:, t] = (forget_gate, input_gate, candidate,
                                                            output_gate, tanh_c)   # for backward
    cache = {"x": x, "params": params, "hs": hs, "cs": cs, "tanh_cs": tanh_cs,
             "i": i, "f": f, "g": g, "o": o, "lengths": lengths}
    return zero_padding(hs[:, 1:], lengths), (hs[:, -1].copy(), cs[:, -1].copy()), cache


def backward(d_outputs, cache, d_final_state=None):
    """Backpropagation through time, the chain rule of the equations step by step.

    d_outputs: dL/dh_t (batch, time, hidden); d_final_state: (dL/dh_T, dL/dc_T) or None.
    Returns (grads with the keys of params, d_x (batch, time, input), (dL/dh_0, dL/dc_0)).
    """
    x, hs, cs, tanh_cs = cache["x"], cache["hs"], cache["cs"], cache["tanh_cs"]
    i, f, g, o = (cache[gate] for gate in GATES)
    B, T, _ = x.shape
    H = hs.shape[2]
    # The outputs at padded steps are constant zeros: no gradient flows in there.
    d_outputs = zero_padding(check_grad(d_outputs, (B, T, H), hs.dtype, "d_outputs"),
                             cache["lengths"])
    real = real_steps(cache["lengths"], B, T)
    d_h_final, d_c_final = (None, None) if d_final_state is None else d_final_state
    dh_next = check_grad(d_h_final, (B, H), hs.dtype, "d_final_state[0] (dh)")
    dc_next = check_grad(d_c_final, (B, H), hs.dtype, "d_final_state[1] (dc)")
    W_x, W_h, _ = stack_gates(cache["params"], GATES)
    d_a = np.empty((B, T, 4 * H), dtype=hs.dtype)   # dL/d(pre-activation) of each gate
    for t in reversed(range(T)):
        dh = d_outputs[:, t] + dh_next                               # dL/dh_t
        dh, dh_skip = split_padding(real[t], dh)      # a padded step passes both straight on
        dc_next, dc_skip = split_padding(real[t], dc_next)
        # dL/dc_t: through h_t = o_t tanh(c_t), plus what c_{t+1} sent back.
        dc = dc_next + dh * o[:, t] * tanh_derivative(tanh_cs[:, t])
        d_a[:, t, H:2 * H] = dc * cs[:, t] * sigmoid_derivative(f[:, t])      # dc_t/df_t = c_{t-1}
        d_a[:, t, :H] = dc * g[:, t] * sigmoid_derivative(i[:, t])            # dc_t/di_t = g_t
        d_a[:, t, 2 * H:3 * H] = dc * i[:, t] * tanh_derivative(g[:, t])      # dc_t/dg_t = i_t
        d_a[:, t, 3 * H:] = dh * tanh_cs[:, t] * sigmoid_derivative(o[:, t])  # dh_t/do_t = tanh(c_t)
        dh_next = d_a[:, t] @ W_h + dh_skip    # to h_{t-1}, through all four gates
        dc_next = dc * f[:, t] + dc_skip       # to c_{t-1}, through the cell path alone: times f_t
    # The weights are shared by all steps, so their gradients are sums over time (and the
    # batch): one matrix product each, after the loop.
    grads = split_gates(sum_over_steps(d_a, x), sum_over_steps(d_a, hs[:, :-1]),
                        d_a.sum(axis=(0, 1)), GATES)
    return grads, affine_all_steps(d_a, W_x.T), (dh_next, dc_next)


def gate_activations(x, params, state=None) -> dict:
    """Every gate and state of the layer at every step, each (batch, time, hidden).

    Keys: 'input' i_t, 'forget' f_t, 'candidate' g_t, 'output' o_t, 'cell' c_t and
    'hidden' h_t, for x (batch, time, input) and an optional state (h_0, c_0).
    """
    outputs, _, cache = forward(x, params, state)
    return {"input": cache["i"], "forget": cache["f"], "candidate": cache["g"],
            "output": cache["o"], "cell": cache["cs"][:, 1:], "hidden": outputs}
