"""Text for truncated BPTT: parallel streams of character ids, cut into chunks, scheduled.

The corpus and its vocabulary are in :mod:`rnnbook.data.corpus`; temperature sampling and
bits per character in :mod:`rnnbook.metrics`.
"""

from __future__ import annotations

import numpy as np


def streams(ids, batch_size: int) -> np.ndarray:
    """Cut a sequence of ids into ``batch_size`` parallel streams, (batch_size, length).

    Stream b is the b-th contiguous piece of the text, so consecutive chunks of a stream
    continue each other and the recurrent state can be carried from chunk to chunk.
    """
    ids = np.asarray(ids)
    length = len(ids) // batch_size
    if length < 2:
        raise ValueError(f"{len(ids)} ids are too few for {batch_size} streams.")
    return ids[: length * batch_size].reshape(batch_size, length)


EVAL_STREAMS = 16
"""Held-out text is scored as this many parallel streams: read as one sequence, a recurrent
network would need one sequential step, with a batch of one, for every character."""


def evaluation_streams(ids, count: int = EVAL_STREAMS):
    """Inputs and next-character targets for scoring held-out ids (n,): (x, y), each
    (count, n // count - 1).

    Each stream is read from a fresh state, so its first few characters are predicted with
    little context: a slightly higher cost than reading the text as one sequence (chapter 10
    measures the difference).
    """
    stream_array = streams(ids, count)
    return stream_array[:, :-1], stream_array[:, 1:]


def chunks(stream_array: np.ndarray, length: int):
    """Consecutive (x, y) chunks of the streams, y = x shifted by one character.

    Yields arrays of shape (batch, length) in order; the last, shorter chunk is dropped.
    """
    total = stream_array.shape[1] - 1
    for start in range(0, total - length + 1, length):
        yield stream_array[:, start:start + length], stream_array[:, start + 1:start + length + 1]


def tbptt_schedule(stream_array, length: int, steps: int):
    """The chunks of ``steps`` training steps of truncated BPTT: yields (x, y, first).

    Chunks come in order (see :func:`chunks`) and start over at the beginning of the
    streams when they run out; ``first`` is True for a chunk that begins the streams, where
    the recurrent state must start afresh. Used by the PyTorch and the Keras text models.
    """
    if stream_array.shape[1] - 1 < length:
        raise ValueError(f"streams of {stream_array.shape[1]} ids hold no chunk of {length} "
                         "steps; use shorter chunks or fewer streams.")
    done = 0
    while True:
        for k, (x, y) in enumerate(chunks(stream_array, length)):
            if done == steps:
                return
            yield x, y, k == 0
            done += 1
