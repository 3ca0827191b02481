"""RNN, LSTM and GRU cells from the book's equations (not wrappers of nn.RNN/LSTM/GRU)."""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from rnnbook._checks import check_params
from rnnbook.reference import gru as ref_gru
from rnnbook.reference import lstm as ref_lstm
from rnnbook.reference import rnn as ref_rnn


class _BookCell(nn.Module):
    """Parameters named and shaped like rnnbook.reference's dicts, initialised like nn.RNN."""

    reference = None  # the rnnbook.reference module whose param_shapes this cell uses

    @property
    def kind(self) -> str:
        """'rnn', 'lstm' or 'gru': the name of the cell's reference module."""
        return self.reference.__name__.rsplit(".", 1)[-1]

    def __init__(self, input_size: int, hidden_size: int, *, dtype=None, device=None):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        bound = 1.0 / math.sqrt(hidden_size)
        for name, shape in self.reference.param_shapes(input_size, hidden_size).items():
            p = nn.Parameter(torch.empty(shape, dtype=dtype, device=device))
            nn.init.uniform_(p, -bound, bound)
            self.register_parameter(name, p)

    def book_params(self) -> dict:
        """The parameters as a dict of NumPy arrays, ready for rnnbook.reference."""
        return {name: p.detach().cpu().numpy().copy() for name, p in self.named_parameters()}

    def load_book_params(self, params: dict) -> _BookCell:
        """Copy a rnnbook.reference parameter dict into this cell; returns self."""
        own = dict(self.named_parameters())
        check_params(params, {name: tuple(p.shape) for name, p in own.items()}, self.kind)
        with torch.no_grad():
            for name, p in own.items():
                p.copy_(torch.as_tensor(np.asarray(params[name])))
        return self

    def zero_state(self, batch: int, like: torch.Tensor):
        return torch.zeros(batch, self.hidden_size, dtype=like.dtype, device=like.device)


class RNNCell(_BookCell):
    """h_t = phi(W_xh x_t + W_hh h_{t-1} + b_h). x_t (batch, input), h (batch, hidden)."""

    reference = ref_rnn

    def __init__(self, input_size, hidden_size, *, nonlinearity="tanh", dtype=None, device=None):
        super().__init__(input_size, hidden_size, dtype=dtype, device=device)
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"nonlinearity must be 'tanh' or 'relu', got {nonlinearity!r}.")
        self.phi = torch.tanh if nonlinearity == "tanh" else torch.relu

    def forward(self, x_t, h=None):
        h = self.zero_state(x_t.shape[0], x_t) if h is None else h
        return self.phi(x_t @ self.W_xh.T + h @ self.W_hh.T + self.b_h)


class LSTMCell(_BookCell):
    """One LSTM step; the state is (h, c), each (batch, hidden)."""

    reference = ref_lstm

    def gate(self, name, x_t, h):
        """W_{name}x x_t + W_{name}h h + b_{name}, the pre-activation of one gate."""
        W_x, W_h, b = getattr(self, f"W_{name}x"), getattr(self, f"W_{name}h"), getattr(self, f"b_{name}")
        return x_t @ W_x.T + h @ W_h.T + b

    def forward(self, x_t, state=None):
        if state is None:
            state = (self.zero_state(x_t.shape[0], x_t),) * 2
        h, c = state
        i = torch.sigmoid(self.gate("i", x_t, h))     # input gate: how much to write
        f = torch.sigmoid(self.gate("f", x_t, h))     # forget gate: how much to keep
        g = torch.tanh(self.gate("g", x_t, h))        # candidate: what to write
        o = torch.sigmoid(self.gate("o", x_t, h))     # output gate: how much to read
        c = f * c + i * g
        return o * torch.tanh(c), c


class GRUCell(_BookCell):
    """One GRU step (reset applied after the recurrent product, as PyTorch and Keras)."""

    reference = ref_gru

    def forward(self, x_t, h=None):
        h = self.zero_state(x_t.shape[0], x_t) if h is None else h
        r = torch.sigmoid(x_t @ self.W_rx.T + h @ self.W_rh.T + self.b_r)
        z = torch.sigmoid(x_t @ self.W_zx.T + h @ self.W_zh.T + self.b_z)
        n = torch.tanh(x_t @ self.W_nx.T + self.b_n + r * (h @ self.W_nh.T + self.b_nh))
        return (1 - z) * n + z * h


CELL_CLASSES = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}


class Recurrent(nn.Module):
    """Run a cell over a batch-first sequence.

    forward(x (batch, time, input), state=None) -> (outputs (batch, time, hidden), final_state).
    """

    def __init__(self, cell: _BookCell):
        super().__init__()
        self.cell = cell

    def forward(self, x, state=None):
        if x.ndim != 3 or x.shape[2] != self.cell.input_size:
            raise ValueError(f"x must be (batch, time, {self.cell.input_size}), got {tuple(x.shape)}.")
        outputs = []
        for t in range(x.shape[1]):
            state = self.cell(x[:, t], state)
            outputs.append(state[0] if isinstance(state, tuple) else state)
        return torch.stack(outputs, dim=1), state
