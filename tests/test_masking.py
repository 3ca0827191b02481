"""Padded batches with ``lengths=``: the reference equals PyTorch's packed sequences and
Keras's masks, forward and backward, and equals running each sequence alone."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_reference_vs_frameworks import (
    as_tuple,
    case,
    check_against_keras,
    check_against_torch,
    close,
)

from rnnbook.reference import CELLS, losses
from rnnbook.reference.masking import (
    last_outputs,
    last_outputs_backward,
    masked_mse,
    step_mask,
    zero_padding,
)

KINDS = ["rnn", "lstm", "gru"]


@st.composite
def padded_cases(draw):
    kind = draw(st.sampled_from(KINDS))
    batch, steps = draw(st.integers(1, 5)), draw(st.integers(1, 9))
    lengths = draw(st.lists(st.integers(1, steps), min_size=batch, max_size=batch))
    return (kind, batch, steps, draw(st.integers(1, 4)), draw(st.integers(1, 5)),
            draw(st.booleans()), draw(st.integers(0, 10_000)), np.array(lengths))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(padded_cases())
def test_masked_reference_equals_packed_torch(args):
    *shape, seed, lengths = args
    check_against_torch(*shape, np.float64, seed, lengths=lengths)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_masked_reference_equals_packed_torch_lengths_1_and_T(kind, dtype):
    check_against_torch(kind, 4, 12, 3, 5, True, dtype, seed=2, lengths=np.array([12, 1, 7, 12]))


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(padded_cases())
def test_masked_reference_equals_masked_keras(args):
    *shape, seed, lengths = args
    check_against_keras(*shape, np.float64, seed, lengths=lengths)


@pytest.mark.parametrize("kind", KINDS)
def test_masked_reference_equals_masked_keras_lengths_1_and_T(kind):
    check_against_keras(kind, 3, 10, 2, 4, True, np.float32, seed=5, lengths=np.array([1, 10, 4]))


def test_keras_repeats_the_last_output_in_padding_by_default():
    """What the chapter warns about: without zero_output_for_mask, Keras fills the padded
    steps with the last real output, where PyTorch (and the reference) put zeros."""
    from rnnbook import convert
    params, x, *_ = case("lstm", 2, 6, 3, 4, False, np.float64, 1)
    mask = np.arange(6)[None, :] < np.array([[6], [2]])
    out = np.asarray(convert.to_keras("lstm", params)(x, mask=mask)[0])
    np.testing.assert_array_equal(out[1, 2:], np.broadcast_to(out[1, 1], (4, 4)))
    assert np.abs(out[1, 1]).max() > 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_padded_batch_equals_each_sequence_alone(kind):
    """Outputs, final states and every gradient, whatever fills the padding."""
    lengths = np.array([5, 1, 3, 5])
    params, x, state, d_out, d_final = case(kind, 4, 5, 3, 6, True, np.float64, seed=9)
    x = np.where(step_mask(lengths, 5)[..., None], x, 1e3)        # huge padding: must not matter
    outputs, final, cache = CELLS[kind].forward(x, params, state, lengths=lengths)
    grads, d_x, d_state0 = CELLS[kind].backward(d_out, cache, d_final)
    summed = {name: np.zeros_like(value) for name, value in params.items()}
    for b, length in enumerate(lengths):
        alone_state = tuple(s[b:b + 1] for s in as_tuple(state))
        alone_state = alone_state if kind == "lstm" else alone_state[0]
        out_b, final_b, cache_b = CELLS[kind].forward(x[b:b + 1, :length], params, alone_state)
        d_final_b = tuple(d[b:b + 1] for d in as_tuple(d_final))
        grads_b, d_x_b, d_state0_b = CELLS[kind].backward(
            d_out[b:b + 1, :length], cache_b, d_final_b if kind == "lstm" else d_final_b[0])
        close(outputs[b, :length], out_b[0], 1e-13, "outputs")
        assert np.all(outputs[b, length:] == 0), "outputs at padded steps must be zero"
        for ours, alone in zip(as_tuple(final), as_tuple(final_b)):
            close(ours[b], alone[0], 1e-13, "final state")
        close(d_x[b, :length], d_x_b[0], 1e-13, "d_x")
        assert np.all(d_x[b, length:] == 0), "padding must get no gradient"
        for ours, alone in zip(as_tuple(d_state0), as_tuple(d_state0_b)):
            close(ours[b], alone[0], 1e-13, "d_state0")
        for name in summed:
            summed[name] += grads_b[name]
    for name in summed:
        close(grads[name], summed[name], 1e-12, f"gradient of {name}")


@pytest.mark.parametrize("kind", KINDS)
def test_full_lengths_change_nothing(kind):
    params, x, state, d_out, d_final = case(kind, 3, 7, 2, 4, True, np.float64, seed=4)
    plain = CELLS[kind].forward(x, params, state)
    masked = CELLS[kind].forward(x, params, state, lengths=np.array([7, 7, 7]))
    np.testing.assert_array_equal(plain[0], masked[0])
    for a, b in zip(CELLS[kind].backward(d_out, plain[2], d_final)[0].values(),
                    CELLS[kind].backward(d_out, masked[2], d_final)[0].values()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("lengths, error, words", [
    (np.array([3, 0]), ValueError, "lengths[1] = 0"),
    (np.array([3, 6]), ValueError, "in [1, 5]"),
    (np.array([-1, 2]), ValueError, "lengths[0] = -1"),
    (np.array([3, 2, 1]), ValueError, "shape (batch,) = (2,)"),
    (np.array([[3, 2]]), ValueError, "got shape (1, 2)"),
    (np.array([2.0, 3.0]), TypeError, "integers"),
    (np.array([2.5, 3.0]), TypeError, "float64"),
    ([True, True], TypeError, "bool"),
    ("35", TypeError, "integer array"),
])
@pytest.mark.parametrize("kind", KINDS)
def test_bad_lengths_are_named(kind, lengths, error, words):
    params, x, *_ = case(kind, 2, 5, 2, 3, False, np.float64, 0)
    with pytest.raises(error) as info:
        CELLS[kind].forward(x, params, lengths=lengths)
    assert words in str(info.value)


def test_masked_mse_averages_over_real_steps_only():
    rng = np.random.default_rng(0)
    lengths = np.array([4, 1, 2])
    prediction, target = rng.normal(size=(2, 3, 4, 2))
    loss, d = masked_mse(prediction, target, lengths)
    real = step_mask(lengths, 4)
    flat_loss, _ = losses.mse(prediction[real], target[real])
    assert loss == pytest.approx(flat_loss, rel=1e-12)
    assert np.all(d[~real] == 0)
    np.testing.assert_allclose(d[real], 2 * (prediction[real] - target[real]) / (7 * 2))
    # The unmasked mean divides by 12 steps instead of 7 and counts the padding's error.
    assert losses.mse(zero_padding(prediction, lengths), zero_padding(target, lengths))[0] == \
        pytest.approx(flat_loss * 7 / 12)


def test_masked_mse_ignores_what_is_in_the_padding():
    lengths = np.array([2, 3])
    prediction = np.ones((2, 3, 1))
    target = np.zeros((2, 3, 1))
    target[0, 2] = np.nan            # padding may hold anything, even NaN in the target
    assert masked_mse(prediction, target, lengths)[0] == 1.0


def test_last_outputs_picks_each_sequences_last_real_step_and_back():
    outputs = np.arange(2 * 4 * 3, dtype=float).reshape(2, 4, 3)
    np.testing.assert_array_equal(last_outputs(outputs, [2, 4]), [outputs[0, 1], outputs[1, 3]])
    d = last_outputs_backward(np.ones((2, 3)), [2, 4], 4)
    assert d.shape == (2, 4, 3) and d.sum() == 6 and np.all(d[0, 1] == 1) and np.all(d[1, 3] == 1)
    with pytest.raises(ValueError, match=r"in \[1, 4\]"):
        last_outputs(outputs, [0, 4])
