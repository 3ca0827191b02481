"""Checkers for the exercises of the chapter "Backpropagation through time"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference import rnn


def _cases(seed: int = 3) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, steps, d, h in [(2, 5, 3, 4), (1, 1, 2, 3), (3, 6, 1, 2), (2, 8, 4, 5)]:
        p = {k: 2 * v for k, v in rnn.init_params(d, h, rng=rng).items()}
        x, h0 = rng.normal(size=(batch, steps, d)), rng.normal(size=(batch, h))
        _, _, cache = rnn.forward(x, p, h0)
        d_out = rng.normal(size=(batch, steps, h))
        grads, d_x, d_h0 = rnn.backward(d_out, cache)
        cases.append(Case((d_out, x, cache["hs"], p["W_xh"], p["W_hh"]),
                          (grads["W_xh"], grads["W_hh"], grads["b_h"], d_x, d_h0),
                          f"batch {batch}, {steps} steps, input {d}, hidden {h}"))
    return cases


def _variant(d_out, x, hs, W_xh, W_hh, *, recursion=True, accumulate=True, phi_from_prev=False,
             transpose_recursion=False, tanh_prime=True):
    """The backward loop with one deliberate mistake switched on, for diagnosis."""
    B, T, H = d_out.shape
    dW_xh, dW_hh, db = np.zeros_like(W_xh), np.zeros_like(W_hh), np.zeros(H)
    d_x, dh_next = np.zeros_like(x), np.zeros((B, H))
    for t in reversed(range(T)):
        dh = d_out[:, t] + (dh_next if recursion else 0)
        h_used = hs[:, t] if phi_from_prev else hs[:, t + 1]
        da = dh * (1 - h_used**2) if tanh_prime else dh
        if accumulate or t == T - 1:
            dW_xh += da.T @ x[:, t]
            dW_hh += da.T @ hs[:, t]
            db += da.sum(0)
        d_x[:, t] = da @ W_xh
        dh_next = da @ (W_hh.T if transpose_recursion else W_hh)
    return dW_xh, dW_hh, db, d_x, dh_next


_NAMES = ("d_W_xh", "d_W_hh", "d_b_h", "d_x", "d_h0")


def _diagnose(case: Case, got) -> str | None:
    if not isinstance(got, (tuple, list)) or len(got) != 5:
        return "return five arrays: (d_W_xh, d_W_hh, d_b_h, d_x, d_h0)."
    got = [np.asarray(g) for g in got]
    for name, g, w in zip(_NAMES, got, case.expected):
        if g.shape != w.shape:
            if g.shape == w.T.shape and g.ndim == 2 and g.shape[0] != g.shape[1]:
                return f"{name} is transposed: expected shape {w.shape}, got {g.shape}."
            return f"{name} should have shape {w.shape}, got {g.shape}."
    if all(np.allclose(g, w) for g, w in zip(got, case.expected)):
        return None
    if np.allclose(got[1], case.expected[1].T) and not np.allclose(got[1], case.expected[1]):
        return "d_W_hh is transposed: rows belong to h_t, columns to h_{t-1} (sum of da_t^T h_{t-1})."
    mistakes = {
        "the weight gradients hold only the last step: a shared weight's gradient is the SUM over all steps.":
            {"accumulate": False},
        "the gradient does not flow back in time: dL/dh_t must also receive W_hh^T da_{t+1} from the next step.":
            {"recursion": False},
        "tanh' must be taken at h_t, the state this step produced, not h_{t-1}.": {"phi_from_prev": True},
        "wrong transpose in the recursion: with one example per row it is da @ W_hh.":
            {"transpose_recursion": True},
        "the derivative of tanh, 1 - h_t^2, is missing.": {"tanh_prime": False},
    }
    for message, switch in mistakes.items():
        wrong = _variant(*case.args, **switch)
        if all(np.allclose(g, w) for g, w in zip(got, wrong)):
            return message
    bad = [name for name, g, w in zip(_NAMES, got, case.expected) if not np.allclose(g, w)]
    return f"these results are wrong: {', '.join(bad)}."


def check_rnn_backward(student_backward) -> bool:
    """Check ``rnn_backward(d_outputs, x, hs, W_xh, W_hh) -> (d_W_xh, d_W_hh, d_b_h, d_x, d_h0)``.

    d_outputs (batch, time, hidden): dL/dh_t from the layers above; x (batch, time, input);
    hs (batch, time + 1, hidden): h_0 .. h_T of a tanh RNN.
    """
    return run_cases("rnn_backward", student_backward, _cases(), _diagnose)
