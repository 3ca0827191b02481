"""Exercise checkers of chapters 5 and 6 (the LSTM and GRU steps): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_gru_step, check_lstm_step
from rnnbook.exercises.gates import _lstm_parts, _sig


def lstm_right(x, h, c, p):
    i, f, g, o = _lstm_parts(x, h, c, p)
    c_t = f * c + i * g
    return o * np.tanh(c_t), c_t


def lstm_variant(mistake):
    def step(x, h, c, p):
        i, f, g, o = _lstm_parts(x, h, c, p)
        c_t = {"swap": i * c + f * g, "noforget": c + i * g}.get(mistake, f * c + i * g)
        h_t = {"notanh": o * c_t, "oldc": o * np.tanh(c), "noo": np.tanh(c_t)}.get(mistake, o * np.tanh(c_t))
        return (c_t, h_t) if mistake == "order" else (h_t, c_t)
    return step


@pytest.mark.parametrize("mistake, diagnosis", [
    ("swap", "input and forget gates are swapped"), ("noforget", "forget gate is missing"),
    ("notanh", "tanh on the cell state is missing"), ("oldc", "NEW cell state"),
    ("noo", "output gate is missing"), ("order", "order is swapped"),
])
def test_lstm_step_checker(mistake, diagnosis, capsys):
    assert check_lstm_step(lstm_right)
    capsys.readouterr()
    assert check_lstm_step(lstm_variant(mistake)) is False
    assert diagnosis in capsys.readouterr().out


def gru_variant(mistake):
    def step(x, h, p):
        r = _sig(x @ p["W_rx"].T + h @ p["W_rh"].T + p["b_r"])
        z = _sig(x @ p["W_zx"].T + h @ p["W_zh"].T + p["b_z"])
        inner = {"before": (r * h) @ p["W_nh"].T + p["b_nh"], "noreset": h @ p["W_nh"].T + p["b_nh"],
                 "nobias": r * (h @ p["W_nh"].T)}.get(mistake, r * (h @ p["W_nh"].T + p["b_nh"]))
        n = np.tanh(x @ p["W_nx"].T + p["b_n"] + inner)
        return z * n + (1 - z) * h if mistake == "flip" else (1 - z) * n + z * h
    return step


@pytest.mark.parametrize("mistake, diagnosis", [
    ("flip", "wrong way round"), ("before", "reset-BEFORE"), ("noreset", "reset gate is not applied"),
    ("nobias", "b_nh is missing"),
])
def test_gru_step_checker(mistake, diagnosis, capsys):
    assert check_gru_step(gru_variant(None))
    capsys.readouterr()
    assert check_gru_step(gru_variant(mistake)) is False
    assert diagnosis in capsys.readouterr().out
