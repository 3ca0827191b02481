"""RNN, LSTM and GRU cells from the book's equations, as Keras 3 layers.

Weights are named and shaped as in the equations (W_fx is (hidden, input)), unlike
Keras's own kernels, which are stored transposed (input, hidden).
"""

from __future__ import annotations

import math

import keras
import numpy as np
from keras import ops

from rnnbook._checks import check_params
from rnnbook.reference import gru as ref_gru
from rnnbook.reference import lstm as ref_lstm
from rnnbook.reference import rnn as ref_rnn


class _BookCell(keras.layers.Layer):
    reference = None  # the rnnbook.reference module whose param_shapes this cell uses

    @property
    def kind(self) -> str:
        """'rnn', 'lstm' or 'gru': the name of the cell's reference module."""
        return self.reference.__name__.rsplit(".", 1)[-1]
    n_states = 1

    def __init__(self, units: int, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.state_size = [units] * self.n_states if self.n_states > 1 else units
        self.output_size = units

    def build(self, input_shape):
        input_size = int(input_shape[-1])
        bound = 1.0 / math.sqrt(self.units)
        init = keras.initializers.RandomUniform(-bound, bound)
        for name, shape in self.reference.param_shapes(input_size, self.units).items():
            setattr(self, name, self.add_weight(shape=shape, initializer=init, name=name))
        self.built = True

    def book_params(self) -> dict:
        """The weights as a rnnbook.reference parameter dict of NumPy arrays."""
        names = self.reference.param_shapes(1, self.units).keys()
        return {name: np.asarray(getattr(self, name).numpy()).copy() for name in names}

    def load_book_params(self, params: dict):
        """Assign a rnnbook.reference parameter dict (the layer must be built); returns self."""
        if not self.built:
            raise ValueError("build the cell first, e.g. by calling the RNN layer on an input.")
        own = {name: getattr(self, name) for name in self.reference.param_shapes(1, self.units)}
        check_params(params, {name: tuple(w.shape) for name, w in own.items()}, self.kind)
        for name, weight in own.items():
            weight.assign(np.asarray(params[name]))
        return self

    def get_config(self):
        return {**super().get_config(), "units": self.units}


def _affine(x, W, h, U, b):
    return ops.matmul(x, ops.transpose(W)) + ops.matmul(h, ops.transpose(U)) + b


class RNNCell(_BookCell):
    """h_t = tanh(W_xh x_t + W_hh h_{t-1} + b_h); inputs (batch, input), state (batch, units)."""

    reference = ref_rnn

    def call(self, inputs, states):
        h = states[0] if isinstance(states, (list, tuple)) else states
        h = ops.tanh(_affine(inputs, self.W_xh, h, self.W_hh, self.b_h))
        return h, [h]


class LSTMCell(_BookCell):
    """One LSTM step; states [h, c], each (batch, units)."""

    reference = ref_lstm
    n_states = 2

    def call(self, inputs, states):
        h, c = states
        i = ops.sigmoid(_affine(inputs, self.W_ix, h, self.W_ih, self.b_i))
        f = ops.sigmoid(_affine(inputs, self.W_fx, h, self.W_fh, self.b_f))
        g = ops.tanh(_affine(inputs, self.W_gx, h, self.W_gh, self.b_g))
        o = ops.sigmoid(_affine(inputs, self.W_ox, h, self.W_oh, self.b_o))
        c = f * c + i * g
        h = o * ops.tanh(c)
        return h, [h, c]


class GRUCell(_BookCell):
    """One GRU step, reset after the recurrent product (Keras's reset_after=True)."""

    reference = ref_gru

    def call(self, inputs, states):
        h = states[0] if isinstance(states, (list, tuple)) else states
        r = ops.sigmoid(_affine(inputs, self.W_rx, h, self.W_rh, self.b_r))
        z = ops.sigmoid(_affine(inputs, self.W_zx, h, self.W_zh, self.b_z))
        n = ops.tanh(ops.matmul(inputs, ops.transpose(self.W_nx)) + self.b_n
                     + r * (ops.matmul(h, ops.transpose(self.W_nh)) + self.b_nh))
        h = (1 - z) * n + z * h
        return h, [h]


CELL_CLASSES = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}
