"""The autoencoders of rnnbook.reference as Keras 3 models built from Keras's own layers.

- :class:`DenseAutoencoder` -- Dense layers, sizes as in the reference.
- :class:`VAE` -- a variational autoencoder; it adds its KL term with ``add_loss``, so
  ``compile(loss=summed_binary_crossentropy)`` and ``fit(x, x)`` minimise the negative ELBO.
- :class:`SequenceAutoencoder` -- an LSTM encoder, an LSTM decoder ("repeat" or
  "reverse") and a Dense read-out.

Each has ``kind`` and ``book_layers()`` (the layers by their names in the book's parameter
dicts, which rnnbook.convert maps) and is built on construction. Keras stores Dense
kernels as (in, out), the transpose of the book's W.
"""

from __future__ import annotations

import keras
import numpy as np
from keras import ops

from rnnbook.reference import autoencoder as ref_autoencoder
from rnnbook.reference import sequence_autoencoder as ref_sequence
from rnnbook.reference import vae as ref_vae

ACTIVATIONS = {"tanh": "tanh", "sigmoid": "sigmoid", "relu": "relu", "identity": "linear"}


def _activation(name: str, what: str = "activation") -> str:
    if name not in ACTIVATIONS:
        raise ValueError(f"{what} must be one of {sorted(ACTIVATIONS)}, got {name!r}.")
    return ACTIVATIONS[name]


def _dense_layers(shapes: dict, prefix: str, activations, dtype) -> dict:
    """{name: Dense} for the book's W_<prefix>k of ``shapes``, with the given activations."""
    names = [n[2:] for n in shapes if n.startswith(f"W_{prefix}")]
    return {name: keras.layers.Dense(shapes[f"W_{name}"][0], activation=_activation(act),
                                     name=name, dtype=dtype)
            for name, act in zip(names, activations)}


def _run(layers, x):
    for layer in layers:
        x = layer(x)
    return x


class DenseAutoencoder(keras.Model):
    """x (batch, sizes[0]) -> reconstruction (batch, sizes[0]); :meth:`encode` gives the code."""

    kind = "autoencoder"

    def __init__(self, sizes=(64, 32, 8), *, activation: str = "tanh", output: str = "identity",
                 seed: int = 0, dtype=None, **kwargs):
        super().__init__(dtype=dtype, **kwargs)   # the model casts its inputs to this
        shapes = ref_autoencoder.param_shapes(sizes)
        _activation(output, "output")
        self.sizes, self.activation_name, self.output_name = tuple(sizes), activation, output
        n = len(self.sizes) - 1
        keras.utils.set_random_seed(seed)
        self.encoder_layers = list(_dense_layers(shapes, "enc", [activation] * n, dtype).values())
        self.decoder_layers = list(_dense_layers(shapes, "dec", [activation] * (n - 1) + [output],
                                                 dtype).values())
        self(np.zeros((1, self.sizes[0]), dtype=dtype or "float32"))

    def book_layers(self) -> dict:
        """{'enc1': Dense, ..., 'dec1': ...}: W_enc1 is enc1's kernel transposed."""
        return {layer.name: layer for layer in self.encoder_layers + self.decoder_layers}

    def encode(self, x):
        return _run(self.encoder_layers, x)

    def call(self, x):
        return _run(self.decoder_layers, _run(self.encoder_layers, x))


def summed_binary_crossentropy(target, probabilities):
    """Binary cross-entropy summed over the features, one value per example (batch,)."""
    return ops.sum(ops.binary_crossentropy(target, probabilities), axis=-1)


