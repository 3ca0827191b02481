"""Explorers: sliders that flip through precomputed figures, live in the static HTML book.

An explorer draws its figure once for every point of a small grid of parameter values, puts
the images in ipywidgets ``Stack`` containers and ties each slider to its stack with
``jslink``. The link runs in the browser, so the built book (where no kernel runs) responds
to the sliders exactly as JupyterLab does. With ``live=True`` a running kernel can also draw
values between the grid points.
"""

from __future__ import annotations

import base64
import functools
import html
import io
import itertools
import math
import numbers
import re
from collections.abc import Callable, Sequence

import matplotlib.pyplot as plt

from rnnbook.plots.diagrams import PATTERNS, unrolled

CSS_CLASS = "rnnbook-explorer"
MAX_POINTS = 64          # figures per explorer: each one is embedded in the page


def explorer(draw: Callable, grid: dict[str, Sequence], *, alt: Callable[..., str],
             start: dict | None = None, descriptions: dict[str, str] | None = None,
             live: bool = False, dpi: int = 80):
    """Sliders over ``grid`` (one or two parameters) above the figure for their values.

    ``draw(**values)`` returns a matplotlib figure (saved as it is laid out: pass
    ``layout="tight"`` or fixed margins), a PIL image, or a string shown as preformatted text;
    ``alt(**values)`` describes it and must name every value as its slider shows it.
    ``start`` picks the values shown first (default: each parameter's first), ``descriptions``
    labels the sliders (default: the parameter names); ``live`` adds boxes for values off the
    grid, drawn by a running kernel. Returns an ``ipywidgets.VBox``.
    """
    import ipywidgets as w

    if isinstance(grid, dict):
        if any(isinstance(values, (set, frozenset)) for values in grid.values()):
            raise ValueError("grid values must be ordered sequences (a list or range), not sets.")
        grid = {name: list(values) for name, values in grid.items()}
    names, labels = _check_grid(grid, start)
    start = {name: list(grid[name]).index(start[name]) if start and name in start else 0
             for name in names}
    descriptions = descriptions or {}
    sliders = [w.SelectionSlider(options=labels[name], index=start[name],
                                 description=descriptions.get(name, name),
                                 style={"description_width": "initial"},
                                 layout=w.Layout(width="340px"))
               for name in names]
    pages = {}
    for point in itertools.product(*(range(len(grid[name])) for name in names)):
        values = {name: grid[name][i] for name, i in zip(names, point)}
        description = alt(**values)
        missing = [labels[name][i] for name, i in zip(names, point)
                   if not names_value(description, labels[name][i])]
        if missing:
            raise ValueError(f"the alt text must name the values shown, as the sliders label "
                             f"them; {description!r} lacks {missing}. Put them in the text.")
        pages[point] = w.HTML(rendered(draw(**values), description, dpi))
    stack, links = _stacks(w, pages, [len(grid[name]) for name in names], list(start.values()),
                           sliders)
    children = [w.HBox(sliders), stack]
    if live:
        children.append(_live_controls(w, draw, {name: grid[name][i] for name, i in start.items()},
                                       grid, alt, dpi))
    box = w.VBox(children)
    box.add_class(CSS_CLASS)
    box.links = links          # the browser-side links, kept for tests and for the reader's curiosity
    return box


def _check_grid(grid, start):
    if not isinstance(grid, dict) or not 1 <= len(grid) <= 2:
        raise ValueError(f"grid must be a dict of one or two parameters, got {grid!r}; "
                         "more sliders multiply the figures each page embeds.")
    names = list(grid)
    sizes = [len(grid[name]) for name in names]
    if min(sizes) < 2 or math.prod(sizes) > MAX_POINTS:
        raise ValueError(f"each parameter needs at least 2 values and the grid at most "
                         f"{MAX_POINTS} points (every one is an image in the page); got sizes {sizes}.")
    labels = {name: [label(v) for v in grid[name]] for name in names}
    for name in names:
        if len(set(labels[name])) != len(labels[name]):
            raise ValueError(f"the values of {name!r} must differ as labels, got {labels[name]}.")
    for name, value in (start or {}).items():
        if name not in grid or value not in list(grid[name]):
            raise ValueError(f"start must pick a value of the grid, got {name}={value!r}; "
                             f"the grid has {name in grid and list(grid[name]) or sorted(grid)}.")
    return names, labels


