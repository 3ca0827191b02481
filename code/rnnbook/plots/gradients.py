"""Figures of gradient norms through time."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np


def gradient_norms(curves: dict, *, rates: dict | None = None, ax=None):
    """Norms against the lag T - t on a log scale.

    ``curves``: label -> array of norms indexed by lag (0 = the last step), or a list of
    such arrays (several runs, e.g. seeds: one colour, one legend entry).
    ``rates``: label -> predicted rate per step r, drawn dashed as norm[0] * exp(r * lag).
    Returns the Axes.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, (label, runs) in enumerate(curves.items()):
        runs = [runs] if np.ndim(runs[0]) == 0 else runs
        for run, norms in enumerate(runs):
            norms = np.asarray(norms, dtype=float)
            lags = np.arange(len(norms))
            shown = norms > 0
            ax.semilogy(lags[shown], norms[shown], color=colors[k % len(colors)], lw=1.8,
                        alpha=1.0 if len(runs) == 1 else 0.8, label=label if run == 0 else None)
        if rates and label in rates:
            ax.semilogy(lags, norms[0] * np.exp(rates[label] * lags), "--",
                        color=colors[k % len(colors)], lw=1)
    ax.set_xlabel("lag T - t (steps back in time)")
    ax.set_ylabel(r"$\|\partial h_T / \partial h_t\|$")
    ax.legend(fontsize=8)
    return ax
