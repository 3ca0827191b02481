"""ipywidgets explorers for the book.

Each explorer draws its default setting at once, so the executed notebook (and the HTML
book, where no kernel runs behind the controls) keeps a useful figure; in JupyterLab or
Colab moving a control redraws it.
"""

from __future__ import annotations

import base64
import html
import io

import matplotlib.pyplot as plt

from rnnbook.plots.diagrams import PATTERNS, unrolled


def unrolled_explorer(T: int = 4, pattern: str = "many-to-many"):
    """Controls for the number of steps T and the input/output pattern, above the diagram.

    Returns an ``ipywidgets.VBox``; display it (or leave it last in a cell).
    """
    import ipywidgets as w

    unrolled(T, pattern, ax=plt.figure().gca())  # validates T and pattern before any widget exists
    plt.close()
    steps = w.IntSlider(value=T, min=1, max=8, description="steps T")
    kind = w.Dropdown(options=list(PATTERNS), value=pattern, description="pattern")
    out = w.Output()

    def draw(*_):
        fig, ax = plt.subplots(figsize=(1.7 * steps.value + 3.2, 3.4))
        unrolled(steps.value, kind.value, ax=ax)
        alt = (f"Diagram of a {kind.value} recurrent network, rolled and unrolled over "
               f"{steps.value} time steps.")
        # Set the outputs directly (not `with out:`), which works with and without a kernel.
        out.outputs = ()
        out.append_display_data(figure_with_alt(fig, alt))

    steps.observe(draw, "value")
    kind.observe(draw, "value")
    draw()
    return w.VBox([w.HBox([steps, kind]), out])


def gradient_norm_explorer(rho: float = 0.9, nonlinearity: str = "linear", T: int = 60,
                           hidden_size: int = 32, seed: int = 0):
    """Sliders for the spectral radius of W_hh and the length T, a menu for the nonlinearity.

    Draws ||dh_T/dh_t|| against the lag for a random W_hh with that spectral radius, next
    to the prediction rho^lag. Returns an ``ipywidgets.VBox``.
    """
    import ipywidgets as w
    import numpy as np

    from rnnbook.plots.gradients import gradient_norms
    from rnnbook.reference import analysis, init, rnn

    if nonlinearity not in rnn.NONLINEARITIES:
        raise ValueError(f"nonlinearity must be one of {rnn.NONLINEARITIES}, got {nonlinearity!r}.")
    radius = w.FloatSlider(value=rho, min=0.5, max=1.5, step=0.05, description="radius rho")
    phi = w.Dropdown(options=list(rnn.NONLINEARITIES), value=nonlinearity, description="phi")
    steps = w.IntSlider(value=T, min=10, max=150, step=10, description="steps T")
    out = w.Output()
    base = init.with_spectral_radius(hidden_size, 1.0, rng=seed)
    x = np.random.default_rng(seed).normal(size=(1, 150, 1))

    def draw(*_):
        params = rnn.init_params(1, hidden_size, rng=seed)
        params["W_hh"] = radius.value * base
        norms = analysis.jacobian_norms(rnn, x[:, :steps.value], params,
                                        nonlinearity=phi.value)[::-1]
        fig, ax = plt.subplots(figsize=(7, 3.8))
        label = f"{phi.value} RNN, rho = {radius.value:.2f}"
        gradient_norms({label: norms}, rates={label: np.log(radius.value)}, ax=ax)
        alt = (f"Log-scale gradient norm against the lag for a {phi.value} RNN whose W_hh has "
               f"spectral radius {radius.value:.2f}, over {steps.value} steps, with the "
               "prediction rho to the power of the lag dashed.")
        out.outputs = ()
        out.append_display_data(figure_with_alt(fig, alt))

    for control in (radius, phi, steps):
        control.observe(draw, "value")
    draw()
    return w.VBox([w.HBox([radius, phi, steps]), out])


def figure_with_alt(fig, alt: str):
    """Render a matplotlib figure as an HTML <img> with alt text, and close the figure.

    A plain figure inside an ``ipywidgets.Output`` reaches the HTML book as an image
    without alt text; this keeps the description with the picture.
    """
    from IPython.display import HTML

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return HTML(f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
                f'style="max-width: 100%">')
