"""Drawings of the LSTM and GRU cells, with one part highlighted at a time."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Rectangle

LSTM_PARTS = ("forget", "input", "candidate", "output", "cell")
GRU_PARTS = ("update", "reset", "candidate", "state")
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
    ax.text(*xy, symbol, ha="center", va="center", fontsize=12 if len(symbol) == 1 else 9,
            zorder=4, color=color)


def _dot(ax, xy):
    """A junction: the line passing here also feeds the branch leaving it."""
    ax.add_patch(Circle(xy, 0.07, facecolor=_LINE, edgecolor=_LINE, zorder=3))


def _colors(highlight, parts):
    if highlight is not None and highlight not in parts:
        raise ValueError(f"highlight must be one of {parts} or None, got {highlight!r}.")
    return {part: (_HIGHLIGHT if part == highlight else _LINE) for part in parts}


def _belt(ax, y, times_x, plus_x, color, before, after):
    """The thick state line at height y, through a multiplication at times_x and an addition
    at plus_x (both drawn by the caller), labelled at both ends."""
    gap = 0.28                                    # the radius of an _op circle
    _line(ax, [(-1.2, y), (times_x - gap, y)], color, lw=2.4, arrow=False)
    _line(ax, [(times_x + gap, y), (plus_x - gap, y)], color, lw=2.4, arrow=False)
    _line(ax, [(plus_x + gap, y), (11.2, y)], color, lw=2.4)
    ax.text(-1.3, y + 0.3, before, fontsize=12, ha="left")
    ax.text(10.6, y + 0.3, after, fontsize=12)


def _frame(ax, width, height, figsize):
    if ax is None:
        _, ax = plt.subplots(figsize=figsize)
    ax.add_patch(Rectangle((0, 0), width, height, facecolor="#f8fafc", edgecolor="#94a3b8", lw=1.2))
    return ax


def _finish(ax, xlim, ylim, highlight, what):
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    if highlight:
        ax.set_title(f"the {highlight} {what(highlight)}".strip(), fontsize=11, color=_HIGHLIGHT)
    return ax


def lstm_cell(highlight: str | None = None, *, ax=None):
    """Draw one LSTM step; ``highlight`` one of LSTM_PARTS (or None) is drawn in red.

    Gates: forget f and input i and output o (sigmoids), candidate g (tanh); the cell
    state runs along the top, c_t = f * c_{t-1} + i * g, and h_t = o * tanh(c_t).
    Returns the Axes.
    """
    c = _colors(highlight, LSTM_PARTS)
    ax = _frame(ax, 10, 6, (7.5, 4.6))
    # The cell state: the "conveyor belt" along the top.
    _belt(ax, 5, 2.5, 5.5, c["cell"], "$c_{t-1}$", "$c_t$")
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
    return _finish(ax, (-1.6, 11.6), (-1.4, 7.3), highlight,
                   lambda part: {"cell": "state", "candidate": ""}.get(part, "gate"))


def gru_cell(highlight: str | None = None, *, ax=None):
    """Draw one GRU step in the book's (PyTorch's) convention; ``highlight`` one of GRU_PARTS
    (or None) is drawn in red.

    r and z are sigmoids of [h_{t-1}, x_t]; the candidate n = tanh(W_nx x + b_n +
    r * (W_nh h_{t-1} + b_nh)) applies the reset *after* the recurrent product; the state
    runs along the top, h_t = z * h_{t-1} + (1 - z) * n. Returns the Axes.
    """
    c = _colors(highlight, GRU_PARTS)
    ax = _frame(ax, 10, 7, (7.5, 5.2))
    # The state h runs along the top: scaled by z, then the new content is added.
    _belt(ax, 6, 1.8, 7.0, c["state"], "$h_{t-1}$", "$h_t$")
    _op(ax, (1.8, 6), "x", c["update"])
    _op(ax, (7.0, 6), "+", c["candidate"])
    _line(ax, [(9.4, 6), (9.4, 7.9)], c["state"])
    ax.text(9.55, 7.7, "$h_t$ (output)", fontsize=11)
    # h_{t-1} also feeds the gates (line at y = 1.4); x_t runs along the bottom (y = 0.6).
    _dot(ax, (-0.5, 6))
    _line(ax, [(-0.5, 6), (-0.5, 1.4), (5.6, 1.4)], _LINE, arrow=False)
    _line(ax, [(0.2, -1.0), (0.2, 0.6), (7.0, 0.6)], _LINE, arrow=False)
    ax.text(0.35, -0.95, "$x_t$", fontsize=12)
    for part, x, label in (("update", 1.8, "update\n$z_t$"), ("reset", 3.4, "reset\n$r_t$")):
        _dot(ax, (x, 0.6))
        _dot(ax, (x, 1.4))
        _line(ax, [(x, 0.6), (x, 2.15)], c[part])
        _gate(ax, (x, 2.5), "$\\sigma$", label, c[part])
    _line(ax, [(1.8, 2.85), (1.8, 5.72)], c["update"])                  # z -> x on the state line
    # (1 - z) scales the candidate.
    _dot(ax, (1.8, 4.9))
    _line(ax, [(1.8, 4.9), (4.12, 4.9)], c["update"])
    _op(ax, (4.4, 4.9), "1-", c["update"])
    _line(ax, [(4.68, 4.9), (6.72, 4.9)], c["update"])
    # The candidate: x_t directly, h_{t-1} through W_nh h + b_nh, reset after the product.
    ax.add_patch(FancyBboxPatch((4.9, 2.2), 1.4, 0.6, boxstyle="round,pad=0.02",
                                facecolor="white", edgecolor=c["candidate"], lw=1.4))
    ax.text(5.6, 2.5, "$W_{nh} h + b_{nh}$", ha="center", va="center", fontsize=8)
    _line(ax, [(5.6, 1.4), (5.6, 2.2)], c["candidate"])
    _line(ax, [(5.6, 2.8), (5.6, 3.32)], c["candidate"])
    _line(ax, [(3.4, 2.85), (3.4, 3.6), (5.32, 3.6)], c["reset"])       # r -> x
    _op(ax, (5.6, 3.6), "x", c["reset"])
    _line(ax, [(5.88, 3.6), (6.55, 3.6)], c["candidate"])
    _line(ax, [(7.0, 0.6), (7.0, 3.25)], c["candidate"])
    _gate(ax, (7.0, 3.6), "tanh", "", c["candidate"])
    ax.text(7.55, 3.2, "candidate\n$n_t$", fontsize=8, color=c["candidate"], va="top")
    _line(ax, [(7.0, 3.95), (7.0, 4.62)], c["candidate"])
    _op(ax, (7.0, 4.9), "x", c["candidate"])
    _line(ax, [(7.0, 5.18), (7.0, 5.72)], c["candidate"])
    return _finish(ax, (-1.6, 11.6), (-1.4, 8.2), highlight,
                   lambda part: {"state": "path", "candidate": ""}.get(part, "gate"))
