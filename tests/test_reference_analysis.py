"""dL/dh_t through time, and the small NumPy training loop."""

import numpy as np
import pytest
import torch

import rnnbook.torch as rt
from rnnbook.reference import analysis, gru, lstm, optim, rnn, train


@pytest.mark.parametrize("cell, kind", [(rnn, "rnn"), (gru, "gru"), (lstm, "lstm")])
def test_state_gradients_equal_autograd_on_every_intermediate_state(cell, kind):
    rng = np.random.default_rng(0)
    params = cell.init_params(2, 3, rng=rng)
    x = rng.normal(size=(2, 7, 2))
    d_final = rng.normal(size=(2, 3))
    if kind == "lstm":
        d_final = (d_final, rng.normal(size=(2, 3)))
    ours = analysis.state_gradients(cell, x, params, d_final)

    torch_cell = rt.CELL_CLASSES[kind](2, 3, dtype=torch.float64).load_book_params(params)
    xt, state, kept = torch.tensor(x), None, []
    for t in range(7):
        state = torch_cell(xt[:, t], state)
        for s in state if isinstance(state, tuple) else (state,):
            s.retain_grad()
        kept.append(state)
    finals = kept[-1] if isinstance(kept[-1], tuple) else (kept[-1],)
    sum((f * torch.tensor(d)).sum() for f, d in zip(finals, d_final if kind == "lstm" else (d_final,))).backward()
    for t in range(1, 8):
        s = kept[t - 1]
        states = s if kind == "lstm" else (s,)
        assert set(ours) == ({"h", "c"} if kind == "lstm" else {"h"})   # one structure for every cell
        for name, torch_state in zip(("h", "c"), states):
            np.testing.assert_allclose(ours[name][t], torch_state.grad.numpy(), atol=1e-12)


def test_jacobian_norms_of_a_linear_rnn_are_norms_of_matrix_powers():
    params = rnn.init_params(2, 4, rng=3)
    x = np.random.default_rng(4).normal(size=(1, 9, 2))
    norms = analysis.jacobian_norms(rnn, x, params, nonlinearity="linear")
    expected = [np.linalg.norm(np.linalg.matrix_power(params["W_hh"], 9 - t)) for t in range(10)]
    np.testing.assert_allclose(norms, expected, rtol=1e-12)


def echo(delay=3, batch=16, steps=40, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.choice([-1.0, 1.0], size=(batch, steps, 1))
    y = np.zeros_like(x)
    y[:, delay:] = x[:, :-delay]
    return x, y


def test_fit_learns_an_echo_only_when_the_window_reaches_the_delay():
    x, y = echo()
    results = {}
    for window in (2, 8):
        model = train.init_model(rnn, 1, 12, 1, rng=1)
        history = train.fit(rnn, model, x, y, optimizer=optim.Adam(model, lr=0.02), epochs=60,
                            window=window)
        results[window] = history.losses[-1]
        assert len(history.losses) == 60 and not history.diverged
    assert results[2] > 0.5 and results[8] < 0.05, results
    y_hat, _ = train.predict(rnn, model, x)
    assert np.mean((y_hat - y) ** 2) < 0.05


def test_fit_reports_divergence_instead_of_raising():
    x, y = echo()
    model = train.init_model(rnn, 1, 8, 1, rng=2)
    model["W_hh"] *= 40.0
    history = train.fit(rnn, model, x, y, optimizer=optim.SGD(model, lr=50.0), epochs=20,
                        nonlinearity="relu")
    assert history.diverged and history.losses[-1] == float("inf")
