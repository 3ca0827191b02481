"""NumPy reference implementations with hand-written backpropagation through time.

One module per cell -- :mod:`rnn`, :mod:`lstm`, :mod:`gru` -- each with
``init_params(input_size, hidden_size, *, rng=None, dtype=np.float64) -> params``,
``forward(x, params, state=None) -> (outputs, final_state, cache)`` and
``backward(d_outputs, cache, d_final_state=None) -> (grads, d_x, d_state0)``.
x is batch-first (batch, time, features); outputs are (batch, time, hidden).

Also: :mod:`losses` (MSE, softmax cross-entropy), :mod:`layers` (dense, activations),
:mod:`optim` (SGD with momentum, Adam, clipping by global norm), :mod:`init`
(orthogonal, identity), :func:`truncated_bptt` and :func:`gradient_check`.
"""

from rnnbook.reference import analysis, gru, init, layers, losses, lstm, optim, rnn, train
from rnnbook.reference.counting import count_array_params, param_count
from rnnbook.reference.gradcheck import gradient_check
from rnnbook.reference.tbptt import truncated_bptt

CELLS = {"rnn": rnn, "lstm": lstm, "gru": gru}

__all__ = ["rnn", "lstm", "gru", "CELLS", "gradient_check", "truncated_bptt", "losses",
           "layers", "optim", "init", "param_count", "count_array_params", "analysis", "train", "deep"]
