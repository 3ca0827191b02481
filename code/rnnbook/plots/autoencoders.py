"""Figures for the autoencoder chapters: the architecture, images in rows, code spaces."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyArrowPatch, Rectangle


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
