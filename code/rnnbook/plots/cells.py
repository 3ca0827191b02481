"""A drawing of the LSTM cell, with one part highlighted at a time."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

LSTM_PARTS = ("forget", "input", "candidate", "output", "cell")
_HIGHLIGHT = "#dc2626"
_LINE = "#334155"


def _line(ax, points, color, lw=1.6, arrow=True):
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:]):
        last = (x1, y1) == points[-1]
        ax.add_patch(FancyArrowPatch((x0, y0), (x1, y1), arrowstyle="-|>" if arrow and last else "-",
                                     mutation_scale=12, color=color, lw=lw, shrinkA=0,
                                     shrinkB=0 if not last else 2))


def _gate(ax, xy, text, label, color):
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - 0.45, y - 0.35), 0.9, 0.7, boxstyle="round,pad=0.02",
                                facecolor="#fef3c7" if color == _LINE else "#fecaca",
                                edgecolor=color, lw=1.6))
    ax.text(x, y, text, ha="center", va="center", fontsize=11)
    ax.text(x + 0.1, y - 0.42, label, ha="left", va="top", fontsize=8, color=color, linespacing=1.0)


def _op(ax, xy, symbol, color):
    ax.add_patch(Circle(xy, 0.28, facecolor="white", edgecolor=color, lw=1.6, zorder=3))
    ax.text(*xy, symbol, ha="center", va="center", fontsize=12, zorder=4, color=color)


def lstm_cell(highlight: str | None = None, *, ax=None):
    """Draw one LSTM step; ``highlight`` one of LSTM_PARTS (or None) is drawn in red.

    Gates: forget f and input i and output o (sigmoids), candidate g (tanh); the cell
    state runs along the top, c_t = f * c_{t-1} + i * g, and h_t = o * tanh(c_t).
    Returns the Axes.
    """
    if highlight is not None and highlight not in LSTM_PARTS:
        raise ValueError(f"highlight must be one of {LSTM_PARTS} or None, got {highlight!r}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.6))
    c = {part: (_HIGHLIGHT if part == highlight else _LINE) for part in LSTM_PARTS}
    ax.add_patch(Rectangle((0, 0), 10, 6, facecolor="#f8fafc", edgecolor="#94a3b8", lw=1.2))
    # The cell state: the "conveyor belt" along the top.
    _line(ax, [(-1.2, 5), (2.22, 5)], c["cell"], lw=2.4, arrow=False)
    _line(ax, [(2.78, 5), (5.22, 5)], c["cell"], lw=2.4, arrow=False)
    _line(ax, [(5.78, 5), (11.2, 5)], c["cell"], lw=2.4)
    ax.text(-1.3, 5.3, "$c_{t-1}$", fontsize=12, ha="left")
    ax.text(10.6, 5.3, "$c_t$", fontsize=12)
    _op(ax, (2.5, 5), "x", c["forget"])
    _op(ax, (5.5, 5), "+", c["input"] if highlight != "candidate" else c["candidate"])
    # The concatenated input [h_{t-1}, x_t] runs along the bottom and feeds every gate.
    _line(ax, [(-1.2, 0.7), (7.3, 0.7)], _LINE, arrow=False)
    ax.text(-1.3, 0.95, "$h_{t-1}$", fontsize=12, ha="left")
    _line(ax, [(0.8, -1.1), (0.8, 0.7)], _LINE, arrow=False)
    ax.text(0.95, -1.0, "$x_t$", fontsize=12)
    gates = {"forget": (2.5, "$\\sigma$", "forget\n$f_t$"), "input": (3.9, "$\\sigma$", "input\n$i_t$"),
             "candidate": (5.6, "tanh", "candidate\n$g_t$"), "output": (7.3, "$\\sigma$", "output\n$o_t$")}
    for part, (x, text, label) in gates.items():
        _line(ax, [(x, 0.7), (x, 2.15)], c[part])
        _gate(ax, (x, 2.5), text, label, c[part])
    _line(ax, [(2.5, 2.85), (2.5, 4.72)], c["forget"])                  # f -> x on the belt
    _op(ax, (4.75, 3.8), "x", c["input"] if highlight != "candidate" else c["candidate"])
    _line(ax, [(3.9, 2.85), (3.9, 3.8), (4.47, 3.8)], c["input"])      # i -> x
    _line(ax, [(5.6, 2.85), (5.6, 3.8), (5.03, 3.8)], c["candidate"])  # g -> x
    _line(ax, [(4.75, 4.08), (5.3, 4.78)], c["input"] if highlight != "candidate" else c["candidate"])
    # Output: h_t = o * tanh(c_t).
    _line(ax, [(8.8, 5), (8.8, 4.25)], c["output"])
    ax.add_patch(FancyBboxPatch((8.35, 3.45), 0.9, 0.6, boxstyle="round,pad=0.02",
                                facecolor="white", edgecolor=c["output"], lw=1.4))
    ax.text(8.8, 3.75, "tanh", ha="center", va="center", fontsize=10)
    _op(ax, (8.8, 2.5), "x", c["output"])
    _line(ax, [(8.8, 3.45), (8.8, 2.78)], c["output"])
    _line(ax, [(7.75, 2.5), (8.52, 2.5)], c["output"])
    _line(ax, [(8.8, 2.22), (8.8, 0.7), (11.2, 0.7)], c["output"])
    _line(ax, [(9.4, 0.7), (9.4, 7.0)], c["output"])
    ax.text(10.6, 0.95, "$h_t$", fontsize=12)
    ax.text(9.55, 6.85, "$h_t$", fontsize=12)
    ax.set_xlim(-1.6, 11.6)
    ax.set_ylim(-1.4, 7.3)
    ax.set_aspect("equal")
    ax.axis("off")
    if highlight:
        ax.set_title(f"the {highlight} {'state' if highlight == 'cell' else 'gate' if highlight != 'candidate' else ''}".strip(),
                     fontsize=11, color=_HIGHLIGHT)
    return ax
