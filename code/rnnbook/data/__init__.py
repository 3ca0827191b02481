"""Data sets for the book. Everything here works offline.

- :func:`sine_waves` -- sampled sine curves with random phases, shape (batch, time, 1).
- :func:`pad_batch` / :func:`mask_from_lengths` -- variable-length sequences into one array.
"""

from rnnbook.data.sequences import mask_from_lengths, pad_batch, sine_waves

__all__ = ["sine_waves", "pad_batch", "mask_from_lengths"]
