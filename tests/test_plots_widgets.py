import matplotlib.pyplot as plt
import numpy as np
import pytest

from rnnbook import plots
from rnnbook.data import pad_batch, sine_waves


def node_labels(ax):
    return sorted(t.get_text() for t in ax.texts if t.get_text().startswith(("$x", "$y", "$h")))


@pytest.mark.parametrize("pattern, inputs, outputs", [
    ("many-to-many", 3, 3), ("many-to-one", 3, 1), ("one-to-many", 1, 3)])
def test_unrolled_draws_inputs_and_outputs_of_the_pattern(pattern, inputs, outputs):
    ax = plots.unrolled(3, pattern, show_rolled=False)
    labels = node_labels(ax)
    assert sum(s.startswith("$x") for s in labels) == inputs
    assert sum(s.startswith("$y") for s in labels) == outputs
    assert sum(s.startswith("$h") for s in labels) == 4  # h_0 .. h_3
    plt.close("all")


def test_unrolled_rejects_bad_arguments():
    with pytest.raises(ValueError, match="pattern must be one of"):
        plots.unrolled(3, "many-to-few")
    with pytest.raises(ValueError, match="from 1 to 12"):
        plots.unrolled(0)


def test_padded_batch_figure_and_its_errors():
    padded, lengths = pad_batch([sine_waves(1, n, rng=n)[0] for n in (3, 5)])
    ax = plots.padded_batch(padded, lengths)
    assert ax.get_xlabel() == "time step t"
    shown = ax.images[0].get_array()
    assert shown.mask.tolist() == [[False] * 3 + [True] * 2, [False] * 5]    # padding hidden
    np.testing.assert_array_equal(shown.data[0, :3], padded[0, :3, 0])
    hatched = [(p.get_x(), p.get_width()) for p in ax.patches if p.get_hatch() == "///"]
    assert hatched == [(2.5, 2), (4.5, 0)]          # each row's padding, from its length on
    assert [t.get_text() for t in ax.texts] == ["T=3", "T=5"]
    with pytest.raises(ValueError, match="expected padded"):
        plots.padded_batch(padded[0], lengths)
    plt.close("all")


def _pages(stack):
    """The HTML of every page of an explorer's (nested) stacks, in grid order."""
    import ipywidgets as w

    if isinstance(stack, w.HTML):
        return [stack.value]
    return [page for child in stack.children for page in _pages(child)]


def _alt(markup):
    import html
    import re

    found = re.search(r'(?:alt|aria-label)="([^"]*)"', markup)
    return html.unescape(found[1])


def _line_plot(a, b=0):
    fig, ax = plt.subplots(figsize=(2, 1.5))
    ax.plot([0, 1], [a, b])
    return fig


def test_explorer_stacks_one_page_per_grid_point_and_links_each_slider_in_the_browser():
    from rnnbook.widgets import CSS_CLASS, explorer

    box = explorer(_line_plot, {"a": [1, 2, 3], "b": ["x", "y"]},
                   alt=lambda a, b: f"a line from {a} to {b}", start={"a": 2, "b": "y"})
    assert CSS_CLASS in box._dom_classes
    sliders, stack = box.children[0].children, box.children[1]
    assert [s.description for s in sliders] == ["a", "b"]
    assert [s.options for s in sliders] == [("1", "2", "3"), ("x", "y")]
    assert [s.index for s in sliders] == [1, 1]
    pages = _pages(stack)
    assert [_alt(p) for p in pages] == [f"a line from {a} to {b}" for a in (1, 2, 3) for b in "xy"]
    assert all(p.startswith('<img src="data:image/png;base64,') for p in pages)
    assert len(set(pages)) == 6                                   # six different images
    assert stack.selected_index == 1 and all(inner.selected_index == 1 for inner in stack.children)
    # slider 0 drives the outer stack, slider 1 every inner one, in the browser (jslink)
    assert len(box.links) == 4
    targets = {(link.source[0].description, link.target[0].model_id) for link in box.links}
    assert targets == {("a", stack.model_id)} | {("b", inner.model_id) for inner in stack.children}
    assert all(link.source[1] == "index" and link.target[1] == "selected_index" for link in box.links)


