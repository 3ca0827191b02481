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


def check_params(params, expected: dict[str, tuple], kind: str) -> np.dtype:
    """Check names, shapes and one common float dtype of ``params``; return that dtype."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays (from {kind}.init_params), "
                        f"got {type(params).__name__}.")
    missing = sorted(set(expected) - set(params))
    extra = sorted(set(params) - set(expected))
    if missing or extra:
        raise ValueError(f"params for a {kind} cell need exactly the keys {sorted(expected)}; "
                         f"missing {missing}, unexpected {extra}.")
    dtypes = {np.asarray(params[k]).dtype for k in expected}
    if len(dtypes) != 1 or next(iter(dtypes)) not in FLOAT_DTYPES:
        raise TypeError(f"all {kind} parameters must share one dtype, float32 or float64; got "
                        f"{sorted(str(d) for d in dtypes)}. Convert with .astype(np.float64).")
    for name, shape in expected.items():
        if np.shape(params[name]) != shape:
            raise ValueError(f"params[{name!r}] must have shape {shape}, got "
                             f"{np.shape(params[name])}.")
    return next(iter(dtypes))


def _as_input(x, dtype: np.dtype, name: str) -> np.ndarray:
    # Lists take the parameters' dtype; arrays must already have it (checked afterwards).
    return as_float_array(x, name) if isinstance(x, np.ndarray) else as_float_array(x, name, dtype=dtype)


def _same_dtype_and_finite(x: np.ndarray, dtype: np.dtype, name: str) -> np.ndarray:
    if x.dtype != dtype:
        raise TypeError(f"{name} is {x.dtype} but the parameters are {dtype}; mixed precision "
                        f"silently loses accuracy. Use {name}.astype(np.{dtype}).")
    check_finite(x, name)
    return x


def check_input(x, input_size: int, dtype: np.dtype) -> np.ndarray:
    """Validate a batch-first input (batch, time, input_size) of the parameters' dtype."""
    x = _as_input(x, dtype, "x")
    check_ndim(x, 3, "x", "(batch, time, features)")
    if x.shape[1] == 0 or x.shape[0] == 0:
        raise ValueError(f"x has an empty batch or time axis, shape {x.shape}; a recurrent "
                         "layer needs at least one sequence of at least one step.")
    if x.shape[2] != input_size:
        raise ValueError(f"x has {x.shape[2]} features per step (shape {x.shape}), but the "
                         f"parameters expect input_size={input_size}. Is x time-major or "
                         "missing a features axis?")
    return _same_dtype_and_finite(x, dtype, "x")


def check_rows(x, features: int, dtype: np.dtype, name: str = "x") -> np.ndarray:
    """Validate a batch of vectors (batch, features) of the parameters' dtype."""
    x = _as_input(x, dtype, name)
    if x.ndim != 2:
        hint = (" Flatten images first, e.g. images.reshape(len(images), -1)." if x.ndim > 2
                else " For a single example use x[None].")
        raise ValueError(f"{name} must have 2 dimensions (batch, features), got shape "
                         f"{x.shape}.{hint}")
    if x.shape[0] == 0:
        raise ValueError(f"{name} is an empty batch, shape {x.shape}.")
    if x.shape[1] != features:
        raise ValueError(f"{name} has {x.shape[1]} features (shape {x.shape}), but the "
                         f"parameters expect {features}.")
    return _same_dtype_and_finite(x, dtype, name)


def check_state(state, batch: int, hidden_size: int, dtype: np.dtype, name: str) -> np.ndarray:
    """Validate one state array of shape (batch, hidden); None becomes zeros."""
    if state is None:
        return np.zeros((batch, hidden_size), dtype=dtype)
    state = as_float_array(state, name)
    if state.shape != (batch, hidden_size):
        hint = " PyTorch's h_0 is (layers, batch, hidden): pass h_0[0]." if state.ndim == 3 else ""
        raise ValueError(f"{name} must have shape (batch, hidden) = {(batch, hidden_size)}, "
                         f"got {state.shape}.{hint}")
    if state.dtype != dtype:
        raise TypeError(f"{name} is {state.dtype} but the parameters are {dtype}.")
    check_finite(state, name)
    return state


def check_grad(d, shape: tuple, dtype, name: str) -> np.ndarray:
    """Validate an upstream gradient; None becomes zeros."""
    if d is None:
        return np.zeros(shape, dtype=dtype)
    d = as_float_array(d, name)
    if d.shape != shape:
        raise ValueError(f"{name} must have shape {shape} (like the forward result), got {d.shape}.")
    check_finite(d, name)
    return d.astype(dtype, copy=False)


def check_lengths(lengths, batch: int | None, steps: int | None) -> np.ndarray:
    """Validate sequence lengths: integers of shape (batch,) (any batch when None), each in
    [1, steps] (at least 1 when steps is None). Returns them as int64."""
    want = "(batch,)" if batch is None else f"(batch,) = ({batch},)"
    if isinstance(lengths, (str, bytes)) or lengths is None:
        raise TypeError(f"lengths must be an integer array of shape {want}, got "
                        f"{type(lengths).__name__}.")
    arr = np.asarray(lengths)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.integer):
        raise TypeError(f"lengths must be integers (the number of real steps of each "
                        f"sequence), got dtype {arr.dtype}. A length is a count: pass "
                        "np.asarray(lengths, dtype=int) after checking the values are whole.")
    if arr.ndim != 1 or (batch is not None and arr.shape[0] != batch):
        raise ValueError(f"lengths must have shape {want}, one length per sequence, got shape "
                         f"{arr.shape}.")
    bad = (arr < 1) if steps is None else (arr < 1) | (arr > steps)
    if bad.any():
        b = int(np.argmax(bad))
        bounds = ("at least 1 (one real step)" if steps is None else f"in [1, {steps}] (at "
                  f"least one real step, at most the padded batch's {steps} steps)")
        raise ValueError(f"every length must be {bounds}; lengths[{b}] = {int(arr[b])}. "
                         "Drop empty sequences, or pad the batch to the longest one.")
    return arr.astype(np.int64)


def infer_sizes(params, key: str, kind: str, shapes_fn) -> tuple[int, int, np.dtype]:
    """Read (input_size, hidden_size) off the input matrix ``params[key]`` and check all params."""
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict of arrays (from {kind}.init_params), "
                        f"got {type(params).__name__}.")
    W = params.get(key)
    if W is None or np.ndim(W) != 2:
        check_params(params, shapes_fn(0, 0), kind)  # names missing keys first
        raise ValueError(f"params[{key!r}] must be a matrix (hidden, input), got shape {np.shape(W)}.")
    hidden, input_size = np.shape(W)
    return input_size, hidden, check_params(params, shapes_fn(input_size, hidden), kind)
