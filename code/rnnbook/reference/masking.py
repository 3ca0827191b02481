"""Sequences of different lengths in one padded batch: masks, losses over real steps only.

A batch (batch, time, features) holds sequence b in its first ``lengths[b]`` steps and
padding after. With ``lengths=`` the cells compute, for every step t,

    h_t = h~_t      where t < length   (a real step: the cell's usual update h~_t)
    h_t = h_{t-1}   where t >= length  (padding: the state is carried through unchanged)

and output zeros at padded steps, as PyTorch's ``pack_padded_sequence`` does. So the final
state is each sequence's state at its own last step, and padding gets no gradient: in
backward, a padded step passes dL/dh_t straight to h_{t-1} and adds nothing to the weights.
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import as_float_array, check_finite, check_lengths


def step_mask(lengths, steps: int) -> np.ndarray:
    """(batch, time) booleans, True at the real steps t < lengths[b]. lengths: (batch,)."""
    lengths = check_lengths(lengths, None, steps)
    return np.arange(steps)[None, :] < lengths[:, None]


def real_steps(lengths, batch: int, steps: int) -> list:
    """One entry per step: a (batch, 1) boolean mask of the sequences for which step t is
    real, or None at every step when ``lengths`` is None (no padding). What the cells' loops
    hand to :func:`carry` and :func:`split_padding`."""
    if lengths is None:
        return [None] * steps
    mask = step_mask(check_lengths(lengths, batch, steps), steps)
    return [mask[:, t, None] for t in range(steps)]


def zero_padding(values: np.ndarray, lengths) -> np.ndarray:
    """``values`` (batch, time, ...) with the padded steps set to zero; itself when lengths is None."""
    if lengths is None:
        return values
    mask = step_mask(check_lengths(lengths, values.shape[0], values.shape[1]), values.shape[1])
    return np.where(mask.reshape(*mask.shape, *[1] * (values.ndim - 2)), values, 0.0).astype(
        values.dtype, copy=False)


def carry(real: np.ndarray | None, new: np.ndarray, old: np.ndarray) -> np.ndarray:
    """The state after one step: ``new`` where the step is real, ``old`` carried through padding.

    real: (batch, 1) booleans, or None when every step is real.
    """
    return new if real is None else np.where(real, new, old)


def split_padding(real: np.ndarray | None, d: np.ndarray):
    """A state's gradient split in two: (the part into this step's update, the part that
    skips a padded step and goes straight to the previous state). real: (batch, 1) or None."""
    if real is None:
        return d, 0.0
    return np.where(real, d, 0.0), np.where(real, 0.0, d)


def last_outputs(outputs, lengths) -> np.ndarray:
    """Each sequence's output at its own last real step: outputs (batch, time, hidden) ->
    (batch, hidden). ``outputs[:, -1]`` is that only for the sequences of full length."""
    outputs = as_float_array(outputs, "outputs")
    if outputs.ndim != 3:
        raise ValueError(f"outputs must be (batch, time, hidden), got shape {outputs.shape}.")
    lengths = check_lengths(lengths, outputs.shape[0], outputs.shape[1])
    return outputs[np.arange(len(lengths)), lengths - 1]


def last_outputs_backward(d_last, lengths, steps: int) -> np.ndarray:
    """The gradient of :func:`last_outputs`: d_last (batch, hidden) -> (batch, time, hidden),
    zero everywhere but at each sequence's last real step."""
    d_last = as_float_array(d_last, "d_last")
    lengths = check_lengths(lengths, d_last.shape[0], steps)
    d_outputs = np.zeros((d_last.shape[0], steps, *d_last.shape[1:]), dtype=d_last.dtype)
    d_outputs[np.arange(len(lengths)), lengths - 1] = d_last
    return d_outputs


def masked_mse(prediction, target, lengths):
    """Mean squared error over the real steps only (the padding is not averaged in).

    prediction, target: (batch, time, features); lengths: (batch,).
    Returns (loss, d_prediction), d_prediction zero at padded steps.
    """
    prediction = as_float_array(prediction, "prediction")
    target = as_float_array(target, "target", dtype=prediction.dtype)
    if prediction.shape != target.shape or prediction.ndim != 3:
        raise ValueError(f"prediction and target must both be (batch, time, features), got "
                         f"{prediction.shape} and {target.shape}.")
    check_lengths(lengths, prediction.shape[0], prediction.shape[1])
    real = step_mask(lengths, prediction.shape[1])[..., None]
    check_finite(np.where(real, prediction, 0.0), "prediction at the real steps")
    diff = np.where(real, prediction - np.where(real, target, 0.0), 0.0)
    count = real.sum() * prediction.shape[2]
    return float(np.sum(diff**2) / count), 2.0 * diff / count
