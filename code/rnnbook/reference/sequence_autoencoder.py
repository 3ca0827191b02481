"""An LSTM encoder-decoder that reconstructs its input sequence, in NumPy (forward only).

The encoder reads x_1 .. x_T; its final state (h_T, c_T) is the code. Two decoders:

- ``"repeat"``: the code h_T is the input of every decoder step (Keras's ``RepeatVector``
  pattern); the decoder starts from zeros and emits x_hat_1 .. x_hat_T in order.
- ``"reverse"`` (Srivastava et al. 2015; Malhotra et al. 2016): the decoder starts from
  the encoder's state (h_T, c_T) and rebuilds the sequence backwards, x_hat_T first.
  Each step reads the previous value: the true x_{t+1} while training (teacher
  forcing), or its own prediction x_hat_{t+1} when ``teacher_forcing=False``.

A linear read-out x_hat = W_out h + b_out maps every decoder state to the features.
params = {"encoder": lstm params, "decoder": lstm params, "W_out": (features, hidden),
"b_out": (features,)}. The frameworks' twins (rnnbook.torch / rnnbook.keras
SequenceAutoencoder) are trained; this module is what they are checked against.
"""

from __future__ import annotations

import numpy as np

from rnnbook._checks import check_params
from rnnbook.reference import layers, lstm

DECODERS = ("repeat", "reverse")


def check_decoder(decoder: str) -> str:
    if decoder not in DECODERS:
        raise ValueError(f"decoder must be one of {DECODERS}, got {decoder!r}.")
    return decoder


def init_params(input_size: int, hidden_size: int, *, decoder: str = "repeat", rng=None,
                dtype=np.float64) -> dict:
    """Encoder and decoder drawn like nn.LSTM, the read-out like nn.Linear."""
    rng = np.random.default_rng(rng)
    decoder_input = hidden_size if check_decoder(decoder) == "repeat" else input_size
    readout = layers.dense_init(hidden_size, input_size, rng=rng, dtype=dtype)
    return {"encoder": lstm.init_params(input_size, hidden_size, rng=rng, dtype=dtype),
            "decoder": lstm.init_params(decoder_input, hidden_size, rng=rng, dtype=dtype),
            "W_out": readout["W"], "b_out": readout["b"]}


def sizes_of(params, decoder: str = "repeat") -> tuple[int, int]:
    """(input_size, hidden_size) of a sequence autoencoder's params; checks every shape."""
    check_decoder(decoder)
    if not isinstance(params, dict) or not {"encoder", "decoder"} <= params.keys():
        raise TypeError("params must be a dict with 'encoder', 'decoder', 'W_out' and 'b_out' "
                        "(from sequence_autoencoder.init_params).")
    hidden, input_size = np.shape(params["encoder"].get("W_ix"))
    decoder_input = hidden if decoder == "repeat" else input_size
    check_params(params["encoder"], lstm.param_shapes(input_size, hidden), "lstm (encoder)")
    if np.shape(params["decoder"].get("W_ix")) != (hidden, decoder_input):
        raise ValueError(f"a {decoder!r} decoder reads {decoder_input} values per step, so its "
                         f"W_ix must be {(hidden, decoder_input)}; got "
                         f"{np.shape(params['decoder'].get('W_ix'))}. Pass the decoder the "
                         "params were made for.")
    check_params(params["decoder"], lstm.param_shapes(decoder_input, hidden), "lstm (decoder)")
    check_params({k: params.get(k) for k in ("W_out", "b_out")},
                 {"W_out": (input_size, hidden), "b_out": (input_size,)}, "read-out")
    return input_size, hidden


def forward(x, params, *, decoder: str = "repeat", teacher_forcing: bool = True):
    """x (batch, time, features) -> (reconstruction (batch, time, features), code).

    The code is the encoder's final state (h_T, c_T), each (batch, hidden).
    ``teacher_forcing`` matters only for the "reverse" decoder.
    """
    sizes_of(params, decoder)
    _, code, _ = lstm.forward(x, params["encoder"])
    x = np.asarray(x)
    T = x.shape[1]
    readout = {"W": params["W_out"], "b": params["b_out"]}
    if decoder == "repeat":
        repeated = np.repeat(code[0][:, None, :], T, axis=1)
        states, _, _ = lstm.forward(repeated, params["decoder"])
        return layers.dense_forward(states, readout)[0], code
    if teacher_forcing:
        # States h_T (the code) and then after reading x_T, ..., x_2: they predict x_T .. x_1.
        backwards = x[:, ::-1]
        states = code[0][:, None, :]
        if T > 1:
            later, _, _ = lstm.forward(backwards[:, :-1], params["decoder"], code)
            states = np.concatenate([states, later], axis=1)
        return layers.dense_forward(states, readout)[0][:, ::-1], code
    # Free-running: each step reads the decoder's own previous prediction.
    state = code
    predictions = [layers.dense_forward(state[0], readout)[0]]           # x_hat_T
    while len(predictions) < T:
        _, state, _ = lstm.forward(predictions[-1][:, None, :], params["decoder"], state)
        predictions.append(layers.dense_forward(state[0], readout)[0])
    return np.stack(predictions[::-1], axis=1), code
