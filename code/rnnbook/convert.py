"""Exact weight mapping between the book's parameters, PyTorch and Keras.

The mapping is linear, so it maps gradients too: ``to_torch(kind, grads)`` holds the
gradients in PyTorch's layout. Conventions (the appendix explains them):

- Matrices: the book and PyTorch store (out, in); Keras stores the transpose (in, out).
- Gate order: LSTM (i, f, g, o) everywhere. GRU: PyTorch (r, z, n), Keras (z, r, n).
- Biases: PyTorch keeps two per gate (bias_ih, bias_hh), the book one; ``from_torch``
  adds them and ``to_torch`` puts the book's bias into bias_ih and zeros into bias_hh,
  except the GRU candidate's recurrent bias b_nh, which sits inside the reset product
  and goes to the candidate part of bias_hh. Keras's GRU (reset_after=True) has a
  bias of shape (2, 3H): row 0 for the input side, row 1 for the recurrent side.
  ``to_keras("gru", params, reset_after=False)`` also builds Keras's reset-before GRU (Cho
  et al.'s candidate) from the same weights, for comparison; it computes a different
  function, so ``from_keras`` does not map such a layer back.

``kind`` is "rnn", "lstm" or "gru" (one layer, one direction, batch-first), or one of
the autoencoder models "autoencoder", "vae", "sequence_autoencoder" (rnnbook.torch /
rnnbook.keras DenseAutoencoder, VAE, SequenceAutoencoder). A model is mapped layer by layer
with one rule: its ``book_layers()`` names each layer; a dense layer ``name`` holds the
book's W_name (out, in) and b_name, a recurrent layer ``name`` holds params[name], a cell
dict mapped as above.
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import infer_sizes
from rnnbook.reference import CELLS, gru, lstm
from rnnbook.reference._common import split_gates, stack_gates

KINDS = tuple(CELLS)        # "rnn", "lstm", "gru"
_TORCH_GATES = {"rnn": ("h",), "lstm": lstm.GATES, "gru": gru.GATES}
_KERAS_GATES = {"rnn": ("h",), "lstm": lstm.GATES, "gru": ("z", "r", "n")}


def _check_kind(kind):
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}.")


# Each framework's built-in layer for each cell kind: the one table of them.
_TORCH_LAYERS = {"rnn": "RNN", "lstm": "LSTM", "gru": "GRU"}          # torch.nn.<name>
_KERAS_LAYERS = {"rnn": "SimpleRNN", "lstm": "LSTM", "gru": "GRU"}    # keras.layers.<name>


def torch_layer(kind: str):
    """The torch.nn class of a cell kind ("rnn", "lstm", "gru"): nn.RNN, nn.LSTM or nn.GRU."""
    import torch.nn as nn

    _check_kind(kind)
    return getattr(nn, _TORCH_LAYERS[kind])


def keras_layer(kind: str):
    """The Keras class of a cell kind: keras.layers.SimpleRNN, LSTM or GRU."""
    import keras

    _check_kind(kind)
    return getattr(keras.layers, _KERAS_LAYERS[kind])


def _blocks(params, kind, gates):
    """Stack (W_x, W_h, b) of the given gates in the given order (book layout)."""
    if kind == "rnn":
        return params["W_xh"], params["W_hh"], params["b_h"]
    return stack_gates(params, gates)


def _split(W_x, W_h, b, kind, gates) -> dict:
    if kind == "rnn":
        return {"W_xh": W_x, "W_hh": W_h, "b_h": b}
    return split_gates(W_x, W_h, b, gates)


def _validated(kind, params):
    _check_kind(kind)
    module = CELLS[kind]
    key = "W_xh" if kind == "rnn" else f"W_{_TORCH_GATES[kind][0]}x"
    input_size, hidden, _ = infer_sizes(params, key, kind, module.param_shapes)
    return input_size, hidden


# ----------------------------------------------------------------------------- PyTorch

def _torch_kind(module):
    for kind in KINDS:
        if isinstance(module, torch_layer(kind)):
            return kind
    raise TypeError(f"from_torch expects torch.nn.RNN, LSTM or GRU, got {type(module).__name__}.")


def from_torch(module) -> tuple[str, dict]:
    """(kind, params) from a one-layer, one-direction nn.RNN/LSTM/GRU, or from an
    rnnbook.torch autoencoder model; arrays in its dtype."""
    if getattr(module, "kind", None) in MODEL_KINDS:
        return _model_from(module, _linear_weights, from_torch)
    kind = _torch_kind(module)
    if module.num_layers != 1 or module.bidirectional:
        raise ValueError(f"from_torch maps one layer, one direction; got num_layers="
                         f"{module.num_layers}, bidirectional={module.bidirectional}. Map each "
                         "layer on its own (weight_ih_l{k}).")
    if getattr(module, "proj_size", 0):
        raise ValueError("LSTMs with proj_size > 0 have no counterpart in the book.")
    tensors = {name: p.detach().cpu().numpy().copy() for name, p in module.named_parameters()}
    H = module.hidden_size
    if not module.bias:
        tensors["bias_ih_l0"] = np.zeros(tensors["weight_hh_l0"].shape[0], tensors["weight_hh_l0"].dtype)
        tensors["bias_hh_l0"] = np.zeros_like(tensors["bias_ih_l0"])
    b = tensors["bias_ih_l0"] + tensors["bias_hh_l0"]
    if kind == "gru":
        b[2 * H:] = tensors["bias_ih_l0"][2 * H:]  # b_hn stays apart: it is inside r * (...)
    params = _split(tensors["weight_ih_l0"], tensors["weight_hh_l0"], b, kind, _TORCH_GATES[kind])
    if kind == "gru":
        params["b_nh"] = tensors["bias_hh_l0"][2 * H:]
    return kind, params


def to_torch(kind: str, params: dict, *, nonlinearity: str = "tanh", **options):
    """A batch-first nn.RNN/LSTM/GRU holding ``params`` (or gradients) in Torch's layout,
    or, for an autoencoder kind, the rnnbook.torch model built with ``options`` (e.g.
    activation="tanh", output="sigmoid", decoder="reverse") holding ``params``.

    The module's dtype follows the arrays (float32 or float64). ``nonlinearity`` is for rnn.
    """
    import torch

    if kind in MODEL_KINDS:
        return _model_to_torch(kind, params, options)
    if options:
        raise TypeError(f"unexpected options for a {kind!r} layer: {sorted(options)}.")

    input_size, hidden = _validated(kind, params)
    dtype = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}[
        np.asarray(next(iter(params.values()))).dtype]
    extra = {"nonlinearity": nonlinearity} if kind == "rnn" else {}
    module = torch_layer(kind)(input_size, hidden, batch_first=True, dtype=dtype, **extra)
    W_x, W_h, b = _blocks(params, kind, _TORCH_GATES[kind])
    b_hh = np.zeros_like(b)
    if kind == "gru":
        b_hh[2 * hidden:] = params["b_nh"]
    with torch.no_grad():
        for name, value in (("weight_ih_l0", W_x), ("weight_hh_l0", W_h),
                            ("bias_ih_l0", b), ("bias_hh_l0", b_hh)):
            getattr(module, name).copy_(torch.as_tensor(np.asarray(value)))
    return module


# ----------------------------------------------------------------------------- Keras

def _keras_kind(layer):
    for kind in KINDS:
        if isinstance(layer, keras_layer(kind)):
            return kind
    raise TypeError(f"from_keras expects keras.layers.SimpleRNN, LSTM or GRU, got "
                    f"{type(layer).__name__}.")


def from_keras(layer) -> tuple[str, dict]:
    """(kind, params) from a built SimpleRNN/LSTM/GRU (GRU with reset_after=True), or from
    an rnnbook.keras autoencoder model."""
    if getattr(layer, "kind", None) in MODEL_KINDS:
        return _model_from(layer, _dense_weights, from_keras)
    kind = _keras_kind(layer)
    if not layer.built:
        raise ValueError("the Keras layer is not built yet: call it once on an input, or "
                         "layer.build((None, None, input_size)).")
    if kind == "gru" and not layer.reset_after:
        raise ValueError("only GRU(reset_after=True) matches the book (and PyTorch); this "
                         "layer has reset_after=False, which applies the reset before W_nh and "
                         "computes a different function, so no book parameters reproduce it.")
    weights = [np.asarray(w) for w in layer.get_weights()]
    kernel, recurrent = weights[0], weights[1]
    H = recurrent.shape[0]
    n_gates = kernel.shape[1] // H
    bias = weights[2] if len(weights) > 2 else np.zeros((2, n_gates * H) if kind == "gru"
                                                        else n_gates * H, kernel.dtype)
    if kind == "gru":
        b = bias[0] + bias[1]
        b[2 * H:] = bias[0][2 * H:]
    else:
        b = bias.copy()
    params = _split(kernel.T.copy(), recurrent.T.copy(), b, kind, _KERAS_GATES[kind])
    if kind == "gru":
        params["b_nh"] = bias[1][2 * H:].copy()
    return kind, params


def to_keras(kind: str, params: dict, *, nonlinearity: str = "tanh", reset_after: bool = True,
             **layer_kwargs):
    """A built Keras SimpleRNN/LSTM/GRU holding ``params`` (a GRU with reset_after=True, the
    book's and PyTorch's variant, unless asked otherwise), or, for an autoencoder kind, the
    built rnnbook.keras model (``layer_kwargs`` are its options).

    By default return_sequences=True and return_state=True, so a recurrent layer returns
    (outputs, *final_state) like the reference; pass layer_kwargs to change that.
    ``reset_after=False`` (GRU only) builds Cho et al.'s reset-*before* GRU with the same
    weights: a different function (chapter 6), which has no place for b_nh, so b_nh must be 0.
    """
    import rnnbook  # noqa: F401  (sets the TensorFlow backend and quiet logs first)

    if not reset_after and kind != "gru":
        raise ValueError(f"reset_after=False is an option of the GRU only, not of {kind!r}.")
    if kind in MODEL_KINDS:
        return _model_to_keras(kind, params, layer_kwargs)
    input_size, hidden = _validated(kind, params)
    if not reset_after and np.any(np.asarray(params["b_nh"]) != 0):
        raise ValueError("a reset-before GRU (reset_after=False) has one bias per gate and no "
                         "place for b_nh, the bias inside the reset product; these params have "
                         "b_nh != 0. Set params['b_nh'][:] = 0 to compare the two variants with "
                         "the same weights.")
    dtype = str(np.asarray(next(iter(params.values()))).dtype)
    options = {"return_sequences": True, "return_state": True, "dtype": dtype, **layer_kwargs}
    extra = {"rnn": {"activation": nonlinearity}, "lstm": {}, "gru": {"reset_after": reset_after}}[kind]
    layer = keras_layer(kind)(hidden, **extra, **options)
    layer.build((None, None, input_size))
    weights = keras_weights(kind, params)
    if not reset_after:
        weights[2] = weights[2][0]       # one bias row: the input side (b_nh is zero)
    layer.set_weights(weights)
    return layer


def keras_weights(kind: str, params: dict) -> list[np.ndarray]:
    """[kernel (in, gates*H), recurrent_kernel (H, gates*H), bias] in Keras's layout, ready
    for the set_weights of a built SimpleRNN/LSTM/GRU (a GRU with reset_after=True)."""
    _, hidden = _validated(kind, params)
    W_x, W_h, b = _blocks(params, kind, _KERAS_GATES[kind])
    if kind == "gru":
        b = np.stack([b, np.concatenate([np.zeros(2 * hidden, b.dtype), params["b_nh"]])])
    return [np.asarray(W_x).T, np.asarray(W_h).T, b]


def layouts(kind: str, input_size: int, hidden_size: int) -> list[dict]:
    """Where each of the book's parameters lives in PyTorch and in Keras.

    Returns one dict per book parameter with keys 'book', 'shape', 'torch', 'keras'
    (the framework tensors and slices, as text), ready to print as a table.
    """
    _check_kind(kind)
    H = hidden_size
    shapes = CELLS[kind].param_shapes(input_size, hidden_size)
    rows = []
    for name, shape in shapes.items():
        # The block of rows (PyTorch) or columns (Keras) of this parameter's gate; the plain
        # RNN has one block, the whole tensor.
        torch_rows = keras_columns = keras_block = ""
        if kind != "rnn":
            gate = "n" if name == "b_nh" else name.split("_")[1][0]
            at_torch, at_keras = _TORCH_GATES[kind].index(gate), _KERAS_GATES[kind].index(gate)
            torch_rows = f"[{at_torch * H}:{(at_torch + 1) * H}]"
            keras_block = f"{at_keras * H}:{(at_keras + 1) * H}"
            keras_columns = f"[:, {keras_block}]"
        is_input_weight = name == "W_xh" or (kind != "rnn" and name.startswith("W_") and name.endswith("x"))
        if is_input_weight:
            torch_, keras_ = f"weight_ih_l0{torch_rows}", f"kernel{keras_columns}.T"
        elif name.startswith("W_"):
            torch_, keras_ = f"weight_hh_l0{torch_rows}", f"recurrent_kernel{keras_columns}.T"
        elif name == "b_nh":          # GRU, reset after: the recurrent bias of the candidate
            torch_, keras_ = f"bias_hh_l0{torch_rows}", f"bias[1, {keras_block}]"
        elif name == "b_n":           # GRU: the candidate's input bias, alone
            torch_, keras_ = f"bias_ih_l0{torch_rows}", f"bias[0, {keras_block}]"
        elif kind == "gru":           # GRU gates: Keras keeps an input and a recurrent bias row
            torch_ = f"bias_ih_l0{torch_rows} + bias_hh_l0{torch_rows}"
            keras_ = f"bias[0, {keras_block}] + bias[1, {keras_block}]"
        else:
            keras_bias = f"[{keras_block}]" if keras_block else ""
            torch_, keras_ = f"bias_ih_l0{torch_rows} + bias_hh_l0{torch_rows}", f"bias{keras_bias}"
        rows.append({"book": name, "shape": shape, "torch": torch_, "keras": keras_})
    return rows


def from_torch_stack(module) -> tuple[str, list[list[dict]]]:
    """(kind, stack) from a multi-layer and/or bidirectional nn.RNN/LSTM/GRU.

    stack[layer][direction] is a book parameter dict; direction 0 reads forwards in time,
    direction 1 (only if bidirectional) backwards. Feed it to rnnbook.reference.deep.
    """
    import torch

    kind = _torch_kind(module)
    cls = torch_layer(kind)
    extra = {"nonlinearity": module.nonlinearity} if kind == "rnn" else {}
    dtype = next(module.parameters()).dtype
    stack = []
    for layer in range(module.num_layers):
        directions = []
        for suffix in [""] + (["_reverse"] if module.bidirectional else []):
            w_ih = getattr(module, f"weight_ih_l{layer}{suffix}")
            # Copy this layer and direction into a one-layer module, and map that.
            single = cls(w_ih.shape[1], module.hidden_size, bias=module.bias, batch_first=True,
                         dtype=dtype, **extra)
            with torch.no_grad():
                for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh"):
                    source = getattr(module, f"{name}_l{layer}{suffix}", None)
                    if source is not None:
                        getattr(single, f"{name}_l0").copy_(source)
            directions.append(from_torch(single)[1])
        stack.append(directions)
    return kind, stack


# ----------------------------------------------------------------------------- autoencoders

MODEL_KINDS = ("autoencoder", "vae", "sequence_autoencoder")


def _model_args(kind: str, params: dict, options: dict) -> tuple:
    """The twin's positional arguments (sizes, or input and hidden size), from validated params."""
    from rnnbook.reference import autoencoder, sequence_autoencoder, vae

    if kind == "autoencoder":
        return (autoencoder.sizes_of(params),)
    if kind == "vae":
        return (vae.sizes_of(params),)
    return sequence_autoencoder.sizes_of(params, options.get("decoder", "repeat"))


