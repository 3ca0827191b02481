"""A many-to-one sequence classifier in NumPy: a recurrent cell reads the sequence, a dense
layer maps its last output h_T to class scores.

    h_t = cell(x_t, h_{t-1}),   z = W_yh h_T + b_y,   loss = mean of -log softmax(z)[label]

The loss reaches the cell only through h_T, so BPTT starts from a d_outputs that is zero at
every step but the last. Trained with minibatches and Adam, like the frameworks' versions.
"""

from __future__ import annotations

import numpy as np

from rnnbook.reference import layers, losses
from rnnbook.reference.optim import Adam
from rnnbook.reference.train import init_model, split_model


def init_classifier(cell, input_size: int, hidden_size: int, classes: int, *, seed: int = 0,
                    dtype=np.float64) -> dict:
    """The cell's parameters plus W_yh (classes, hidden) and b_y (classes,)."""
    return init_model(cell, input_size, hidden_size, classes, rng=seed, dtype=dtype)


def logits(cell, model: dict, x) -> np.ndarray:
    """x (batch, time, input) -> class scores (batch, classes), read from h_T; x is cast to
    the model's dtype."""
    cell_params, head = split_model(model)
    outputs, _, _ = cell.forward(np.asarray(x, dtype=head["W"].dtype), cell_params)
    return layers.dense_forward(outputs[:, -1], head)[0]


def batch_gradients(cell, model: dict, x, labels):
    """x (batch, time, input), labels (batch,) integers -> (mean cross-entropy in nats,
    gradients with the keys and shapes of model)."""
    cell_params, head = split_model(model)
    outputs, _, cache = cell.forward(x, cell_params)
    z, head_cache = layers.dense_forward(outputs[:, -1], head)
    loss, d_z = losses.softmax_cross_entropy(z, labels)          # (p - onehot(label)) / batch
    head_grads, d_h_T = layers.dense_backward(d_z, head_cache)
    d_outputs = np.zeros_like(outputs)
    d_outputs[:, -1] = d_h_T                                       # only h_T reaches the loss
    grads, _, _ = cell.backward(d_outputs, cache)
    grads.update(W_yh=head_grads["W"], b_y=head_grads["b"])
    return loss, grads


def fit(cell, model: dict, x, labels, *, epochs: int = 10, lr: float = 1e-3,
        batch_size: int = 64, seed: int = 0) -> list[float]:
    """Train ``model`` in place with Adam on shuffled minibatches; return the mean loss of
    every epoch. x (samples, time, input), labels (samples,) integers."""
    x, labels = np.asarray(x, dtype=model["W_yh"].dtype), np.asarray(labels)
    for name, value in (("epochs", epochs), ("batch_size", batch_size)):
        if int(value) != value or value < 1:
            raise ValueError(f"{name} must be a positive integer, got {value!r}.")
    if len(x) != len(labels):
        raise ValueError(f"x and labels must hold the same number of samples, got {len(x)} and "
                         f"{len(labels)}.")
    rng, optimizer, history = np.random.default_rng(seed), Adam(model, lr=lr), []
    for _ in range(epochs):
        order, total = rng.permutation(len(x)), 0.0
        for start in range(0, len(x), batch_size):
            rows = order[start:start + batch_size]
            loss, grads = batch_gradients(cell, model, x[rows], labels[rows])
            optimizer.step(grads)
            total += loss * len(rows)
        history.append(total / len(x))
    return history


__all__ = ["init_classifier", "logits", "batch_gradients", "fit"]
