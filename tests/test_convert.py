"""The converters' layout rules and their errors."""

import keras
import numpy as np
import pytest
import torch

from rnnbook import convert
from rnnbook.reference import gru, lstm


def test_torch_biases_are_summed_and_put_back_in_bias_ih():
    torch.manual_seed(0)
    module = torch.nn.LSTM(2, 3, batch_first=True, dtype=torch.float64)
    _, params = convert.from_torch(module)
    np.testing.assert_allclose(params["b_f"], (module.bias_ih_l0 + module.bias_hh_l0)[3:6].detach().numpy())
    back = convert.to_torch("lstm", params)
    assert torch.count_nonzero(back.bias_hh_l0) == 0
    assert back.batch_first and back.num_layers == 1 and not back.bidirectional


def test_gru_candidate_recurrent_bias_stays_apart():
    params = gru.init_params(2, 3, rng=0)
    module = convert.to_torch("gru", params)
    np.testing.assert_array_equal(module.bias_hh_l0.detach().numpy()[:6], 0)
    np.testing.assert_array_equal(module.bias_hh_l0.detach().numpy()[6:], params["b_nh"])
    layer = convert.to_keras("gru", params)
    bias = layer.get_weights()[2]
    np.testing.assert_array_equal(bias[1, 6:], params["b_nh"])
    np.testing.assert_array_equal(bias[0, :3], params["b_z"])  # Keras's order is (z, r, n)


def test_keras_kernels_are_transposed():
    params = lstm.init_params(2, 3, rng=0)
    kernel, recurrent, bias = convert.to_keras("lstm", params).get_weights()
    assert kernel.shape == (2, 12) and recurrent.shape == (3, 12) and bias.shape == (12,)
    np.testing.assert_array_equal(kernel[:, 3:6], params["W_fx"].T)


def test_converter_errors():
    with pytest.raises(ValueError, match="one layer, one direction"):
        convert.from_torch(torch.nn.GRU(2, 3, num_layers=2))
    with pytest.raises(ValueError, match="one layer, one direction"):
        convert.from_torch(torch.nn.GRU(2, 3, bidirectional=True))
    with pytest.raises(TypeError, match="expects torch.nn.RNN, LSTM or GRU"):
        convert.from_torch(torch.nn.Linear(2, 3))
    with pytest.raises(ValueError, match="not built"):
        convert.from_keras(keras.layers.LSTM(3))
    with pytest.raises(ValueError, match="reset_after=True"):
        layer = keras.layers.GRU(3, reset_after=False)
        layer.build((None, None, 2))
        convert.from_keras(layer)
    with pytest.raises(TypeError, match="SimpleRNN, LSTM or GRU"):
        convert.from_keras(keras.layers.Dense(3))
    with pytest.raises(ValueError, match="kind must be one of"):
        convert.to_torch("transformer", {})
    with pytest.raises(ValueError, match=r"missing \['b_nh'\]"):
        convert.to_torch("gru", {k: v for k, v in gru.init_params(2, 3).items() if k != "b_nh"})


def test_bias_free_torch_module_maps_to_zero_biases():
    module = torch.nn.RNN(2, 3, bias=False, batch_first=True)
    _, params = convert.from_torch(module)
    np.testing.assert_array_equal(params["b_h"], 0)


def test_from_scratch_sequence_models_run_in_both_frameworks():
    import rnnbook.keras as rk
    import rnnbook.torch as rt

    x = np.zeros((2, 5, 3), np.float32)
    assert rt.SequenceModel("lstm", 3, 4, 2, from_scratch=True)(torch.tensor(x)).shape == (2, 2)
    assert rt.SequenceModel("gru", 3, 4, 2, many_to_one=False)(torch.tensor(x)).shape == (2, 5, 2)
    assert rk.sequence_model("lstm", 3, 4, 2, from_scratch=True)(x).shape == (2, 2)
    assert rk.sequence_model("rnn", 3, 4, 2, many_to_one=False)(x).shape == (2, 5, 2)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_layout_table_tells_the_truth(kind):
    """Evaluate every 'torch' and 'keras' entry of the table on converted layers."""
    from rnnbook.reference import CELLS

    params = CELLS[kind].init_params(3, 4, rng=1)
    module = convert.to_torch(kind, params)
    t_ns = {n: p.detach().numpy() for n, p in module.named_parameters()}
    # to_torch puts zeros in bias_hh; give it random values so a wrong sum would show.
    t_ns["bias_hh_l0"] = np.random.default_rng(2).normal(size=t_ns["bias_hh_l0"].shape)
    t_ns["bias_ih_l0"] = t_ns["bias_ih_l0"] - t_ns["bias_hh_l0"]
    if kind == "gru":
        t_ns["bias_ih_l0"][8:] += t_ns["bias_hh_l0"][8:]
        t_ns["bias_hh_l0"][8:] = params["b_nh"]
    kernel, recurrent, bias = convert.to_keras(kind, params).get_weights()
    k_ns = {"kernel": kernel, "recurrent_kernel": recurrent, "bias": bias}
    rows = convert.layouts(kind, 3, 4)
    assert [r["book"] for r in rows] == list(params)
    for row in rows:
        np.testing.assert_allclose(eval(row["torch"], {}, t_ns), params[row["book"]], atol=1e-12,
                                   err_msg=f"torch {row}")
        np.testing.assert_allclose(eval(row["keras"], {}, k_ns), params[row["book"]], atol=1e-7,
                                   err_msg=f"keras {row}")
        assert row["shape"] == params[row["book"]].shape


