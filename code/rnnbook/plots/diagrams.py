"""Diagrams of recurrent networks, drawn from code so that they match the book's notation."""

from __future__ import annotations

import matplotlib.pyplot as plt
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

# Which time steps receive an input and which emit an output, for T steps.
PATTERNS = {
    "many-to-many": (lambda t, T: True, lambda t, T: True),
    "many-to-one": (lambda t, T: True, lambda t, T: t == T),
    "one-to-many": (lambda t, T: t == 1, lambda t, T: True),
}

_COLORS = {"x": "#dbeafe", "h": "#fde68a", "y": "#dcfce7"}
_GRADIENT = "#dc2626"


def _node(ax, xy, label, kind, size=0.62):
    x, y = xy
    box = FancyBboxPatch((x - size / 2, y - size / 2), size, size,
                         boxstyle="round,pad=0.02,rounding_size=0.12",
                         facecolor=_COLORS[kind], edgecolor="#334155", linewidth=1.3)
    ax.add_patch(box)
    ax.text(x, y, label, ha="center", va="center", fontsize=13)


def _arrow(ax, start, end, label=None, offset=(0.0, 0.0), rad=0.0, color="#334155"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=14,
                                 linewidth=1.3, color=color,
                                 connectionstyle=f"arc3,rad={rad}"))
    if label:
        mx, my = (start[0] + end[0]) / 2 + offset[0], (start[1] + end[1]) / 2 + offset[1]
        ax.text(mx, my, label, ha="center", va="center", fontsize=10, color="#7c2d12")


def unrolled(T: int = 4, pattern: str = "many-to-many", *, ax=None, show_rolled: bool = True,
             show_gradients: bool = False):
    """Draw an RNN with T time steps: the rolled cell (left) and its unrolled graph.

    ``pattern`` is one of ``PATTERNS`` ("many-to-many", "many-to-one", "one-to-many").
    Every copy of the cell shares the same W_xh, W_hh, W_yh. ``show_gradients`` adds
    the losses L_t and, in red, the paths the gradient takes back (the BPTT graph).
    Returns the Axes.
    """
    if pattern not in PATTERNS:
        raise ValueError(f"pattern must be one of {sorted(PATTERNS)}, got {pattern!r}.")
    if int(T) != T or not 1 <= T <= 12:
        raise ValueError(f"T must be an integer from 1 to 12 (the figure gets unreadable "
                         f"beyond that), got {T!r}.")
    has_input, has_output = PATTERNS[pattern]
    if ax is None:
        _, ax = plt.subplots(figsize=(1.7 * T + (3.2 if show_rolled else 1.0), 3.4))
    x0 = 0.0
    if show_rolled:
        _node(ax, (0, 0), "$x_t$", "x")
        _node(ax, (0, 1.5), "$h_t$", "h")
        _node(ax, (0, 3), "$y_t$", "y")
        _arrow(ax, (0, 0.33), (0, 1.17), r"$W_{xh}$", offset=(0.42, 0))
        _arrow(ax, (0, 1.83), (0, 2.67), r"$W_{yh}$", offset=(0.42, 0))
        # The self-loop: h_{t-1} feeds h_t through W_hh.
        ax.add_patch(FancyArrowPatch((-0.31, 1.62), (-0.31, 1.38), arrowstyle="-|>",
                                     mutation_scale=14, linewidth=1.3, color="#334155",
                                     connectionstyle="arc,angleA=180,angleB=180,armA=26,armB=26,rad=8"))
        ax.text(-1.3, 1.5, r"$W_{hh}$", ha="center", va="center", fontsize=10, color="#7c2d12")
        ax.text(1.05, 1.5, "=", ha="center", va="center", fontsize=22)
        x0 = 2.1
    _node(ax, (x0, 1.5), "$h_0$", "h")
    for t in range(1, T + 1):
        x = x0 + 1.6 * t
        _node(ax, (x, 1.5), f"$h_{{{t}}}$", "h")
        _arrow(ax, (x - 1.29, 1.5), (x - 0.31, 1.5), r"$W_{hh}$", offset=(0, 0.22))
        if has_input(t, T):
            _node(ax, (x, 0), f"$x_{{{t}}}$", "x")
            _arrow(ax, (x, 0.33), (x, 1.17))
        if has_output(t, T):
            _node(ax, (x, 3), f"$y_{{{t}}}$", "y")
            _arrow(ax, (x, 1.83), (x, 2.67))
            if show_gradients:
                ax.text(x, 4.1, f"$L_{{{t}}}$", ha="center", va="center", fontsize=12)
                _arrow(ax, (x, 3.33), (x, 3.85))
                _arrow(ax, (x + 0.22, 3.85), (x + 0.22, 3.33), color=_GRADIENT)
                _arrow(ax, (x + 0.22, 2.67), (x + 0.22, 1.83), color=_GRADIENT)
        if show_gradients:   # back from h_t to h_{t-1}: one of the two paths into h_{t-1}
            _arrow(ax, (x - 0.31, 1.2), (x - 1.29, 1.2), color=_GRADIENT)
    ax.set_xlim(-1.8 if show_rolled else x0 - 0.6, x0 + 1.6 * T + 0.6)
    ax.set_ylim(-0.6, 4.5 if show_gradients else 3.6)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(pattern, fontsize=12)
    return ax
