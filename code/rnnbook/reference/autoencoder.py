"""A dense autoencoder of any depth in NumPy, forward and hand-written backward.

    encoder   a_1 = phi(W_enc1 x + b_enc1),  ...,  z = phi(W_encL a_{L-1} + b_encL)    the code
    decoder   d_1 = phi(W_dec1 z + b_dec1),  ...,  x_hat = out(W_decL d_{L-1} + b_decL)

``sizes=(64, 32, 8)`` is an encoder 64 -> 32 -> 8 and the mirrored decoder 8 -> 32 -> 64.
``phi`` (``activation``) acts on every hidden layer, the code included; ``out``
(``output``) on the reconstruction. With "identity" for both it is the linear
autoencoder. Shapes: x (batch, features); W_enc{k}, W_dec{k} (out, in) as everywhere
in the book; b (out,).
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import check_grad, check_params, check_rows
from rnnbook.reference import layers, losses
from rnnbook.reference.optim import Adam


def check_sizes(sizes) -> tuple[int, ...]:
    """``sizes`` as a tuple of at least two positive integers, or a ValueError saying why."""
    try:
        sizes = tuple(sizes)
    except TypeError:
        raise TypeError(f"sizes must be a sequence of layer widths such as (64, 32, 8), "
                        f"got {sizes!r}.") from None
    if len(sizes) < 2 or any(int(s) != s or s < 1 for s in sizes):
        raise ValueError(f"sizes must hold at least two positive integers (input, ..., code), "
                         f"e.g. (64, 32, 8); got {sizes!r}.")
    return tuple(int(s) for s in sizes)


def param_shapes(sizes) -> dict[str, tuple]:
    """Names and shapes: W_enc1 .. W_encL down to the code, W_dec1 .. W_decL back up."""
    sizes = check_sizes(sizes)
    down = list(zip(sizes[:-1], sizes[1:]))                  # (in, out) of each encoder layer
    shapes = {}
    for k, (n_in, n_out) in enumerate(down, start=1):
        shapes[f"W_enc{k}"], shapes[f"b_enc{k}"] = (n_out, n_in), (n_out,)
    for k, (n_out, n_in) in enumerate(reversed(down), start=1):
        shapes[f"W_dec{k}"], shapes[f"b_dec{k}"] = (n_out, n_in), (n_out,)
    return shapes


def init_params(sizes, *, rng=None, dtype=np.float64) -> dict:
    """Every layer drawn U(-1/sqrt(in), 1/sqrt(in)) like nn.Linear; ``rng``: Generator or seed."""
    return dense_layers_init(param_shapes(sizes), rng=rng, dtype=dtype)


def dense_layers_init(shapes: dict, *, rng=None, dtype=np.float64) -> dict:
    """W_name and b_name for every W_name of ``shapes`` (in order), drawn like nn.Linear."""
    rng = np.random.default_rng(rng)
    params = {}
    for name, shape in shapes.items():
        if name.startswith("W_"):
            layer = layers.dense_init(shape[1], shape[0], rng=rng, dtype=dtype)
            params[name], params["b_" + name[2:]] = layer["W"], layer["b"]
    return params


def sizes_of(params) -> tuple[int, ...]:
    """The ``sizes`` an autoencoder's parameters were made for, read off W_enc1, W_enc2, ..."""
    if not isinstance(params, dict) or "W_enc1" not in params:
        raise TypeError("params must be the dict of an autoencoder (from autoencoder.init_params), "
                        f"with W_enc1, ...; got {type(params).__name__}"
                        + (f" with keys {sorted(params)}." if isinstance(params, dict) else "."))
    sizes, k = [np.shape(params["W_enc1"])[-1]], 1
    while f"W_enc{k}" in params:
        sizes.append(np.shape(params[f"W_enc{k}"])[0])
        k += 1
    return tuple(sizes)


def _checked(params):
    sizes = sizes_of(params)
    return sizes, check_params(params, param_shapes(sizes), "autoencoder")


def layer_stack(params, part: str, n_layers: int) -> list[dict]:
    """[{'W': W_<part>1, 'b': b_<part>1}, ...] for part "enc" or "dec", as stack_forward takes them."""
    return [{"W": params[f"W_{part}{k}"], "b": params[f"b_{part}{k}"]} for k in range(1, n_layers + 1)]


def encode(x, params, *, activation: str = "tanh"):
    """The code z (batch, sizes[-1]) of x (batch, sizes[0]), and the encoder's cache."""
    sizes, dtype = _checked(params)
    layers.check_activation(activation)
    x = check_rows(x, sizes[0], dtype)
    n = len(sizes) - 1
    return layers.stack_forward(x, layer_stack(params, "enc", n), [activation] * n)


def decode(code, params, *, activation: str = "tanh", output: str = "identity"):
    """The reconstruction (batch, sizes[0]) of a code (batch, sizes[-1]), and the decoder's cache."""
    sizes, dtype = _checked(params)
    layers.check_activation(activation)
    layers.check_activation(output, "output")
    code = check_rows(code, sizes[-1], dtype, "code")
    n = len(sizes) - 1
    return layers.stack_forward(code, layer_stack(params, "dec", n), [activation] * (n - 1) + [output])