def _stacks(w, pages, sizes, start, sliders):
    """One Stack per parameter level; slider k is linked to every stack of level k."""
    import ipywidgets

    links = []

    def level(prefix):
        depth = len(prefix)
        children = [pages[prefix + (i,)] if depth == len(sizes) - 1 else level(prefix + (i,))
                    for i in range(sizes[depth])]
        stack = w.Stack(children, selected_index=start[depth])
        links.append(ipywidgets.jslink((sliders[depth], "index"), (stack, "selected_index")))
        return stack

    return level(()), links


def _live_controls(w, draw, first, grid, alt, dpi):
    """Text boxes for values off the grid, drawn by the kernel (inert without one), starting
    at the values ``first`` shown."""
    boxes = {}
    for name, value in first.items():
        values = list(grid[name])
        if all(isinstance(v, numbers.Real) for v in values):
            boxes[name] = w.FloatText(value=float(value), description=name,
                                      style={"description_width": "initial"},
                                      layout=w.Layout(width="200px"))
        else:
            boxes[name] = w.Dropdown(options=values, value=value, description=name,
                                     layout=w.Layout(width="220px"))
    button = w.Button(description="draw", tooltip="needs a running kernel")
    out = w.Output()

    def on_click(_):
        values = {name: box.value for name, box in boxes.items()}
        out.outputs = ()
        try:
            figure = rendered(draw(**values), alt(**values), dpi)
        except ValueError as error:        # a value draw() refuses: say so next to the box
            figure = f"<p>{html.escape(str(error))}</p>"
        out.append_display_data(_html(figure))

    button.on_click(on_click)
    note = w.HTML("<small>Any other value, drawn by a running kernel (not in the static book):</small>")
    return w.VBox([note, w.HBox([*boxes.values(), button]), out])


def names_value(text: str, shown: str) -> bool:
    """Whether ``text`` names the value ``shown`` as a word of its own ("2" is not named by
    "200 characters" or by "0.2")."""
    return re.search(rf"(?<![\w.-]){re.escape(shown)}(?![\w]|\.\d)", text) is not None


def label(value) -> str:
    """How a grid value is written on its slider and in the alt text (0.1, 2, 'tanh')."""
    if isinstance(value, numbers.Real) and not isinstance(value, bool):
        return f"{value:g}"
    return str(value)


def rendered(figure, alt: str, dpi: int = 80) -> str:
    """HTML for one explorer page: a matplotlib figure as a compressed PNG <img> with alt
    text (the figure is closed), or a string as preformatted text labelled by ``alt``."""
    if isinstance(figure, str):
        return (f'<pre class="{CSS_CLASS}-text" role="img" aria-label="{html.escape(alt)}">'
                f"{html.escape(figure)}</pre>")
    return (f'<img src="data:image/png;base64,{png(figure, dpi)}" alt="{html.escape(alt)}" '
            f'style="max-width: 100%">')


def png(figure, dpi: int = 80) -> str:
    """A matplotlib figure (closed here) or a PIL image as a base64 PNG with a 64-colour
    palette: a third of the bytes of a full-colour PNG for line plots."""
    from PIL import Image

    if isinstance(figure, Image.Image):
        image = figure
    else:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=dpi)   # bbox_inches="tight" would draw twice
        plt.close(figure)
        image = Image.open(buffer)
    image = image.convert("RGB").quantize(colors=64, method=Image.Quantize.FASTOCTREE)
    small = io.BytesIO()
    image.save(small, format="png", optimize=True)
    return base64.b64encode(small.getvalue()).decode("ascii")


def _html(markup: str):
    from IPython.display import HTML

    return HTML(markup)


def figure_with_alt(fig, alt: str):
    """A matplotlib figure as an HTML <img> with alt text (for an ``ipywidgets.Output``,
    where a plain figure would lose its description); closes the figure."""
    return _html(rendered(fig, alt))


