"""Checkers for the exercises of the chapter "Character-level text"."""

from __future__ import annotations

import math

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.metrics import bits_per_character, softmax_with_temperature


def _temperature_cases(seed: int = 41) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for size, temperature, scale in [(5, 1.0, 1.0), (20, 0.5, 3.0), (8, 2.0, 1.0), (30, 0.7, 400.0)]:
        logits = scale * rng.normal(size=size)
        cases.append(Case((logits, temperature), softmax_with_temperature(logits, temperature),
                          f"{size} logits of scale {scale:g}, temperature {temperature}"))
    return cases


def _diagnose_temperature(case: Case, got) -> str | None:
    logits, temperature = case.args
    want = case.expected
    got = np.asarray(got, dtype=float)
    if got.shape != want.shape:
        return f"return one probability per logit, shape {want.shape}; got {got.shape}."
    if not np.all(np.isfinite(got)):
        return ("the result holds NaN or inf: exp overflows for large logits. Subtract the "
                "largest logit before exponentiating; it cancels in the ratio.")
    if np.allclose(got, want):
        return None
    if not np.isclose(got.sum(), 1.0):
        return f"the probabilities must add up to 1, they add up to {got.sum():.4g}."
    if np.allclose(got, softmax_with_temperature(logits * temperature ** 2, temperature)):
        return "divide the logits by the temperature, do not multiply."
    if np.allclose(got, softmax_with_temperature(logits, 1.0)):
        return "the temperature is ignored."
    return "the probabilities are wrong: softmax(logits / temperature)."


def check_temperature_softmax(student_fn) -> bool:
    """Check ``softmax_with_temperature(logits (V,), temperature) -> probabilities (V,)``."""
    return run_cases("softmax_with_temperature", student_fn, _temperature_cases(), _diagnose_temperature)


def _bits_cases(seed: int = 43) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, vocab in [(10, 4), (50, 30), (3, 2), (100, 65)]:
        logits = 2 * rng.normal(size=(n, vocab))
        targets = rng.integers(0, vocab, n)
        cases.append(Case((logits, targets), bits_per_character(logits, targets),
                          f"{n} characters, vocabulary of {vocab}"))
    return cases


def _diagnose_bits(case: Case, got) -> str | None:
    logits, targets = case.args
    want = case.expected
    try:
        got = float(got)
    except (TypeError, ValueError):
        return f"return one number, the mean bits per character; got {type(got).__name__}."
    if math.isclose(got, want, rel_tol=1e-6):
        return None
    if math.isclose(got, want * math.log(2), rel_tol=1e-6):
        return "this is in nats (natural log); divide by log(2) to get bits."
    if math.isclose(got, want * len(targets), rel_tol=1e-6):
        return "this is the total over all characters; return the mean per character."
    if math.isclose(got, -want, rel_tol=1e-6):
        return "the sign is wrong: bits per character is -log2 p, a positive number."
    return "the value is wrong: the mean over characters of -log2 softmax(logits)[target]."


def check_bits_per_character(student_fn) -> bool:
    """Check ``bits_per_character(logits (n, V), targets (n,)) -> float``."""
    return run_cases("bits_per_character", student_fn, _bits_cases(), _diagnose_bits)
