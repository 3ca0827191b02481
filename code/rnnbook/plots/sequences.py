"""Figures of sequence data."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def padded_batch(padded: np.ndarray, lengths, *, feature: int = 0, ax=None):
    """Show one feature of a padded batch (B, T, F) as a grid, padding hatched grey.

    ``lengths``: (B,) the true length of each row. Returns the Axes.
    """
    padded = np.asarray(padded)
    lengths = np.asarray(lengths)
    if padded.ndim != 3 or lengths.shape != (padded.shape[0],):
        raise ValueError(f"expected padded (batch, time, features) and lengths (batch,), got "
                         f"{padded.shape} and {lengths.shape}.")
    B, T, _ = padded.shape
    if ax is None:
        _, ax = plt.subplots(figsize=(min(0.45 * T + 2, 12), 0.55 * B + 1.2))
    values = np.ma.masked_array(padded[..., feature], mask=np.arange(T)[None] >= lengths[:, None])
    image = ax.imshow(values, cmap="coolwarm", vmin=-1, vmax=1, aspect="auto")
    for b in range(B):
        ax.add_patch(plt.Rectangle((lengths[b] - 0.5, b - 0.5), T - lengths[b], 1,
                                   facecolor="#e5e7eb", hatch="///", edgecolor="#9ca3af"))
        ax.text(T - 0.5 + 0.2, b, f"T={lengths[b]}", va="center", fontsize=9)
    ax.set_xlabel("time step t")
    ax.set_ylabel("sequence in batch")
    ax.set_yticks(range(B))
    ax.set_xlim(-0.5, T + 1.5)
    plt.colorbar(image, ax=ax, fraction=0.03, pad=0.02, label="value")
    return ax
