"""What the three NumPy cells share: activations, input checks, parameter stacking."""

from __future__ import annotations

import numpy as np

from rnnbook._checks import FLOAT_DTYPES, as_float_array, check_finite, check_ndim


def uniform_params(shapes: dict[str, tuple], hidden_size: int, rng, dtype) -> dict:
    """U(-1/sqrt(hidden), 1/sqrt(hidden)) for every parameter, as nn.RNN/LSTM/GRU do."""
    if int(hidden_size) != hidden_size or hidden_size < 1:
        raise ValueError(f"hidden_size must be a positive integer, got {hidden_size!r}.")
    if np.dtype(dtype) not in [np.dtype(d) for d in FLOAT_DTYPES]:
        raise TypeError(f"dtype must be float32 or float64, got {np.dtype(dtype)}.")
    rng = np.random.default_rng(rng)
    bound = 1.0 / np.sqrt(hidden_size)
    return {name: rng.uniform(-bound, bound, size=shape).astype(dtype)
            for name, shape in shapes.items()}


def gated_param_shapes(gates, input_size: int, hidden_size: int) -> dict[str, tuple]:
    """W_<g>x (hidden, input), W_<g>h (hidden, hidden) and b_<g> (hidden,) for each gate g."""
    shapes = {}
    for gate in gates:
        shapes[f"W_{gate}x"] = (hidden_size, input_size)
        shapes[f"W_{gate}h"] = (hidden_size, hidden_size)
        shapes[f"b_{gate}"] = (hidden_size,)
    return shapes


def stack_gates(params: dict, gates) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The gates' parameters stacked in the order ``gates``: W_x (G*H, input), W_h (G*H, H)
    and b (G*H,), so that one matrix product computes every gate's pre-activation."""
    return (np.concatenate([params[f"W_{g}x"] for g in gates]),
            np.concatenate([params[f"W_{g}h"] for g in gates]),
            np.concatenate([params[f"b_{g}"] for g in gates]))


def split_gates(W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, gates) -> dict:
    """The inverse of :func:`stack_gates`: {W_<g>x, W_<g>h, b_<g>} for every gate g."""
    H = W_h.shape[1]
    split = {}
    for k, gate in enumerate(gates):
        rows = slice(k * H, (k + 1) * H)
        split[f"W_{gate}x"], split[f"W_{gate}h"], split[f"b_{gate}"] = W_x[rows], W_h[rows], b[rows]
    return split


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


def affine_all_steps(x: np.ndarray, W: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """x W^T (+ b) for every step at once: x (..., in), W (out, in) -> (..., out).

    Written as one 2-D product on purpose: NumPy's batched 3-D matmul is over ten times
    slower at the book's sizes.
    """
    out = x.reshape(-1, x.shape[-1]) @ W.T
    if b is not None:
        out += b
    return out.reshape(*x.shape[:-1], W.shape[0])


def sum_over_steps(d_a: np.ndarray, inputs: np.ndarray) -> np.ndarray:
    """sum_t d_a_t^T inputs_t as one 2-D product: d_a (..., out), inputs (..., in) -> (out, in)."""
    return d_a.reshape(-1, d_a.shape[-1]).T @ inputs.reshape(-1, inputs.shape[-1])
