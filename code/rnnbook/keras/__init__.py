"""The book's cells written from scratch as Keras 3 layers, and training helpers.

Importing this module selects the TensorFlow backend (before Keras is imported) and
silences TensorFlow's start-up log lines.

- :class:`RNNCell`, :class:`LSTMCell`, :class:`GRUCell` -- usable as
  ``keras.layers.RNN(cell, return_sequences=True, return_state=True)``.
- :func:`sequence_model` -- SimpleRNN/LSTM/GRU (or a from-scratch cell) plus a Dense head.
- :func:`sequence_model_from_torch` -- the Keras twin of a trained rnnbook.torch.SequenceModel.
- :func:`fit` -- compile with Adam and train; returns the loss history.
- :class:`DenseAutoencoder`, :class:`VAE`, :class:`SequenceAutoencoder` -- the
  autoencoders, from Keras's own layers.
"""

import rnnbook  # noqa: F401  (sets KERAS_BACKEND and TF's log level first)
from rnnbook.keras import charmodel
from rnnbook.keras.autoencoders import (
    VAE,
    DenseAutoencoder,
    SequenceAutoencoder,
    summed_binary_crossentropy,
)
from rnnbook.keras.cells import CELL_CLASSES, GRUCell, LSTMCell, RNNCell
from rnnbook.keras.training import fit, sequence_model, sequence_model_from_torch

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "CELL_CLASSES", "sequence_model", "sequence_model_from_torch", "fit", "charmodel",
           "DenseAutoencoder", "VAE", "SequenceAutoencoder", "summed_binary_crossentropy"]
