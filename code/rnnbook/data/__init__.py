"""Data sets for the book. Everything here works offline.

- :func:`sine_waves` -- sampled sine curves with random phases, shape (batch, time, 1).
- :func:`sliding_windows` -- overlapping windows of a series and the value that follows.
- :func:`pad_batch` / :func:`mask_from_lengths` -- variable-length sequences into one array.
- :func:`adding_problem` -- a synthetic task that needs long memory.
- :func:`damped_windows` -- damped oscillations of different lengths, light or strong damping.
- :func:`load_digits` -- MNIST where cached (or asked for), else the bundled 8x8 digits.
- :func:`load_corpus`, :class:`Vocabulary`, :func:`unigram_entropy` -- the text of chapter 10
  (shipped with the package) and its characters.
- :mod:`oscillator` -- the driven damped oscillator, RK4 (vectorised) and closed form.
- :func:`oscillator_trajectories` -- many oscillators with varied physics, normal or with
  anomalies (kicks, frequency changes, sensor spikes and dropouts).
"""

from rnnbook.data import oscillator
from rnnbook.data.corpus import Corpus, Vocabulary, load_corpus, unigram_entropy
from rnnbook.data.digits import Digits, load_digits
from rnnbook.data.sequences import mask_from_lengths, pad_batch, sine_waves, sliding_windows
from rnnbook.data.tasks import DampedWindows, adding_problem, damped_windows
from rnnbook.data.trajectories import ANOMALIES, Trajectories, oscillator_trajectories

__all__ = ["load_corpus", "Corpus", "Vocabulary", "unigram_entropy", "sine_waves", "sliding_windows", "pad_batch", "mask_from_lengths", "adding_problem", "damped_windows", "DampedWindows",
           "oscillator", "load_digits", "Digits", "oscillator_trajectories", "Trajectories",
           "ANOMALIES"]
