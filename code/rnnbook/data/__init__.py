"""Data sets for the book. Everything here works offline.

- :func:`sine_waves` -- sampled sine curves with random phases, shape (batch, time, 1).
- :func:`pad_batch` / :func:`mask_from_lengths` -- variable-length sequences into one array.
- :func:`adding_problem`, :func:`copy_task` -- synthetic tasks that need long memory.
"""

from rnnbook.data.sequences import mask_from_lengths, pad_batch, sine_waves
from rnnbook.data.tasks import adding_problem, copy_task

__all__ = ["sine_waves", "pad_batch", "mask_from_lengths", "adding_problem", "copy_task"]