def unrolled_explorer(T: int = 4, pattern: str = "many-to-many"):
    """Sliders for the number of steps T (1-8) and the input/output pattern above the
    unrolled diagram. Returns an ``ipywidgets.VBox``."""
    unrolled(T, pattern, ax=plt.figure().gca())  # validates T and pattern before any figure
    plt.close()

    def draw(T, pattern):
        fig, ax = plt.subplots(figsize=(1.7 * T + 3.2, 3.4), layout="tight")
        unrolled(T, pattern, ax=ax)
        return fig

    def alt(T, pattern):
        return f"Diagram of a {pattern} recurrent network, rolled and unrolled over {T} time steps."

    return explorer(draw, {"T": range(1, 9), "pattern": list(PATTERNS)}, alt=alt,
                    start={"T": T, "pattern": pattern}, descriptions={"T": "steps T"})


def gradient_norm_explorer(rho: float = 0.9, nonlinearity: str = "linear", T: int = 60,
                           hidden_size: int = 32, seed: int = 0, live: bool = True):
    """Sliders for the spectral radius rho of W_hh (0.6-1.4) and the nonlinearity.

    Draws ||dh_T/dh_t|| against the lag, over T steps, for a random W_hh scaled to that
    radius, next to the prediction rho^lag. Returns an ``ipywidgets.VBox``.
    """
    import numpy as np
    from matplotlib.ticker import LogLocator, NullLocator

    from rnnbook.plots.gradients import gradient_norms
    from rnnbook.reference import analysis, init, rnn

    if nonlinearity not in rnn.NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {rnn.NONLINEARITIES}, got {nonlinearity!r}.")
    radii = [round(r, 2) for r in np.arange(0.6, 1.41, 0.1)]
    if rho not in radii:
        raise ValueError(f"rho must be on the grid {radii}, got {rho!r}; with a running kernel "
                         "the explorer's text box draws any other value.")
    base = init.with_spectral_radius(hidden_size, 1.0, rng=seed)
    x = np.random.default_rng(seed).normal(size=(1, T, 1))

    @functools.cache
    def norms_for(rho, nonlinearity):
        if not 0 < rho < 5:
            raise ValueError(f"rho must lie in (0, 5) for a readable plot, got {rho}.")
        params = rnn.init_params(1, hidden_size, rng=seed)
        params["W_hh"] = rho * base
        return analysis.jacobian_norms(rnn, x, params, nonlinearity=nonlinearity)[::-1]

    def decades(norms):
        shown = norms[norms > 0]
        return np.floor(np.log10(shown.min())), np.ceil(np.log10(shown.max()))

    def draw(rho, nonlinearity):
        norms = norms_for(rho, nonlinearity)
        # one scale for every page of the grid (so the slope is what moves), wide enough for all
        grid_low, grid_high = np.transpose([decades(norms_for(r, phi)) for r in (radii[0], radii[-1])
                                            for phi in rnn.NONLINEARITIES])
        low, high = decades(norms)
        fig, ax = plt.subplots(figsize=(6.5, 3.4), layout="tight")
        name = f"{nonlinearity} RNN, rho = {label(rho)}"
        gradient_norms({name: norms}, rates={name: np.log(rho)}, ax=ax)
        ax.set_ylim(10 ** min(low, grid_low.min()), 10 ** max(high, grid_high.max()))
        ax.yaxis.set_major_locator(LogLocator(numticks=6))
        ax.yaxis.set_minor_locator(NullLocator())   # 20 decades of minor ticks are slow to draw
        return fig

    def alt(rho, nonlinearity):
        return (f"Log-scale gradient norm against the lag for a {nonlinearity} RNN whose W_hh "
                f"has spectral radius {label(rho)}, over {T} steps, with the prediction rho to "
                "the power of the lag dashed.")

    return explorer(draw, {"rho": radii, "nonlinearity": list(rnn.NONLINEARITIES)}, alt=alt,
                    start={"rho": rho, "nonlinearity": nonlinearity},
                    descriptions={"rho": "radius rho", "nonlinearity": "phi"}, live=live)


