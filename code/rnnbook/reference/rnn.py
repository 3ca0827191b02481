"""The plain (Elman) recurrent layer in NumPy, forward and hand-written BPTT.

    a_t = W_xh x_t + W_hh h_{t-1} + b_h,    h_t = phi(a_t),    phi = tanh, relu or linear

(linear, phi(a) = a, exists for the analysis of vanishing gradients; the frameworks'
layers offer tanh and relu.)

Shapes: x (batch, time, input), h (batch, hidden); W_xh (hidden, input),
W_hh (hidden, hidden), b_h (hidden,).
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import check_grad, check_input, check_state, infer_sizes
from rnnbook.reference._common import affine_all_steps, uniform_params
from rnnbook.reference.activations import ACTIVATIONS
from rnnbook.reference.masking import carry, real_steps, split_padding, zero_padding

NONLINEARITIES = ("tanh", "relu", "linear")


PHI = {name: ACTIVATIONS["identity" if name == "linear" else name] for name in NONLINEARITIES}
"""nonlinearity -> (phi, phi' written in terms of h = phi(a)); "linear" is the identity."""


def param_shapes(input_size: int, hidden_size: int) -> dict[str, tuple]:
    """Parameter names and shapes, as written in the equations."""
    return {"W_xh": (hidden_size, input_size), "W_hh": (hidden_size, hidden_size),
            "b_h": (hidden_size,)}


def init_params(input_size: int, hidden_size: int, *, rng=None, dtype=np.float64) -> dict:
    """Parameters drawn U(-1/sqrt(hidden), 1/sqrt(hidden)) like nn.RNN; ``rng``: Generator or seed."""
    return uniform_params(param_shapes(input_size, hidden_size), hidden_size, rng, dtype)


def forward(x, params, state=None, *, nonlinearity: str = "tanh", lengths=None):
    """Run the layer over a sequence.

    x: (batch, time, input); state: h_0 (batch, hidden) or None for zeros; lengths: None,
    or the real steps of each padded sequence (batch,) (see :mod:`rnnbook.reference.masking`).
    Returns outputs (batch, time, hidden), zero at padding, the final state (batch, hidden),
    each sequence's own last state, and a cache for :func:`backward`.
    """
    if nonlinearity not in NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {NONLINEARITIES}, got {nonlinearity!r}.")
    input_size, hidden, dtype = infer_sizes(params, "W_xh", "rnn", param_shapes)
    x = check_input(x, input_size, dtype)
    B, T, _ = x.shape
    h = check_state(state, B, hidden, dtype, "state")
    W_hh = params["W_hh"]
    # The input term of every step in one matrix product; only W_hh h_{t-1} stays in the loop.
    a_x = affine_all_steps(x, params["W_xh"], params["b_h"])
    real = real_steps(lengths, B, T)
    hs = np.empty((B, T + 1, hidden), dtype=dtype)
    hs[:, 0] = h
    for t in range(T):
        a = a_x[:, t] + hs[:, t] @ W_hh.T
        hs[:, t + 1] = carry(real[t], PHI[nonlinearity][0](a), hs[:, t])
    cache = {"x": x, "params": params, "hs": hs, "nonlinearity": nonlinearity, "lengths": lengths}
    return zero_padding(hs[:, 1:], lengths), hs[:, -1].copy(), cache


def backward(d_outputs, cache, d_final_state=None):
    """Backpropagation through time.

    d_outputs: dL/dh_t for every step (batch, time, hidden); d_final_state: an extra
    dL/dh_T (batch, hidden) or None. Returns (grads with the keys of params,
    d_x (batch, time, input), d_state0 = dL/dh_0 (batch, hidden)).
    """
    x, params, hs = cache["x"], cache["params"], cache["hs"]
    B, T, _ = x.shape
    hidden = hs.shape[2]
    # The outputs at padded steps are constant zeros: no gradient flows in there.
    d_outputs = zero_padding(check_grad(d_outputs, (B, T, hidden), hs.dtype, "d_outputs"),
                             cache["lengths"])
    dh_next = check_grad(d_final_state, (B, hidden), hs.dtype, "d_final_state")
    real = real_steps(cache["lengths"], B, T)
    W_hh = params["W_hh"]
    d_a = np.empty((B, T, hidden), dtype=hs.dtype)
    d_W_hh = np.zeros_like(W_hh)
    for t in reversed(range(T)):
        dh = d_outputs[:, t] + dh_next      # h_t feeds the output and the next step
        dh, dh_skip = split_padding(real[t], dh)
        h_t = hs[:, t + 1]
        d_a[:, t] = dh * PHI[cache["nonlinearity"]][1](h_t)   # phi'(a_t), from h_t
        d_W_hh += d_a[:, t].T @ hs[:, t]
        dh_next = d_a[:, t] @ W_hh + dh_skip
    flat_d_a = d_a.reshape(B * T, hidden)
    grads = {"W_xh": flat_d_a.T @ x.reshape(B * T, -1), "W_hh": d_W_hh,
             "b_h": flat_d_a.sum(axis=0)}
    return grads, affine_all_steps(d_a, params["W_xh"].T), dh_next
