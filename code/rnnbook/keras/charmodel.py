"""A character-level language model in Keras, trained with truncated BPTT (stateful GRU)."""

from __future__ import annotations

import math

import keras
import numpy as np

from rnnbook import metrics
from rnnbook import text as text_tools


def char_model(vocab_size: int, batch_size: int | None, *, embed: int = 32, hidden: int = 128,
               stateful: bool = True, seed: int | None = 0):
    """Embedding -> GRU -> Dense logits, ids (batch, time) -> logits (batch, time, vocab).

    ``stateful=True`` keeps the GRU's state from one batch to the next (Keras needs a fixed
    ``batch_size`` for that); this is how the state is carried across chunks. ``seed`` seeds
    Keras's random state before the weights are drawn; None leaves it as it is.
    """
    if seed is not None:
        keras.utils.set_random_seed(seed)
    inputs = keras.Input(batch_shape=(batch_size, None), dtype="int32")
    x = keras.layers.Embedding(vocab_size, embed)(inputs)
    x = keras.layers.GRU(hidden, return_sequences=True, stateful=stateful)(x)
    return keras.Model(inputs, keras.layers.Dense(vocab_size)(x))


def _reset(model):
    for layer in model.layers:
        if getattr(layer, "stateful", False):
            layer.reset_states()


def train_tbptt(model, ids, *, batch_size: int = 32, length: int = 64, steps: int = 600,
                lr: float = 3e-3, clip: float = 1.0) -> list[float]:
    """Truncated BPTT over parallel streams with a stateful model; loss in bits per step.

    Keras carries the state between train_on_batch calls (stateful layer) and never
    backpropagates into an earlier call, which is exactly the truncation.
    """
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr, global_clipnorm=clip),
                  loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True))
    stream_array = text_tools.streams(ids, batch_size).astype(np.int32)
    history = []
    for x, y, first in text_tools.tbptt_schedule(stream_array, length, steps):
        if first:                               # the streams start (over): a fresh state
            _reset(model)
        loss = model.train_on_batch(x, y)
        history.append(float(np.asarray(loss).ravel()[0]) / math.log(2))
    return history


def evaluate_bits(model, ids, *, streams: int = text_tools.EVAL_STREAMS) -> float:
    """Bits per character on ids (n,), read as ``streams`` parallel pieces (see
    :func:`rnnbook.text.evaluation_streams`), by a stateless copy of ``model`` (a
    :func:`char_model`, whose sizes it reads)."""
    embedding, gru, dense = model.layers[-3:]
    copy = char_model(dense.units, streams, embed=embedding.output_dim, hidden=gru.units,
                      stateful=False, seed=None)
    copy.set_weights(model.get_weights())
    x, y = text_tools.evaluation_streams(ids, streams)
    logits = copy.predict_on_batch(x.astype(np.int32))
    return metrics.bits_per_character(np.asarray(logits), y)
