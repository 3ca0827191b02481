"""The book's cells written from scratch as torch.nn.Modules, and training helpers.

- :class:`RNNCell`, :class:`LSTMCell`, :class:`GRUCell` -- one step, parameters named as in
  the equations (W_xh, W_fx, b_f, ...), matrices (out, in).
- :class:`Recurrent` -- runs a cell over a batch-first sequence.
- :class:`SequenceModel` -- nn.RNN/LSTM/GRU (or a from-scratch cell) plus a linear head.
- :func:`fit` -- a small training loop with a tqdm progress bar and a loss history.
- :class:`CharModel`, :func:`train_tbptt`, :func:`generate` -- a character language model.
- :class:`DenseAutoencoder`, :class:`VAE` (:func:`vae_loss`, :func:`fit_vae`),
  :class:`SequenceAutoencoder` -- the autoencoders, from PyTorch's own layers.
"""

from rnnbook.torch.autoencoders import (
    VAE,
    DenseAutoencoder,
    SequenceAutoencoder,
    fit_vae,
    gaussian_kl,
    vae_loss,
)
from rnnbook.torch.cells import CELL_CLASSES, GRUCell, LSTMCell, Recurrent, RNNCell
from rnnbook.torch.charmodel import CharModel, evaluate_bits, generate, train_tbptt
from rnnbook.torch.training import SequenceModel, default_device, fit, predict

__all__ = ["RNNCell", "LSTMCell", "GRUCell", "Recurrent", "CELL_CLASSES", "SequenceModel",
           "fit", "predict", "default_device", "CharModel", "train_tbptt", "evaluate_bits", "generate",
           "DenseAutoencoder", "VAE", "SequenceAutoencoder", "vae_loss", "fit_vae", "gaussian_kl"]