def test_explorer_shows_text_pages_and_refuses_bad_grids():
    from rnnbook.widgets import explorer

    box = explorer(lambda t: f"<sample at {t}>", {"t": [0.5, 1.0]}, alt=lambda t: f"text at t={t:g}")
    assert _pages(box.children[1])[1] == \
        '<pre class="rnnbook-explorer-text" role="img" aria-label="text at t=1">&lt;sample at 1.0&gt;</pre>'
    with pytest.raises(ValueError, match=r"must name the values shown.*lacks \['2'\]"):
        explorer(_line_plot, {"a": [1, 2]}, alt=lambda a: "a line" + (" 1" if a == 1 else ""))
    with pytest.raises(ValueError, match="one or two parameters"):
        explorer(_line_plot, {"a": [1, 2], "b": [1, 2], "c": [1, 2]}, alt=str)
    with pytest.raises(ValueError, match="at most 64 points"):
        explorer(_line_plot, {"a": range(9), "b": range(8)}, alt=str)
    with pytest.raises(ValueError, match="at least 2 values"):
        explorer(_line_plot, {"a": [1]}, alt=str)
    with pytest.raises(ValueError, match="must differ as labels"):
        explorer(_line_plot, {"a": [0.1, 0.1000001]}, alt=str)
    with pytest.raises(ValueError, match="ordered sequences"):
        explorer(_line_plot, {"a": {1, 2}}, alt=str)
    box = explorer(_line_plot, {"a": (v for v in (1, 2))}, alt=lambda a: f"{a}")  # any iterable
    assert len(_pages(box.children[1])) == 2
    with pytest.raises(ValueError, match="start must pick a value of the grid, got a=5"):
        explorer(_line_plot, {"a": [1, 2]}, alt=lambda a: f"{a}", start={"a": 5})
    plt.close("all")


def test_live_controls_draw_values_off_the_grid_and_report_refusals():
    from rnnbook.widgets import explorer

    def draw(a):
        if a > 10:
            raise ValueError(f"a must be at most 10, got {a}.")
        return _line_plot(a)

    box = explorer(draw, {"a": [1.0, 2.0]}, alt=lambda a: f"a line from {a:g}", live=True,
                   start={"a": 2.0})
    note, controls, out = box.children[2].children
    value, button = controls.children
    assert value.value == 2.0 and "running kernel" in note.value
    value.value = 1.5
    button.click()
    assert _alt(out.outputs[-1]["data"]["text/html"]) == "a line from 1.5"
    value.value = 11
    button.click()
    assert "a must be at most 10, got 11.0." in out.outputs[-1]["data"]["text/html"]
    assert len(out.outputs) == 1


def test_unrolled_explorer_draws_every_length_and_pattern():
    from rnnbook.widgets import unrolled_explorer

    box = unrolled_explorer(T=2, pattern="many-to-one")
    steps, kind = box.children[0].children
    assert steps.value == "2" and kind.value == "many-to-one" and len(steps.options) == 8
    alts = [_alt(p) for p in _pages(box.children[1])]
    assert len(alts) == 24
    assert "Diagram of a one-to-many recurrent network, rolled and unrolled over 5 time steps." in alts
    with pytest.raises(ValueError, match="pattern must be one of"):
        unrolled_explorer(pattern="bogus")
    plt.close("all")


def test_gradient_norm_explorer_describes_every_radius_and_nonlinearity():
    from rnnbook.widgets import gradient_norm_explorer

    box = gradient_norm_explorer(rho=0.8, T=20)
    radius, phi = box.children[0].children
    assert radius.value == "0.8" and phi.value == "linear"
    alts = [_alt(p) for p in _pages(box.children[1])]
    assert len(alts) == 9 * 3
    assert any("tanh RNN whose W_hh has spectral radius 1.2, over 20 steps" in a for a in alts)
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        gradient_norm_explorer(nonlinearity="sigmoid")
    with pytest.raises(ValueError, match="rho must be on the grid"):
        gradient_norm_explorer(rho=0.85)


