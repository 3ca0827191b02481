"""figures/: the static diagrams are what rnnbook.plots draws today, every one is shown by a
page (through rnnbook.figures.show, so that JupyterLab and Colab show it too), and every use
has a caption and alt text."""

from __future__ import annotations

import json
import re

import pytest
from test_repository import ROOT, notebooks

from rnnbook import figures, plots

FIGURES = ROOT / "figures"
_SHOW = re.compile(r"""figures\.show\(["'](?P<name>\w+)["']\)""")
# Drawing functions of rnnbook.plots that are static diagrams: pages show them via figures/.
_DIAGRAMS = ("unrolled", "lstm_cell", "gru_cell", "autoencoder_diagram", "encoder_decoder")


def _committed():
    return {p.name: p.read_bytes() for p in FIGURES.iterdir()
            if p.is_file() and (p.suffix == ".svg" or p.name == "README.md")}


def test_committed_figures_are_what_the_code_draws(tmp_path):
    fresh = {p.name: p.read_bytes() for p in figures.write_all(tmp_path)}
    committed = _committed()
    assert set(committed) == set(fresh), (f"figures/ holds {sorted(set(committed) - set(fresh))} "
                                          f"and lacks {sorted(set(fresh) - set(committed))}: run make figures")
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"figures out of date with rnnbook.plots: {stale}; run `make figures` and commit"
    assert {f"{name}.svg" for name in figures.FIGURES} | {"README.md"} == set(fresh)


def test_svg_is_deterministic_whatever_the_users_matplotlibrc():
    import matplotlib

    first = figures.svg("gru_cell")
    with matplotlib.rc_context({"lines.linewidth": 7, "font.size": 20, "axes.facecolor": "red"}):
        second = figures.svg("gru_cell")
    assert first == second and first.startswith("<?xml")
    assert "<dc:date>" not in first
    with pytest.raises(KeyError, match="no figure named 'lstm'.*gru_cell"):
        figures.svg("lstm")


def test_show_displays_the_committed_drawing():
    shown = figures.show("autoencoder")
    assert "<svg" in shown.data and shown.data.count("<path") == figures.svg("autoencoder").count("<path")


def test_showing_a_figure_first_leaves_the_notebooks_own_plots_shown():
    """In a kernel, pyplot sets up the inline backend at its first figure. When that first
    figure is the one figures.show draws (as in chapter 11), every later plot of the notebook
    must still appear: once, none did, and only the strict build's dangling reference noticed."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in (
        "from rnnbook import figures\nfigures.show('autoencoder')",
        "import matplotlib.pyplot as plt\nplt.plot([0, 1]);",
    )]
    NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    shown, plotted = ([set(o.get("data", {})) for o in cell.outputs] for cell in nb.cells)
    assert shown == [{"image/svg+xml", "text/plain"}], shown
    assert len(plotted) == 1 and "image/png" in plotted[0], plotted


def _uses():
    """(notebook, figure name, alt text, caption) for every figures.show(...) in a code cell."""
    found = []
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] != "code":
                continue
            meta = cell["metadata"].get("mystnb", {})
            for m in _SHOW.finditer("".join(cell["source"])):
                found.append((nb.name, m["name"], meta.get("image", {}).get("alt", ""),
                              meta.get("figure", {}).get("caption", "")))
    return found


def test_every_figure_is_shown_with_a_caption_and_alt_text():
    uses = _uses()
    for notebook, name, alt, caption in uses:
        assert name in figures.FIGURES, f"{notebook} shows {name!r}, which is not in rnnbook.figures.FIGURES"
        assert len(alt) > 40, f"{notebook}: figure {name!r} is shown without real alt text ({alt!r})"
        assert caption, f"{notebook}: figure {name!r} has no caption (mystnb.figure.caption)"
    unused = set(figures.FIGURES) - {name for _, name, _, _ in uses}
    assert not unused, f"figures no page shows: {sorted(unused)}"


def test_pages_do_not_draw_static_diagrams_themselves():
    """A diagram is drawn once, in rnnbook.plots, and shown from figures.show: never a second
    drawing in a chapter that could drift from the file instructors use."""
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            src = "".join(cell["source"])
            for name in _DIAGRAMS:
                assert f"plots.{name}(" not in src, f"{nb.name} calls plots.{name}(...); use figures.show"


@pytest.mark.parametrize(("draw", "parts"), [(plots.lstm_cell, plots.LSTM_PARTS),
                                             (plots.gru_cell, plots.GRU_PARTS)])
def test_cell_drawings_title_every_highlight(draw, parts):
    import matplotlib.pyplot as plt

    titles = []
    for part in parts:
        ax = draw(part)
        titles.append(ax.get_title())
        plt.close(ax.figure)
    assert len(set(titles)) == len(parts) and all(t.startswith("the ") for t in titles), titles
    assert not any(re.search(r"\b(\w+) \1\b", t) for t in titles), titles   # no "state state"


def test_drawings_reject_bad_arguments():
    with pytest.raises(ValueError, match="highlight must be one of"):
        plots.gru_cell("forget")
    with pytest.raises(ValueError, match="highlight must be one of"):
        plots.lstm_cell("reset")
    with pytest.raises(ValueError, match="decoder must be one of"):
        plots.encoder_decoder("forward")
    for bad in (1, 13, 2.5):
        with pytest.raises(ValueError, match="T must be an integer from 2 to 12"):
            plots.encoder_decoder("repeat", T=bad)


def test_make_figures_redraws_into_figures():
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^figures: \$\(INSTALLED\)\n\t\$\(PY\) -m rnnbook\.figures figures$", makefile, re.M)
