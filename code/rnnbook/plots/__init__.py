"""The book's figures, drawn with matplotlib.

- :func:`unrolled` -- an RNN drawn rolled and unrolled through time, for one input/output pattern.
- :func:`padded_batch` -- a zero-padded batch of variable-length sequences with its mask.
- :func:`agreement` -- hidden states of the same layer from several implementations.
- :func:`gradient_norms` -- ||dh_T/dh_t|| against the lag, with predicted rates.
- :func:`lstm_cell`, :func:`gru_cell` -- the LSTM and GRU cells, one part highlighted.
- :func:`confusion`, :func:`image_grid` -- for classifiers.
- :func:`autoencoder_diagram`, :func:`encoder_decoder`, :func:`image_rows`, :func:`image_mosaic`, :func:`code_scatter`
  -- for autoencoders.
"""

from rnnbook.plots.autoencoders import (
    autoencoder_diagram,
    code_scatter,
    encoder_decoder,
    image_mosaic,
    image_rows,
)
from rnnbook.plots.cells import GRU_PARTS, LSTM_PARTS, gru_cell, lstm_cell
from rnnbook.plots.classification import confusion, image_grid
from rnnbook.plots.diagrams import PATTERNS, unrolled
from rnnbook.plots.frameworks import agreement
from rnnbook.plots.gradients import gradient_norms
from rnnbook.plots.sequences import padded_batch

__all__ = ["unrolled", "PATTERNS", "padded_batch", "agreement", "gradient_norms", "lstm_cell",
           "LSTM_PARTS", "gru_cell", "GRU_PARTS", "confusion", "image_grid",
           "autoencoder_diagram", "encoder_decoder", "image_rows", "code_scatter", "image_mosaic"]
