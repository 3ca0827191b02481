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
    gated_param_shapes,
    infer_sizes,
    uniform_params,
)

GATES = ("i", "f", "g", "o")  # the order of PyTorch and Keras too


def param_shapes(input_size: int, hidden_size: int) -> dict[str, tuple]:
    """Parameter names and shapes, gate by gate, as written in the equations."""
    return gated_param_shapes(GATES, input_size, hidden_size)


def init_params(input_size: int, hidden_size: int, *, rng=None, dtype=np.float64) -> dict:
    """Parameters drawn U(-1/sqrt(hidden), 1/sqrt(hidden)) like nn.LSTM; ``rng``: Generator or seed."""
    return uniform_params(param_shapes(input_size, hidden_size), hidden_size, rng, dtype)


def stacked(params) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The four gates' matrices stacked in GATES order: W_x (4H, input), W_h (4H, H), b (4H,)."""
    return (np.concatenate([params[f"W_{g}x"] for g in GATES]),
            np.concatenate([params[f"W_{g}h"] for g in GATES]),
            np.concatenate([params[f"b_{g}"] for g in GATES]))


def _state(state, B, H, dtype):
    if state is None:
        return check_state(None, B, H, dtype, "h0"), check_state(None, B, H, dtype, "c0")
    if not isinstance(state, (tuple, list)) or len(state) != 2:
        raise TypeError("an LSTM state is the pair (h, c), each (batch, hidden); got "
                        f"{type(state).__name__}.")
    return check_state(state[0], B, H, dtype, "h0"), check_state(state[1], B, H, dtype, "c0")


# Inside, the gates are stacked (i, f, o, g), so that the three sigmoid gates form one
# block, and vectors are columns as in the equations: a state is (hidden, batch) and each
# step computes W_h h. Every gate is then one contiguous (hidden, batch) block, which
# makes NumPy's elementwise work about twice as fast as on strided slices.
_ORDER = ("i", "f", "o", "g")


def _stack_internal(params):
    return (np.concatenate([params[f"W_{g}x"] for g in _ORDER]),
            np.concatenate([params[f"W_{g}h"] for g in _ORDER]),
            np.concatenate([params[f"b_{g}"] for g in _ORDER]))


def forward(x, params, state=None):
    """Run the layer over a sequence.

    x: (batch, time, input); state: (h_0, c_0), each (batch, hidden), or None for zeros.
    Returns outputs h_1..h_T (batch, time, hidden), the final state (h_T, c_T) and a cache.
    """
    input_size, H, dtype = infer_sizes(params, "W_ix", "lstm", param_shapes)
    x = check_input(x, input_size, dtype)
    B, T, _ = x.shape
    h0, c0 = _state(state, B, H, dtype)
    W_x, W_h, b = _stack_internal(params)
    # The input terms of all steps in one product: a_x[:, t] = W_x x_t + b, (4H, batch).
    x_cols = x.transpose(2, 1, 0).reshape(input_size, T * B)          # columns (t, b)
    a_x = W_x @ x_cols
    a_x += b[:, None]
    a_x = a_x.reshape(4 * H, T, B)
    hs = np.empty((T + 1, H, B), dtype=dtype)
    cs = np.empty((T + 1, H, B), dtype=dtype)
    gates = np.empty((T, 4 * H, B), dtype=dtype)
    tanh_c = np.empty((T, H, B), dtype=dtype)
    ig = np.empty((H, B), dtype=dtype)
    hs[0], cs[0] = h0.T, c0.T
    for t in range(T):
        act = gates[t]
        np.matmul(W_h, hs[t], out=act)
        act += a_x[:, t]
        sig = act[: 3 * H]                   # i, f, o: sigmoid(a) = (1 + tanh(a / 2)) / 2
        sig *= 0.5
        np.tanh(sig, out=sig)
        sig += 1.0
        sig *= 0.5
        np.tanh(act[3 * H:], out=act[3 * H:])
        i, f, o, g = act[:H], act[H: 2 * H], act[2 * H: 3 * H], act[3 * H:]
        np.multiply(f, cs[t], out=cs[t + 1])
        np.multiply(i, g, out=ig)
        cs[t + 1] += ig
        np.tanh(cs[t + 1], out=tanh_c[t])
        np.multiply(o, tanh_c[t], out=hs[t + 1])
    cache = {"x": x, "params": params, "hs": hs, "cs": cs, "gates": gates, "tanh_c": tanh_c}
    outputs = np.ascontiguousarray(hs[1:].transpose(2, 0, 1))
    return outputs, (hs[-1].T.copy(), cs[-1].T.copy()), cache


