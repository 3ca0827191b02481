"""Figures for classifiers: confusion matrices (counted by :func:`rnnbook.metrics.confusion_matrix`)
and grids of images."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def confusion(matrix, *, ax=None, title: str | None = None):
    """Draw a confusion matrix (rows true, columns predicted) with the counts written in."""
    matrix = np.asarray(matrix)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.6, 4.2))
    ax.imshow(matrix, cmap="Blues")
    n = matrix.shape[0]
    for i in range(n):
        for j in range(n):
            if matrix[i, j]:
                ax.text(j, i, str(matrix[i, j]), ha="center", va="center", fontsize=8,
                        color="white" if matrix[i, j] > matrix.max() / 2 else "black")
    ax.set_xticks(range(n))
    ax.set_yticks(range(n))
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    if title:
        ax.set_title(title, fontsize=10)
    return ax


def image_grid(images, titles, *, columns: int = 8):
    """Show grayscale images (n, rows, cols) with a title each. Returns the Figure."""
    images = np.asarray(images)
    rows = max(1, int(np.ceil(len(images) / columns)))
    fig, axes = plt.subplots(rows, columns, figsize=(1.3 * columns, 1.5 * rows), squeeze=False)
    for ax in axes.flat:
        ax.axis("off")
    for ax, image, title in zip(axes.flat, images, titles):
        ax.imshow(image, cmap="gray_r")
        ax.set_title(title, fontsize=8)
    fig.tight_layout()
    return fig
