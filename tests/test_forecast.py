"""Sliding windows, the oscillator integrator, free-running prediction, Keras->torch models."""

import numpy as np
import pytest
import torch

from rnnbook import forecast
from rnnbook.data import oscillator, sliding_windows


def test_sliding_windows_one_series_and_a_stack():
    X, y = sliding_windows(np.arange(10.0), 3)
    assert X.shape == (7, 3, 1) and y.shape == (7, 1)
    np.testing.assert_array_equal(X[2, :, 0], [2, 3, 4])
    assert y[2, 0] == 5
    X, y = sliding_windows(np.arange(10.0), 3, horizon=2)
    assert len(X) == 6 and y[0, 0] == 4
    stack = np.stack([np.arange(6.0), 10 + np.arange(6.0)])[..., None]
    X, y = sliding_windows(stack, 4)
    assert X.shape == (4, 4, 1) and y[:, 0].tolist() == [4, 5, 14, 15]
    with pytest.raises(ValueError, match="too short"):
        sliding_windows(np.arange(3.0), 3)
    with pytest.raises(ValueError, match="positive integers"):
        sliding_windows(np.arange(9.0), 0)


def test_rk4_matches_the_closed_form_and_float32_time_does_not():
    t, x, v = oscillator.simulate([1.0, -0.5], [0.0, 1.5], t_end=30, dt=0.001, every=10)
    xe, ve = oscillator.exact(t, [1.0, -0.5], [0.0, 1.5])
    assert np.abs(x - xe).max() < 1e-8 and np.abs(v - ve).max() < 1e-8
    assert x.shape == (2, 3001) and np.isclose(t[-1], 30.0)
    t32, x32, _ = oscillator.simulate(1.0, 0.0, t_end=30, dt=0.001, every=10, time_dtype=np.float32)
    err32 = np.abs(x32 - oscillator.exact(t32, 1.0, 0.0)[0]).max()
    assert err32 > 1e-7                              # single-precision time costs accuracy
    with pytest.raises(ValueError, match="underdamped"):
        oscillator.simulate(1.0, 0.0, t_end=1, gamma=1.5)
    with pytest.raises(ValueError, match="one shape"):
        oscillator.simulate([1.0, 2.0], [0.0], t_end=1)


def test_exact_solution_satisfies_the_equation():
    t = np.linspace(0, 20, 2001)
    x, v = oscillator.exact(t, 0.3, -0.7)
    a = np.gradient(v[0], t)
    residual = a + 2 * 0.2 * v[0] + x[0] - np.cos(0.5 * t)
    assert np.abs(residual[5:-5]).max() < 1e-3
    np.testing.assert_allclose(np.gradient(x[0], t)[5:-5], v[0][5:-5], atol=1e-3)


def test_free_run_feeds_predictions_back():
    # A "model" that predicts last value + known input reproduces a cumulative sum.
    history = np.array([[0.0, 0.0], [1.0, 0.0]])
    known = np.ones((4, 1))
    out = forecast.free_run(lambda w: w[:, -1:, 0] + w[:, -1:, 1], history, known)
    np.testing.assert_allclose(out, [1, 2, 3, 4])
    out = forecast.free_run(lambda w: 2 * w[:, -1:, 0], np.array([[1.0]]), steps=3)
    np.testing.assert_allclose(out, [2, 4, 8])
    with pytest.raises(ValueError, match="columns"):
        forecast.free_run(lambda w: w[:, -1:, 0], history, np.ones((2, 3)))


def test_keras_model_to_torch_gives_the_same_predictions():
    import rnnbook.keras as rk
    import rnnbook.torch as rt

    for kind in ("rnn", "lstm", "gru"):
        km = rk.sequence_model(kind, 2, 5, 3, seed=1)
        tm = rt.SequenceModel.from_keras(km)
        x = np.random.default_rng(0).normal(size=(4, 7, 2)).astype(np.float32)
        np.testing.assert_allclose(tm(torch.tensor(x)).detach().numpy(), km(x).numpy(), atol=1e-5)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("many_to_one", [True, False])
def test_torch_model_to_keras_gives_the_same_predictions(kind, many_to_one):
    import rnnbook.keras as rk
    import rnnbook.torch as rt

    tm = rt.SequenceModel(kind, 2, 5, 3, many_to_one=many_to_one, seed=2)
    torch.manual_seed(0)
    with torch.no_grad():                          # not the initial biases: a trained-like model
        for p in tm.parameters():
            p.add_(0.3 * torch.randn_like(p))
    km = rk.sequence_model_from_torch(tm)
    x = np.random.default_rng(0).normal(size=(4, 7, 2)).astype(np.float32)
    expected = tm(torch.tensor(x)).detach().numpy()
    assert km(x).shape == expected.shape
    np.testing.assert_allclose(km(x).numpy(), expected, atol=1e-5)
    back = rt.SequenceModel.from_keras(km)         # and the round trip
    np.testing.assert_allclose(back(torch.tensor(x)).detach().numpy(), expected, atol=1e-5)


def test_torch_model_to_keras_refuses_from_scratch_cells():
    import rnnbook.keras as rk
    import rnnbook.torch as rt

    with pytest.raises(TypeError, match="from_scratch=False"):
        rk.sequence_model_from_torch(rt.SequenceModel("lstm", 2, 5, 3, from_scratch=True))
    relu = rt.SequenceModel("rnn", 2, 5, 3)
    relu.recurrent = torch.nn.RNN(2, 5, nonlinearity="relu", batch_first=True)
    with pytest.raises(ValueError, match="'relu'"):
        rk.sequence_model_from_torch(relu)
    with pytest.raises(ValueError, match=r"float64.*\.float\(\)"):
        rk.sequence_model_from_torch(rt.SequenceModel("gru", 2, 5, 3).double())


def test_torch_model_to_keras_leaves_the_random_state_alone():
    import random

    import rnnbook.keras as rk
    import rnnbook.torch as rt

    model = rt.SequenceModel("gru", 2, 5, 3)
    after = []
    for seed in (1, 2):            # a conversion that reseeded (set_random_seed) would make
        random.seed(seed)          # what follows it the same whatever came before
        rk.sequence_model_from_torch(model)
        after.append(random.random())
    assert after[0] != after[1]