def forget_bias_explorer(b_f: float = 0.0, hidden_size: int = 16, steps: int = 60,
                         seed: int = 0, live: bool = True):
    """A slider for the forget-gate bias b_f (-2 to 5) of a random LSTM above the memory of its
    initial cell state after t steps of zero input (``analysis.cell_memory``: half the
    difference of c_t started from +1 and from -1), next to the direct path's prediction
    sigma(b_f)^t. Returns an ``ipywidgets.VBox``."""
    import numpy as np

    from rnnbook.reference import analysis, lstm

    biases = list(range(-2, 6))
    if b_f not in biases:
        raise ValueError(f"b_f must be on the grid {biases}, got {b_f!r}; with a running kernel "
                         "the explorer's text box draws any other value.")
    params = lstm.init_params(1, hidden_size, rng=seed)

    def memory(b_f):
        if not -20 <= b_f <= 20:
            raise ValueError(f"b_f must lie in [-20, 20] (beyond, sigma(b_f) is 0 or 1), got {b_f}.")
        return analysis.cell_memory({**params, "b_f": np.full(hidden_size, float(b_f))}, steps)

    def draw(b_f):
        remembered = memory(b_f)
        t = np.arange(steps + 1)
        fig, ax = plt.subplots(figsize=(6.5, 3.2), layout="none")   # fixed margins: a third faster
        fig.subplots_adjust(left=0.12, right=0.97, bottom=0.16, top=0.89)
        ax.plot(t, remembered, lw=2, label="measured")
        ax.plot(t, (1 / (1 + np.exp(-b_f))) ** t, "--", label=r"direct path: $\sigma(b_f)^t$")
        ax.axhline(0.5, color="0.7", lw=0.8)
        ax.set(xlabel="steps t since the memory was written",
               ylabel="(c_t(+1) - c_t(-1)) / 2", ylim=(-0.1, max(1.3, remembered.max() + 0.1)),
               title=f"forget-gate bias b_f = {label(b_f)}")
        ax.legend(loc="upper right", fontsize=8)
        return fig

    def alt(b_f):
        remembered = memory(b_f)
        half = int(np.argmax(remembered <= 0.5)) if (remembered <= 0.5).any() else None
        kept = (f"half of it is gone after {half} steps" if half is not None
                else f"more than half is left after {steps} steps")
        if remembered.max() > 1:
            kept += f", after rising to {remembered.max():.2f}"
        return (f"Memory of the initial cell state of a random LSTM (half the difference of the "
                f"cell states started from +1 and from -1) against the steps since it was "
                f"written, for forget-gate bias b_f = {label(b_f)}: {kept}; the dashed "
                f"prediction sigma(b_f)^t = {1 / (1 + np.exp(-b_f)):.3f}^t.")

    return explorer(draw, {"b_f": biases}, alt=alt, start={"b_f": b_f},
                    descriptions={"b_f": "forget bias b_f"}, live=live)


def learning_rate_explorer(curves: dict, *, start: dict | None = None):
    """Sliders for the optimizer and the learning rate above the loss curve of that run.

    ``curves``: optimizer name -> {learning rate: losses per step, (steps,)}, the same rates
    for every optimizer (as a sweep records them; NaN marks a diverged run). The slider shows
    the rates to 3 significant figures, and ``start`` names them so ({"lr": 0.00316}). The
    other rates of the same optimizer are drawn in grey behind. Returns a VBox.
    """
    import numpy as np

    rates = [sorted(by_rate) for by_rate in curves.values()]
    if not curves or any(r != rates[0] for r in rates):
        raise ValueError("curves must map each optimizer to losses at the same learning rates; "
                         f"got rates {dict(zip(curves, rates))}. Run the missing ones first.")
    grid_rates = [float(f"{lr:.3g}") for lr in rates[0]]         # the labels the slider shows
    by_label = {opt: dict(zip(grid_rates, (np.asarray(by_rate[lr], float) for lr in rates[0])))
                for opt, by_rate in curves.items()}
    finite = np.concatenate([c[np.isfinite(c)] for r in by_label.values() for c in r.values()])
    if finite.size == 0 or finite.min() <= 0:
        raise ValueError("learning_rate_explorer needs some finite, positive losses (drawn on a log "
                         f"scale); got {finite.size} finite values, the smallest {finite.min() if finite.size else None}.")
    low, high = finite.min() / 2, min(finite.max() * 2, 1e3)

    def draw(optimizer, lr):
        fig, ax = plt.subplots(figsize=(6.5, 3.2), layout="none")   # fixed margins: a third faster
        fig.subplots_adjust(left=0.12, right=0.97, bottom=0.16, top=0.89)
        for other, losses in by_label[optimizer].items():
            if other != lr:
                ax.semilogy(np.clip(losses, low, high), color="0.85", lw=1)
        losses = by_label[optimizer][lr]
        ax.semilogy(np.clip(losses, low, high), lw=2, color="C0" if optimizer == "adam" else "C1")
        if not np.isfinite(losses).all():
            step = int(np.argmax(~np.isfinite(losses)))
            ax.axvline(step, color="red", ls=":")
            ax.text(step, high, " NaN from here", color="red", va="top", fontsize=8)
        ax.set(xlabel="step", ylabel="training MSE", ylim=(low, high),
               title=f"{optimizer}, learning rate {label(lr)} (grey: the other rates)")
        return fig

    def alt(optimizer, lr):
        losses = by_label[optimizer][lr]
        if not np.isfinite(losses).all():
            end = f"becomes NaN or infinite at step {int(np.argmax(~np.isfinite(losses)))}"
        else:
            end = f"goes from {losses[0]:.3g} to {losses[-1]:.3g}, its highest {np.max(losses):.3g}"
        return (f"Training loss per step, log scale, of {optimizer} at learning rate {label(lr)}: "
                f"it {end}; the runs at the other rates in grey.")

    return explorer(draw, {"optimizer": list(curves), "lr": grid_rates}, alt=alt,
                    start=start, descriptions={"lr": "learning rate"})


