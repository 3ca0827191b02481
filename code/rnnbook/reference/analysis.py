"""How gradients travel back through time: dL/dh_t for every step, by reusing backward.

For a loss that depends on the final state only, dL/dh_t is what ``backward`` returns as
d_state0 when it is run on the steps t+1..T starting from h_t. Doing that for every t
costs O(T^2) steps, which is nothing at the sizes these figures use, and needs no
second implementation of the backward pass.
"""

from __future__ import annotations

import numpy as np

from rnnbook.reference import lstm, rnn
from rnnbook.reference.activations import tanh_derivative


def _states(cell, x, params, state, **kw):
    """The state after each prefix x[:, :t], t = 0..T (h, or (h, c) for the LSTM)."""
    states = [state]
    for t in range(1, x.shape[1] + 1):
        _, final, _ = cell.forward(x[:, t - 1:t], params, states[-1], **kw)
        states.append(final)
    return states


def state_gradients(cell, x, params, d_final_state, state=None, **cell_kwargs):
    """dL/dh_t for t = 0..T when L depends on the final state only, dL/dh_T = d_final_state.

    x (batch, time, input); d_final_state (batch, hidden), dL/dh_T, for every cell (for the
    LSTM, dL/dc_T = 0 then: a loss on h_T, as every read-out is), or the LSTM's pair
    (dL/dh_T, dL/dc_T). Returns {'h': (T+1, batch, hidden)} for every cell, and for the LSTM
    also 'c', the total derivative dL/dc_t as autograd defines it: the cell path from step
    t+1 plus the path through h_t = o_t tanh(c_t).
    """
    x = np.asarray(x)
    if cell is lstm and not isinstance(d_final_state, (tuple, list)):
        d_final_state = (d_final_state, np.zeros_like(d_final_state))
    T = x.shape[1]
    states = _states(cell, x, params, state, **cell_kwargs)
    grads = []
    for t in range(T):
        _, _, cache = cell.forward(x[:, t:], params, states[t], **cell_kwargs)
        zeros = np.zeros((x.shape[0], T - t, _hidden(params)), dtype=x.dtype)
        _, _, d_state = cell.backward(zeros, cache, d_final_state)
        grads.append(d_state)
    grads.append(d_final_state)
    if isinstance(d_final_state, (tuple, list)):
        dh = np.stack([g[0] for g in grads])
        dc = np.stack([g[1] for g in grads])   # so far with h_t held fixed
        acts = lstm.gate_activations(x, params, state)
        o, c = acts["output"].transpose(1, 0, 2), acts["cell"].transpose(1, 0, 2)
        dc[1:] += dh[1:] * o * tanh_derivative(np.tanh(c))   # add the path through h_t
        return {"h": dh, "c": dc}
    return {"h": np.stack(grads)}


def jacobian_norms(cell, x, params, state=None, *, example: int = 0, **cell_kwargs):
    """Frobenius norms ||dh_T / dh_t|| for t = 0..T, for one example of the batch.

    Runs the example H times in one batch with d_final_state = the identity, so the
    rows of the returned gradients are the rows of the Jacobian. Returns (T+1,).
    """
    x = np.asarray(x)[example:example + 1]
    H = _hidden(params)
    xs = np.repeat(x, H, axis=0)
    if state is not None:
        state = tuple(np.repeat(s[example:example + 1], H, 0) for s in state) \
            if isinstance(state, tuple) else np.repeat(state[example:example + 1], H, 0)
    dh = state_gradients(cell, xs, params, np.eye(H, dtype=xs.dtype), state, **cell_kwargs)["h"]
    return np.sqrt((dh**2).sum(axis=(1, 2)))


def _hidden(params) -> int:
    for key in ("W_hh", "W_ih", "W_rh"):
        if key in params:
            return np.shape(params[key])[0]
    raise ValueError("params of an rnn, lstm or gru cell expected.")


def rnn_weight_gradient_contributions(x, params, d_final_state, state=None, *,
                                      nonlinearity: str = "tanh"):
    """||da_t^T h_{t-1}||_F for t = 1..T: how much step t adds to dL/dW_hh (plain RNN).

    L depends on the final state only, with dL/dh_T = d_final_state (batch, hidden).
    dL/dW_hh is the sum of these per-step terms; truncated BPTT keeps only the last ones.
    Returns (T,), index t-1 for step t.
    """
    outputs, _, cache = rnn.forward(x, params, state, nonlinearity=nonlinearity)
    dh = state_gradients(rnn, x, params, d_final_state, state, nonlinearity=nonlinearity)["h"]
    hs = cache["hs"]                                      # (batch, T+1, hidden)
    phi_prime = rnn.PHI[nonlinearity][1]
    T = outputs.shape[1]
    return np.array([np.linalg.norm((dh[t + 1] * phi_prime(hs[:, t + 1])).T @ hs[:, t])
                     for t in range(T)])


def cell_memory(params, steps: int) -> np.ndarray:
    """The memory an LSTM keeps of its initial cell state, for t = 0..steps steps.

    Runs the cell twice on zero input from h_0 = 0, once from c_0 = +1 and once from
    c_0 = -1, and returns half their difference in c_t, averaged over the units: 1 at t = 0,
    and sigma(b_f)^t when the weights are small (then f_t is about sigma(b_f)); the paths
    through h_t can make it grow above 1 for a while. Returns (steps+1,).
    """
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)) or steps < 1:
        raise ValueError(f"steps must be a positive int, got {steps!r}.")
    H = _hidden(params)
    if "b_f" not in params:
        raise ValueError("cell_memory needs the parameters of an LSTM (with b_f); got "
                         f"keys {sorted(params)}.")
    dtype = np.asarray(params["W_fx"]).dtype
    x = np.zeros((2, steps, np.shape(params["W_fx"])[1]), dtype=dtype)
    c0 = (np.array([[1.0], [-1.0]]) * np.ones((2, H))).astype(dtype)
    _, _, cache = lstm.forward(x, params, (np.zeros((2, H), dtype=dtype), c0))
    cs = cache["cs"]                                     # (2, steps+1, hidden)
    return ((cs[0] - cs[1]) / 2).mean(axis=1)
