"""rnnbook: the shared code of the course book *Recurrent Neural Networks and Autoencoders*.

Submodules (imported on first use, so ``import rnnbook`` stays fast and needs only
the standard library):

- ``rnnbook.reference`` -- NumPy cells (rnn, lstm, gru) with hand-written BPTT.
- ``rnnbook.torch`` / ``rnnbook.keras`` -- the same cells in PyTorch and Keras 3.
- ``rnnbook.convert`` -- exact weight mapping between the three.
- ``rnnbook.data`` -- offline data sets; ``rnnbook.plots`` -- the book's figures
  (``rnnbook.figures`` writes the static diagrams to figures/);
  ``rnnbook.exercises`` -- checkers for the exercises.
- ``rnnbook.metrics`` -- confusion matrix, temperature softmax, bits per character;
  ``rnnbook.config`` -- the full-scale switch (``RNNBOOK_FULL=1``).
"""

import importlib
import os

__version__ = "0.1.0"

# TensorFlow writes oneDNN/absl lines to C-level stderr at import; they show up as red
# blocks in the book. Both variables are needed, and only work if set before the first
# TensorFlow import, which is why they live here rather than in rnnbook.keras.
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

_SUBMODULES = {
    "reference", "torch", "keras", "convert", "data", "plots", "widgets", "exercises", "bench",
    "show", "text", "metrics", "forecast", "figures", "anomaly", "config",
}


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"rnnbook.{name}")
    raise AttributeError(f"module 'rnnbook' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))
