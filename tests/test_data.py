import numpy as np
import pytest

from rnnbook import data


def test_sine_waves_shape_range_and_seed():
    x = data.sine_waves(4, 30)
    assert x.shape == (4, 30, 1) and x.dtype == np.float64
    assert np.all(np.abs(x) <= 1)
    np.testing.assert_array_equal(x, data.sine_waves(4, 30))  # seeded by default
    assert not np.array_equal(x, data.sine_waves(4, 30, rng=1))
    assert data.sine_waves(2, 5, dtype=np.float32).dtype == np.float32


def test_sine_waves_follow_the_formula():
    x = data.sine_waves(1, 50, dt=0.1, frequency=2.0, rng=3)[0, :, 0]
    phase = np.arcsin(x[0]) if np.cos(np.arcsin(x[0])) * (x[1] - x[0]) > 0 else np.pi - np.arcsin(x[0])
    np.testing.assert_allclose(x, np.sin(2.0 * 0.1 * np.arange(50) + phase), atol=1e-12)


@pytest.mark.parametrize("n, length", [(0, 5), (3, 0), (2.5, 4)])
def test_sine_waves_rejects_bad_sizes(n, length):
    with pytest.raises(ValueError, match="positive integers"):
        data.sine_waves(n, length)


def test_pad_batch_places_each_sequence_at_the_start():
    seqs = [np.ones((2, 3)), 2 * np.ones((4, 3)), 3 * np.ones((1, 3))]
    padded, lengths = data.pad_batch(seqs)
    assert padded.shape == (3, 4, 3)
    assert lengths.tolist() == [2, 4, 1] and lengths.dtype == np.int64
    np.testing.assert_array_equal(padded[0, :, 0], [1, 1, 0, 0])
    np.testing.assert_array_equal(padded[2, :, 0], [3, 0, 0, 0])
    padded, _ = data.pad_batch(seqs, value=-1.0)
    assert padded[0, 3, 0] == -1.0


def test_pad_batch_keeps_float32():
    padded, _ = data.pad_batch([np.zeros((2, 1), np.float32)])
    assert padded.dtype == np.float32


@pytest.mark.parametrize("bad, error, message", [
    (np.zeros((2, 3, 1)), TypeError, "list of arrays"),
    ([], ValueError, "empty"),
    ([np.zeros(3)], ValueError, r"seq\[:, None\]"),
    ([np.zeros((0, 2))], ValueError, "no time steps"),
    ([np.zeros((2, 2)), np.zeros((2, 3))], ValueError, r"same number of features, got \[2, 3\]"),
    ([np.array([[np.nan]])], ValueError, "NaN or inf"),
    ([["a", "b"]], TypeError, "numbers"),
])
def test_pad_batch_errors_say_what_is_wrong(bad, error, message):
    with pytest.raises(error, match=message):
        data.pad_batch(bad)


def test_mask_from_lengths():
    mask = data.mask_from_lengths(np.array([1, 3]))
    np.testing.assert_array_equal(mask, [[True, False, False], [True, True, True]])
    assert data.mask_from_lengths(np.array([2]), 4).tolist() == [[True, True, False, False]]
    with pytest.raises(ValueError, match=r"in \[1, 3\].*lengths\[0\] = 5"):
        data.mask_from_lengths(np.array([5]), 3)
    with pytest.raises(TypeError, match="must be integers"):
        data.mask_from_lengths(np.array([1.5]))
    with pytest.raises(ValueError, match=r"lengths\[1\] = 0"):
        data.mask_from_lengths(np.array([2, 0]))


def test_adding_problem_marks_one_step_in_each_half_and_sums_them():
    x, y = data.adding_problem(500, 20, rng=4)
    assert x.shape == (500, 20, 2) and y.shape == (500, 1) and x.dtype == y.dtype == np.float32
    values, markers = x[..., 0], x[..., 1]
    assert np.all((values >= 0) & (values < 1))
    assert set(np.unique(markers)) == {0.0, 1.0}
    assert np.all(markers[:, :10].sum(axis=1) == 1) and np.all(markers[:, 10:].sum(axis=1) == 1)
    np.testing.assert_allclose(y[:, 0], (values * markers).sum(axis=1), rtol=1e-6)
    # Predicting the mean, 1, costs the variance of a sum of two U(0, 1): 1/6.
    assert abs(np.mean((y - 1.0) ** 2) - 1 / 6) < 0.02
    np.testing.assert_array_equal(x, data.adding_problem(500, 20, rng=4)[0])
    assert not np.array_equal(x, data.adding_problem(500, 20, rng=5)[0])
    assert data.adding_problem(2, 3, dtype=np.float64)[0].dtype == np.float64


@pytest.mark.parametrize("n, length", [(0, 5), (3, 1), (2.5, 4)])
def test_adding_problem_rejects_bad_sizes(n, length):
    with pytest.raises(ValueError, match="need n >= 1 and length >= 2"):
        data.adding_problem(n, length)
