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
        if kind == "lstm":  # c is checked below: autograd's c.grad also holds the h_t path
            np.testing.assert_allclose(ours["h"][t], s[0].grad.numpy(), atol=1e-12)
        else:
            np.testing.assert_allclose(ours[t], s.grad.numpy(), atol=1e-12)


def test_lstm_cell_gradients_are_partials_with_h_held_fixed():
    """'c' is dL/dc_t with h_t fixed: the gradient of the rest of the sequence w.r.t. c_t."""
    rng = np.random.default_rng(5)
    params = lstm.init_params(2, 3, rng=rng)
    x = rng.normal(size=(1, 6, 2))
    d_final = (rng.normal(size=(1, 3)), rng.normal(size=(1, 3)))
    ours = analysis.state_gradients(lstm, x, params, d_final)
    states = analysis._states(lstm, x, params, None)
    for t in (1, 4):
        h, c = states[t]

        def loss(c_, t=t, h=h):
            _, (h_T, c_T), _ = lstm.forward(x[:, t:], params, (h, c_))
            return float((h_T * d_final[0]).sum() + (c_T * d_final[1]).sum())

        numeric = np.zeros_like(c)
        for i in np.ndindex(c.shape):
            up, down = c.copy(), c.copy()
            up[i] += 1e-6
            down[i] -= 1e-6
            numeric[i] = (loss(up) - loss(down)) / 2e-6
        np.testing.assert_allclose(ours["c"][t], numeric, atol=1e-8)


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
