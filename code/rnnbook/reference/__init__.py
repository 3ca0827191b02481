"""NumPy reference implementations with hand-written backpropagation through time.

One module per cell -- :mod:`rnn`, :mod:`lstm`, :mod:`gru` -- each with
``init_params(input_size, hidden_size, *, rng=None, dtype=np.float64) -> params``,
``forward(x, params, state=None) -> (outputs, final_state, cache)`` and
``backward(d_outputs, cache, d_final_state=None) -> (grads, d_x, d_state0)``.
x is batch-first (batch, time, features); outputs are (batch, time, hidden).
``forward(..., lengths=)`` runs a padded batch of sequences of different lengths
(:mod:`masking`: the state is carried through padding, the masked loss, the last real output).

Also: :mod:`losses` (MSE, softmax cross-entropy), :mod:`layers` (dense, activations),
:mod:`optim` (SGD with momentum, Adam, clipping by global norm), :mod:`init`
(orthogonal, identity), :func:`truncated_bptt`, :func:`gradient_check` (recurrent cells) and
:func:`check_gradients` (any loss).

Classification: :mod:`classifier`, a cell and a dense head on h_T, trained with minibatches.

Text: :mod:`charmodel`, a character-level language model (one-hot characters, a cell, a
softmax read-out) trained with truncated BPTT, in the spirit of min-char-rnn.

Autoencoders: :mod:`autoencoder` (dense, any depth, with backward), :mod:`vae`
(variational, with backward) and :mod:`sequence_autoencoder` (LSTM encoder-decoder,
forward only: the reference the frameworks' twins are checked against).
"""

from rnnbook.reference import (
    analysis,
    autoencoder,
    charmodel,
    classifier,
    deep,
    gru,
    init,
    layers,
    losses,
    lstm,
    masking,
    optim,
    rnn,
    sequence_autoencoder,
    train,
    vae,
)
from rnnbook.reference.counting import GATES_PER_KIND, count_array_params, param_count
from rnnbook.reference.gradcheck import check_gradients, gradient_check
from rnnbook.reference.tbptt import truncated_bptt

CELLS = {"rnn": rnn, "lstm": lstm, "gru": gru}

__all__ = ["rnn", "lstm", "gru", "CELLS", "GATES_PER_KIND", "gradient_check", "check_gradients", "truncated_bptt", "losses", "masking",
           "layers", "optim", "init", "param_count", "count_array_params", "analysis", "train", "deep",
           "autoencoder", "vae", "sequence_autoencoder", "charmodel", "classifier"]
