"""Checkers for the exercises of the chapter "Vanishing and exploding gradients"."""

from __future__ import annotations

import numpy as np

from rnnbook.exercises._checker import Case, run_cases
from rnnbook.reference import init


def _decay_cases(seed: int = 5) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for n, rho in [(8, 0.7), (16, 1.3), (5, 0.95), (24, 1.05), (12, 0.5)]:
        W = init.with_spectral_radius(n, rho, rng=rng)
        cases.append(Case((W,), float(np.log(rho)), f"a random {n}x{n} W_hh"))
    return cases


def _diagnose_decay(case: Case, got) -> str | None:
    (W,) = case.args
    try:
        got = float(got)
    except (TypeError, ValueError):
        return f"return one number (the rate per step), got {type(got).__name__}."
    want = case.expected
    if abs(got - want) < 1e-6:
        return None
    rho = np.exp(want)
    eig = np.abs(np.linalg.eigvals(W))
    if abs(got - rho) < 1e-6:
        return "you returned the spectral radius itself; the rate on a log scale is its logarithm."
    if abs(got - np.log10(rho)) < 1e-6:
        return "use the natural logarithm (np.log), not log10: the rate is per step in e-folds."
    if abs(got - np.log(np.linalg.norm(W, 2))) < 1e-6:
        return ("the largest singular value only bounds the growth; the long-run rate is set by "
                "the eigenvalue of largest modulus (the spectral radius).")
    if abs(got - np.log(eig.mean())) < 1e-6:
        return "the mean |eigenvalue| does not set the rate: the largest one dominates W^k."
    if abs(got + want) < 1e-6:
        return "the sign is flipped: a spectral radius below 1 must give a negative rate (decay)."
    return "the rate is wrong: compare log ||W^k|| for growing k with your prediction."


def check_decay_rate(student_decay_rate) -> bool:
    """Check ``decay_rate(W_hh) -> r`` with ||W_hh^k|| ~ exp(r k) for a linear RNN, k large."""
    return run_cases("decay_rate", student_decay_rate, _decay_cases(), _diagnose_decay)


def _clip_cases(seed: int = 9) -> list[Case]:
    rng = np.random.default_rng(seed)
    cases = []
    for scale, max_norm in [(10.0, 1.0), (0.01, 1.0), (3.0, 2.5), (1.0, 0.1)]:
        grads = {"W_xh": scale * rng.normal(size=(4, 3)), "W_hh": scale * rng.normal(size=(4, 4)),
                 "b_h": scale * rng.normal(size=4)}
        norm = float(np.sqrt(sum(np.sum(g**2) for g in grads.values())))
        factor = min(1.0, max_norm / norm)
        cases.append(Case((grads, max_norm), ({k: v * factor for k, v in grads.items()}, norm),
                          f"global norm {norm:.3g}, max_norm {max_norm}"))
    return cases


def _diagnose_clip(case: Case, got) -> str | None:
    grads, max_norm = case.args
    want, want_norm = case.expected
    if not isinstance(got, tuple) or len(got) != 2 or not isinstance(got[0], dict):
        return "return a tuple (clipped_grads_dict, norm_before_clipping)."
    clipped, norm = got
    if set(clipped) != set(grads):
        return f"the clipped dict must have the keys {sorted(grads)}, got {sorted(clipped)}."
    if not np.isclose(float(norm), want_norm):
        if np.isclose(float(norm), sum(np.linalg.norm(g) for g in grads.values())):
            return "the global norm is sqrt(sum of all squared entries), not the sum of the per-array norms."
        if np.isclose(float(norm), min(want_norm, max_norm)):
            return "return the norm *before* clipping (as torch.nn.utils.clip_grad_norm_ does)."
        return f"the returned norm is wrong: got {float(norm):.4g}."
    if all(np.allclose(clipped[k], want[k]) for k in grads):
        return None
    if want_norm < max_norm:
        return "the gradients were already small enough: leave them unchanged (never scale up)."
    per_array = {k: g * min(1.0, max_norm / np.linalg.norm(g)) for k, g in grads.items()}
    if all(np.allclose(clipped[k], per_array[k]) for k in grads):
        return ("each array was clipped on its own; clipping by the GLOBAL norm scales all of "
                "them by one common factor, which keeps the direction of the update.")
    return "the clipped values are wrong: scale every array by max_norm / global_norm."


def check_clip_by_global_norm(student_clip) -> bool:
    """Check ``clip(grads: dict, max_norm) -> (clipped: dict, norm_before: float)``, not in place."""
    return run_cases("clip_by_global_norm", student_clip, _clip_cases(), _diagnose_clip)
