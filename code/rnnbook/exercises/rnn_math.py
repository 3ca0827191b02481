"""Checkers for the exercises of the chapter "The mathematics of RNNs"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference import rnn


def _step_cases(seed: int = 7) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, d, h in [(1, 3, 4), (5, 2, 6), (3, 7, 2), (2, 1, 5)]:  # d != h: transposes show
        p = rnn.init_params(d, h, rng=rng)
        p = {k: 3 * v for k, v in p.items()}  # large enough that a missing piece shows
        x_t, h_prev = rng.normal(size=(batch, d)), rng.normal(size=(batch, h))
        expected = np.tanh(x_t @ p["W_xh"].T + h_prev @ p["W_hh"].T + p["b_h"])
        cases.append(Case((x_t, h_prev, p["W_xh"], p["W_hh"], p["b_h"]), expected,
                          f"batch {batch}, input size {d}, hidden size {h}"))
    return cases


def _diagnose_step(case: Case, got) -> str | None:
    x_t, h_prev, W_xh, W_hh, b_h = case.args
    want = case.expected
    got = np.asarray(got)
    if got.shape != want.shape:
        if got.shape == want.T.shape:
            return (f"the result has shape {got.shape} = (hidden, batch); the book keeps one "
                    f"example per row: expected (batch, hidden) = {want.shape}.")
        return f"the result should have shape (batch, hidden) = {want.shape}, got {got.shape}."
    if np.allclose(got, want):
        return None
    a = x_t @ W_xh.T + h_prev @ W_hh.T + b_h
    variants = {
        "you returned the pre-activation: apply tanh to it.": a,
        "the nonlinearity is wrong: the book's RNN uses tanh.": np.maximum(a, 0),
        "W_hh is used transposed: with one example per row the term is h_prev @ W_hh.T.":
            np.tanh(x_t @ W_xh.T + h_prev @ W_hh + b_h),
        "the bias b_h is missing.": np.tanh(x_t @ W_xh.T + h_prev @ W_hh.T),
        "h_prev is not used: the step must add the recurrent term W_hh h_{t-1}.":
            np.tanh(x_t @ W_xh.T + b_h),
        "the input x_t is not used.": np.tanh(h_prev @ W_hh.T + b_h),
    }
    for message, value in variants.items():
        if np.allclose(got, value):
            return message
    return "the values are wrong (not a transpose, a missing term or a wrong nonlinearity)."


def check_rnn_step(student_rnn_step) -> bool:
    """Check ``rnn_step(x_t, h_prev, W_xh, W_hh, b_h) -> h_t``.

    x_t (batch, input), h_prev (batch, hidden), W_xh (hidden, input), W_hh (hidden, hidden),
    b_h (hidden,); h_t (batch, hidden).
    """
    return run_cases("rnn_step", student_rnn_step, _step_cases(), _diagnose_step)


def _forward_cases(seed: int = 11) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, steps, d, h in [(2, 4, 3, 5), (1, 1, 2, 3), (3, 7, 1, 2), (4, 3, 5, 4)]:
        p = rnn.init_params(d, h, rng=rng)
        p = {k: 2 * v for k, v in p.items()}
        x, h0 = rng.normal(size=(batch, steps, d)), rng.normal(size=(batch, h))
        outputs, _, _ = rnn.forward(x, p, h0)
        cases.append(Case((x, h0, p["W_xh"], p["W_hh"], p["b_h"]), outputs,
                          f"batch {batch}, {steps} steps, input size {d}, hidden size {h}"))
    return cases


def _diagnose_forward(case: Case, got) -> str | None:
    x, h0, W_xh, W_hh, b_h = case.args
    want = case.expected
    got = np.asarray(got)
    B, T, H = want.shape
    if got.shape != want.shape:
        if got.shape == (T, B, H) and T != B:
            return (f"the outputs are time-major {got.shape}; the book is batch-first: "
                    f"expected (batch, time, hidden) = {want.shape}.")
        if got.shape == (B, H):
            return "you returned only the final state; return the states of every step, (batch, time, hidden)."
        if got.shape == (B, T + 1, H):
            return "the outputs include h_0; return h_1 .. h_T, one per input step."
        return f"outputs should have shape (batch, time, hidden) = {want.shape}, got {got.shape}."
    if np.allclose(got, want):
        return None
    step = lambda x_t, h: np.tanh(x_t @ W_xh.T + h @ W_hh.T + b_h)  # noqa: E731
    from_h0 = np.stack([step(x[:, t], h0) for t in range(T)], axis=1)
    if np.allclose(got, from_h0):
        return "every step starts from h0: carry the state, h_t must feed the next step."
    zeros = rnn.forward(x, {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h})[0]
    if np.allclose(got, zeros):
        return "h0 is ignored: the first step must start from the given initial state."
    if T > 1 and np.allclose(got[:, 1:], want[:, :-1]):
        return "the outputs are shifted by one step: outputs[:, t] should be h_{t+1}, the state after reading x_{t+1}."
    if np.allclose(got[:, 0], want[:, 0]):
        return "the first step is right but later ones are not: check how the state is carried."
    return "the values are wrong from the first step on: check the step itself (see check_rnn_step)."


def check_rnn_forward(student_rnn_forward) -> bool:
    """Check ``rnn_forward(x, h0, W_xh, W_hh, b_h) -> outputs``.

    x (batch, time, input), h0 (batch, hidden); outputs (batch, time, hidden) = h_1 .. h_T.
    """
    return run_cases("rnn_forward", student_rnn_forward, _forward_cases(), _diagnose_forward)
