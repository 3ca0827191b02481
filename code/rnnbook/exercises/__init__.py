"""Checkers for the book's exercises.

Every checker has the same interface: ``check_<task>(student_function)`` runs the
student's function on hidden random cases, compares with the package's reference,
prints a verdict that says *what* is wrong (a shape, a transpose, padding on the wrong
side...) without printing the solution, and returns True or False.
"""

from rnnbook.exercises.autoencoders import (
           check_autoencoder_backward,
           check_gaussian_kl,
           check_mahalanobis,
)
from rnnbook.exercises.bptt import check_rnn_backward
from rnnbook.exercises.classification import check_confusion_matrix
from rnnbook.exercises.forecasting import check_sliding_windows
from rnnbook.exercises.gates import check_gru_step, check_lstm_step
from rnnbook.exercises.gradients import check_clip_by_global_norm, check_decay_rate
from rnnbook.exercises.practice import check_last_outputs, check_masked_mean
from rnnbook.exercises.rnn_math import check_rnn_forward, check_rnn_step
from rnnbook.exercises.sequences import check_pad_batch
from rnnbook.exercises.text import check_bits_per_character, check_temperature_softmax

__all__ = ["check_pad_batch", "check_rnn_step", "check_rnn_forward", "check_rnn_backward",
           "check_decay_rate", "check_clip_by_global_norm", "check_lstm_step", "check_gru_step",
           "check_sliding_windows", "check_confusion_matrix", "check_temperature_softmax",
           "check_bits_per_character", "check_autoencoder_backward", "check_gaussian_kl",
           "check_mahalanobis", "check_masked_mean", "check_last_outputs"]
