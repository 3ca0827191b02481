"""Running a one-step-ahead model freely: feeding its own predictions back."""

from __future__ import annotations

import numpy as np


def free_run(predict, history, known_future=None, *, steps: int | None = None):
    """Predict ``steps`` values ahead, feeding each prediction back as the next input.

    predict: maps windows (batch, window, features) to next values (batch, 1), e.g.
    ``lambda w: model(torch.tensor(w)).numpy()``.
    history: the last window, (window, features); feature 0 is the predicted quantity,
    the others are known inputs (such as a driving force).
    known_future: the known inputs for the coming steps, (steps, features - 1), or None
    when there are none (then give ``steps``).
    Returns the predictions, (steps,).
    """
    window = np.array(history, dtype=np.float32)
    if window.ndim != 2:
        raise ValueError(f"history must be (window, features), got shape {window.shape}.")
    features = window.shape[1]
    if known_future is None:
        if features != 1 or steps is None:
            raise ValueError("without known_future the history must have one feature and "
                             "steps must be given.")
        known_future = np.zeros((steps, 0), dtype=np.float32)
    known_future = np.asarray(known_future, dtype=np.float32).reshape(len(known_future), -1)
    if known_future.shape[1] != features - 1:
        raise ValueError(f"known_future must have {features - 1} columns (the known inputs), "
                         f"got shape {known_future.shape}.")
    predictions = np.empty(len(known_future))
    for k, known in enumerate(known_future):
        value = float(np.asarray(predict(window[None]))[0, 0])
        predictions[k] = value
        window = np.concatenate([window[1:], np.concatenate([[value], known])[None]], axis=0)
    return predictions
