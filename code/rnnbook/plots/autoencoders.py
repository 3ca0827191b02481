"""Figures for the autoencoder chapters: the architectures, images in rows, code spaces."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch, Rectangle


def autoencoder_diagram(sizes=(64, 32, 8), *, ax=None):
    """The dense autoencoder for ``sizes`` (encoder sizes[0] -> ... -> sizes[-1], mirrored
    decoder), each layer a bar whose height grows with its width. Returns the Axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.2))
    widths = list(sizes) + list(sizes[-2::-1])
    n = len(widths)
    code = len(sizes) - 1
    tallest = np.sqrt(max(widths))
    for k, width in enumerate(widths):
        height = 2.6 * np.sqrt(width) / tallest
        color = "#f59e0b" if k == code else ("#60a5fa" if k < code else "#34d399")
        ax.add_patch(Rectangle((k - 0.18, -height / 2), 0.36, height, color=color, alpha=0.85))
        label = "input x" if k == 0 else "reconstruction" if k == n - 1 else "code z" if k == code else ""
        ax.text(k, height / 2 + 0.12, f"{width}", ha="center", va="bottom", fontsize=9)
        ax.text(k, -height / 2 - 0.15, label, ha="center", va="top", fontsize=9)
        if k + 1 < n:
            ax.add_patch(FancyArrowPatch((k + 0.2, 0), (k + 0.8, 0), arrowstyle="-|>",
                                         mutation_scale=12, color="#334155"))
    ax.text(code / 2, 1.75, "encoder", ha="center", fontsize=11, color="#1d4ed8")
    ax.text(code + (n - 1 - code) / 2, 1.75, "decoder", ha="center", fontsize=11, color="#047857")
    ax.set_xlim(-0.6, n - 0.4)
    ax.set_ylim(-1.9, 2.0)
    ax.axis("off")
    return ax


def _box(ax, xy, text, color, width=0.7):
    ax.add_patch(FancyBboxPatch((xy[0] - width / 2, xy[1] - 0.3), width, 0.6,
                                boxstyle="round,pad=0.02,rounding_size=0.1", facecolor=color,
                                edgecolor="#334155", lw=1.2))
    ax.text(*xy, text, ha="center", va="center", fontsize=10)


def _link(ax, start, end, color="#334155", style="-|>", ls="-"):
    ax.add_patch(FancyArrowPatch(start, end, arrowstyle=style, mutation_scale=11, color=color,
                                 lw=1.2, linestyle=ls, shrinkA=0, shrinkB=0))


def encoder_decoder(decoder: str = "repeat", T: int = 4, *, ax=None):
    """The LSTM sequence autoencoder of rnnbook.reference.sequence_autoencoder, unrolled
    over T steps, with a ``"repeat"`` or ``"reverse"`` decoder. Returns the Axes.

    Encoder cells (blue) read x_1 .. x_T; their final state is the code (orange). The repeat
    decoder reads h_T at every step from a zero state; the reverse decoder starts from
    (h_T, c_T), emits x_hat_T from the code itself and then reads x_T .. x_2 (teacher
    forcing; dashed: its own predictions when running freely).
    """
    from rnnbook.reference.sequence_autoencoder import check_decoder

    check_decoder(decoder)
    if int(T) != T or not 2 <= T <= 12:
        raise ValueError(f"T must be an integer from 2 to 12 (the figure gets unreadable "
                         f"beyond that), got {T!r}.")
    T = int(T)
    if ax is None:
        _, ax = plt.subplots(figsize=(1.55 * T + 2.2, 3.0))
    encoder, decoder_color, code_color, io = "#bfdbfe", "#bbf7d0", "#fcd34d", "#f1f5f9"
    for t in range(1, T + 1):
        _box(ax, (t - 1, 0), "LSTM", encoder)
        _box(ax, (t - 1, -1.3), f"$x_{{{t}}}$", io, width=0.55)
        _link(ax, (t - 1, -1.0), (t - 1, -0.3))
        if t < T:
            _link(ax, (t - 0.65, 0), (t - 0.35, 0))
    code_x = T + 0.1
    _box(ax, (code_x, 0), "$h_T, c_T$", code_color, width=0.9)
    _link(ax, (T - 0.65, 0), (code_x - 0.45, 0))
    ax.text(code_x, 0.45 if decoder == "repeat" else -0.45, "code", ha="center",
            va="bottom" if decoder == "repeat" else "top", fontsize=10, color="#92400e")
    first = T + 1.4
    ax.text((T - 1) / 2, 0.5, "encoder", ha="center", fontsize=11, color="#1d4ed8")
    if decoder == "repeat":
        ax.text(first - 0.45, 0.0, "0", ha="right", va="center", fontsize=11)
        for k in range(T):
            x = first + k
            _box(ax, (x, 0), "LSTM", decoder_color)
            _box(ax, (x, 1.3), f"$\\hat x_{{{k + 1}}}$", io, width=0.55)
            _link(ax, (x, 0.3), (x, 1.0))
            _link(ax, (x - 0.3, -0.8), (x, -0.3))              # the code, at every step
            if k:
                _link(ax, (x - 0.65, 0), (x - 0.35, 0))
        _link(ax, (code_x, -0.3), (code_x, -0.8), style="-")
        _link(ax, (code_x, -0.8), (first + T - 1.3, -0.8), style="-")
        ax.text(first + (T - 1) / 2, -1.15, "$h_T$ repeated as the input of every step",
                ha="center", fontsize=9)
    else:
        _box(ax, (code_x, 1.3), f"$\\hat x_{{{T}}}$", io, width=0.55)
        _link(ax, (code_x, 0.3), (code_x, 1.0))
        for k in range(T - 1):
            x = first + k
            t = T - k                                            # reads x_t, emits x_hat_{t-1}
            _box(ax, (x, 0), "LSTM", decoder_color)
            _box(ax, (x, 1.3), f"$\\hat x_{{{t - 1}}}$", io, width=0.55)
            _box(ax, (x, -1.3), f"$x_{{{t}}}$", io, width=0.55)
            _link(ax, (x, 0.3), (x, 1.0))
            _link(ax, (x, -1.0), (x, -0.3))
            _link(ax, (x - 0.65 if k else code_x + 0.45, 0), (x - 0.35, 0))
            source = code_x if k == 0 else x - 1
            _link(ax, (source + 0.2, 1.0), (x - 0.2, -1.0), color="#64748b", ls="--")
        ax.text(first + (T - 2) / 2, -1.85, "reads the true $x_t$ (teacher forcing) or, dashed, "
                "its own $\\hat x_t$", ha="center", fontsize=9)
    last = first + (T - 1 if decoder == "repeat" else T - 2)
    ax.text((first + last) / 2, 1.8, "decoder", ha="center", fontsize=11, color="#047857")
    ax.set_xlim(-0.6, last + 0.6)
    ax.set_ylim(-2.1, 2.1)
    ax.set_aspect("equal")
    ax.axis("off")
    ax.set_title(f"{decoder} decoder", fontsize=11)
    return ax


