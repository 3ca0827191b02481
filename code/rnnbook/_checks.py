"""Input checks shared by the whole package.

Every public function validates what it is given and raises a ``TypeError`` or
``ValueError`` whose message says what was expected, what came, and how to fix it,
instead of letting NumPy broadcast its way to a silent wrong answer.
"""

from __future__ import annotations

import numpy as np

FLOAT_DTYPES = (np.float32, np.float64)


def as_float_array(x, name: str, *, dtype=None) -> np.ndarray:
    """Return ``x`` as a floating-point ndarray, or raise a TypeError naming ``name``.

    Integer and boolean inputs are converted to ``dtype`` (float64 when None);
    float32/float64 arrays keep their dtype unless ``dtype`` is given.
    """
    if isinstance(x, (str, bytes)) or x is None:
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}. "
                        f"Pass a NumPy array, e.g. np.asarray(...).")
    try:
        arr = np.asarray(x)
    except Exception as exc:  # ragged lists and other things NumPy cannot hold
        raise TypeError(f"{name} could not be converted to an array ({exc}). "
                        f"Pass a rectangular NumPy array.") from exc
    if arr.dtype == object or not (np.issubdtype(arr.dtype, np.number) or arr.dtype == bool):
        raise TypeError(f"{name} must hold numbers, got dtype {arr.dtype} "
                        f"(from {type(x).__name__}). Pass a rectangular numeric array.")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name} must be real, got dtype {arr.dtype}.")
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    elif arr.dtype not in FLOAT_DTYPES:
        arr = arr.astype(np.float64)
    return arr


def check_finite(arr: np.ndarray, name: str) -> None:
    """Raise ValueError if ``arr`` holds NaN or inf, saying where the first one is."""
    if not np.all(np.isfinite(arr)):
        bad = np.argwhere(~np.isfinite(arr))[0]
        raise ValueError(f"{name} contains NaN or inf (first at index {tuple(int(i) for i in bad)}, "
                         f"{int((~np.isfinite(arr)).sum())} in all). Clean or mask the data first.")


def check_ndim(arr: np.ndarray, ndim: int, name: str, layout: str) -> None:
    """Raise ValueError unless ``arr.ndim == ndim``; ``layout`` names the axes, e.g. '(batch, time, features)'."""
    if arr.ndim != ndim:
        hint = ""
        if ndim == 3 and arr.ndim == 2:
            hint = " For a single sequence of shape (time, features) use x[None]; for a batch of scalar series (batch, time) use x[..., None]."
        raise ValueError(f"{name} must have {ndim} dimensions {layout}, got shape {arr.shape}.{hint}")


def check_book_params(params, expected: dict[str, tuple], owner: str) -> None:
    """Raise unless ``params`` has exactly the keys of ``expected`` (name -> shape), each of
    that shape: what a framework cell needs before it copies a reference parameter dict."""
    if not isinstance(params, dict):
        raise TypeError(f"{owner} takes a dict of arrays like the one rnnbook.reference's "
                        f"init_params returns, got {type(params).__name__}.")
    if params.keys() != expected.keys():
        raise ValueError(f"{owner}: expected the keys {sorted(expected)}, got {sorted(params)}. "
                         "Pass the parameters of the same kind of cell.")
    for name, shape in expected.items():
        if tuple(np.shape(params[name])) != tuple(shape):
            raise ValueError(f"{owner}: {name} must have shape {tuple(shape)}, got "
                             f"{np.shape(params[name])}; were the input and hidden sizes the same?")
