"""A small NumPy training loop: a recurrent layer with a linear read-out, many-to-many.

The model is h_t = cell(x_t, h_{t-1}), y_hat_t = W_yh h_t + b_y, trained on the mean
squared error with (truncated) backpropagation through time. It is what the chapters on
BPTT and on vanishing gradients train; everything in it is a call into rnnbook.reference.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import numpy as np

from rnnbook.reference import layers, losses
from rnnbook.reference.optim import clip_by_global_norm, global_norm

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


def split_model(model: dict) -> tuple[dict, dict]:
    """(the cell's parameters, the read-out as a dense layer {'W': W_yh, 'b': b_y}); the
    arrays are the model's own, not copies, so an optimizer over the model updates both."""
    cell_params = {k: v for k, v in model.items() if k not in HEAD_KEYS}
    return cell_params, {"W": model["W_yh"], "b": model["b_y"]}


def predict(cell, model: dict, x, state=None, **cell_kwargs):
    """y_hat (batch, time, output) and the final state, for x (batch, time, input)."""
    cell_params, head = split_model(model)
    outputs, final, _ = cell.forward(x, cell_params, state, **cell_kwargs)
    y_hat, _ = layers.dense_forward(outputs, head)
    return y_hat, final


def fit(cell, model: dict, x, y, *, optimizer, epochs: int, window: int | None = None,
        clip: float | None = None, **cell_kwargs) -> History:
    """Train ``model`` in place on x (batch, time, input) -> y (batch, time, output).

    Each epoch runs over the sequence in chunks of ``window`` steps (None: the whole
    sequence, i.e. full BPTT), carrying the state across chunks, with one optimizer step
    per chunk. ``optimizer`` is an rnnbook.reference.optim optimizer over ``model``.
    ``clip`` clips the global gradient norm. Training stops, with the last finite weights,
    when the predictions or the gradients stop being finite.
    """
    x, y = np.asarray(x), np.asarray(y)
    T = x.shape[1]
    window = T if window is None else window
    if int(window) != window or window < 1:
        raise ValueError(f"window must be a positive integer number of steps, got {window!r}.")
    cell_params, head = split_model(model)
    history, start_time = History(), time.perf_counter()
    with np.errstate(over="ignore", invalid="ignore"):     # a blow-up is reported, not warned
        for _ in range(epochs):
            state, epoch_loss = None, 0.0
            for start in range(0, T, int(window)):
                chunk = slice(start, start + int(window))
                outputs, state, cache = cell.forward(x[:, chunk], cell_params, state, **cell_kwargs)
                y_hat, head_cache = layers.dense_forward(outputs, head)
                if not np.all(np.isfinite(y_hat)):
                    history.diverged = True
                    break
                loss, d_y_hat = losses.mse(y_hat, y[:, chunk])
                head_grads, d_outputs = layers.dense_backward(d_y_hat, head_cache)
                # Truncation: backward stops at this chunk's first step; the state goes on.
                grads, _, _ = cell.backward(d_outputs, cache)
                grads.update(W_yh=head_grads["W"], b_y=head_grads["b"])
                norm = clip_by_global_norm(grads, clip) if clip else global_norm(grads)
                if not np.isfinite(norm):
                    history.diverged = True
                    break
                history.grad_norms.append(norm)
                optimizer.step(grads)
                epoch_loss += loss * y_hat.shape[1] / T       # chunk losses weighted by length
            history.losses.append(float("inf") if history.diverged else epoch_loss)
            if history.diverged:
                break
    history.seconds = time.perf_counter() - start_time
    return history


__all__ = ["History", "init_model", "split_model", "predict", "fit"]
