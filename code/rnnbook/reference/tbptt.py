"""Truncated backpropagation through time over consecutive chunks of a long sequence.

The sequence is cut into chunks of ``window`` steps. Each chunk starts from the state the
previous chunk ended in (the state is carried forward), but no gradient flows back across
a chunk boundary: that is what truncation drops, and what ``h.detach()`` does in PyTorch.
"""

from __future__ import annotations

import numpy as np


def truncated_bptt(cell, x, params, window: int, loss_and_grad, state=None, **cell_kwargs):
    """Sum of losses and parameter gradients over chunks of ``window`` steps.

    cell: rnnbook.reference.rnn, .lstm or .gru; x (batch, time, input).
    loss_and_grad(outputs_chunk, start) -> (loss, d_outputs_chunk), where outputs_chunk is
    (batch, chunk, hidden) for steps start .. start + chunk - 1.
    Returns (total_loss, grads with the keys of params, final_state). With window >= time
    it is full BPTT.
    """
    if int(window) != window or window < 1:
        raise ValueError(f"window must be a positive integer number of steps, got {window!r}.")
    x = np.asarray(x)
    total, grads = 0.0, {k: np.zeros_like(v) for k, v in params.items()}
    for start in range(0, x.shape[1], int(window)):
        outputs, state, cache = cell.forward(x[:, start:start + window], params, state, **cell_kwargs)
        loss, d_outputs = loss_and_grad(outputs, start)
        chunk_grads, _, _ = cell.backward(d_outputs, cache)  # nothing flows into the previous chunk
        total += loss
        for k in grads:
            grads[k] += chunk_grads[k]
        # Free this window's cache now: held until the next forward returns, it would double
        # the peak memory, which truncation is meant to bound by one window.
        del outputs, cache, d_outputs, chunk_grads
    return total, grads, state
