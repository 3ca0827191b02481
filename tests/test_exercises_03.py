"""Exercise checkers of chapter 3 (the hand-written backward pass): each accepts a right answer
and names the mistake in a wrong one."""

import pytest

from rnnbook.exercises import check_rnn_backward
from rnnbook.exercises.bptt import _variant


def test_rnn_backward_checker_accepts_the_right_loop(capsys):
    assert check_rnn_backward(_variant)
    assert "passed" in capsys.readouterr().out


@pytest.mark.parametrize("switch, diagnosis", [
    ({"accumulate": False}, "SUM over all steps"),
    ({"recursion": False}, "does not flow back in time"),
    ({"phi_from_prev": True}, "at h_t"),
    ({"transpose_recursion": True}, "wrong transpose in the recursion"),
    ({"tanh_prime": False}, "derivative of tanh"),
])
def test_rnn_backward_checker_names_the_mistake(switch, diagnosis, capsys):
    assert check_rnn_backward(lambda *a: _variant(*a, **switch)) is False
    out = capsys.readouterr().out
    assert diagnosis in out, out


def test_rnn_backward_checker_shape_and_transpose_messages(capsys):
    def transposed(*a):
        g = list(_variant(*a))
        g[1] = g[1].T
        return tuple(g)

    assert check_rnn_backward(transposed) is False
    assert "d_W_hh is transposed" in capsys.readouterr().out
    assert check_rnn_backward(lambda *a: _variant(*a)[:4]) is False
    assert "five arrays" in capsys.readouterr().out
