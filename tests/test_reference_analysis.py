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


def test_state_gradients_take_dl_dh_alone_for_every_cell():
    """An array is dL/dh_T for every cell; for the LSTM that means dL/dc_T = 0."""
    rng = np.random.default_rng(2)
    params = lstm.init_params(2, 3, rng=rng)
    x, d_h = rng.normal(size=(2, 6, 2)), rng.normal(size=(2, 3))
    alone = analysis.state_gradients(lstm, x, params, d_h)
    pair = analysis.state_gradients(lstm, x, params, (d_h, np.zeros_like(d_h)))
    assert alone.keys() == pair.keys() == {"h", "c"}
    for k in alone:
        np.testing.assert_array_equal(alone[k], pair[k])
    assert analysis.state_gradients(rnn, x, rnn.init_params(2, 3, rng=0), d_h).keys() == {"h"}


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
    assert all(np.all(np.isfinite(v)) for v in model.values())      # stopped before a NaN step
    assert len(history.grad_norms) == len(history.losses) - 1        # one step per finished epoch


@pytest.mark.parametrize("window", [0, 2.5, -3])
def test_fit_rejects_a_window_that_is_not_a_number_of_steps(window):
    x, y = echo()
    model = train.init_model(rnn, 1, 4, 1, rng=0)
    with pytest.raises(ValueError, match="window must be a positive integer number of steps"):
        train.fit(rnn, model, x, y, optimizer=optim.SGD(model, lr=0.1), epochs=1, window=window)


def test_weight_gradient_contributions_of_a_linear_rnn_follow_the_matrix_powers():
    """Linear RNN: dL/dh_t = dL/dh_T W_hh^(T-t) (rows), and step t adds dL/da_t^T h_{t-1}."""
    rng = np.random.default_rng(3)
    params = rnn.init_params(2, 4, rng=rng)
    x = rng.normal(size=(3, 6, 2))
    d_final = rng.normal(size=(3, 4))
    got = analysis.rnn_weight_gradient_contributions(x, params, d_final, nonlinearity="linear")
    _, _, cache = rnn.forward(x, params, nonlinearity="linear")
    hs = cache["hs"]
    W = params["W_hh"]
    expected = [np.linalg.norm((d_final @ np.linalg.matrix_power(W, 6 - t)).T @ hs[:, t - 1])
                for t in range(1, 7)]
    np.testing.assert_allclose(got, expected, rtol=1e-10)


def test_the_last_weight_gradient_contribution_is_one_step_of_backward():
    rng = np.random.default_rng(4)
    params = rnn.init_params(2, 5, rng=rng)
    x = rng.normal(size=(2, 8, 2))
    d_final = rng.normal(size=(2, 5))
    got = analysis.rnn_weight_gradient_contributions(x, params, d_final)
    _, _, cache = rnn.forward(x, params)
    h_before_last = cache["hs"][:, -2]
    _, _, one_step = rnn.forward(x[:, -1:], params, h_before_last)
    grads, _, _ = rnn.backward(np.zeros((2, 1, 5)), one_step, d_final)
    assert got.shape == (8,)
    np.testing.assert_allclose(got[-1], np.linalg.norm(grads["W_hh"]), rtol=1e-12)


@pytest.mark.parametrize("cell", [lstm, gru], ids=["lstm", "gru"])
@pytest.mark.parametrize("window", [7, None])
def test_fit_covers_every_step_whatever_the_window(cell, window):
    """With an optimizer that never moves the weights, every epoch's loss (chunk losses
    weighted by chunk length, the state carried across chunks) is the MSE of one pass over
    the whole sequence -- also when the window does not divide T (20 = 7 + 7 + 6)."""
    rng = np.random.default_rng(5)
    x, y = rng.normal(size=(3, 20, 2)), rng.normal(size=(3, 20, 1))
    model = train.init_model(cell, 2, 4, 1, rng=6)
    frozen = _Frozen()
    history = train.fit(cell, model, x, y, optimizer=frozen, epochs=2, window=window)
    y_hat, _ = train.predict(cell, model, x)
    np.testing.assert_allclose(history.losses, [np.mean((y_hat - y) ** 2)] * 2, rtol=1e-12)
    chunks = 3 if window else 1
    assert len(history.grad_norms) == 2 * chunks == frozen.steps and not history.diverged
    assert set(frozen.shapes) == {k: v.shape for k, v in model.items()}.items()


class _Frozen:
    """An optimizer that counts its steps and checks each gradient's keys, and moves nothing."""

    def __init__(self):
        self.steps, self.shapes = 0, set()

    def step(self, grads):
        self.steps += 1
        self.shapes |= {(k, g.shape) for k, g in grads.items()}


@pytest.mark.parametrize("cell", [lstm, gru], ids=["lstm", "gru"])
def test_fit_trains_gated_cells_with_truncated_windows(cell):
    x, y = echo()
    model = train.init_model(cell, 1, 12, 1, rng=1)
    history = train.fit(cell, model, x, y, optimizer=optim.Adam(model, lr=0.02), epochs=30,
                        window=7, clip=1.0)
    assert not history.diverged and history.losses[-1] < 0.5 * history.losses[0], history.losses
    assert len(history.grad_norms) == 30 * 6 and all(np.isfinite(history.grad_norms))   # 40 = 5 x 7 + 5