@pytest.mark.parametrize("kind, torch_cls, keras_cls", [
    ("rnn", torch.nn.RNN, keras.layers.SimpleRNN), ("lstm", torch.nn.LSTM, keras.layers.LSTM),
    ("gru", torch.nn.GRU, keras.layers.GRU)])
def test_param_counts_match_the_frameworks(kind, torch_cls, keras_cls):
    from rnnbook.reference import CELLS, count_array_params, param_count

    for layers, bidirectional in [(1, False), (2, True), (3, False)]:
        module = torch_cls(5, 7, num_layers=layers, bidirectional=bidirectional)
        assert sum(p.numel() for p in module.parameters()) == param_count(
            kind, 5, 7, framework="torch", num_layers=layers, bidirectional=bidirectional)
    layer = keras_cls(7)
    layer.build((None, None, 5))
    assert layer.count_params() == param_count(kind, 5, 7, framework="keras")
    assert count_array_params(CELLS[kind].init_params(5, 7)) == param_count(kind, 5, 7)
    with pytest.raises(ValueError, match="framework must be"):
        param_count(kind, 5, 7, framework="jax")


@pytest.mark.parametrize("kind, cls", [("rnn", torch.nn.RNN), ("lstm", torch.nn.LSTM), ("gru", torch.nn.GRU)])
@pytest.mark.parametrize("layers, bidirectional", [(1, True), (2, False), (3, True)])
def test_deep_bidirectional_stack_equals_torch(kind, cls, layers, bidirectional):
    from rnnbook.reference import CELLS, deep

    torch.manual_seed(layers)
    module = cls(3, 4, num_layers=layers, bidirectional=bidirectional, batch_first=True,
                 dtype=torch.float64)
    k, stack = convert.from_torch_stack(module)
    assert k == kind and len(stack) == layers and all(len(d) == 1 + bidirectional for d in stack)
    x = np.random.default_rng(0).normal(size=(2, 7, 3))
    ours, finals = deep.forward(CELLS[kind], x, stack)
    out, h_n = module(torch.tensor(x))
    np.testing.assert_allclose(ours, out.detach().numpy(), atol=1e-12)
    h_n = h_n[0] if kind == "lstm" else h_n
    for j, final in enumerate(finals):
        np.testing.assert_allclose(final[0] if kind == "lstm" else final, h_n[j].detach().numpy(), atol=1e-12)


def _reset_before_gru(x, params):
    """Cho et al.'s GRU, written out: the reset multiplies h_{t-1} before W_nh."""
    sigmoid = lambda a: 1 / (1 + np.exp(-a))   # noqa: E731
    h, states = np.zeros((x.shape[0], params["W_rh"].shape[0])), []
    for t in range(x.shape[1]):
        r = sigmoid(x[:, t] @ params["W_rx"].T + h @ params["W_rh"].T + params["b_r"])
        z = sigmoid(x[:, t] @ params["W_zx"].T + h @ params["W_zh"].T + params["b_z"])
        n = np.tanh(x[:, t] @ params["W_nx"].T + (r * h) @ params["W_nh"].T + params["b_n"])
        h = (1 - z) * n + z * h
        states.append(h)
    return np.stack(states, axis=1)


def test_to_keras_builds_the_reset_before_gru_with_the_same_weights():
    params = gru.init_params(3, 4, rng=1)
    params["b_nh"][:] = 0.0
    x = np.random.default_rng(2).normal(size=(2, 6, 3))
    before = convert.to_keras("gru", params, reset_after=False)
    assert before.reset_after is False
    out, h_T = before(x)
    np.testing.assert_allclose(out.numpy(), _reset_before_gru(x, params), atol=1e-12)
    np.testing.assert_allclose(h_T.numpy(), out.numpy()[:, -1])
    after = gru.forward(x, params)[0]
    assert np.abs(out.numpy() - after).max() > 1e-3        # a different function
    np.testing.assert_allclose(out.numpy()[:, 0], after[:, 0], atol=1e-12)   # until h_0 = 0 matters


def test_reset_before_is_refused_where_it_cannot_hold_the_weights():
    params = gru.init_params(3, 4, rng=1)
    with pytest.raises(ValueError, match=r"b_nh != 0.*Set params\['b_nh'\]\[:\] = 0"):
        convert.to_keras("gru", params, reset_after=False)
    with pytest.raises(ValueError, match="option of the GRU only"):
        convert.to_keras("lstm", lstm.init_params(3, 4, rng=1), reset_after=False)
    with pytest.raises(ValueError, match="option of the GRU only"):
        convert.to_keras("autoencoder", {}, reset_after=False)


def test_one_table_names_each_frameworks_layer_for_each_cell():
    import keras
    from torch import nn

    from rnnbook.reference import CELLS, GATES_PER_KIND

    assert [convert.torch_layer(k) for k in CELLS] == [nn.RNN, nn.LSTM, nn.GRU]
    assert [convert.keras_layer(k) for k in CELLS] == [keras.layers.SimpleRNN, keras.layers.LSTM,
                                                       keras.layers.GRU]
    assert GATES_PER_KIND == {"rnn": 1, "lstm": 4, "gru": 3}
    for bad in ("LSTM", "transformer"):
        with pytest.raises(ValueError, match="kind must be one of \\('rnn', 'lstm', 'gru'\\)"):
            convert.torch_layer(bad)
        with pytest.raises(ValueError, match="kind must be one of"):
            convert.keras_layer(bad)