def latent_explorer(decode: Callable, codes, digits, images, *,
                    values=(-2.25, -1.5, -0.75, 0.0, 0.75, 1.5, 2.25), image_shape=(8, 8)):
    """Sliders for the two coordinates of a code z, over the scatter of ``codes`` (n, 2)
    coloured by ``digits`` (n,) with z marked, beside the decoded image ``decode(z)``.

    ``decode`` maps codes (m, 2) to images (m, pixels) in [0, 1]; ``images`` (n, pixels) are
    the inputs of ``codes``: the alt text names the digit of the one nearest to the decoded
    image. The frames are composed as pixels, with no plot per point. Returns a VBox.
    """
    import numpy as np
    from PIL import Image, ImageDraw

    from rnnbook.plots.autoencoders import code_scatter

    codes, digits, images = np.asarray(codes), np.asarray(digits), np.asarray(images)
    pixels = image_shape[0] * image_shape[1]
    if (codes.ndim != 2 or codes.shape[1] != 2 or not len(digits) == len(codes) == len(images)
            or images.ndim != 2 or images.shape[1] != pixels):
        raise ValueError(f"expected codes (n, 2), digits (n,) and images (n, {pixels}); got "
                         f"{codes.shape}, {digits.shape} and {images.shape}.")
    values = [float(v) for v in values]
    points = [(a, b) for a in values for b in values]
    decoded = dict(zip(points, np.asarray(decode(np.array(points, dtype=np.float32)))))
    dpi = 72
    fig = plt.figure(figsize=(4.6, 3.6), dpi=dpi)
    ax = fig.add_axes((0.12, 0.13, 0.62, 0.78))
    code_scatter(codes, digits, ax=ax, label="digit", title="code means; the ring is z")
    ax.set(xlim=(values[0] - 0.6, values[-1] + 0.6), ylim=(values[0] - 0.6, values[-1] + 0.6),
           xlabel="z1", ylabel="z2")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    to_pixels = ax.transData.transform
    plt.close(fig)
    background = Image.open(buffer).convert("RGB")
    width, height = background.size

    def draw(z1, z2):
        frame = Image.new("RGB", (width + height, height), "white")
        frame.paste(background, (0, 0))
        x, y = to_pixels((z1, z2))
        pen = ImageDraw.Draw(frame)
        pen.ellipse((x - 7, height - y - 7, x + 7, height - y + 7), outline="black", width=3)
        digit = decoded[(z1, z2)].reshape(image_shape)
        tile = Image.fromarray(np.uint8(255 * (1 - np.clip(digit, 0, 1))), "L")
        frame.paste(tile.resize((height - 40, height - 40), Image.NEAREST), (width + 20, 20))
        return frame

    def alt(z1, z2):
        nearest = np.argmin(((images - decoded[(z1, z2)]) ** 2).sum(axis=1))
        return (f"The test images' code means, coloured by digit, with the code z = "
                f"({label(z1)}, {label(z2)}) ringed, and the image the decoder draws for it, "
                f"dark on white; the nearest test image to it is a {digits[nearest]}.")

    return explorer(draw, {"z1": values, "z2": values}, alt=alt,
                    start={"z1": values[len(values) // 2], "z2": values[len(values) // 2]})


def threshold_explorer(normal, anomalous, calibration, *,
                       percentiles=(50, 80, 90, 95, 98, 99, 99.5), chosen: float | None = None):
    """A slider for an anomaly threshold over the histograms of the scores of ``normal`` and
    ``anomalous`` test cases (1-D arrays), with the confusion matrix, precision and recall.

    The threshold is the given percentile of ``calibration``, the scores of normal
    validation cases (score >= threshold flags an anomaly); ``chosen``, if given, is marked
    as the threshold a rule picked. Returns an ``ipywidgets.VBox``.
    """
    import numpy as np

    normal, anomalous, calibration = (np.asarray(a, dtype=float).ravel()
                                      for a in (normal, anomalous, calibration))
    every = np.concatenate([normal, anomalous, calibration])
    if min(map(len, (normal, anomalous, calibration))) == 0 or not np.all(every > 0):
        raise ValueError("threshold_explorer needs non-empty arrays of positive scores (they are "
                         f"drawn on a log scale); got sizes {len(normal)}, {len(anomalous)}, "
                         f"{len(calibration)} and the smallest score {every.min() if len(every) else None}.")
    bins = np.logspace(np.log10(every.min()), np.log10(every.max()), 40)
    counts = {name: np.histogram(s, bins)[0] for name, s in (("normal", normal), ("anomalies", anomalous))}

    def matrix(percentile):
        threshold = np.percentile(calibration, percentile)
        tp, fn = int((anomalous >= threshold).sum()), int((anomalous < threshold).sum())
        fp, tn = int((normal >= threshold).sum()), int((normal < threshold).sum())
        precision = tp / (tp + fp) if tp + fp else float("nan")    # undefined: nothing flagged
        return threshold, tp, fn, fp, tn, precision, tp / (tp + fn)

    def draw(percentile):
        threshold, tp, fn, fp, tn, precision, recall = matrix(percentile)
        fig, ax = plt.subplots(figsize=(6.8, 3.2), layout="none")   # fixed margins: a third faster
        fig.subplots_adjust(left=0.09, right=0.70, bottom=0.16, top=0.89)
        for (name, count), color in zip(counts.items(), ("C0", "C3")):
            ax.stairs(count, bins, fill=True, alpha=0.5, color=color, label=name)
        ax.axvline(threshold, color="black", lw=2, label="threshold")
        if chosen is not None:
            ax.axvline(chosen, color="black", ls=":", lw=1, label="chosen on validation")
        ax.set_xscale("log")
        ax.set(xlabel="anomaly score", ylabel="test trajectories",
               title=f"flag scores >= percentile {label(percentile)} of the normal validation scores")
        ax.text(1.02, 0.5, f"{'':8}{'flagged':>8}{'passed':>8}\n{'anomaly':8}{tp:8d}{fn:8d}\n"
                f"{'normal':8}{fp:8d}{tn:8d}\n\nprecision {precision:.2f}\nrecall    {recall:.2f}",
                transform=ax.transAxes, family="monospace", fontsize=8, va="center")
        ax.legend(fontsize=7, loc="upper right")
        return fig

    def count(n, one, many):
        return f"{n} {one if n == 1 else many}"

    def alt(percentile):
        threshold, tp, fn, fp, tn, precision, recall = matrix(percentile)
        return (f"Histograms of the anomaly scores of normal and anomalous test trajectories, log "
                f"scale, with the threshold at percentile {label(percentile)} of the normal "
                f"validation scores ({threshold:.3g}): it flags {count(tp, 'anomaly', 'anomalies')} "
                f"and {count(fp, 'normal trajectory', 'normal trajectories')} and passes "
                f"{count(fn, 'anomaly', 'anomalies')} and {count(tn, 'normal one', 'normal ones')}, precision "
                f"{'undefined' if tp + fp == 0 else f'{precision:.2f}'}, recall {recall:.2f}"
                + (f"; dotted, the threshold chosen on validation ({chosen:.3g})." if chosen is not None
                   else "."))

    return explorer(draw, {"percentile": list(percentiles)}, alt=alt,
                    start={"percentile": percentiles[len(percentiles) // 2]},
                    descriptions={"percentile": "threshold percentile"})
