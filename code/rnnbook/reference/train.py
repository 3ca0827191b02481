"""A small NumPy training loop: a recurrent layer with a linear read-out, many-to-many.

The model is h_t = cell(x_t, h_{t-1}), y_hat_t = W_yh h_t + b_y, trained on the mean
squared error with (truncated) backpropagation through time. It is what the chapters on
BPTT and on vanishing gradients train; everything in it is a call into rnnbook.reference.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from rnnbook.reference import layers
from rnnbook.reference.optim import clip_by_global_norm, global_norm
from rnnbook.reference.tbptt import truncated_bptt

HEAD_KEYS = ("W_yh", "b_y")


@dataclass
class History:
    """Loss per epoch, gradient norm per update, whether training blew up, and wall time."""

    losses: list = field(default_factory=list)
    grad_norms: list = field(default_factory=list)
    diverged: bool = False
    seconds: float = 0.0


def init_model(cell, input_size: int, hidden_size: int, output_size: int, *, rng=None,
               dtype=np.float64) -> dict:
    """Cell parameters plus the read-out W_yh (output, hidden) and b_y (output,)."""
    rng = np.random.default_rng(rng)
    params = cell.init_params(input_size, hidden_size, rng=rng, dtype=dtype)
    head = layers.dense_init(hidden_size, output_size, rng=rng, dtype=dtype)
    return {**params, "W_yh": head["W"], "b_y": head["b"]}


def predict(cell, model: dict, x, state=None, **cell_kwargs):
    """y_hat (batch, time, output) and the final state, for x (batch, time, input)."""
    cell_params = {k: v for k, v in model.items() if k not in HEAD_KEYS}
    outputs, final, _ = cell.forward(x, cell_params, state, **cell_kwargs)
    y_hat, _ = layers.dense_forward(outputs, {"W": model["W_yh"], "b": model["b_y"]})
    return y_hat, final


def fit(cell, model: dict, x, y, *, optimizer, epochs: int, window: int | None = None,
        clip: float | None = None, **cell_kwargs) -> History:
    """Train ``model`` in place on x (batch, time, input) -> y (batch, time, output).

    Each epoch runs over the sequence in chunks of ``window`` steps (None: the whole
    sequence, i.e. full BPTT), carrying the state across chunks, with one optimizer step
    per chunk. ``optimizer`` is an rnnbook.reference.optim optimizer over ``model``.
    ``clip`` clips the global gradient norm. Training stops if the loss becomes NaN/inf.
    """
    x, y = np.asarray(x), np.asarray(y)
    window = x.shape[1] if window is None else window
    cell_params = {k: v for k, v in model.items() if k not in HEAD_KEYS}
    head = {"W": model["W_yh"], "b": model["b_y"]}
    history = History()
    start_time = time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(epochs):
            state, epoch_loss = None, 0.0
            for start in range(0, x.shape[1], window):
                head_grads = {}

                def loss_and_grad(outputs, offset, start=start, head_grads=head_grads):
                    y_hat, cache = layers.dense_forward(outputs, head)
                    target = y[:, start + offset: start + offset + outputs.shape[1]]
                    diff = y_hat - target
                    if not np.all(np.isfinite(diff)):
                        raise _Diverged
                    d_y_hat = 2.0 * diff / diff.size
                    g, d_outputs = layers.dense_backward(d_y_hat, cache)
                    head_grads.update(g)
                    return float(np.mean(diff**2)), d_outputs

                chunk = x[:, start:start + window]
                try:
                    loss, grads, state = truncated_bptt(cell, chunk, cell_params, window,
                                                        loss_and_grad, state, **cell_kwargs)
                except _Diverged:
                    history.diverged = True
                    break
                grads.update({"W_yh": head_grads["W"], "b_y": head_grads["b"]})
                if not np.isfinite(loss) or not all(np.all(np.isfinite(g)) for g in grads.values()):
                    history.diverged = True
                    break
                norm = clip_by_global_norm(grads, clip) if clip else global_norm(grads)
                history.grad_norms.append(norm)
                optimizer.step(grads)
                epoch_loss += loss * chunk.shape[1] / x.shape[1]
                state = _detach(state)
                if not _finite_state(state):
                    history.diverged = True
                    break
            if history.diverged:
                history.losses.append(float("inf"))
                break
            history.losses.append(epoch_loss)
    history.seconds = time.perf_counter() - start_time
    return history


class _Diverged(Exception):
    """The predictions became NaN or inf: training has blown up."""


def _detach(state):
    return tuple(s.copy() for s in state) if isinstance(state, tuple) else state.copy()


def _finite_state(state):
    states = state if isinstance(state, tuple) else (state,)
    return all(np.all(np.isfinite(s)) for s in states)


__all__ = ["History", "init_model", "predict", "fit"]