def test_forget_bias_explorer_and_cell_memory():
    import numpy as np

    from rnnbook.reference import analysis, lstm
    from rnnbook.widgets import forget_bias_explorer

    params = {name: value * 1e-6 for name, value in lstm.init_params(1, 3, rng=0).items()}
    params["b_f"] = np.full(3, 2.0)
    memory = analysis.cell_memory(params, 10)
    np.testing.assert_allclose(memory, (1 / (1 + np.exp(-2.0))) ** np.arange(11), rtol=1e-4)
    for steps in (0, True):
        with pytest.raises(ValueError, match="positive int"):
            analysis.cell_memory(params, steps)
    single = {name: value.astype(np.float32) for name, value in params.items()}
    assert analysis.cell_memory(single, 3).dtype == np.float32
    with pytest.raises(ValueError, match="parameters of an LSTM"):
        analysis.cell_memory({"W_hh": np.eye(2)}, 3)
    box = forget_bias_explorer(b_f=0)
    alts = [_alt(p) for p in _pages(box.children[1])]
    assert len(alts) == 8 and "b_f = 0: half of it is gone after 1 steps" in alts[2]
    assert "more than half is left after 60 steps, after rising to 1.2" in alts[-1]
    with pytest.raises(ValueError, match="b_f must be on the grid"):
        forget_bias_explorer(b_f=0.5)


def test_learning_rate_explorer_marks_diverged_runs():
    import numpy as np

    from rnnbook.widgets import learning_rate_explorer

    curves = {"sgd": {0.1: np.array([1.0, 0.5]), 1.0: np.array([1.0, np.nan])},
              "adam": {0.1: np.array([1.0, 0.2]), 1.0: np.array([1.0, 4.0])}}
    alts = [_alt(p) for p in _pages(learning_rate_explorer(curves).children[1])]
    assert "sgd at learning rate 1: it becomes NaN or infinite at step 1" in alts[1]
    assert "adam at learning rate 0.1: it goes from 1 to 0.2, its highest 1" in alts[2]
    with pytest.raises(ValueError, match="the same learning rates"):
        learning_rate_explorer({"sgd": {0.1: [1.0]}, "adam": {0.2: [1.0]}})
    with pytest.raises(ValueError, match="finite, positive losses"):
        learning_rate_explorer({"sgd": {0.1: [np.nan], 1.0: [np.inf]}})
    plt.close("all")


def test_latent_explorer_names_the_nearest_digit():
    import numpy as np

    from rnnbook.widgets import latent_explorer

    images = np.eye(64)[:3]                     # three "digits" 7, 8, 9 with codes in a row
    codes = np.array([[-1.0, 0.0], [0.0, 0.0], [1.0, 0.0]])

    def decode(z):                              # the image whose code is nearest in z1
        return images[np.abs(z[:, :1] - codes[:, 0]).argmin(axis=1)]

    box = latent_explorer(decode, codes, np.array([7, 8, 9]), images, values=(-1.0, 0.0, 1.0))
    alts = [_alt(p) for p in _pages(box.children[1])]
    assert len(alts) == 9 and "z = (-1, 1) ringed" in alts[2] and alts[2].endswith("is a 7.")
    assert alts[-1].endswith("is a 9.")
    with pytest.raises(ValueError, match=r"expected codes \(n, 2\)"):
        latent_explorer(decode, codes[:, :1], np.array([7, 8, 9]), images)
    with pytest.raises(ValueError, match=r"images \(n, 64\)"):          # one image too few
        latent_explorer(decode, codes, np.array([7, 8, 9]), images[:2])
    box = latent_explorer(decode, codes, np.array([7, 8, 9]), images, values=(-0.1, 0.3))  # not binary
    assert "z = (-0.1, 0.3) ringed" in _alt(_pages(box.children[1])[1])


def test_threshold_explorer_counts_the_confusion_matrix():
    import numpy as np

    from rnnbook.widgets import threshold_explorer

    normal, anomalous = np.arange(1.0, 101.0), np.array([50.0, 95.0, 200.0])
    box = threshold_explorer(normal, anomalous, normal, percentiles=(50, 90))
    alts = [_alt(p) for p in _pages(box.children[1])]
    # the 90th percentile of 1..100 is 90.1: flags 95 and 200, and the 10 normal scores 91..100
    assert "(90.1): it flags 2 anomalies and 10 normal trajectories and passes 1 anomaly and 90" in alts[1]
    assert "precision 0.17, recall 0.67." in alts[1]
    # calibrated on scores twice as large, percentile 100 (200) flags nothing: precision undefined
    chosen = threshold_explorer(normal, anomalous[:2], 2 * normal, percentiles=(50, 100), chosen=42.0)
    alts = [_alt(p) for p in _pages(chosen.children[1])]
    assert "flags 0 anomalies and 0 normal" in alts[1] and "precision undefined, recall 0.00" in alts[1]
    assert alts[0].endswith("; dotted, the threshold chosen on validation (42).")
    with pytest.raises(ValueError, match="positive scores"):
        threshold_explorer(normal, -anomalous, normal)
    plt.close("all")


