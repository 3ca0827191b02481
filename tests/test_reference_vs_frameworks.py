"""The NumPy reference equals nn.RNN/LSTM/GRU and Keras's SimpleRNN/LSTM/GRU exactly.

Forward (outputs, final states) and backward (input, initial-state and weight gradients),
through rnnbook.convert, property-based over shapes: batch 1, one step, hidden size 1,
long sequences, with and without an initial state, float64 and float32.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rnnbook import convert
from rnnbook.reference import CELLS

TOL = {np.float64: 1e-10, np.float32: 1e-5}


def case(kind, batch, steps, input_size, hidden, with_state, dtype, seed):
    rng = np.random.default_rng(seed)
    params = CELLS[kind].init_params(input_size, hidden, rng=rng, dtype=dtype)
    x = rng.normal(size=(batch, steps, input_size)).astype(dtype)
    state = None
    if with_state:
        state = rng.normal(size=(batch, hidden)).astype(dtype)
        if kind == "lstm":
            state = (state, rng.normal(size=(batch, hidden)).astype(dtype))
    # Random upstream gradients: a linear loss touching every output and the final state.
    d_out = rng.normal(size=(batch, steps, hidden)).astype(dtype)
    d_final = rng.normal(size=(batch, hidden)).astype(dtype)
    if kind == "lstm":
        d_final = (d_final, rng.normal(size=(batch, hidden)).astype(dtype))
    return params, x, state, d_out, d_final


def as_tuple(s):
    return s if isinstance(s, tuple) else (s,)


def close(a, b, tol, what):
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    assert a.shape == b.shape, f"{what}: shapes {a.shape} vs {b.shape}"
    scale = max(1.0, float(np.abs(b).max()))
    err = float(np.abs(a - b).max()) / scale
    assert err < tol, f"{what}: max error {err:.3g} (tolerance {tol})"


def check_against_torch(kind, batch, steps, input_size, hidden, with_state, dtype, seed,
                        nonlinearity="tanh", lengths=None):
    """With ``lengths``, the padded batch goes through pack_padded_sequence(enforce_sorted=False)."""
    params, x, state, d_out, d_final = case(kind, batch, steps, input_size, hidden,
                                            with_state, dtype, seed)
    extra = {"nonlinearity": nonlinearity} if kind == "rnn" else {}
    outputs, final, cache = CELLS[kind].forward(x, params, state, lengths=lengths, **extra)
    grads, d_x, d_state0 = CELLS[kind].backward(d_out, cache, d_final)

    module = convert.to_torch(kind, params, **extra)
    xt = torch.tensor(x, requires_grad=True)
    states_t = [torch.tensor(s[None], requires_grad=True) for s in as_tuple(state)] if with_state else []
    arg = None if not with_state else (tuple(states_t) if kind == "lstm" else states_t[0])
    if lengths is None:
        out_t, final_t = module(xt, arg)
    else:
        packed = torch.nn.utils.rnn.pack_padded_sequence(xt, torch.as_tensor(lengths),
                                                         batch_first=True, enforce_sorted=False)
        packed_out, final_t = module(packed, arg)
        out_t = torch.nn.utils.rnn.pad_packed_sequence(packed_out, batch_first=True,
                                                       total_length=steps)[0]
    finals_t = [f[0] for f in as_tuple(final_t)]
    loss = (out_t * torch.tensor(d_out)).sum() + sum(
        (f * torch.tensor(d)).sum() for f, d in zip(finals_t, as_tuple(d_final)))
    loss.backward()

    tol = TOL[dtype]
    close(outputs, out_t.detach().numpy(), tol, "outputs")
    for ours, theirs in zip(as_tuple(final), finals_t):
        close(ours, theirs.detach().numpy(), tol, "final state")
    close(d_x, xt.grad.numpy(), tol, "d_x")
    if with_state:
        for ours, theirs in zip(as_tuple(d_state0), states_t):
            close(ours, theirs.grad[0].numpy(), tol, "d_state0")
    torch_grads = convert.to_torch(kind, grads, **extra)
    for name, p in module.named_parameters():
        expected = dict(torch_grads.named_parameters())[name].detach().numpy()
        if name == "bias_hh_l0":
            # Torch's recurrent bias gets the same gradient as bias_ih (they are summed),
            # except for the GRU candidate part, which the book keeps as b_nh.
            H = hidden
            expected = dict(torch_grads.named_parameters())["bias_ih_l0"].detach().numpy().copy()
            if kind == "gru":
                expected[2 * H:] = grads["b_nh"]
        close(expected, p.grad.numpy(), tol, f"gradient of {name}")


shapes = st.tuples(st.sampled_from(["rnn", "lstm", "gru"]), st.integers(1, 4),
                   st.integers(1, 12), st.integers(1, 5), st.integers(1, 6), st.booleans(),
                   st.integers(0, 10_000))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(shapes)
def test_reference_equals_torch_float64(args):
    check_against_torch(*args[:6], np.float64, args[6])


@settings(max_examples=30, deadline=None)
@given(shapes)
def test_reference_equals_torch_float32(args):
    check_against_torch(*args[:6], np.float32, args[6])


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_long_sequences_equal_torch(kind, dtype):
    check_against_torch(kind, 2, 150, 3, 8, True, dtype, seed=7)


@pytest.mark.parametrize("with_state", [False, True])
def test_relu_rnn_equals_torch(with_state):
    check_against_torch("rnn", 3, 20, 4, 5, with_state, np.float64, 3, nonlinearity="relu")


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_edge_shapes_equal_torch(kind):
    for batch, steps, hidden in [(1, 1, 1), (1, 1, 7), (5, 1, 1), (1, 30, 1)]:
        check_against_torch(kind, batch, steps, 2, hidden, True, np.float64, seed=batch + steps)


# ------------------------------------------------------------------------------ Keras

def check_against_keras(kind, batch, steps, input_size, hidden, with_state, dtype, seed,
                        lengths=None):
    """With ``lengths``, Keras gets the mask t < length and zero_output_for_mask=True."""
    import tensorflow as tf

    params, x, state, d_out, d_final = case(kind, batch, steps, input_size, hidden,
                                            with_state, dtype, seed)
    outputs, final, cache = CELLS[kind].forward(x, params, state, lengths=lengths)
    grads, d_x, d_state0 = CELLS[kind].backward(d_out, cache, d_final)

    masked = {} if lengths is None else {"zero_output_for_mask": True}
    mask = None if lengths is None else np.arange(steps)[None, :] < np.asarray(lengths)[:, None]
    layer = convert.to_keras(kind, params, **masked)
    xt = tf.constant(x)
    states_t = [tf.constant(s) for s in as_tuple(state)] if with_state else []
    with tf.GradientTape() as tape:
        tape.watch(xt)
        for s in states_t:
            tape.watch(s)
        result = layer(xt, initial_state=states_t or None, mask=mask)
        out_t, finals_t = result[0], result[1:]
        loss = tf.reduce_sum(out_t * d_out) + sum(
            tf.reduce_sum(f * d) for f, d in zip(finals_t, as_tuple(d_final)))
    variables = layer.trainable_variables
    g = tape.gradient(loss, [xt, *states_t, *variables])
    tol = TOL[dtype]
    close(outputs, out_t.numpy(), tol, "outputs")
    for ours, theirs in zip(as_tuple(final), finals_t):
        close(ours, theirs.numpy(), tol, "final state")
    close(d_x, g[0].numpy(), tol, "d_x")
    for ours, theirs in zip(as_tuple(d_state0) if with_state else (), g[1:1 + len(states_t)]):
        close(ours, theirs.numpy(), tol, "d_state0")
    expected = [np.asarray(w) for w in convert.to_keras(kind, grads).get_weights()]
    if kind == "gru":  # both bias rows receive the gate gradients; the book sums them
        H = hidden
        expected[2][1, : 2 * H] = expected[2][0, : 2 * H]
    for e, v, got in zip(expected, variables, g[1 + len(states_t):]):
        close(e, got.numpy(), tol, f"gradient of {v.path}")


@settings(max_examples=12, deadline=None)
@given(shapes)
def test_reference_equals_keras_float64(args):
    check_against_keras(*args[:6], np.float64, args[6])


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_reference_equals_keras_float32_long(kind):
    check_against_keras(kind, 2, 100, 3, 5, True, np.float32, seed=11)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_torch_to_keras_round_trip(kind):
    """Weights taken from a torch module, put into Keras and back give the same numbers."""
    torch.manual_seed(0)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[kind](
        3, 4, batch_first=True, dtype=torch.float64)
    k, params = convert.from_torch(module)
    back = convert.from_keras(convert.to_keras(k, params))[1]
    assert back.keys() == params.keys()
    for name in params:
        np.testing.assert_array_equal(back[name], params[name])
