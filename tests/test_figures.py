"""figures/: the static diagrams are what rnnbook.plots draws today, every one is used by a
page, and every use has alt text."""

from __future__ import annotations

import json
import re

import pytest
from test_repository import ROOT, notebooks

from rnnbook import figures, plots

FIGURES = ROOT / "figures"
# A MyST figure directive (colon or backtick fence) on a file in figures/, with its options.
_DIRECTIVE = re.compile(r"(?:```|:::)\{figure\}\s+\.\./figures/(?P<file>\S+)\n(?P<options>(?::[^\n]*\n)*)")
_IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(\.\./figures/(?P<file>[^)\s]+)\)")


def test_committed_figures_are_what_the_code_draws(tmp_path):
    written = figures.write_all(tmp_path)
    fresh = {p.name: p.read_bytes() for p in written}
    committed = {p.name: p.read_bytes() for p in FIGURES.iterdir() if p.is_file()}
    assert set(committed) == set(fresh), (f"figures/ holds {sorted(set(committed) - set(fresh))} "
                                          f"and lacks {sorted(set(fresh) - set(committed))}: run make figures")
    stale = sorted(name for name in fresh if fresh[name] != committed[name])
    assert not stale, f"figures out of date with rnnbook.plots: {stale}; run `make figures` and commit"


def test_svg_is_deterministic_and_has_no_date():
    first, second = figures.svg("gru_cell"), figures.svg("gru_cell")
    assert first == second and first.startswith("<?xml")
    assert "<dc:date>" not in first
    with pytest.raises(KeyError, match="no figure named 'lstm'.*gru_cell"):
        figures.svg("lstm")


def _uses():
    """(notebook, file, alt) for every use of a figures/ file in a markdown cell."""
    found = []
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            if cell["cell_type"] != "markdown":
                continue
            text = "".join(cell["source"]) + "\n"
            for m in _DIRECTIVE.finditer(text):
                alt = re.search(r"^:alt:\s*(.*)$", m["options"], re.M)
                found.append((nb.name, m["file"], alt[1].strip() if alt else ""))
            for m in _IMAGE.finditer(text):
                found.append((nb.name, m["file"], m["alt"].strip()))
    return found


def test_every_figure_is_used_with_alt_text_and_exists():
    uses = _uses()
    assert len(uses) >= len(figures.FIGURES)
    for notebook, file, alt in uses:
        assert (FIGURES / file).is_file(), f"{notebook} shows figures/{file}, which does not exist"
        assert len(alt) > 40, f"{notebook}: figures/{file} is shown without real alt text ({alt!r})"
    unused = set(figures.FIGURES) - {file.removesuffix(".svg") for _, file, _ in uses}
    assert not unused, f"figures no page shows: {sorted(unused)}"


def test_the_directive_pattern_sees_alt_text():
    text = ":::{figure} ../figures/a.svg\n:name: fig-a\n:alt: a drawing\n\ncaption\n:::\n"
    m = _DIRECTIVE.search(text)
    assert m["file"] == "a.svg" and ":alt: a drawing" in m["options"]


def test_no_page_draws_a_static_diagram_in_a_code_cell():
    """The diagrams come from figures/ (one drawing, also for slides), not from code cells."""
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            src = "".join(cell["source"])
            if cell["cell_type"] == "code":
                for call in ("plots.lstm_cell(", "plots.gru_cell(", "plots.autoencoder_diagram(",
                             "plots.encoder_decoder("):
                    assert call not in src, f"{nb.name} draws {call}...) in a code cell; use figures/"


def test_cell_drawings_reject_unknown_parts():
    with pytest.raises(ValueError, match="highlight must be one of"):
        plots.gru_cell("forget")
    with pytest.raises(ValueError, match="highlight must be one of"):
        plots.lstm_cell("reset")
    with pytest.raises(ValueError, match="decoder must be one of"):
        plots.encoder_decoder("forward")
    with pytest.raises(ValueError, match="T must be an integer >= 2"):
        plots.encoder_decoder("repeat", T=1)


def test_make_figures_target_and_index():
    makefile = (ROOT / "Makefile").read_text()
    assert "figures:" in makefile and "rnnbook.figures figures" in makefile
    index = (FIGURES / "README.md").read_text()
    for name in figures.FIGURES:
        assert f"`{name}.svg`" in index
