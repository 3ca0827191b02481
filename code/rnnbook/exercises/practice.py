"""Checkers for the exercises of the chapter "Training recurrent networks in practice"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference.masking import last_outputs, step_mask


def _padded_cases(seed: int, per_step: bool) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for batch, steps, lengths in [(3, 5, [5, 2, 4]), (1, 4, [4]), (4, 6, [1, 6, 3, 6]),
                                  (5, 7, [2, 7, 1, 5, 3]), (2, 3, [3, 3])]:
        lengths = np.array(lengths)
        shape = (batch, steps) if per_step else (batch, steps, 3)
        values = rng.uniform(0.1, 2.0, size=shape)
        values[~step_mask(lengths, steps)] = rng.uniform(5, 9)   # padding holds junk, never 0
        what = f"batch {batch}, {steps} steps, lengths {lengths.tolist()}"
        if per_step:
            real = step_mask(lengths, steps)
            cases.append(Case((values, lengths), float(values[real].mean()), what))
        else:
            cases.append(Case((values, lengths), last_outputs(values, lengths), what))
    return cases


def _diagnose_masked_mean(case: Case, got) -> str | None:
    values, lengths = case.args
    try:
        got = float(np.asarray(got))
    except (TypeError, ValueError):
        return f"return one number (the mean), got {type(got).__name__} of shape {np.shape(got)}."
    if np.isclose(got, case.expected, rtol=1e-10):
        return None
    steps = values.shape[1]
    if np.isclose(got, values.mean()):
        return ("you averaged over every step, padding included; sum over the real steps "
                "t < length only and divide by their number.")
    if np.isclose(got, np.mean([values[b, :n].mean() for b, n in enumerate(lengths)])):
        return ("you averaged each sequence first and then the sequences: a short sequence then "
                "weighs as much as a long one. Divide the sum over all real steps by the number "
                "of real steps in the batch.")
    real = step_mask(lengths, steps)
    if np.isclose(got, values[real].sum() / values.size):
        return "the sum is right but you divided by every step, padding included."
    for shift in (-1, 1):
        shifted = np.arange(steps)[None, :] < (lengths + shift)[:, None]
        if shifted.any() and np.isclose(got, values[shifted].mean()):
            return (f"off by one: your mask covers {'one step less' if shift < 0 else 'one step more'} "
                    "than each length. Step t (counting from 0) is real when t < length.")
    return f"expected the mean over the real steps, got {got:.6g}."


def check_masked_mean(student_masked_mean) -> bool:
    """Check ``student_masked_mean(values (batch, time), lengths (batch,)) -> float``."""
    return run_cases("masked_mean", student_masked_mean, _padded_cases(7, True), _diagnose_masked_mean)


def _diagnose_last_outputs(case: Case, got) -> str | None:
    outputs, lengths = case.args
    got = np.asarray(got)
    if got.shape != case.expected.shape:
        return (f"expected one output vector per sequence, shape (batch, hidden) = "
                f"{case.expected.shape}; got shape {got.shape}.")
    if np.allclose(got, case.expected):
        return None
    if np.allclose(got, outputs[:, -1]):
        return ("you took outputs[:, -1], the last *padded* step: that is a real output only for "
                "sequences of full length. Pick step lengths[b] - 1 of each row b.")
    rows = np.arange(len(lengths))
    if np.all(lengths < outputs.shape[1]) and np.allclose(got, outputs[rows, lengths]):
        return "off by one: step lengths[b] is the first padded step; the last real one is lengths[b] - 1."
    if np.allclose(got, outputs[rows, lengths % outputs.shape[1]]):
        return ("off by one: step lengths[b] is the first padded step (and wraps round to step 0 "
                "for a full-length row); the last real one is lengths[b] - 1.")
    return "some rows are not the output at the sequence's last real step."


def check_last_outputs(student_last_outputs) -> bool:
    """Check ``student_last_outputs(outputs (batch, time, hidden), lengths (batch,)) -> (batch, hidden)``."""
    return run_cases("last_outputs", student_last_outputs, _padded_cases(8, False),
                     _diagnose_last_outputs)