def image_rows(rows: dict, *, image_shape=(8, 8), columns: int | None = None):
    """One row of grayscale images per entry of ``rows`` ({label: images (n, pixels)}),
    the label written at the left. Returns the Figure."""
    columns = columns or min(len(v) for v in rows.values())
    fig, axes = plt.subplots(len(rows), columns, figsize=(0.9 * columns + 1.6, 1.0 * len(rows)),
                             squeeze=False)
    for r, (label, images) in enumerate(rows.items()):
        images = np.asarray(images)
        for c in range(columns):
            ax = axes[r, c]
            ax.imshow(images[c].reshape(image_shape), cmap="gray_r", vmin=0, vmax=1)
            ax.set_xticks([])
            ax.set_yticks([])
        axes[r, 0].set_ylabel(label, rotation=0, ha="right", va="center", fontsize=9)
    fig.tight_layout()
    return fig


def code_scatter(points, values, *, ax=None, title: str | None = None, label: str | None = None,
                 discrete: bool = True):
    """2-D codes (n, 2) coloured by ``values`` (n,): class labels (``discrete``, with a
    legend) or a continuous quantity (with a colour bar named ``label``). Returns the Axes."""
    points, values = np.asarray(points), np.asarray(values)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.2))
    if discrete:
        for value in np.unique(values):
            chosen = values == value
            ax.scatter(points[chosen, 0], points[chosen, 1], s=7, color=plt.cm.tab10(int(value) % 10),
                       label=str(value))
        ax.legend(fontsize=7, markerscale=2, title=label, title_fontsize=8, loc="upper left",
                  bbox_to_anchor=(1.01, 1.0))
    else:
        dots = ax.scatter(points[:, 0], points[:, 1], s=7, c=values, cmap="viridis")
        ax.figure.colorbar(dots, ax=ax, label=label)
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def image_mosaic(images, columns: int, *, image_shape=(8, 8), ax=None, extent=None):
    """Images (n, pixels) tiled row by row, ``columns`` per row, with a white gap between
    tiles; ``extent`` places the mosaic in data coordinates. Returns the Axes."""
    images = np.asarray(images)
    rows = int(np.ceil(len(images) / columns))
    height, width = image_shape
    canvas = np.zeros((rows * (height + 1) + 1, columns * (width + 1) + 1))
    for index, image in enumerate(images):
        r, c = divmod(index, columns)
        canvas[1 + r * (height + 1):(r + 1) * (height + 1), 1 + c * (width + 1):(c + 1) * (width + 1)] = \
            image.reshape(image_shape)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.5 * columns, 0.5 * rows))
    ax.imshow(canvas, cmap="gray_r", vmin=0, vmax=1, extent=extent)
    return ax
