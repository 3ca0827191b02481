"""Hand-written BPTT against central finite differences, and bad inputs."""

import numpy as np
import pytest

from rnnbook.reference import CELLS, gradient_check, lstm, rnn


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("with_state", [False, True])
def test_every_parameter_passes_the_finite_difference_check(kind, with_state):
    rng = np.random.default_rng(1)
    params = CELLS[kind].init_params(3, 4, rng=rng)
    x = rng.normal(size=(2, 6, 3))
    state = None
    if with_state:
        state = rng.normal(size=(2, 4))
        if kind == "lstm":
            state = (state, rng.normal(size=(2, 4)))
    report = gradient_check(CELLS[kind], x, params, state)
    assert set(report["per_param"]) >= set(params) | {"x"}
    assert report["max_rel_error"] < 1e-6, report


def test_relu_rnn_gradient_check():
    rng = np.random.default_rng(2)
    report = gradient_check(rnn, rng.normal(size=(2, 5, 3)), rnn.init_params(3, 4, rng=rng),
                            nonlinearity="relu")
    assert report["max_rel_error"] < 1e-6, report


def test_gradient_check_finds_a_wrong_backward(monkeypatch):
    """The check is not vacuous: a backward that forgets to accumulate over time fails it."""
    original = rnn.backward

    def forgetful(d_outputs, cache, d_final_state=None):
        grads, d_x, d_h0 = original(d_outputs, cache, d_final_state)
        grads["W_hh"] = np.asarray(d_outputs)[:, -1].T @ cache["hs"][:, -2] * 0.5
        return grads, d_x, d_h0

    monkeypatch.setattr(rnn, "backward", forgetful)
    rng = np.random.default_rng(3)
    report = gradient_check(rnn, rng.normal(size=(2, 5, 3)), rnn.init_params(3, 4, rng=rng))
    assert report["max_rel_error"] > 1e-2 and report["where"][0] == "W_hh"


def test_gradient_check_refuses_float32():
    params = rnn.init_params(2, 2, rng=0, dtype=np.float32)
    with pytest.raises(TypeError, match="float64"):
        gradient_check(rnn, np.zeros((1, 2, 2), np.float32), params)


def test_init_params_shapes_seed_and_bounds():
    p = lstm.init_params(3, 5, rng=0)
    assert p["W_fx"].shape == (5, 3) and p["W_fh"].shape == (5, 5) and p["b_f"].shape == (5,)
    assert all(np.abs(v).max() <= 1 / np.sqrt(5) for v in p.values())
    q = lstm.init_params(3, 5, rng=0)
    assert all(np.array_equal(p[k], q[k]) for k in p)
    assert lstm.init_params(3, 5, rng=0, dtype=np.float32)["W_ix"].dtype == np.float32


# ------------------------------------------------------------------------- bad inputs

P = {kind: CELLS[kind].init_params(3, 4, rng=0) for kind in CELLS}


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("x, error, message", [
    (np.zeros((5, 3)), ValueError, r"3 dimensions \(batch, time, features\), got shape \(5, 3\).*x\[None\]"),
    (np.zeros((2, 5, 4)), ValueError, r"4 features per step .* input_size=3"),
    (np.zeros((2, 0, 3)), ValueError, "empty batch or time axis"),
    (np.full((1, 2, 3), np.nan), ValueError, r"NaN or inf \(first at index \(0, 0, 0\)"),
    (np.full((1, 2, 3), np.inf), ValueError, "NaN or inf"),
    (np.zeros((1, 2, 3), np.float32), TypeError, "x is float32 but the parameters are float64"),
    ("not an array", TypeError, "array of numbers"),
    ([[[1, 2, 3]], [[1, 2]]], TypeError, "rectangular"),
])
def test_bad_inputs_raise_clear_errors(kind, x, error, message):
    with pytest.raises(error, match=message):
        CELLS[kind].forward(x, P[kind])


@pytest.mark.parametrize("kind", ["rnn", "gru"])
def test_bad_state_shapes(kind):
    x = np.zeros((2, 3, 3))
    with pytest.raises(ValueError, match=r"\(batch, hidden\) = \(2, 4\), got \(1, 2, 4\).*h_0\[0\]"):
        CELLS[kind].forward(x, P[kind], np.zeros((1, 2, 4)))
    with pytest.raises(ValueError, match="got \\(2, 5\\)"):
        CELLS[kind].forward(x, P[kind], np.zeros((2, 5)))


