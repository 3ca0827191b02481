"""Parameter counts of the book's cells and of the frameworks' layers."""

from __future__ import annotations

import math

from rnnbook.reference import gru, lstm

# Blocks of weights per cell: the plain RNN has one, the gated cells one per gate.
GATES_PER_KIND = {"rnn": 1, "lstm": len(lstm.GATES), "gru": len(gru.GATES)}


def param_count(kind: str, input_size: int, hidden_size: int, *, framework: str = "book",
                num_layers: int = 1, bidirectional: bool = False) -> int:
    """Number of trainable parameters of a (stacked, bidirectional) recurrent layer.

    Each of the G gates (rnn 1, gru 3, lstm 4) has an input matrix (hidden x input), a
    recurrent matrix (hidden x hidden) and biases: one per gate in the book and in Keras's
    SimpleRNN/LSTM, two per gate in PyTorch and in Keras's GRU(reset_after=True); the
    book's GRU has one more vector, b_nh. Layer l > 1 reads hidden * directions inputs.
    """
    if kind not in GATES_PER_KIND:
        raise ValueError(f"kind must be one of {sorted(GATES_PER_KIND)}, got {kind!r}.")
    if framework not in ("book", "torch", "keras"):
        raise ValueError(f"framework must be 'book', 'torch' or 'keras', got {framework!r}.")
    G, H = GATES_PER_KIND[kind], hidden_size
    directions = 2 if bidirectional else 1
    if framework == "torch" or (framework == "keras" and kind == "gru"):
        biases = 2 * G * H
    else:
        biases = G * H + (H if kind == "gru" else 0)
    total = 0
    for layer in range(num_layers):
        d = input_size if layer == 0 else H * directions
        total += directions * (G * H * d + G * H * H + biases)
    return total


def count_array_params(params: dict) -> int:
    """Number of entries in a parameter dict (e.g. from init_params)."""
    return sum(math.prod(getattr(p, "shape", ())) for p in params.values())
