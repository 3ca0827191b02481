"""Exercise checkers of chapter 8 (sliding windows): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_sliding_windows


def windows_right(s, w):
    n = len(s) - w
    return np.stack([s[k:k + w] for k in range(n)]), s[w:]


@pytest.mark.parametrize("answer, diagnosis", [
    (windows_right, None),
    (lambda s, w: (np.stack([s[k:k + w] for k in range(len(s) - w + 1)]), s[w - 1:]), "drop the last window"),
    (lambda s, w: (windows_right(s, w)[0], s[w - 1:-1]), "value AFTER it"),
    (lambda s, w: (windows_right(s, w)[0].T, windows_right(s, w)[1]), "transposed"),
    (lambda s, w: (windows_right(s, w)[0][:-1], windows_right(s, w)[1][:-1]), "last window is missing"),
])
def test_sliding_windows_checker(answer, diagnosis, capsys):
    assert check_sliding_windows(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out
