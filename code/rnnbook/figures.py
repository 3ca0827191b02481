"""The book's static diagrams as SVG files in ``figures/``, drawn by :mod:`rnnbook.plots`.

``make figures`` (``python -m rnnbook.figures figures``) redraws them all. The files are
deterministic -- no date, and matplotlib's element ids are salted with a fixed string --
so an unchanged drawing gives a byte-identical file, and a test redraws them to check
that the committed files match the code. A chapter shows one with ``figures.show(name)``
(caption and alt text in the cell's metadata): the same drawing in the built book, in
JupyterLab and in Colab, where the files of figures/ are not at hand. Instructors may put
the files on slides.

- :data:`FIGURES` -- file stem -> (what it shows, a function that draws it).
- :func:`svg` -- one figure as SVG text; :func:`show` -- display it in a notebook;
  :func:`write_all` -- every figure, and an index.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

from rnnbook import plots


def _patterns():
    fig, axes = plt.subplots(3, 1, figsize=(6.5, 10))
    for ax, pattern in zip(axes, plots.PATTERNS):
        plots.unrolled(T=3, pattern=pattern, ax=ax, show_rolled=False)
    return fig


def _encoder_decoder():
    fig, axes = plt.subplots(2, 1, figsize=(8.5, 6.4))
    for ax, decoder in zip(axes, ("repeat", "reverse")):
        plots.encoder_decoder(decoder, T=4, ax=ax)
    return fig


def _figure_of(draw: Callable) -> Callable:
    """A drawing that returns its Axes, made into one that returns its Figure."""
    return lambda: draw().figure


FIGURES: dict[str, tuple[str, Callable]] = {
    "unrolled_rnn": ("A recurrent network rolled and unrolled over four steps (chapter 1).",
                     _figure_of(lambda: plots.unrolled(T=4, pattern="many-to-many"))),
    "rnn_patterns": ("Many-to-many, many-to-one and one-to-many, unrolled (chapter 1).", _patterns),
    "bptt_gradient_paths": ("The unrolled graph with losses and the gradient's two paths (chapter 3).",
                            _figure_of(lambda: plots.unrolled(T=4, show_rolled=False,
                                                              show_gradients=True))),
    "lstm_cell": ("One LSTM step: cell state, forget/input/output gates, candidate (chapter 5).",
                  _figure_of(lambda: plots.lstm_cell())),
    "lstm_forget_gate": ("The LSTM cell, forget gate highlighted (chapter 5).",
                         _figure_of(lambda: plots.lstm_cell("forget"))),
    "lstm_input_gate": ("The LSTM cell, input gate and candidate highlighted (chapter 5).",
                        _figure_of(lambda: plots.lstm_cell("input"))),
    "lstm_cell_state": ("The LSTM cell, the cell-state path highlighted (chapter 5).",
                        _figure_of(lambda: plots.lstm_cell("cell"))),
    "lstm_output_gate": ("The LSTM cell, output gate highlighted (chapter 5).",
                         _figure_of(lambda: plots.lstm_cell("output"))),
    "gru_cell": ("One GRU step, reset after the recurrent product as in PyTorch (chapter 6).",
                 _figure_of(lambda: plots.gru_cell())),
    "autoencoder": ("The dense autoencoder 64 -> 32 -> 8 -> 32 -> 64 (chapter 11).",
                    _figure_of(lambda: plots.autoencoder_diagram((64, 32, 8)))),
    "encoder_decoder": ("The LSTM sequence autoencoder with a repeat and a reverse decoder "
                        "(chapter 12).", _encoder_decoder),
}

# Fixed salt for matplotlib's ids, and no date: the same drawing gives the same bytes.
_DETERMINISTIC = {"svg.hashsalt": "rnnbook", "svg.fonttype": "path"}


def svg(name: str) -> str:
    """The figure ``name`` (a key of FIGURES) as SVG text, byte-for-byte reproducible."""
    if name not in FIGURES:
        raise KeyError(f"no figure named {name!r}; the figures are {sorted(FIGURES)}.")
    # Matplotlib's defaults, not the user's matplotlibrc, so every machine draws the same file.
    with plt.style.context("default"), matplotlib.rc_context(_DETERMINISTIC):
        fig = FIGURES[name][1]()
        buffer = io.StringIO()
        fig.savefig(buffer, format="svg", bbox_inches="tight",
                    metadata={"Date": None, "Creator": "rnnbook.figures (make figures)"})
        plt.close(fig)
        # In a notebook pyplot sets up its backend at the first figure, and Jupyter's inline
        # backend turns interactive mode on then. When that first figure is this one, the
        # context would switch it off again on exit and no later plot of the notebook would
        # show, so the mode set in here is kept.
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)
    return buffer.getvalue()


def show(name: str):
    """Display the figure ``name`` in a notebook: the drawing of figures/NAME.svg, as SVG."""
    from IPython.display import SVG

    return SVG(data=svg(name))


def index() -> str:
    """figures/README.md: what each file shows and how to redraw them."""
    lines = ["# Figures", "",
             "The book's static diagrams, drawn by `rnnbook.plots` and written here by "
             "`make figures`", "(`rnnbook/figures.py`). Do not edit them by hand: change the "
             "drawing code and redraw;", "a test fails when a file here differs from what the "
             "code draws. Free to use on slides.", "", "| file | shows |", "|---|---|"]
    lines += [f"| `{name}.svg` | {what} |" for name, (what, _) in FIGURES.items()]
    return "\n".join(lines) + "\n"


def write_all(folder) -> list[Path]:
    """Draw every figure into ``folder`` (created if needed), plus README.md; returns the
    paths written. Files of figures no longer in FIGURES are removed."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in FIGURES:
        path = folder / f"{name}.svg"
        path.write_text(svg(name), encoding="utf-8")
        written.append(path)
    for stale in set(folder.glob("*.svg")) - set(written):
        stale.unlink()
    readme = folder / "README.md"
    readme.write_text(index(), encoding="utf-8")
    return written + [readme]


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m rnnbook.figures FOLDER   (make figures writes into figures/)",
              file=sys.stderr)
        return 2
    for path in write_all(argv[0]):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
