"""The from-scratch PyTorch and Keras cells equal the frameworks' built-in layers."""

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rnnbook.keras as rk
import rnnbook.torch as rt
from rnnbook import convert
from rnnbook.reference import CELLS


def as_tuple(s):
    return s if isinstance(s, tuple) else (s,)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(["rnn", "lstm", "gru"]), st.integers(1, 3), st.integers(1, 15),
       st.integers(1, 4), st.integers(1, 5), st.booleans(), st.integers(0, 999))
def test_torch_scratch_cells_equal_builtins(kind, batch, steps, d, hidden, with_state, seed):
    torch.manual_seed(seed)
    scratch = rt.Recurrent(rt.CELL_CLASSES[kind](d, hidden, dtype=torch.float64))
    builtin = convert.to_torch(kind, scratch.cell.book_params())
    x = torch.randn(batch, steps, d, dtype=torch.float64)
    state = None
    if with_state:
        state = torch.randn(batch, hidden, dtype=torch.float64)
        if kind == "lstm":
            state = (state, torch.randn(batch, hidden, dtype=torch.float64))
    x1, x2 = x.clone().requires_grad_(), x.clone().requires_grad_()
    s1 = s2 = None
    if with_state:
        s1 = [s.clone().requires_grad_() for s in as_tuple(state)]
        s2 = [s.clone()[None].requires_grad_() for s in as_tuple(state)]
    out1, fin1 = scratch(x1, None if s1 is None else tuple(s1) if kind == "lstm" else s1[0])
    out2, fin2 = builtin(x2, None if s2 is None else tuple(s2) if kind == "lstm" else s2[0])
    torch.testing.assert_close(out1, out2, atol=1e-12, rtol=0)
    for a, b in zip(as_tuple(fin1), as_tuple(fin2)):
        torch.testing.assert_close(a, b[0], atol=1e-12, rtol=0)
    weights = torch.randn_like(out1)
    (out1 * weights).sum().backward()
    (out2 * weights).sum().backward()
    torch.testing.assert_close(x1.grad, x2.grad, atol=1e-12, rtol=0)
    for a, b in zip(s1 or [], s2 or []):
        torch.testing.assert_close(a.grad, b.grad[0], atol=1e-12, rtol=0)
    grads = {n: p.grad.numpy() for n, p in scratch.cell.named_parameters()}
    expected = convert.to_torch(kind, grads)
    got = dict(builtin.named_parameters())
    for name in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0"):
        np.testing.assert_allclose(dict(expected.named_parameters())[name].detach().numpy(),
                                   got[name].grad.numpy(), atol=1e-12)


def test_torch_cell_parameter_names_follow_the_book():
    cell = rt.LSTMCell(3, 4)
    assert set(dict(cell.named_parameters())) == set(CELLS["lstm"].param_shapes(3, 4))
    assert cell.W_fx.shape == (4, 3)
    with pytest.raises(ValueError, match="must be \\(batch, time, 3\\)"):
        rt.Recurrent(cell)(torch.zeros(2, 5, 4))
    with pytest.raises(ValueError, match="need exactly the keys"):
        cell.load_book_params({"W": np.zeros(1)})


def _keras_cell(kind, input_size, units):
    import keras

    layer = keras.layers.RNN(rk.CELL_CLASSES[kind](units))
    layer(np.zeros((1, 2, input_size), np.float32))          # builds the cell
    return layer.cell


@pytest.mark.parametrize("framework", ["torch", "keras"])
def test_load_book_params_says_what_is_wrong(framework):
    """Both frameworks' cells check the dict before copying anything: right kind, right
    sizes, a dict at all."""
    cell = rt.LSTMCell(3, 4) if framework == "torch" else _keras_cell("lstm", 3, 4)
    before = cell.book_params()
    with pytest.raises(ValueError, match=r"params for a lstm cell need exactly the keys \['W_fh'.*unexpected \['W_nh'"):
        cell.load_book_params(CELLS["gru"].init_params(3, 4, rng=0))
    wrong_size = CELLS["lstm"].init_params(3, 5, rng=0)
    with pytest.raises(ValueError, match=r"params\['W_ix'\] must have shape \(4, 3\), got \(5, 3\)"):
        cell.load_book_params(wrong_size)
    with pytest.raises(TypeError, match=r"params must be a dict of arrays \(from lstm.init_params\), got list"):
        cell.load_book_params([1, 2])
    after = cell.book_params()
    assert all(np.array_equal(before[k], after[k]) for k in before)    # nothing half-copied
    good = CELLS["lstm"].init_params(3, 4, rng=1)
    loaded = cell.load_book_params(good).book_params()
    assert all(np.allclose(loaded[k], good[k], atol=1e-7) for k in good)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("dtype, tol", [(np.float64, 1e-10), (np.float32, 1e-5)])
