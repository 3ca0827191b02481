"""The text of chapter 10: a corpus that ships with the package, and its vocabulary."""

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
