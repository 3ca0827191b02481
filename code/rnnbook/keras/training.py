"""A Keras sequence model with a Dense head, and a fit helper."""

from __future__ import annotations

import keras
import numpy as np

from rnnbook import convert
from rnnbook.convert import keras_layer
from rnnbook.keras.cells import CELL_CLASSES


def sequence_model(kind: str, input_size: int, hidden_size: int, output_size: int, *,
                   many_to_one: bool = True, from_scratch: bool = False, seed: int | None = 0):
    """keras.Sequential: recurrent layer + Dense head.

    Input (batch, time, input_size); output (batch, output_size) if many_to_one, else
    (batch, time, output_size). ``seed`` seeds Keras's random state (Python, NumPy and
    TensorFlow) before the weights are drawn; None leaves it as it is.
    """
    builtin = keras_layer(kind)             # also checks the kind
    if seed is not None:
        keras.utils.set_random_seed(seed)
    if from_scratch:
        recurrent = keras.layers.RNN(CELL_CLASSES[kind](hidden_size),
                                     return_sequences=not many_to_one)
    else:
        recurrent = builtin(hidden_size, return_sequences=not many_to_one)
    return keras.Sequential([keras.Input((None, input_size)), recurrent,
                             keras.layers.Dense(output_size)])


def sequence_model_from_torch(torch_model):
    """The Keras twin of an rnnbook.torch.SequenceModel: :func:`sequence_model` holding the
    same weights, so that it computes the same function (the mirror of
    ``SequenceModel.from_keras``). The PyTorch model must use nn.RNN/LSTM/GRU, one layer.
    """
    import torch

    recurrent = torch_model.recurrent
    if not isinstance(recurrent, (torch.nn.RNN, torch.nn.LSTM, torch.nn.GRU)):
        raise TypeError("sequence_model_from_torch maps PyTorch's own nn.RNN/LSTM/GRU layers; this "
                        f"model's recurrent layer is {type(recurrent).__name__} (built "
                        "with from_scratch=True?). Build the model with from_scratch=False.")
    if getattr(recurrent, "nonlinearity", "tanh") != "tanh":
        raise ValueError(f"the Keras twin is a tanh SimpleRNN; this nn.RNN uses "
                         f"{recurrent.nonlinearity!r}. Convert the layer with convert.to_keras("
                         "kind, params, nonlinearity=...) instead.")
    if recurrent.weight_hh_l0.dtype != torch.float32:
        raise ValueError(f"the Keras twin computes in float32; this model is "
                         f"{recurrent.weight_hh_l0.dtype}. Call .float() on it first if that is meant.")
    kind, params = convert.from_torch(recurrent)
    W = torch_model.head.weight.detach().cpu().numpy()
    b = torch_model.head.bias.detach().cpu().numpy()
    hidden, output = W.shape[1], W.shape[0]
    model = sequence_model(kind, recurrent.input_size, hidden, output,
                           many_to_one=torch_model.many_to_one, seed=None)   # weights come next
    recurrent, head = model.layers
    recurrent.set_weights(convert.keras_weights(kind, params))
    head.set_weights([W.T, b])
    return model


def fit(model, x, y, *, loss="mse", epochs: int = 10, lr: float = 1e-3,
        batch_size: int | None = None, seed: int = 0, verbose: int = 0, **fit_kwargs) -> list[float]:
    """Compile with Adam and train; return the training loss of every epoch.

    ``batch_size=None`` trains full-batch. ``verbose=1`` shows Keras's progress bar.
    """
    keras.utils.set_random_seed(seed)
    x = np.asarray(x, dtype=np.float32)
    if len(x) != len(y):
        raise ValueError(f"x and y must hold the same number of samples, got {len(x)} and {len(y)}.")
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=lr), loss=loss)
    history = model.fit(x, np.asarray(y), epochs=epochs, batch_size=batch_size or len(x),
                        verbose=verbose, **fit_kwargs)
    return [float(v) for v in history.history["loss"]]
