"""Exercise checkers of chapter 7 (padded batches): each accepts a right answer and names
the typical mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_last_outputs, check_masked_mean


def real_steps(values, lengths):
    return np.arange(values.shape[1])[None, :] < np.asarray(lengths)[:, None]


@pytest.mark.parametrize("answer, diagnosis", [
    (lambda v, n: float(v[real_steps(v, n)].mean()), None),
    (lambda v, n: float(v.mean()), "padding included"),
    (lambda v, n: float(np.mean([v[b, :k].mean() for b, k in enumerate(n)])), "each sequence first"),
    (lambda v, n: float(v[real_steps(v, n)].sum() / v.size), "divided by every step"),
    (lambda v, n: float(v[real_steps(v, np.asarray(n) - 1)].mean()), "one step less"),
    (lambda v, n: v[real_steps(v, n)], "one number"),
])
def test_masked_mean_checker(answer, diagnosis, capsys):
    assert check_masked_mean(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


@pytest.mark.parametrize("answer, diagnosis", [
    (lambda o, n: o[np.arange(len(n)), np.asarray(n) - 1], None),
    (lambda o, n: o[:, -1], "outputs[:, -1]"),
    (lambda o, n: o[np.arange(len(n)), np.asarray(n) % o.shape[1]], "off by one"),
    (lambda o, n: o[:, 0], "not the output at the sequence's last real step"),
    (lambda o, n: o[np.arange(len(n)), np.asarray(n) - 1][:, :1], "shape (batch, hidden)"),
])
def test_last_outputs_checker(answer, diagnosis, capsys):
    assert check_last_outputs(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out
