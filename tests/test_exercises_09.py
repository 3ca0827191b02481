"""Exercise checkers of chapter 9 (the confusion matrix): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_confusion_matrix


def cm_right(t, p, n):
    m = np.zeros((n, n), dtype=int)
    for a, b in zip(t, p):
        m[a, b] += 1
    return m


@pytest.mark.parametrize("answer, diagnosis", [
    (cm_right, None),
    (lambda t, p, n: cm_right(t, p, n).T, "transposed"),
    (lambda t, p, n: cm_right(t, p, n) / np.maximum(cm_right(t, p, n).sum(1, keepdims=True), 1), "counts, not fractions"),
    (lambda t, p, n: cm_right(t, p, max(t.max(), p.max()) + 1), "never occur"),
])
def test_confusion_matrix_checker(answer, diagnosis, capsys):
    assert check_confusion_matrix(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def test_confusion_matrix_and_figures():
    import matplotlib.pyplot as plt

    from rnnbook import metrics, plots

    m = metrics.confusion_matrix(np.array([0, 1, 1, 2]), np.array([0, 2, 1, 2]))
    assert m.tolist() == [[1, 0, 0], [0, 1, 1], [0, 0, 1]]
    counts = np.array([[5, 0], [1, 2]])
    ax = plots.confusion(counts, title="counts")
    written = {(t.get_position(), t.get_text(), t.get_color()) for t in ax.texts}
    # (column, row); zeros left blank; white on the dark cells above half the largest count
    assert written == {((0, 0), "5", "white"), ((0, 1), "1", "black"), ((1, 1), "2", "black")}
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("predicted", "true", "counts")
    np.testing.assert_array_equal(ax.images[0].get_array(), counts)
    fig = plots.image_grid(np.zeros((3, 8, 8)), ["a", "b", "c"], columns=2)
    assert len(fig.axes) == 4
    with pytest.raises(ValueError, match="1-D of one length"):
        metrics.confusion_matrix(np.zeros(3, int), np.zeros(2, int))
    plt.close("all")
