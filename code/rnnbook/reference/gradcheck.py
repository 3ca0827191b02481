"""Finite-difference gradient check for the NumPy cells."""

from __future__ import annotations

import numpy as np


def _scalar_loss(module, x, params, state, weights, kwargs):
    outputs, final, _ = module.forward(x, params, state, **kwargs)
    finals = final if isinstance(final, tuple) else (final,)
    loss = float(np.sum(weights[0] * outputs))
    for w, f in zip(weights[1:], finals):
        loss += float(np.sum(w * f))
    return loss


def gradient_check(module, x, params, state=None, *, eps: float = 1e-6, rng=0, **kwargs):
    """Compare ``module.backward`` with central differences on a random linear loss.

    ``module`` is rnnbook.reference.rnn, .lstm or .gru; x (batch, time, input), float64.
    The loss is sum(R * outputs) + sum(S * final_state) with fixed random R, S, so every
    output and the final state receive a gradient. Returns a dict with the worst relative
    error ``max_rel_error``, ``where`` (name and index of that entry) and ``per_param``.
    """
    x = np.asarray(x)
    if x.dtype != np.float64 or any(np.asarray(p).dtype != np.float64 for p in params.values()):
        raise TypeError("gradient_check needs float64 x and params: float32 differences are "
                        "dominated by rounding. Use .astype(np.float64).")
    rng = np.random.default_rng(rng)
    outputs, final, cache = module.forward(x, params, state, **kwargs)
    finals = final if isinstance(final, tuple) else (final,)
    weights = [rng.normal(size=outputs.shape)] + [rng.normal(size=f.shape) for f in finals]
    d_final = tuple(weights[1:]) if isinstance(final, tuple) else weights[1]
    grads, d_x, d_state = module.backward(weights[0], cache, d_final)

    targets = {name: (params[name], grads[name]) for name in params}
    targets["x"] = (x, d_x)
    if state is not None:
        states = state if isinstance(state, tuple) else (state,)
        d_states = d_state if isinstance(d_state, tuple) else (d_state,)
        for k, (s, ds) in enumerate(zip(states, d_states)):
            targets[f"state[{k}]"] = (s, ds)

    return check_gradients(lambda: _scalar_loss(module, x, params, state, weights, kwargs),
                           targets, eps=eps)


def numerical_gradient(loss, array: np.ndarray, *, eps: float = 1e-6) -> np.ndarray:
    """Central differences (loss(a + eps) - loss(a - eps)) / (2 eps) for every entry of ``array``.

    ``loss()`` takes no arguments and reads ``array``, which is changed in place entry by
    entry and restored. Returns an array of ``array``'s shape.
    """
    numeric = np.zeros_like(array, dtype=np.float64)
    for idx in np.ndindex(array.shape):
        old = array[idx]
        array[idx] = old + eps
        up = loss()
        array[idx] = old - eps
        down = loss()
        array[idx] = old
        numeric[idx] = (up - down) / (2 * eps)
    return numeric


def check_gradients(loss, targets: dict, *, eps: float = 1e-6) -> dict:
    """Compare analytic gradients with central differences of the scalar ``loss()``.

    ``targets`` maps a name to (array, analytic gradient of loss with respect to it); each
    array must be float64 and is what ``loss()`` reads. Returns {'max_rel_error', 'where'
    (name and index of the worst entry), 'per_param' (worst relative error per name)}.
    """
    worst, where, per_param = 0.0, None, {}
    for name, (array, analytic) in targets.items():
        if np.asarray(array).dtype != np.float64:
            raise TypeError(f"{name} is {np.asarray(array).dtype}: finite differences need float64 "
                            "(float32 differences are dominated by rounding).")
        numeric = numerical_gradient(loss, array, eps=eps)
        rel = np.abs(analytic - numeric) / np.maximum(np.abs(analytic) + np.abs(numeric), 1e-8)
        per_param[name] = float(rel.max())
        if rel.max() >= worst:
            worst = float(rel.max())
            where = (name, tuple(int(i) for i in np.unravel_index(rel.argmax(), rel.shape)))
    return {"max_rel_error": worst, "where": where, "per_param": per_param}
