"""Checkers for the exercises of the chapters on the LSTM and the GRU."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference import gru, lstm
from rnnbook.reference.activations import sigmoid as _sig


def _lstm_parts(x, h, c, p):
    pre = {g: x @ p[f"W_{g}x"].T + h @ p[f"W_{g}h"].T + p[f"b_{g}"] for g in "ifgo"}
    return _sig(pre["i"]), _sig(pre["f"]), np.tanh(pre["g"]), _sig(pre["o"])


def _lstm_cases(seed: int = 13) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, d, h in [(2, 3, 4), (1, 2, 5), (4, 6, 3)]:
        p = {k: 2 * v for k, v in lstm.init_params(d, h, rng=rng).items()}
        x, h0, c0 = rng.normal(size=(batch, d)), rng.normal(size=(batch, h)), rng.normal(size=(batch, h))
        _, (h1, c1), _ = lstm.forward(x[:, None], p, (h0, c0))
        cases.append(Case((x, h0, c0, p), (h1, c1), f"batch {batch}, input {d}, hidden {h}"))
    return cases


def _diagnose_lstm(case: Case, got) -> str | None:
    x, h_prev, c_prev, p = case.args
    want_h, want_c = case.expected
    if not isinstance(got, (tuple, list)) or len(got) != 2:
        return "return the pair (h_t, c_t)."
    h_t, c_t = (np.asarray(g) for g in got)
    if h_t.shape != want_h.shape or c_t.shape != want_c.shape:
        return f"h_t and c_t should both have shape (batch, hidden) = {want_h.shape}, got {h_t.shape} and {c_t.shape}."
    if np.allclose(h_t, want_h) and np.allclose(c_t, want_c):
        return None
    if np.allclose(h_t, want_c) and np.allclose(c_t, want_h):
        return "the order is swapped: return (h_t, c_t), the hidden state first."
    i, f, g, o = _lstm_parts(x, h_prev, c_prev, p)
    cell_wrong = {
        "the input and forget gates are swapped: c_t = f * c_prev + i * g.": i * c_prev + f * g,
        "the forget gate is missing: c_prev must be multiplied by f before adding i * g.": c_prev + i * g,
        "the candidate must use tanh, not a sigmoid.": f * c_prev + i * _sig(np.arctanh(np.clip(g, -0.999999, 0.999999))),
    }
    for message, value in cell_wrong.items():
        if np.allclose(c_t, value):
            return message
    if not np.allclose(c_t, want_c):
        return "c_t is wrong: c_t = f * c_prev + i * g, with f, i sigmoids and g a tanh of W_*x x + W_*h h + b_*."
    if np.allclose(h_t, o * c_t):
        return "h_t = o * tanh(c_t): the tanh on the cell state is missing."
    if np.allclose(h_t, o * np.tanh(c_prev)):
        return "h_t must read the NEW cell state: o * tanh(c_t), not tanh(c_prev)."
    if np.allclose(h_t, np.tanh(c_t)):
        return "the output gate is missing: h_t = o * tanh(c_t)."
    return "c_t is right but h_t is wrong: h_t = o * tanh(c_t) with o = sigmoid(W_ox x + W_oh h + b_o)."


def check_lstm_step(student_lstm_step) -> bool:
    """Check ``lstm_step(x_t, h_prev, c_prev, params) -> (h_t, c_t)``.

    x_t (batch, input); h_prev, c_prev (batch, hidden); params with the book's names
    (W_ix, W_ih, b_i, ..., W_ox, W_oh, b_o), matrices (hidden, in).
    """
    return run_cases("lstm_step", student_lstm_step, _lstm_cases(), _diagnose_lstm)


def _gru_cases(seed: int = 17) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, d, h in [(2, 3, 4), (1, 2, 5), (4, 6, 3)]:
        p = {k: 2 * v for k, v in gru.init_params(d, h, rng=rng).items()}
        x, h0 = rng.normal(size=(batch, d)), rng.normal(size=(batch, h))
        _, h1, _ = gru.forward(x[:, None], p, h0)
        cases.append(Case((x, h0, p), h1, f"batch {batch}, input {d}, hidden {h}"))
    return cases


def _diagnose_gru(case: Case, got) -> str | None:
    x, h, p = case.args
    want = case.expected
    got = np.asarray(got)
    if got.shape != want.shape:
        return f"h_t should have shape (batch, hidden) = {want.shape}, got {got.shape}."
    if np.allclose(got, want):
        return None
    r = _sig(x @ p["W_rx"].T + h @ p["W_rh"].T + p["b_r"])
    z = _sig(x @ p["W_zx"].T + h @ p["W_zh"].T + p["b_z"])
    n_after = np.tanh(x @ p["W_nx"].T + p["b_n"] + r * (h @ p["W_nh"].T + p["b_nh"]))
    n_before = np.tanh(x @ p["W_nx"].T + p["b_n"] + (r * h) @ p["W_nh"].T + p["b_nh"])
    n_no_reset = np.tanh(x @ p["W_nx"].T + p["b_n"] + h @ p["W_nh"].T + p["b_nh"])
    variants = {
        "the update gate is used the wrong way round: h_t = (1 - z) * n + z * h_prev.": z * n_after + (1 - z) * h,
        "this is the reset-BEFORE variant (r * h_prev inside the product); the book, PyTorch and "
        "Keras's reset_after=True apply r to (W_nh h_prev + b_nh).": (1 - z) * n_before + z * h,
        "the reset gate is not applied in the candidate.": (1 - z) * n_no_reset + z * h,
        "b_nh is missing: the recurrent bias of the candidate sits inside r * (W_nh h + b_nh).":
            (1 - z) * np.tanh(x @ p["W_nx"].T + p["b_n"] + r * (h @ p["W_nh"].T)) + z * h,
    }
    for message, value in variants.items():
        if np.allclose(got, value):
            return message
    return "h_t is wrong: check r, z and the candidate n against the equations."


def check_gru_step(student_gru_step) -> bool:
    """Check ``gru_step(x_t, h_prev, params) -> h_t`` (reset after, the book's names)."""
    return run_cases("gru_step", student_gru_step, _gru_cases(), _diagnose_gru)
