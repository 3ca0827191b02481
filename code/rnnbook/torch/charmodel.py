"""A character-level language model in PyTorch, trained with truncated BPTT."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from rnnbook import metrics
from rnnbook import text as text_tools
from rnnbook.data.corpus import Vocabulary


class CharModel(nn.Module):
    """Embedding -> GRU or LSTM -> linear layer to the vocabulary.

    forward(x ids (batch, time), state=None) -> (logits (batch, time, vocab), state).
    """

    def __init__(self, vocab_size: int, *, embed: int = 32, hidden: int = 128, kind: str = "gru",
                 seed: int = 0):
        super().__init__()
        if kind not in ("gru", "lstm"):
            raise ValueError(f"kind must be 'gru' or 'lstm', got {kind!r}.")
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self.embed = nn.Embedding(vocab_size, embed)
            self.rnn = (nn.GRU if kind == "gru" else nn.LSTM)(embed, hidden, batch_first=True)
            self.out = nn.Linear(hidden, vocab_size)

    def forward(self, x, state=None):
        outputs, state = self.rnn(self.embed(x), state)
        return self.out(outputs), state


def _detach(state):
    return tuple(s.detach() for s in state) if isinstance(state, tuple) else state.detach()


def train_tbptt(model: CharModel, ids, *, batch_size: int = 32, length: int = 64,
                steps: int = 600, lr: float = 3e-3, clip: float = 1.0, progress: bool = True):
    """Train on parallel streams of ``ids`` with truncated BPTT; return the loss (bits) per step.

    The state is carried from each chunk to the next (and detached, so the gradient stops
    at the chunk boundary), and reset when the streams are exhausted and start over.
    """
    stream_array = torch.as_tensor(text_tools.streams(ids, batch_size))
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history, state = [], None
    schedule = text_tools.tbptt_schedule(stream_array, length, steps)
    for x, y, first in tqdm(schedule, total=steps, desc="steps", disable=not progress, leave=False):
        if first:                               # the streams start (over): a fresh state
            state = None
        logits, state = model(x, state)
        state = _detach(state)                  # carry the state, not the gradient
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), clip)
        optimizer.step()
        history.append(loss.item() / math.log(2))
    return history


@torch.no_grad()
def evaluate_bits(model: CharModel, ids, *, streams: int = text_tools.EVAL_STREAMS) -> float:
    """Bits per character of ``model`` on ids (n,), read as ``streams`` parallel pieces (see
    :func:`rnnbook.text.evaluation_streams`)."""
    x, y = text_tools.evaluation_streams(ids, streams)
    logits, _ = model(torch.as_tensor(x))
    return metrics.bits_per_character(logits.numpy(), y)


@torch.no_grad()
def generate(model: CharModel, vocab: Vocabulary, prompt: str, length: int, *,
             temperature: float = 1.0, seed: int = 0) -> str:
    """Continue ``prompt`` by ``length`` characters, sampling at ``temperature``."""
    rng = np.random.default_rng(seed)
    logits, state = model(torch.as_tensor(vocab.encode(prompt))[None])
    out = []
    for _ in range(length):
        p = metrics.softmax_with_temperature(logits[0, -1].numpy(), temperature)
        nxt = int(rng.choice(len(p), p=p))
        out.append(nxt)
        logits, state = model(torch.tensor([[nxt]]), state)
    return prompt + vocab.decode(out)
