"""Stacked and bidirectional recurrent layers, built from the single-layer cells.

Layer l reads the outputs of layer l - 1 as its input sequence. A bidirectional layer runs
a second cell on the time-reversed sequence and concatenates, at every step t, the forward
state h_t (which has read x_1..x_t) with the backward one (which has read x_T..x_t).
"""

from __future__ import annotations

import numpy as np


def forward(cell, x, stack: list[list[dict]], **cell_kwargs):
    """Run a stack of layers; stack[layer][direction] is a parameter dict of ``cell``.

    x (batch, time, input). Returns outputs (batch, time, directions * hidden) of the top
    layer and the final states as a list over (layer, direction), in PyTorch's h_n order.
    """
    finals = []
    inputs = np.asarray(x)
    for directions in stack:
        outs = []
        for k, params in enumerate(directions):
            seq = inputs if k == 0 else inputs[:, ::-1]
            out, final, _ = cell.forward(np.ascontiguousarray(seq), params, **cell_kwargs)
            outs.append(out if k == 0 else out[:, ::-1])
            finals.append(final)
        inputs = np.concatenate(outs, axis=-1)
    return inputs, finals