def forward(x, params, *, activation: str = "tanh", output: str = "identity"):
    """Encode and decode. x (batch, features) -> (reconstruction (batch, features),
    code (batch, sizes[-1]), cache for :func:`backward`)."""
    sizes, dtype = _checked(params)
    layers.check_activation(activation)
    layers.check_activation(output, "output")
    return _forward(check_rows(x, sizes[0], dtype), params, len(sizes) - 1, activation, output)


def _forward(x, params, n_layers: int, activation: str, output: str):
    # The forward pass on validated arguments (fit validates once, not at every step).
    code, encoder_cache = layers.stack_forward(x, layer_stack(params, "enc", n_layers),
                                               [activation] * n_layers)
    reconstruction, decoder_cache = layers.stack_forward(
        code, layer_stack(params, "dec", n_layers), [activation] * (n_layers - 1) + [output])
    return reconstruction, code, {"encoder": encoder_cache, "decoder": decoder_cache,
                                  "code": code, "reconstruction": reconstruction}


def backward(d_reconstruction, cache, d_code=None):
    """Backpropagation: dL/dx_hat (batch, features), optionally plus a loss on the code
    dL/dz (batch, code) -> (grads with the keys of params, d_x (batch, features)).

    The code's gradient is the decoder's plus ``d_code``, e.g. from a sparsity penalty.
    """
    reconstruction, code = cache["reconstruction"], cache["code"]
    d_reconstruction = check_grad(d_reconstruction, reconstruction.shape, reconstruction.dtype,
                                  "d_reconstruction")
    decoder_grads, d_z = layers.stack_backward(d_reconstruction, cache["decoder"])
    if d_code is not None:
        d_z = d_z + check_grad(d_code, code.shape, code.dtype, "d_code")
    encoder_grads, d_x = layers.stack_backward(d_z, cache["encoder"])
    grads = {}
    for part, part_grads in (("enc", encoder_grads), ("dec", decoder_grads)):
        for k, g in enumerate(part_grads, start=1):
            grads[f"W_{part}{k}"], grads[f"b_{part}{k}"] = g["W"], g["b"]
    return grads, d_x


RECONSTRUCTION_LOSSES = {"mse": losses.mse, "bce": losses.binary_cross_entropy}
"""name -> loss(prediction, target) -> (value, d_prediction), each a mean over all entries."""


def fit(params, x, *, target=None, epochs: int = 100, lr: float = 1e-3, batch_size: int = 64,
        activation: str = "tanh", output: str = "identity", loss: str = "mse", corrupt=None,
        weight_decay: float = 0.0, rng=0) -> list[float]:
    """Train ``params`` in place with Adam on minibatches; return the mean loss of every epoch.

    x (samples, features) is the input and, unless ``target`` is given, the target.
    ``loss`` is "mse" or "bce" (binary cross-entropy, for an output in (0, 1)).
    ``corrupt(batch, rng) -> noisy batch`` draws fresh noise for every batch (a denoising
    autoencoder: the input is corrupted, the target stays clean). ``weight_decay`` adds the
    L2 penalty (weight_decay / 2) * sum ||W||^2 over the weight matrices (not the biases)
    to the loss; the history reports the reconstruction loss alone.
    """
    if loss not in RECONSTRUCTION_LOSSES:
        raise ValueError(f"loss must be one of {sorted(RECONSTRUCTION_LOSSES)}, got {loss!r}.")
    layers.check_activation(activation)
    layers.check_activation(output, "output")
    if weight_decay < 0:
        raise ValueError(f"weight_decay must be >= 0, got {weight_decay}.")
    rng = np.random.default_rng(rng)
    sizes, dtype = _checked(params)
    x = check_rows(x, sizes[0], dtype)
    target = x if target is None else check_rows(target, sizes[0], dtype, "target")
    if len(target) != len(x):
        raise ValueError(f"x and target must hold the same number of rows, got {len(x)} and {len(target)}.")
    optimizer, loss_fn, history = Adam(params, lr=lr), RECONSTRUCTION_LOSSES[loss], []
    for _ in range(epochs):
        order, total = rng.permutation(len(x)), 0.0
        for start in range(0, len(x), batch_size):
            rows = order[start:start + batch_size]
            inputs = x[rows]
            if corrupt is not None:   # a user's function: validate what it returns
                inputs = check_rows(corrupt(inputs, rng).astype(dtype, copy=False), sizes[0], dtype,
                                    "corrupt(batch, rng)")
            reconstruction, _, cache = _forward(inputs, params, len(sizes) - 1, activation, output)
            value, d_reconstruction = loss_fn(reconstruction, target[rows])
            grads = backward(d_reconstruction, cache)[0]
            if weight_decay:
                for name in grads:
                    if name.startswith("W_"):
                        grads[name] = grads[name] + weight_decay * params[name]
            optimizer.step(grads)
            total += value * len(rows)
        history.append(total / len(x))
    return history