class VAE(keras.Model):
    """call(x) -> reconstruction; samples z while training (z = mu otherwise) and adds the KL
    term (mean over the batch of the per-example KL) with ``add_loss``."""

    kind = "vae"

    def __init__(self, sizes=(64, 32, 2), *, activation: str = "tanh", output: str = "sigmoid",
                 seed: int = 0, dtype=None, **kwargs):
        super().__init__(dtype=dtype, **kwargs)   # the model casts its inputs to this
        shapes = ref_vae.param_shapes(sizes)
        _activation(output, "output")
        self.sizes, self.activation_name, self.output_name = tuple(sizes), activation, output
        keras.utils.set_random_seed(seed)
        self.noise = keras.random.SeedGenerator(seed)
        n_hidden = len(self.sizes) - 2
        self.hidden_layers = list(_dense_layers(shapes, "enc", [activation] * n_hidden, dtype).values())
        self.mu = keras.layers.Dense(self.sizes[-1], name="mu", dtype=dtype)
        self.logvar = keras.layers.Dense(self.sizes[-1], name="logvar", dtype=dtype)
        self.decoder_layers = list(_dense_layers(shapes, "dec", [activation] * n_hidden + [output],
                                                 dtype).values())
        self(np.zeros((1, self.sizes[0]), dtype=dtype or "float32"))

    def book_layers(self) -> dict:
        layers = self.hidden_layers + [self.mu, self.logvar] + self.decoder_layers
        return {layer.name: layer for layer in layers}

    def encode(self, x):
        """(mu, log_var), each (batch, latent)."""
        a = _run(self.hidden_layers, x)
        return self.mu(a), self.logvar(a)

    def decode(self, z):
        return _run(self.decoder_layers, z)

    def reconstruct(self, x, eps):
        """The reconstruction for fixed noise eps (batch, latent): z = mu + exp(log_var / 2) eps."""
        mu, log_var = self.encode(x)
        return self.decode(mu + ops.exp(0.5 * log_var) * eps)

    def call(self, x, training=None):
        mu, log_var = self.encode(x)
        z = mu
        if training:
            z = mu + ops.exp(0.5 * log_var) * keras.random.normal(ops.shape(mu), seed=self.noise)
        kl = 0.5 * ops.sum(ops.square(mu) + ops.exp(log_var) - 1.0 - log_var, axis=-1)
        self.add_loss(ops.mean(kl))
        return self.decode(z)


class SequenceAutoencoder(keras.Model):
    """x (batch, time, features) -> reconstruction, as rnnbook.torch.SequenceAutoencoder.

    The "repeat" decoder reads h_T at every step (what keras.layers.RepeatVector builds;
    here a broadcast, so any length works). The "reverse" decoder starts from (h_T, c_T) and
    rebuilds x_T, ..., x_1, reading the true previous value while training (teacher
    forcing) and its own prediction otherwise -- or as ``teacher_forcing`` says.
    """

    kind = "sequence_autoencoder"

    def __init__(self, input_size: int = 1, hidden_size: int = 32, *, decoder: str = "repeat",
                 seed: int = 0, dtype=None, **kwargs):
        super().__init__(dtype=dtype, **kwargs)   # the model casts its inputs to this
        self.decoder_kind = ref_sequence.check_decoder(decoder)
        keras.utils.set_random_seed(seed)
        self.encoder = keras.layers.LSTM(hidden_size, return_state=True, name="encoder", dtype=dtype)
        self.decoder = keras.layers.LSTM(hidden_size, return_sequences=True, return_state=True,
                                         name="decoder", dtype=dtype)
        self.out = keras.layers.Dense(input_size, name="out", dtype=dtype)
        self(np.zeros((1, 2, input_size), dtype=dtype or "float32"), teacher_forcing=True)

    def book_layers(self) -> dict:
        return {"encoder": self.encoder, "decoder": self.decoder, "out": self.out}

    def encode(self, x):
        """The code: the encoder's final (h_T, c_T), each (batch, hidden)."""
        _, h, c = self.encoder(x)
        return h, c

    def call(self, x, training=None, teacher_forcing=None):
        h, c = self.encode(x)
        if self.decoder_kind == "repeat":
            repeated = ops.zeros_like(x[:, :, :1]) + h[:, None, :]       # (batch, time, hidden)
            return self.out(self.decoder(repeated)[0])
        if teacher_forcing is None:
            teacher_forcing = bool(training)
        if teacher_forcing:
            states = h[:, None, :]
            if x.shape[1] > 1:
                later = self.decoder(ops.flip(x, axis=1)[:, :-1], initial_state=[h, c])[0]
                states = ops.concatenate([states, later], axis=1)
            return ops.flip(self.out(states), axis=1)
        state, predictions = [h, c], [self.out(h)]
        while len(predictions) < x.shape[1]:
            _, *state = self.decoder(predictions[-1][:, None, :], initial_state=state)
            predictions.append(self.out(state[0]))
        return ops.stack(predictions[::-1], axis=1)
