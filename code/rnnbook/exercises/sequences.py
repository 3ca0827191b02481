"""Checkers for the exercises of the chapter "Why recurrent networks"."""

from __future__ import annotations

import numpy as np

from rnnbook.data import pad_batch
from rnnbook.exercises._checker import Case, run_cases


def _pad_cases(seed: int = 2024) -> list[Case]:
    rng = np.random.default_rng(seed)
    shapes = [[(3, 1), (5, 1)], [(1, 2)], [(4, 3), (4, 3)], [(2, 2), (7, 2), (5, 2)],
              [(6, 4), (1, 4), (3, 4), (6, 4)]]
    cases = []
    for lengths in shapes:
        seqs = [rng.normal(size=s) for s in lengths]
        cases.append(Case((seqs,), pad_batch(seqs),
                          f"{len(seqs)} sequences of lengths {[s[0] for s in lengths]} "
                          f"with {lengths[0][1]} feature(s)"))
    return cases


def _diagnose_pad(case: Case, got) -> str | None:
    (seqs,) = case.args
    want_padded, want_lengths = case.expected
    if not isinstance(got, tuple) or len(got) != 2:
        return f"return a tuple (padded, lengths), got {type(got).__name__}."
    padded, lengths = (np.asarray(g) for g in got)
    B, T, F = want_padded.shape
    if padded.shape != want_padded.shape:
        if padded.shape == (T, B, F):
            return (f"padded has shape {padded.shape}, which is time-major (time, batch, "
                    f"features); the book is batch-first: expected {want_padded.shape}.")
        return f"padded should have shape (batch, max length, features) = {want_padded.shape}, got {padded.shape}."
    if np.allclose(padded, want_padded):
        pass
    else:
        left = np.zeros_like(want_padded)
        for row, seq in zip(left, seqs):
            row[T - len(seq):] = seq
        if np.allclose(padded, left):
            return ("the values sit at the end of each row (padding in front); put each "
                    "sequence at the start, t = 0, 1, ..., and the padding after it.")
        real = np.arange(T)[None, :] < want_lengths[:, None]
        if np.allclose(padded[real], want_padded[real]):
            return "the real steps are right but the padding is not zero."
        return "the values in padded are wrong at real (non-padding) steps."
    if lengths.shape != want_lengths.shape:
        return f"lengths should have shape (batch,) = {want_lengths.shape}, got {lengths.shape}."
    if not np.array_equal(lengths, want_lengths):
        if np.all(lengths == T):
            return "lengths holds the padded length for every row; it should hold each sequence's own length."
        return f"lengths is wrong: got {lengths.tolist()}."
    if not np.issubdtype(lengths.dtype, np.integer):
        return f"lengths should be integers, got dtype {lengths.dtype}."
    return None


def check_pad_batch(student_pad_batch) -> bool:
    """Check ``student_pad_batch(sequences) -> (padded (B, T_max, F), lengths (B,))``."""
    return run_cases("pad_batch", student_pad_batch, _pad_cases(), _diagnose_pad)