def _leaf_dtype(params: dict) -> np.dtype:
    first = next(iter(params.values()))
    return _leaf_dtype(first) if isinstance(first, dict) else np.asarray(first).dtype


def _dense_params(params: dict, name: str, shape: tuple) -> tuple[np.ndarray, np.ndarray]:
    W, b = np.asarray(params[f"W_{name}"]), np.asarray(params[f"b_{name}"])
    if W.shape != tuple(shape) or b.shape != (shape[0],):
        raise ValueError(f"W_{name} and b_{name} must have shapes {tuple(shape)} and "
                         f"{(shape[0],)}, got {W.shape} and {b.shape}.")
    return W, b


def _model_from(model, dense_weights, recurrent_params) -> tuple[str, dict]:
    """(kind, params) of a twin: every dense layer's (W, b) and every recurrent layer's dict."""
    params = {}
    for name, layer in model.book_layers().items():
        weights = dense_weights(layer)
        if weights is None:
            params[name] = recurrent_params(layer)[1]
        else:
            params[f"W_{name}"], params[f"b_{name}"] = weights
    return model.kind, params


def _linear_weights(layer):
    """(W, b) of an nn.Linear, or None for any other layer."""
    import torch.nn as nn

    if not isinstance(layer, nn.Linear):
        return None
    return layer.weight.detach().cpu().numpy().copy(), layer.bias.detach().cpu().numpy().copy()