def test_keras_scratch_cells_equal_builtins(kind, dtype, tol):
    import keras
    import tensorflow as tf

    rng = np.random.default_rng(1)
    params = CELLS[kind].init_params(3, 4, rng=rng, dtype=dtype)
    name = np.dtype(dtype).name
    scratch = keras.layers.RNN(rk.CELL_CLASSES[kind](4, dtype=name), return_sequences=True,
                               return_state=True, dtype=name)
    x = tf.constant(rng.normal(size=(2, 9, 3)).astype(dtype))
    states = [tf.constant(rng.normal(size=(2, 4)).astype(dtype))
              for _ in range(2 if kind == "lstm" else 1)]
    scratch(x)  # builds the cell
    scratch.cell.load_book_params(params)
    builtin = convert.to_keras(kind, params)
    w = rng.normal(size=(2, 9, 4)).astype(dtype)
    results = []
    for layer in (scratch, builtin):
        with tf.GradientTape() as tape:
            tape.watch([x, *states])
            out = layer(x, initial_state=states)
            loss = tf.reduce_sum(out[0] * w) + tf.reduce_sum(out[-1])
        results.append((out, tape.gradient(loss, [x, *states, *layer.trainable_variables])))
    (out1, g1), (out2, g2) = results
    for a, b in zip(out1, out2):
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=tol)
    for a, b in zip(g1[:1 + len(states)], g2[:1 + len(states)]):  # inputs and initial states
        np.testing.assert_allclose(a.numpy(), b.numpy(), atol=tol)
    # Weight gradients: the scratch cell's, mapped to Keras's layout, equal the built-in's.
    book_grads = {v.name: g.numpy() for v, g in zip(scratch.trainable_variables, g1[1 + len(states):])}
    expected = [np.asarray(e) for e in convert.to_keras(kind, book_grads).get_weights()]
    if kind == "gru":  # both Keras bias rows of the r and z gates get the same gradient
        expected[2][1, :8] = expected[2][0, :8]
    for e, got in zip(expected, g2[1 + len(states):]):
        np.testing.assert_allclose(e, got.numpy(), atol=tol)
    back = scratch.cell.book_params()
    assert all(np.array_equal(back[k], params[k]) for k in params)


def test_torch_fit_learns_a_sine_and_reports_history():
    from rnnbook.data import sine_waves

    waves = sine_waves(64, 21, rng=0).astype(np.float32)
    x, y = waves[:, :-1], waves[:, -1]
    model = rt.SequenceModel("gru", 1, 16, 1)
    history = rt.fit(model, x, y, epochs=60, lr=0.02, progress=False)
    assert len(history) == 60 and history[-1] < 0.1 * history[0]


def test_keras_fit_learns_a_sine_and_reports_history():
    from rnnbook.data import sine_waves

    waves = sine_waves(64, 21, rng=0).astype(np.float32)
    x, y = waves[:, :-1], waves[:, -1]
    model = rk.sequence_model("gru", 1, 16, 1)
    history = rk.fit(model, x, y, epochs=60, lr=0.02)
    assert len(history) == 60 and history[-1] < 0.1 * history[0]


def test_helpers_reject_bad_arguments():
    with pytest.raises(ValueError, match="kind must be one of"):
        rt.SequenceModel("transformer", 1, 2, 1)
    with pytest.raises(ValueError, match="kind must be one of"):
        rk.sequence_model("transformer", 1, 2, 1)
    with pytest.raises(ValueError, match="same number of samples"):
        rt.fit(rt.SequenceModel("rnn", 1, 2, 1), np.zeros((3, 2, 1)), np.zeros((2, 1)), progress=False)


def test_sequence_model_seed_fixes_the_weights_only():
    torch.manual_seed(123)
    a, b = rt.SequenceModel("lstm", 2, 3, 1, seed=5), rt.SequenceModel("lstm", 2, 3, 1, seed=5)
    c = rt.SequenceModel("lstm", 2, 3, 1, seed=6)
    after = torch.rand(1)
    assert all(torch.equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not all(torch.equal(p, q) for p, q in zip(a.parameters(), c.parameters()))
    torch.manual_seed(123)
    assert torch.equal(after, torch.rand(1))  # building the models consumed no global randomness


def test_predict_returns_numpy_without_gradients():
    model = rt.SequenceModel("gru", 2, 3, 1, seed=0)
    x = np.random.default_rng(0).normal(size=(4, 5, 2))          # float64 in, cast to float32
    out = rt.predict(model, x)
    assert isinstance(out, np.ndarray) and out.shape == (4, 1) and out.dtype == np.float32
    with torch.no_grad():
        expected = model(torch.tensor(x, dtype=torch.float32)).numpy()
    np.testing.assert_array_equal(out, expected)
