"""Characters as data: a corpus shipped with the package, a vocabulary, and streams and chunks
for truncated BPTT. (Temperature sampling and bits per character are in :mod:`rnnbook.metrics`.)"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import numpy as np


@dataclass
class Corpus:
    text: str
    name: str
    licence: str


CORPUS_FILE = "python_doc_topics.txt"


def load_corpus() -> Corpus:
    """The topic pages of the Python 3.11.7 documentation (what `help("if")` shows).

    465 126 characters of English prose and code examples, 103 distinct. They are the
    topics of CPython's `pydoc_data.topics`, joined in sorted order, and ship with rnnbook
    (`rnnbook/data/python_doc_topics.txt`, with the PSF licence next to it) instead of being
    read from the running Python, whose copy differs from version to version: the book's
    numbers must not depend on which Python runs it (Colab's included).
    """
    from importlib.resources import files

    text = files("rnnbook.data").joinpath(CORPUS_FILE).read_text(encoding="utf-8")
    return Corpus(text, "Python 3.11.7 documentation topics (CPython's pydoc_data.topics)",
                  "Python Software Foundation License, version 2 (rnnbook/data/"
                  "python_doc_topics.LICENSE.txt)")


class Vocabulary:
    """The characters of a text, each mapped to an integer id (in sorted order)."""

    def __init__(self, text: str):
        if not text:
            raise ValueError("the text is empty: a vocabulary needs at least one character.")
        self.chars = sorted(set(text))
        self.index = {c: i for i, c in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def encode(self, text: str) -> np.ndarray:
        """Ids (len(text),) int64; raises ValueError naming a character not in the vocabulary."""
        try:
            return np.array([self.index[c] for c in text], dtype=np.int64)
        except KeyError as exc:
            raise ValueError(f"character {exc.args[0]!r} is not in the vocabulary of "
                             f"{len(self)} characters.") from exc

    def decode(self, ids) -> str:
        return "".join(self.chars[int(i)] for i in ids)


def unigram_entropy(text: str) -> float:
    """Entropy in bits of the character frequencies of ``text``: the cost per character of a
    model that knows only how often each character occurs."""
    counts = Counter(text)
    n = len(text)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


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