def _dense_weights(layer):
    """(W, b) of a keras Dense (W = kernel transposed), or None for any other layer."""
    import keras

    if not isinstance(layer, keras.layers.Dense):
        return None
    kernel, bias = layer.get_weights()
    return kernel.T.copy(), bias.copy()


def _model_to_torch(kind: str, params: dict, options: dict):
    import torch

    import rnnbook.torch as rt

    cls = {"autoencoder": rt.DenseAutoencoder, "vae": rt.VAE,
           "sequence_autoencoder": rt.SequenceAutoencoder}[kind]
    model = cls(*_model_args(kind, params, options), **options)
    model.to({np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}[_leaf_dtype(params)])
    with torch.no_grad():
        for name, layer in model.book_layers().items():
            if _linear_weights(layer) is None:
                layer.load_state_dict(to_torch(_torch_kind(layer), params[name]).state_dict())
            else:
                W, b = _dense_params(params, name, tuple(layer.weight.shape))
                layer.weight.copy_(torch.as_tensor(W))
                layer.bias.copy_(torch.as_tensor(b))
    return model


def _model_to_keras(kind: str, params: dict, options: dict):
    import rnnbook.keras as rk

    cls = {"autoencoder": rk.DenseAutoencoder, "vae": rk.VAE,
           "sequence_autoencoder": rk.SequenceAutoencoder}[kind]
    model = cls(*_model_args(kind, params, options), dtype=str(_leaf_dtype(params)), **options)
    for name, layer in model.book_layers().items():
        if _dense_weights(layer) is None:
            layer.set_weights(keras_weights(_keras_kind(layer), params[name]))
        else:
            W, b = _dense_params(params, name, tuple(layer.get_weights()[0].shape[::-1]))
            layer.set_weights([W.T, b])
    return model
