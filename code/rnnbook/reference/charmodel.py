"""A character-level language model in NumPy, in the spirit of Karpathy's min-char-rnn.

    x_t = onehot(c_t),   h_t = cell(x_t, h_{t-1}),   z_t = W_yh h_t + b_y,
    p_t = softmax(z_t),  loss = mean over t of -log p_t[c_{t+1}]

Everything is a call into :mod:`rnnbook.reference`: the recurrent cell (rnn, lstm or gru),
the dense read-out, the softmax cross-entropy whose gradient is p - onehot(target), Adam and
clipping by the global norm. Training is truncated BPTT over parallel streams of the text
(:mod:`rnnbook.text`), the state carried from chunk to chunk, the gradient not: the same
schedule as the PyTorch and Keras models of chapter 10.
"""

from __future__ import annotations

import math

import numpy as np

from rnnbook import metrics
from rnnbook import text as text_tools
from rnnbook.reference import layers, losses, rnn
from rnnbook.reference.optim import Adam, clip_by_global_norm
from rnnbook.reference.train import init_model, split_model


def one_hot(ids, vocab_size: int, dtype=np.float32) -> np.ndarray:
    """ids (...) integers in [0, vocab_size) -> (..., vocab_size) rows of the identity."""
    ids = np.asarray(ids)
    if not np.issubdtype(ids.dtype, np.integer):
        raise TypeError(f"ids must be integer character ids, got dtype {ids.dtype}.")
    if ids.size and (ids.min() < 0 or ids.max() >= vocab_size):
        raise ValueError(f"ids must lie in [0, {vocab_size}), got values from {ids.min()} to "
                         f"{ids.max()}; encode the text with the model's own Vocabulary.")
    return np.eye(vocab_size, dtype=dtype)[ids]


def init_char_model(vocab_size: int, hidden_size: int, *, cell=rnn, seed: int = 0,
                    dtype=np.float32) -> dict:
    """The cell's parameters (input size = vocab_size) plus W_yh (vocab, hidden), b_y (vocab,)."""
    return init_model(cell, vocab_size, hidden_size, vocab_size, rng=seed, dtype=dtype)


def logits(cell, model: dict, ids, state=None):
    """ids (batch, time) -> logits (batch, time, vocab) and the final state."""
    cell_params, head = split_model(model)
    x = one_hot(ids, head["W"].shape[0], head["W"].dtype)
    outputs, final, _ = cell.forward(x, cell_params, state)
    z, _ = layers.dense_forward(outputs, head)
    return z, final


def chunk_gradients(cell, model: dict, x_ids, y_ids, state=None):
    """Loss (nats, mean over the chunk) and gradients of one chunk, ids (batch, time) each.

    ``state`` is the cell's state from the previous chunk (h (batch, hidden), for the LSTM
    the pair (h, c)) or None. Returns (loss, grads with the keys of model, final state). No
    gradient goes back into the incoming state: that is the truncation.
    """
    cell_params, head = split_model(model)
    x = one_hot(x_ids, head["W"].shape[0], head["W"].dtype)
    outputs, final, cache = cell.forward(x, cell_params, state)
    z, head_cache = layers.dense_forward(outputs, head)
    loss, d_z = losses.softmax_cross_entropy(z, y_ids)         # d_z = (p - onehot(y)) / n
    head_grads, d_outputs = layers.dense_backward(d_z, head_cache)
    grads, _, _ = cell.backward(d_outputs, cache)
    grads.update(W_yh=head_grads["W"], b_y=head_grads["b"])
    return loss, grads, final


def train_tbptt(cell, model: dict, ids, *, batch_size: int = 32, length: int = 64,
                steps: int = 300, lr: float = 3e-3, clip: float = 1.0) -> list[float]:
    """Train ``model`` in place with truncated BPTT on ids (n,); return the loss in bits per step.

    Streams and chunks are scheduled by :func:`rnnbook.text.tbptt_schedule`, as for the
    PyTorch and Keras models, so equal arguments give all three the same chunks in the same
    order; Adam and clipping by the global norm as theirs.
    """
    stream_array = text_tools.streams(ids, batch_size)
    optimizer = Adam(model, lr=lr)
    history, state = [], None
    for x, y, first in text_tools.tbptt_schedule(stream_array, length, steps):
        if first:                                   # the streams start (over): a fresh state
            state = None
        loss, grads, state = chunk_gradients(cell, model, x, y, state)
        clip_by_global_norm(grads, clip)
        optimizer.step(grads)
        history.append(loss / math.log(2))
    return history


def evaluate_bits(cell, model: dict, ids, *, streams: int = text_tools.EVAL_STREAMS) -> float:
    """Bits per character on ids (n,), read as ``streams`` parallel pieces (see
    :func:`rnnbook.text.evaluation_streams`)."""
    x, y = text_tools.evaluation_streams(ids, streams)
    z, _ = logits(cell, model, x)
    return metrics.bits_per_character(z, y)


def generate(cell, model: dict, vocab, prompt: str, length: int, *, temperature: float = 1.0,
             seed: int = 0) -> str:
    """Continue ``prompt`` by ``length`` characters, sampling each from softmax(z / temperature)
    and feeding it back with the carried state."""
    rng = np.random.default_rng(seed)
    z, state = logits(cell, model, vocab.encode(prompt)[None])
    out = []
    for _ in range(length):
        p = metrics.softmax_with_temperature(z[0, -1], temperature)
        out.append(int(rng.choice(len(p), p=p)))
        z, state = logits(cell, model, np.array([[out[-1]]]), state)
    return prompt + vocab.decode(out)


__all__ = ["one_hot", "init_char_model", "logits", "chunk_gradients", "train_tbptt",
           "evaluate_bits", "generate"]