def test_lstm_state_must_be_a_pair():
    x = np.zeros((2, 3, 3))
    with pytest.raises(TypeError, match=r"pair \(h, c\)"):
        lstm.forward(x, P["lstm"], np.zeros((2, 4)))
    with pytest.raises(ValueError, match="c0 must have shape"):
        lstm.forward(x, P["lstm"], (np.zeros((2, 4)), np.zeros((3, 4))))


def test_bad_params():
    x = np.zeros((1, 2, 3))
    with pytest.raises(ValueError, match=r"missing \['b_h'\]"):
        rnn.forward(x, {k: v for k, v in P["rnn"].items() if k != "b_h"})
    with pytest.raises(ValueError, match=r"params\['W_hh'\] must have shape \(4, 4\)"):
        rnn.forward(x, {**P["rnn"], "W_hh": np.zeros((4, 3))})
    with pytest.raises(TypeError, match="share one dtype"):
        rnn.forward(x, {**P["rnn"], "b_h": P["rnn"]["b_h"].astype(np.float32)})
    with pytest.raises(TypeError, match="dict of arrays"):
        rnn.forward(x, [1, 2])
    with pytest.raises(ValueError, match="nonlinearity"):
        rnn.forward(x, P["rnn"], nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="hidden_size must be a positive integer"):
        rnn.init_params(3, 0)


def test_bad_upstream_gradients():
    _, _, cache = rnn.forward(np.zeros((2, 3, 3)), P["rnn"])
    with pytest.raises(ValueError, match=r"d_outputs must have shape \(2, 3, 4\)"):
        rnn.backward(np.zeros((3, 2, 4)), cache)
    with pytest.raises(ValueError, match="NaN"):
        rnn.backward(np.full((2, 3, 4), np.nan), cache)


def test_list_input_is_accepted_and_converted():
    out, _, _ = rnn.forward([[[0.1, 0.2, 0.3]]], P["rnn"])
    assert out.shape == (1, 1, 4) and out.dtype == np.float64


def test_lstm_gate_activations_follow_the_equations():
    rng = np.random.default_rng(4)
    params = lstm.init_params(3, 4, rng=rng)
    x = rng.normal(size=(2, 6, 3))
    acts = lstm.gate_activations(x, params)
    assert all(v.shape == (2, 6, 4) for v in acts.values())
    sig = lambda a: 1 / (1 + np.exp(-a))  # noqa: E731
    x0 = x[:, 0]
    np.testing.assert_allclose(acts["input"][:, 0], sig(x0 @ params["W_ix"].T + params["b_i"]), atol=1e-12)
    np.testing.assert_allclose(acts["forget"][:, 0], sig(x0 @ params["W_fx"].T + params["b_f"]), atol=1e-12)
    np.testing.assert_allclose(acts["candidate"][:, 0], np.tanh(x0 @ params["W_gx"].T + params["b_g"]), atol=1e-12)
    c_prev = np.concatenate([np.zeros((2, 1, 4)), acts["cell"][:, :-1]], axis=1)
    np.testing.assert_allclose(acts["cell"], acts["forget"] * c_prev + acts["input"] * acts["candidate"], atol=1e-12)
    np.testing.assert_allclose(acts["hidden"], acts["output"] * np.tanh(acts["cell"]), atol=1e-12)


def test_one_cache_convention_for_all_three_cells():
    """Every cell's cache is batch-first: the states h_0..h_T as hs (batch, time + 1, hidden),
    each gate (batch, time, hidden) under its letter in the equations, and the LSTM's cell
    states c_0..c_T as cs, laid out like hs."""
    from rnnbook.reference import gru

    x = np.random.default_rng(0).normal(size=(2, 5, 3))
    gates = {"rnn": (), "gru": ("r", "z", "n"), "lstm": ("i", "f", "g", "o")}
    for kind, cell in (("rnn", rnn), ("gru", gru), ("lstm", lstm)):
        outputs, _, cache = cell.forward(x, cell.init_params(3, 4, rng=1))
        assert {"x", "params", "hs", "lengths"} <= set(cache), kind
        assert cache["hs"].shape == (2, 6, 4) and np.array_equal(cache["hs"][:, 1:], outputs), kind
        for gate in gates[kind]:
            assert cache[gate].shape == (2, 5, 4), (kind, gate)
    assert cache["cs"].shape == (2, 6, 4) and cache["cs"].flags.c_contiguous