def test_gradient_norms_plot_draws_curves_and_predictions():
    import numpy as np

    ax = plots.gradient_norms({"a": 0.9 ** np.arange(10)}, rates={"a": np.log(0.9)})
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
    plt.close("all")


def test_gradient_norms_draws_several_runs_in_one_colour_with_one_legend_entry():
    import numpy as np

    runs = [0.9 ** np.arange(10), 0.5 ** np.arange(10), 0.7 ** np.arange(10)]
    ax = plots.gradient_norms({"seeds": runs, "one": 0.8 ** np.arange(10)})
    lines = ax.get_lines()
    assert len(lines) == 4 and len({line.get_color() for line in lines[:3]}) == 1
    assert lines[3].get_color() != lines[0].get_color()
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["seeds", "one"]
    plt.close("all")


def test_with_spectral_radius():
    import numpy as np

    from rnnbook.reference import init

    W = init.with_spectral_radius(10, 1.3, rng=0)
    assert abs(init.spectral_radius(W) - 1.3) < 1e-12
    with pytest.raises(ValueError, match="square matrix"):
        init.spectral_radius(np.zeros((2, 3)))


def test_autoencoder_figures_draw_what_they_are_given():
    import numpy as np

    ax = plots.autoencoder_diagram((64, 32, 8))
    texts = [t.get_text() for t in ax.texts]
    assert texts.count("64") == 2 and texts.count("32") == 2 and texts.count("8") == 1
    assert "code z" in texts and len(ax.patches) == 5 + 4          # five bars, four arrows
    images = np.random.default_rng(0).uniform(size=(12, 64))
    fig = plots.image_rows({"a": images, "b": images[::-1]}, columns=5)
    assert len(fig.axes) == 10 and fig.axes[0].get_ylabel() == "a" and fig.axes[5].get_ylabel() == "b"
    ax = plots.image_mosaic(images[:6], 3)
    canvas = ax.images[0].get_array()
    assert canvas.shape == (2 * 9 + 1, 3 * 9 + 1)
    np.testing.assert_allclose(canvas[1:9, 10:18], images[1].reshape(8, 8))   # row 0, column 1
    ax = plots.code_scatter(images[:, :2], np.arange(12) % 3, label="digit")
    assert len(ax.collections) == 3 and ax.get_legend().get_title().get_text() == "digit"
    ax = plots.code_scatter(images[:, :2], images[:, 2], discrete=False, label="force")
    assert len(ax.collections) == 1 and ax.figure.axes[-1].get_ylabel() == "force"
    plt.close("all")


def test_agreement_plots_every_unit_and_titles_the_largest_difference():
    rng = np.random.default_rng(0)
    first = rng.normal(size=(2, 6, 3))
    second = first + 1e-9
    second[1] += 1.0                                    # another example: not the one shown
    ax = plots.agreement({"NumPy": first, "PyTorch": second, "Keras": first}, example=0)
    assert len(ax.lines) == 3 * 3                       # a line and two marker series per unit
    np.testing.assert_array_equal(ax.lines[0].get_ydata(), first[0, :, 0])
    assert ax.get_title() == "largest difference to NumPy: 1.0e+00"   # over all examples
    assert [t.get_text() for t in ax.get_legend().get_texts()][:3] == ["NumPy, unit 1", "PyTorch", "Keras"]
    ax = plots.agreement({"NumPy": first, "PyTorch": first + 2e-7})
    assert ax.get_title() == "largest difference to NumPy: 2.0e-07"
    with pytest.raises(ValueError, match="one shape, got"):
        plots.agreement({"a": first, "b": first[:, :5]})
    plt.close("all")
