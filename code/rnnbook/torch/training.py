"""A sequence model with a linear head, and a small training loop."""

from __future__ import annotations

import numpy as np
import torch
from torch import nn
from tqdm.auto import tqdm

from rnnbook import convert
from rnnbook.torch.cells import CELL_CLASSES, Recurrent
from rnnbook.torch.masking import as_lengths, last_outputs, run_packed


def default_device() -> torch.device:
    """CUDA when available (Colab with a GPU), else the CPU."""
    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


class SequenceModel(nn.Module):
    """A recurrent layer and a linear head.

    x (batch, time, input) -> (batch, output) if many_to_one (the head reads h_T),
    else (batch, time, output). With ``lengths`` (batch,), x is a padded batch: the layer
    runs on packed sequences and a many-to-one head reads each sequence's last real step. ``from_scratch=True`` uses the book's cells instead of
    nn.RNN/LSTM/GRU (slower, same numbers). ``seed`` fixes the initial weights without
    touching PyTorch's global random state.
    """

    def __init__(self, kind: str, input_size: int, hidden_size: int, output_size: int, *,
                 many_to_one: bool = True, from_scratch: bool = False, num_layers: int = 1,
                 seed: int = 0):
        super().__init__()
        builtin = convert.torch_layer(kind)         # also checks the kind
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(seed)
            self._build(builtin, kind, input_size, hidden_size, output_size, from_scratch, num_layers)
        self.many_to_one = many_to_one

    def _build(self, builtin, kind, input_size, hidden_size, output_size, from_scratch, num_layers):
        if from_scratch:
            if num_layers != 1:
                raise ValueError("from_scratch supports one layer.")
            self.recurrent = Recurrent(CELL_CLASSES[kind](input_size, hidden_size))
        else:
            self.recurrent = builtin(input_size, hidden_size, num_layers=num_layers, batch_first=True)
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x, state=None, lengths=None):
        if lengths is None:
            outputs, _ = self.recurrent(x, state)
        elif isinstance(self.recurrent, Recurrent):
            raise NotImplementedError("lengths= needs PyTorch's own layers (packed sequences); "
                                      "build the model with from_scratch=False.")
        else:
            outputs, _ = run_packed(self.recurrent, x, lengths, state)
        return self.head(last_outputs(outputs, lengths) if self.many_to_one else outputs)

    @classmethod
    def from_keras(cls, keras_model) -> SequenceModel:
        """The same model with the weights of a Keras [recurrent layer, Dense head] model.

        ``keras_model`` as built by rnnbook.keras.sequence_model (or any Sequential ending in
        one SimpleRNN/LSTM/GRU layer and a Dense head). Use it to start PyTorch from exactly
        the weights Keras initialised.
        """
        recurrent, head = keras_model.layers[-2], keras_model.layers[-1]
        kind, params = convert.from_keras(recurrent)
        kernel, bias = (np.asarray(w) for w in head.get_weights())      # kernel (hidden, output)
        model = cls(kind, recurrent.cell.kernel.shape[0], recurrent.units, kernel.shape[1],
                    many_to_one=not recurrent.return_sequences)
        model.recurrent = convert.to_torch(kind, params)
        with torch.no_grad():
            model.head.weight.copy_(torch.as_tensor(kernel.T))
            model.head.bias.copy_(torch.as_tensor(bias))
        return model


OPTIMIZERS = {"adam": torch.optim.Adam, "adamw": torch.optim.AdamW, "sgd": torch.optim.SGD}


def fit(model: nn.Module, x, y, *, loss_fn=None, lengths=None, epochs: int = 10,
        lr: float = 1e-3, optimizer: str = "adam", weight_decay: float = 0.0, schedule=None,
        batch_size: int | None = None, clip: float | None = None, seed: int = 0,
        device=None, progress: bool = True, on_epoch_end=None) -> list[float]:
    """Train; return the mean training loss of every epoch.

    x: (samples, time, input); y: targets the model's output is compared with by
    ``loss_fn`` (default MSE). ``lengths`` (samples,): x is padded and the model is called
    as model(x, lengths=...) (a per-step loss must then ignore the padding, e.g.
    cross-entropy with the padded labels set to ignore_index). ``optimizer``: "adam",
    "adamw" or "sgd", with ``weight_decay``; ``schedule(epoch) -> factor`` multiplies the
    learning rate (torch's LambdaLR). ``batch_size=None`` trains full-batch. ``clip`` clips
    the global gradient norm. Runs on ``device`` (default: CUDA when available). The model
    is in train() mode for every epoch; ``on_epoch_end(epoch, model)``, if given, is called
    after each one (e.g. to measure a validation error in eval() mode).
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {sorted(OPTIMIZERS)}, got {optimizer!r}.")
    device = default_device() if device is None else torch.device(device)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    x = torch.as_tensor(np.asarray(x), dtype=torch.float32)
    y = torch.as_tensor(np.asarray(y))
    if y.is_floating_point():
        y = y.float()
    if len(x) != len(y):
        raise ValueError(f"x and y must hold the same number of samples, got {len(x)} and {len(y)}.")
    if lengths is not None:
        lengths = as_lengths(lengths, x.shape[0], x.shape[1])
    model.to(device)
    loss_fn = nn.MSELoss() if loss_fn is None else loss_fn
    opt = OPTIMIZERS[optimizer](model.parameters(), lr=lr, weight_decay=weight_decay)
    scheduler = None if schedule is None else torch.optim.lr_scheduler.LambdaLR(opt, schedule)
    batch_size = len(x) if batch_size is None else batch_size
    history = []
    bar = tqdm(range(epochs), desc="epochs", disable=not progress, leave=False)
    for epoch in bar:
        model.train()
        order = torch.randperm(len(x), generator=generator)
        total = 0.0
        for start in range(0, len(x), batch_size):
            idx = order[start:start + batch_size]
            xb, yb = x[idx].to(device), y[idx].to(device)
            opt.zero_grad()
            prediction = model(xb) if lengths is None else model(xb, lengths=lengths[idx])
            loss = loss_fn(prediction, yb)
            loss.backward()
            if clip is not None:
                nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            total += loss.item() * len(idx)
        if scheduler is not None:
            scheduler.step()
        history.append(total / len(x))
        bar.set_postfix(loss=f"{history[-1]:.4g}")
        if on_epoch_end is not None:
            on_epoch_end(epoch, model)
    return history


@torch.no_grad()
def predict(model: nn.Module, x, lengths=None) -> np.ndarray:
    """The model's output for x (a NumPy array, cast to float32) as a NumPy array.

    Runs without gradients on the model's own device, e.g. (samples, time, input) ->
    (samples, output) for a many-to-one SequenceModel; ``lengths`` for a padded x.
    """
    device = next(model.parameters()).device
    x = torch.as_tensor(np.asarray(x), dtype=torch.float32, device=device)
    return (model(x) if lengths is None else model(x, lengths=lengths)).cpu().numpy()
