"""Figures that compare the same computation across implementations."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

_MARKERS = ["o", "x", "+", "s", "^"]


def agreement(outputs: dict, *, example: int = 0, ax=None):
    """Hidden units of one example over time: the first entry as lines, the others as markers.

    ``outputs``: name -> array (batch, time, hidden) with the same shape. The title gives
    the largest difference to the first entry. Returns the Axes.
    """
    names = list(outputs)
    arrays = [np.asarray(outputs[n], dtype=np.float64) for n in names]
    if len({a.shape for a in arrays}) != 1 or arrays[0].ndim != 3:
        raise ValueError("all outputs must be (batch, time, hidden) arrays of one shape, got "
                         f"{[a.shape for a in arrays]}.")
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 3.6))
    t = np.arange(1, arrays[0].shape[1] + 1)
    colors = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for unit in range(arrays[0].shape[2]):
        color = colors[unit % len(colors)]
        ax.plot(t, arrays[0][example, :, unit], color=color, lw=1.5,
                label=f"{names[0]}, unit {unit + 1}")
        for k, a in enumerate(arrays[1:]):
            ax.plot(t, a[example, :, unit], _MARKERS[k % len(_MARKERS)], color=color, ms=4,
                    label=names[k + 1] if unit == 0 else None)
    worst = max(float(np.abs(a - arrays[0]).max()) for a in arrays[1:]) if len(arrays) > 1 else 0.0
    ax.set_title(f"largest difference to {names[0]}: {worst:.1e}", fontsize=10)
    ax.set_xlabel("time step t")
    ax.set_ylabel("$h_t$")
    ax.legend(fontsize=8, ncol=2, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    return ax
