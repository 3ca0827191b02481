"""Toy sequences and the padding that turns variable-length sequences into one batch."""

from __future__ import annotations

import numpy as np

from rnnbook._checks import as_float_array, check_finite, check_lengths


def sine_waves(n: int, length: int, *, dt: float = 0.2, frequency: float = 1.0,
               rng: np.random.Generator | int | None = 0, dtype=np.float64) -> np.ndarray:
    """Sample ``n`` sine curves sin(frequency * t + phase) with random phases.

    Returns an array of shape (n, length, 1); t = 0, dt, ..., (length - 1) * dt.
    ``rng`` is a Generator or a seed (default 0, so the result is reproducible).
    """
    if int(n) != n or n < 1 or int(length) != length or length < 1:
        raise ValueError(f"n and length must be positive integers, got n={n!r}, length={length!r}.")
    rng = np.random.default_rng(rng)
    phase = rng.uniform(0.0, 2.0 * np.pi, size=(int(n), 1))
    t = np.arange(int(length)) * dt
    return np.sin(frequency * t[None, :] + phase)[..., None].astype(dtype)


def pad_batch(sequences, *, value: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """Stack sequences of different lengths into one zero-padded, batch-first array.

    ``sequences``: a list of B arrays, the i-th of shape (T_i, F) (F the same for all).
    Returns ``(padded, lengths)``: padded (B, max T_i, F), each sequence at the *start*
    of its row and ``value`` after it; lengths (B,) int64 with the T_i.
    """
    if isinstance(sequences, np.ndarray) or not hasattr(sequences, "__len__"):
        raise TypeError("sequences must be a list of arrays of shape (time, features), "
                        f"got {type(sequences).__name__}. A batch that is already one array "
                        "needs no padding.")
    if len(sequences) == 0:
        raise ValueError("sequences is empty: pad_batch needs at least one sequence.")
    arrays = []
    for i, seq in enumerate(sequences):
        arr = as_float_array(seq, f"sequences[{i}]")
        if arr.ndim != 2:
            raise ValueError(f"sequences[{i}] must have shape (time, features), got shape "
                             f"{arr.shape}. For a scalar series use seq[:, None].")
        if arr.shape[0] == 0:
            raise ValueError(f"sequences[{i}] has no time steps (shape {arr.shape}); drop it "
                             "from the list.")
        check_finite(arr, f"sequences[{i}]")
        arrays.append(arr)
    features = {a.shape[1] for a in arrays}
    if len(features) > 1:
        sizes = [a.shape[1] for a in arrays]
        raise ValueError(f"all sequences must have the same number of features, got {sizes}.")
    lengths = np.array([a.shape[0] for a in arrays], dtype=np.int64)
    dtype = np.result_type(*arrays)
    padded = np.full((len(arrays), int(lengths.max()), features.pop()), value, dtype=dtype)
    for row, arr in zip(padded, arrays):
        row[: len(arr)] = arr
    return padded, lengths


def mask_from_lengths(lengths, max_length: int | None = None) -> np.ndarray:
    """Boolean mask of shape (B, max_length): True where a step holds real data.

    ``lengths``: (B,) positive integers; ``max_length`` defaults to ``max(lengths)``.
    The same mask the recurrent cells use for ``lengths=`` (:func:`rnnbook.reference.masking.step_mask`).
    """
    from rnnbook.reference.masking import step_mask

    if max_length is None:
        max_length = int(np.max(check_lengths(lengths, None, None)))
    return step_mask(lengths, int(max_length))


def sliding_windows(series, window: int, *, horizon: int = 1):
    """Cut a series into overlapping input windows and the value ``horizon`` steps later.

    series: (time,) or (time, features). Returns X (n, window, features) with
    X[k] = series[k : k + window] and y (n, features) with y[k] = series[k + window + horizon - 1],
    n = time - window - horizon + 1. A stack of series (count, time, features) gives the
    windows of each series, one after the other.
    """
    arr = as_float_array(series, "series")
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim == 3:
        parts = [sliding_windows(one, window, horizon=horizon) for one in arr]
        return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
    if arr.ndim != 2:
        raise ValueError(f"series must be (time,), (time, features) or (count, time, features), "
                         f"got shape {arr.shape}.")
    if int(window) != window or window < 1 or int(horizon) != horizon or horizon < 1:
        raise ValueError(f"window and horizon must be positive integers, got {window!r}, {horizon!r}.")
    n = arr.shape[0] - window - horizon + 1
    if n < 1:
        raise ValueError(f"a series of {arr.shape[0]} steps is too short for window {window} and "
                         f"horizon {horizon}: it needs at least {window + horizon} steps.")
    check_finite(arr, "series")
    index = np.arange(n)[:, None] + np.arange(window)[None, :]
    return arr[index], arr[window + horizon - 1: window + horizon - 1 + n]
