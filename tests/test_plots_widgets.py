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


def test_explorer_redraws_when_a_control_moves():
    from rnnbook.widgets import unrolled_explorer

    box = unrolled_explorer(T=2, pattern="many-to-one")
    (steps, kind), out = box.children[0].children, box.children[1]
    assert steps.value == 2 and kind.value == "many-to-one"
    first = out.outputs
    steps.value = 5
    assert out.outputs and out.outputs != first
    html = out.outputs[-1]["data"]["text/html"]
    assert 'alt="Diagram of a many-to-one recurrent network, rolled and unrolled over 5 time steps."' in html
    with pytest.raises(ValueError, match="pattern must be one of"):
        unrolled_explorer(pattern="bogus")


def test_gradient_norm_explorer_redraws_and_describes_its_figure():
    from rnnbook.widgets import gradient_norm_explorer

    box = gradient_norm_explorer(rho=0.8, T=20)
    radius, phi, steps = box.children[0].children
    out = box.children[1]
    assert "spectral radius 0.80, over 20 steps" in out.outputs[-1]["data"]["text/html"]
    radius.value, phi.value = 1.2, "tanh"
    assert "tanh RNN whose W_hh has spectral radius 1.20" in out.outputs[-1]["data"]["text/html"]
    with pytest.raises(ValueError, match="nonlinearity must be one of"):
        gradient_norm_explorer(nonlinearity="sigmoid")


def test_gradient_norms_plot_draws_curves_and_predictions():
    import numpy as np

    ax = plots.gradient_norms({"a": 0.9 ** np.arange(10)}, rates={"a": np.log(0.9)})
    assert len(ax.get_lines()) == 2 and ax.get_yscale() == "log"
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
