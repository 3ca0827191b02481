"""Exercise checkers of chapter 4 (decay rate and gradient clipping): each accepts a right answer
and names the mistake in a wrong one."""

import numpy as np
import pytest

from rnnbook.exercises import check_clip_by_global_norm, check_decay_rate


def spectral(W):
    return np.abs(np.linalg.eigvals(W)).max()


@pytest.mark.parametrize("answer, diagnosis", [
    (lambda W: np.log(spectral(W)), None),
    (spectral, "spectral radius itself"),
    (lambda W: np.log10(spectral(W)), "natural logarithm"),
    (lambda W: np.log(np.linalg.norm(W, 2)), "largest singular value"),
    (lambda W: np.log(np.abs(np.linalg.eigvals(W)).mean()), "mean |eigenvalue|"),
    (lambda W: -np.log(spectral(W)), "sign is flipped"),
])
def test_decay_rate_checker(answer, diagnosis, capsys):
    assert check_decay_rate(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out


def global_clip(grads, max_norm):
    norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
    factor = min(1.0, max_norm / norm)
    return {k: g * factor for k, g in grads.items()}, norm


def per_array_clip(grads, max_norm):
    norm = global_clip(grads, max_norm)[1]
    return {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}, norm


def always_scale(grads, max_norm):
    norm = global_clip(grads, max_norm)[1]
    return {k: g * max_norm / norm for k, g in grads.items()}, norm


def sum_of_norms(grads, max_norm):
    clipped, _ = global_clip(grads, max_norm)
    return clipped, sum(np.linalg.norm(g) for g in grads.values())


def in_place(grads, max_norm):
    clipped, norm = global_clip(grads, max_norm)
    for k in grads:
        grads[k] *= 0.5
    return clipped, norm


@pytest.mark.parametrize("answer, diagnosis", [
    (global_clip, None),
    (per_array_clip, "each array was clipped on its own"),
    (always_scale, "never scale up"),
    (sum_of_norms, "not the sum of the per-array norms"),
    (in_place, "changed its input arrays in place"),
    (lambda g, m: global_clip(g, m)[0], "return a tuple"),
])
def test_clip_checker(answer, diagnosis, capsys):
    assert check_clip_by_global_norm(answer) is (diagnosis is None)
    if diagnosis:
        assert diagnosis in capsys.readouterr().out
