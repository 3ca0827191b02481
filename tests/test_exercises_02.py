"""Exercise checkers of chapter 2 (one RNN step and the forward pass): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_rnn_forward, check_rnn_step


def good_step(x_t, h, W_xh, W_hh, b):
    return np.tanh(x_t @ W_xh.T + h @ W_hh.T + b)


@pytest.mark.parametrize("wrong, diagnosis", [
    (lambda x, h, Wx, Wh, b: good_step(x, h, Wx, Wh, b).T, "(hidden, batch)"),
    (lambda x, h, Wx, Wh, b: x @ Wx.T + h @ Wh.T + b, "pre-activation"),
    (lambda x, h, Wx, Wh, b: np.maximum(x @ Wx.T + h @ Wh.T + b, 0), "nonlinearity"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + h @ Wh + b), "W_hh is used transposed"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + h @ Wh.T), "bias b_h is missing"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx.T + b), "h_prev is not used"),
    (lambda x, h, Wx, Wh, b: np.tanh(x @ Wx + h @ Wh.T + b), "raised ValueError"),
])
def test_rnn_step_checker_names_the_mistake(wrong, diagnosis, capsys):
    assert check_rnn_step(wrong) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_step_checker_accepts_a_right_step(capsys):
    assert check_rnn_step(good_step)
    assert "4 hidden cases passed" in capsys.readouterr().out


def good_forward(x, h0, W_xh, W_hh, b):
    h, out = h0, []
    for t in range(x.shape[1]):
        h = good_step(x[:, t], h, W_xh, W_hh, b)
        out.append(h)
    return np.stack(out, axis=1)


def not_carried(x, h0, W_xh, W_hh, b):
    return np.stack([good_step(x[:, t], h0, W_xh, W_hh, b) for t in range(x.shape[1])], axis=1)


def shifted(x, h0, W_xh, W_hh, b):
    out = good_forward(x, h0, W_xh, W_hh, b)
    return np.concatenate([h0[:, None], out[:, :-1]], axis=1)


@pytest.mark.parametrize("wrong, diagnosis", [
    (lambda *a: good_forward(*a).transpose(1, 0, 2), "time-major"),
    (lambda *a: good_forward(*a)[:, -1], "only the final state"),
    (not_carried, "every step starts from h0"),
    (lambda x, h0, *p: good_forward(x, np.zeros_like(h0), *p), "h0 is ignored"),
    (shifted, "shifted by one step"),
])
def test_rnn_forward_checker_names_the_mistake(wrong, diagnosis, capsys):
    assert check_rnn_forward(wrong) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_forward_checker_accepts_a_right_forward():
    assert check_rnn_forward(good_forward)
