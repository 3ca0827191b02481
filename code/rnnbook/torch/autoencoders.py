"""The autoencoders of rnnbook.reference as torch.nn.Modules built from PyTorch's own layers.

- :class:`DenseAutoencoder` -- nn.Linear layers and activations, sizes as in the reference.
- :class:`VAE` -- a variational autoencoder; :func:`vae_loss` is its negative ELBO.
- :class:`SequenceAutoencoder` -- an nn.LSTM encoder, an nn.LSTM decoder ("repeat" or
  "reverse") and a linear read-out.

Each has ``kind`` and ``book_layers()``: the layers by their names in the book's
parameter dicts, which is what rnnbook.convert maps (``convert.to_torch(kind, params)``,
``convert.from_torch(model)``). ``seed`` fixes the initial weights without touching
PyTorch's global random state.
"""

from __future__ import annotations

import contextlib

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn
from tqdm.auto import tqdm

from rnnbook.reference import autoencoder as ref_autoencoder
from rnnbook.reference import sequence_autoencoder as ref_sequence
from rnnbook.reference import vae as ref_vae
from rnnbook.torch.training import default_device

ACTIVATIONS = {"tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "relu": nn.ReLU, "identity": nn.Identity}


def _activation(name: str, what: str = "activation") -> nn.Module:
    if name not in ACTIVATIONS:
        raise ValueError(f"{what} must be one of {sorted(ACTIVATIONS)}, got {name!r}.")
    return ACTIVATIONS[name]()


@contextlib.contextmanager
def _seeded(seed: int):
    """Draw initial weights from ``seed`` without touching PyTorch's global random state."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _dense_stack(pairs, activations) -> tuple[dict, nn.Sequential]:
    """nn.Linear(in, out) + activation for each (in, out); returns ({name: Linear}, Sequential)."""
    linears, modules = {}, []
    for (name, n_in, n_out), act in zip(pairs, activations):
        linears[name] = nn.Linear(n_in, n_out)
        modules += [linears[name], _activation(act)]
    return linears, nn.Sequential(*modules)


class DenseAutoencoder(nn.Module):
    """x (batch, sizes[0]) -> reconstruction (batch, sizes[0]); :meth:`encode` gives the code."""

    kind = "autoencoder"

    def __init__(self, sizes=(64, 32, 8), *, activation: str = "tanh", output: str = "identity",
                 seed: int = 0):
        super().__init__()
        shapes = ref_autoencoder.param_shapes(sizes)      # validates sizes
        _activation(output, "output")
        self.sizes, self.activation, self.output = tuple(sizes), activation, output
        layers = [(name[2:], shape[1], shape[0]) for name, shape in shapes.items() if name.startswith("W_")]
        n = len(self.sizes) - 1
        with _seeded(seed):
            enc, self.encoder = _dense_stack(layers[:n], [activation] * n)
            dec, self.decoder = _dense_stack(layers[n:], [activation] * (n - 1) + [output])
        self._linears = {**enc, **dec}

    def book_layers(self) -> dict:
        """{'enc1': nn.Linear, ..., 'dec1': ...}: W_enc1 is enc1.weight, b_enc1 its bias."""
        return dict(self._linears)

    def encode(self, x):
        return self.encoder(x)

    def forward(self, x):
        return self.decoder(self.encoder(x))


class VAE(nn.Module):
    """forward(x) -> (reconstruction, mu, log_var); a fresh sample z while training, z = mu in eval()."""

    kind = "vae"

    def __init__(self, sizes=(64, 32, 2), *, activation: str = "tanh", output: str = "sigmoid",
                 seed: int = 0):
        super().__init__()
        shapes = ref_vae.param_shapes(sizes)
        _activation(output, "output")
        self.sizes, self.activation, self.output = tuple(sizes), activation, output
        layers = {name[2:]: (shape[1], shape[0]) for name, shape in shapes.items() if name.startswith("W_")}
        hidden = [(k, *v) for k, v in layers.items() if k.startswith("enc")]
        decoder = [(k, *v) for k, v in layers.items() if k.startswith("dec")]
        with _seeded(seed):
            enc, self.hidden = _dense_stack(hidden, [activation] * len(hidden))
            self.mu = nn.Linear(*layers["mu"])
            self.logvar = nn.Linear(*layers["logvar"])
            dec, self.decoder = _dense_stack(decoder, [activation] * (len(decoder) - 1) + [output])
        self._linears = {**enc, "mu": self.mu, "logvar": self.logvar, **dec}

    def book_layers(self) -> dict:
        return dict(self._linears)

    def encode(self, x):
        """(mu, log_var), each (batch, latent)."""
        a = self.hidden(x)
        return self.mu(a), self.logvar(a)

    def forward(self, x, eps=None):
        """``eps`` (batch, latent) fixes the noise; by default it is drawn while training, 0 in eval()."""
        mu, log_var = self.encode(x)
        if eps is None:
            eps = torch.randn_like(mu) if self.training else torch.zeros_like(mu)
        z = mu + torch.exp(0.5 * log_var) * eps          # the reparameterisation trick
        return self.decoder(z), mu, log_var


def gaussian_kl(mu, log_var):
    """KL(q(z|x) || N(0, I)) per example, summed over the latent dimensions: (batch,)."""
    return 0.5 * torch.sum(mu**2 + log_var.exp() - 1.0 - log_var, dim=1)


def vae_loss(model: VAE, x, eps=None):
    """The negative ELBO per example, averaged over the batch, and its two parts.

    Returns (loss, reconstruction term, KL term) as tensors; the reconstruction term is
    the binary cross-entropy summed over the features (a sigmoid output) or half the
    squared error summed over the features (any other output).
    """
    reconstruction, mu, log_var = model(x, eps)
    if model.output == "sigmoid":
        rec = F.binary_cross_entropy(reconstruction, x, reduction="none").sum(dim=1)
    else:
        rec = 0.5 * ((reconstruction - x) ** 2).sum(dim=1)
    rec, kl = rec.mean(), gaussian_kl(mu, log_var).mean()
    return rec + kl, rec, kl


def fit_vae(model: VAE, x, *, epochs: int = 50, lr: float = 1e-3, batch_size: int = 64,
            seed: int = 0, device=None, progress: bool = True) -> dict:
    """Train with Adam; return {'loss', 'reconstruction', 'kl'}: per-epoch means (lists)."""
    device = default_device() if device is None else torch.device(device)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x = torch.as_tensor(np.asarray(x), dtype=torch.float32)
    model.to(device).train()
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    history = {"loss": [], "reconstruction": [], "kl": []}
    for _ in tqdm(range(epochs), desc="epochs", disable=not progress, leave=False):
        order, totals = torch.randperm(len(x), generator=generator), np.zeros(3)
        for start in range(0, len(x), batch_size):
            xb = x[order[start:start + batch_size]].to(device)
            optimizer.zero_grad()
            loss, rec, kl = vae_loss(model, xb)
            loss.backward()
            optimizer.step()
            totals += np.array([loss.item(), rec.item(), kl.item()]) * len(xb)
        for key, value in zip(history, totals / len(x)):
            history[key].append(float(value))
    model.eval()
    return history


class SequenceAutoencoder(nn.Module):
    """x (batch, time, features) -> reconstruction (batch, time, features).

    ``decoder="repeat"``: the code h_T at every decoder step. ``decoder="reverse"``: the
    decoder starts from (h_T, c_T) and rebuilds x_T, ..., x_1, reading the true previous
    value while training (teacher forcing) and its own prediction in eval() -- or as
    ``teacher_forcing`` says. :meth:`encode` gives the code (h_T, c_T).
    """

    kind = "sequence_autoencoder"

    def __init__(self, input_size: int = 1, hidden_size: int = 32, *, decoder: str = "repeat",
                 seed: int = 0):
        super().__init__()
        ref_sequence.check_decoder(decoder)
        self.decoder_kind, self.hidden_size = decoder, hidden_size
        with _seeded(seed):
            self.encoder = nn.LSTM(input_size, hidden_size, batch_first=True)
            self.decoder = nn.LSTM(hidden_size if decoder == "repeat" else input_size, hidden_size,
                                   batch_first=True)
            self.out = nn.Linear(hidden_size, input_size)

    def book_layers(self) -> dict:
        """{'encoder': nn.LSTM, 'decoder': nn.LSTM, 'out': nn.Linear (W_out, b_out)}."""
        return {"encoder": self.encoder, "decoder": self.decoder, "out": self.out}

    def encode(self, x):
        """The code: the encoder's final (h_T, c_T), each (batch, hidden)."""
        _, (h, c) = self.encoder(x)
        return h[0], c[0]

    def forward(self, x, teacher_forcing: bool | None = None):
        h, c = self.encode(x)
        T = x.shape[1]
        if self.decoder_kind == "repeat":
            states, _ = self.decoder(h[:, None, :].expand(-1, T, -1))
            return self.out(states)
        if teacher_forcing is None:
            teacher_forcing = self.training
        if teacher_forcing:
            # States h_T (the code) and then after reading x_T, ..., x_2: they predict x_T .. x_1.
            states = h[:, None, :]
            if T > 1:
                later, _ = self.decoder(torch.flip(x, dims=[1])[:, :-1], (h[None], c[None]))
                states = torch.cat([states, later], dim=1)
            return torch.flip(self.out(states), dims=[1])
        state, predictions = (h[None], c[None]), [self.out(h)]
        while len(predictions) < T:
            step, state = self.decoder(predictions[-1][:, None, :], state)
            predictions.append(self.out(step[:, 0]))
        return torch.stack(predictions[::-1], dim=1)