def backward(d_outputs, cache, d_final_state=None):
    """Backpropagation through time.

    d_outputs: dL/dh_t (batch, time, hidden); d_final_state: (dL/dh_T, dL/dc_T) or None.
    Returns (grads with the keys of params, d_x (batch, time, input), (dL/dh_0, dL/dc_0)).
    """
    x, hs, cs, gates, tanh_c = (cache[k] for k in ("x", "hs", "cs", "gates", "tanh_c"))
    B, T, input_size = x.shape
    H = hs.shape[1]
    d_outputs = check_grad(d_outputs, (B, T, H), hs.dtype, "d_outputs")
    d_out = np.ascontiguousarray(d_outputs.transpose(1, 2, 0))       # (T, H, B)
    if d_final_state is None:
        d_final_state = (None, None)
    dh_next = check_grad(d_final_state[0], (B, H), hs.dtype, "d_final_state[0] (dh)").T.copy()
    dc = check_grad(d_final_state[1], (B, H), hs.dtype, "d_final_state[1] (dc)").T.copy()
    W_x, W_h, _ = _stack_internal(cache["params"])
    W_hT = np.ascontiguousarray(W_h.T)
    d_a = np.empty((T, 4 * H, B), dtype=hs.dtype)
    dh = np.empty((H, B), dtype=hs.dtype)
    tmp = np.empty((H, B), dtype=hs.dtype)
    for t in reversed(range(T)):
        act, tc, da = gates[t], tanh_c[t], d_a[t]
        i, f, o, g = act[:H], act[H: 2 * H], act[2 * H: 3 * H], act[3 * H:]
        np.add(d_out[t], dh_next, out=dh)
        # dL/dc_t: from h_t through tanh, plus from c_{t+1} through f_{t+1} (already in dc).
        np.multiply(tc, tc, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        tmp *= o
        tmp *= dh
        dc += tmp
        # Gradients of the gates' outputs, then through sigmoid' = s (1 - s), tanh' = 1 - g^2.
        np.multiply(dc, g, out=da[:H])
        np.multiply(dc, cs[t], out=da[H: 2 * H])
        np.multiply(dh, tc, out=da[2 * H: 3 * H])
        sig = act[: 3 * H]
        da[: 3 * H] *= sig
        da[: 3 * H] *= 1.0 - sig
        np.multiply(g, g, out=tmp)
        np.subtract(1.0, tmp, out=tmp)
        tmp *= i
        np.multiply(dc, tmp, out=da[3 * H:])
        np.matmul(W_hT, da, out=dh_next)
        dc *= f  # the cell path to c_{t-1} is multiplied by f alone: why gradients survive
    # The weight gradients are sums over time and batch: one product each, after the loop.
    d_a_cols = d_a.transpose(1, 0, 2).reshape(4 * H, T * B)           # columns (t, b)
    d_W_h = d_a_cols @ hs[:-1].transpose(1, 0, 2).reshape(H, T * B).T
    d_W_x = d_a_cols @ x.transpose(1, 0, 2).reshape(T * B, input_size)
    d_b = d_a_cols.sum(axis=1)
    d_x = (d_a_cols.T @ W_x).reshape(T, B, input_size).transpose(1, 0, 2)
    grads = {}
    for k, gate in enumerate(_ORDER):
        rows = slice(k * H, (k + 1) * H)
        grads[f"W_{gate}x"], grads[f"W_{gate}h"], grads[f"b_{gate}"] = d_W_x[rows], d_W_h[rows], d_b[rows]
    grads = {name: grads[name] for name in param_shapes(1, 1)}  # the order of params
    return grads, d_x, (dh_next.T.copy(), dc.T.copy())


def gate_activations(x, params, state=None) -> dict:
    """Every gate and state of the layer at every step, each (batch, time, hidden).

    Keys: 'input' i_t, 'forget' f_t, 'candidate' g_t, 'output' o_t, 'cell' c_t and
    'hidden' h_t, for x (batch, time, input) and an optional state (h_0, c_0).
    """
    outputs, _, cache = forward(x, params, state)
    H = outputs.shape[2]
    gates = cache["gates"]                                   # (time, 4H, batch), (i, f, o, g)

    def pick(k):
        return np.ascontiguousarray(gates[:, k * H:(k + 1) * H].transpose(2, 0, 1))

    return {"input": pick(0), "forget": pick(1), "candidate": pick(3), "output": pick(2),
            "cell": np.ascontiguousarray(cache["cs"][1:].transpose(2, 0, 1)), "hidden": outputs}
