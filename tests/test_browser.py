"""Open every page of the built book in headless Chromium and fail on anything broken.

Needs `_build/html` (run after the book build; `make test` does) and Debian's chromium.
Every request that does not go to the local server is blocked *and* counted as a
failure, so these checks also prove that the book renders with no network.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
# One home for the Chromium flags, the wait for MathJax and the quiet server: the PDF tool.
from pdf import CHROMIUM_FLAGS, SETTLE, QuietHandler  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
SHOTS = ROOT / "_build" / "screenshots"


def book_pages() -> list[str]:
    if not (HTML / "index.html").exists():
        return []
    return sorted(p.relative_to(HTML).as_posix() for p in HTML.rglob("*.html")
                  if not p.relative_to(HTML).parts[0].startswith("_"))


@pytest.fixture(scope="session")
def server():
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html/index.html is missing: build the book first (make book).")
    handler = functools.partial(QuietHandler, directory=str(HTML))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright = pytest.importorskip("playwright.sync_api")
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("chromium is not installed: apt-get install -y chromium chromium-driver")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def test_the_book_has_pages():
    pages = book_pages()
    assert "index.html" in pages and "book/01_why_recurrent_networks.html" in pages, pages


# Everything a page must not have, gathered in the page itself.
_INSPECT = """() => {
  const imgs = [...document.images];
  const math = [...document.querySelectorAll('.math, span.math, div.math')];
  return {
    brokenImages: imgs.filter(i => !i.complete || i.naturalWidth === 0).map(i => i.currentSrc || i.src),
    imagesWithoutAlt: imgs.filter(i => !(i.getAttribute('alt') || '').trim()
                                       && !i.closest('.navbar-brand, .logo'))
                          .map(i => i.currentSrc || i.src),
    mathElements: math.length,
    untypesetMath: math.filter(m => !m.querySelector('mjx-container')).map(m => m.textContent.slice(0, 80)),
    typesetMath: document.querySelectorAll('mjx-container').length,
    links: [...document.querySelectorAll('a[href]')].map(a => a.href),
    widgetViews: document.querySelectorAll('.jupyter-widgets').length,
    widgetScripts: document.querySelectorAll('script[type="application/vnd.jupyter.widget-view+json"]').length,
    stderrBlocks: [...document.querySelectorAll('.output.stderr, .output.traceback')].map(e => e.textContent.slice(0, 200)),
  };
}"""


def _local_only(outside: list):
    """A route handler that lets requests to the local server through and blocks (and
    records in ``outside``) every other."""
    def route(r):
        host = urllib.parse.urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()
    return route


@pytest.mark.parametrize("page", book_pages())
def test_page(page, server, browser):
    base = server
    errors, failed, outside = [], [], []
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    context.route("**/*", _local_only(outside))
    tab = context.new_page()
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    tab.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    tab.on("requestfailed", lambda r: failed.append(f"{r.url} ({r.failure})"))
    tab.on("response", lambda r: failed.append(f"{r.url} (HTTP {r.status})") if r.status >= 400 else None)

    tab.goto(f"{base}/{page}", wait_until="networkidle")
    tab.evaluate(SETTLE)
    found = tab.evaluate(_INSPECT)
    SHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SHOTS / (page.replace("/", "__").removesuffix(".html") + ".png")),
                   full_page=True)
    context.close()

    assert not outside, f"{page} asked the network for {outside}: everything must be served locally"
    assert not failed, f"{page}: failed requests {failed}"
    assert not errors, f"{page}: console errors {errors}"
    assert not found["brokenImages"], f"{page}: images that did not load {found['brokenImages']}"
    assert not found["imagesWithoutAlt"], f"{page}: images without alt text {found['imagesWithoutAlt']}"
    assert not found["untypesetMath"], f"{page}: math left untypeset {found['untypesetMath']}"
    assert found["typesetMath"] >= found["mathElements"]
    assert not found["stderrBlocks"], (f"{page}: cell outputs on stderr or tracebacks (warnings, "
                                       f"TensorFlow logs) show in the book: {found['stderrBlocks']}")
    broken = [link for link in found["links"] if _dangling(link, base)]
    assert not broken, f"{page}: internal links to pages or anchors that do not exist: {broken}"
    if found["widgetScripts"]:
        assert found["widgetViews"] >= found["widgetScripts"], \
            f"{page}: {found['widgetScripts']} widgets embedded but {found['widgetViews']} rendered"


@functools.cache
def _anchors(path: Path) -> frozenset[str]:
    import re

    return frozenset(re.findall(r'\bid="([^"]+)"', path.read_text(encoding="utf-8")))


def _dangling(link: str, base: str) -> bool:
    """True for a link into the book whose file, or whose #anchor in it, does not exist."""
    if not link.startswith(base):
        return False
    parsed = urllib.parse.urlparse(link)
    path = urllib.parse.unquote(parsed.path).lstrip("/")
    target = HTML / path
    if target.is_dir():
        target = target / "index.html"
    if not target.exists():
        return True
    if parsed.fragment and target.suffix == ".html":
        return urllib.parse.unquote(parsed.fragment) not in _anchors(target)
    return False


def test_every_figure_a_notebook_names_is_in_its_page():
    """Each code cell with a mystnb figure (a plot, or a diagram from figures.show) has its
    image in the built page, inside the figure of that name with the cell's alt text: a cell
    whose plot was not displayed would otherwise leave a figure-less page behind silently."""
    import html
    import json
    import re

    if not (HTML / "index.html").exists():
        pytest.fail("_build/html/index.html is missing: build the book first (make book).")
    checked = 0
    for nb in sorted((HTML.parent.parent / "book").glob("*.ipynb")):
        page = (HTML / "book" / f"{nb.stem}.html").read_text(encoding="utf-8")
        for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
            meta = cell["metadata"].get("mystnb", {})
            name = meta.get("figure", {}).get("name")
            if cell["cell_type"] != "code" or not name:
                continue
            figure = re.search(rf'<figure[^>]*\bid="{re.escape(name)}".*?</figure>', page, re.S)
            assert figure, f"{nb.stem}.html has no figure {name!r}: did the cell display its image?"
            image = re.search(r'<img alt="([^"]*)"', figure[0])
            assert image, f"{nb.stem}.html: figure {name!r} holds no image"
            assert html.unescape(image[1]) == meta["image"]["alt"], f"{nb.stem}: {name!r} lost its alt text"
            checked += 1
    assert checked >= 40, checked


def _inspect_first_chapter(server, browser):
    context = browser.new_context()
    tab = context.new_page()
    tab.goto(f"{server}/book/01_why_recurrent_networks.html", wait_until="networkidle")
    tab.evaluate(SETTLE)
    found = tab.evaluate(_INSPECT)
    found["outputImageWidths"] = tab.eval_on_selector_all(".cell_output img",
                                                          "els => els.map(e => e.naturalWidth)")
    found["diagramWidths"] = tab.eval_on_selector_all("figure img[src$='.svg']",
                                                      "els => els.map(e => e.naturalWidth)")
    context.close()
    return found


def test_math_is_typeset_somewhere(server, browser):
    """Guard against a vacuous pass: the chapters do contain math, and it is typeset."""
    found = _inspect_first_chapter(server, browser)
    assert found["mathElements"] >= 5 and found["typesetMath"] >= found["mathElements"]


def test_chapter_shows_executed_figures_and_widget(server, browser):
    found = _inspect_first_chapter(server, browser)
    images = found["outputImageWidths"]
    assert len(images) >= 2 and min(images) > 100, images
    diagrams = found["diagramWidths"]          # the static SVGs from figures/
    assert len(diagrams) >= 2 and min(diagrams) > 100, diagrams
    assert found["widgetScripts"] >= 1 and found["widgetViews"] >= 1


def test_launch_links_open_each_chapters_own_notebook():
    """The Colab and Binder buttons of every chapter page open that chapter's notebook in the
    repository named by _config.yml (the one home of the address)."""
    import re

    import yaml
    from test_repository import repository_url

    url = repository_url()
    branch = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["branch"]
    repo = url.removeprefix("https://github.com/")
    chapters = [p for p in book_pages() if (ROOT / p.replace(".html", ".ipynb")).exists()]
    assert len(chapters) >= 10, chapters
    for page in chapters:
        html = (HTML / page).read_text(encoding="utf-8")
        notebook = page.removesuffix(".html") + ".ipynb"
        links = set(re.findall(r'href="(https://[^"]+)"', html))
        expected = {f"https://colab.research.google.com/github/{repo}/blob/{branch}/{notebook}",
                    f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{notebook}"}
        assert expected <= links, f"{page}: launch links {sorted(expected - links)} missing"
        launch = {link for link in links if "colab.research" in link or "mybinder" in link}
        assert launch == expected, f"{page}: launch links to other places: {sorted(launch - expected)}"


CHAPTER_SECONDS = 90       # the design's budget for one notebook on 2 CPU cores


def execution_table(page_html: str) -> dict[str, tuple[float, str]]:
    """{document: (run time in seconds, status)} from the table nb-exec-table renders."""
    import html
    import re

    table = re.search(r"<table[^>]*>.*?Run Time \(s\).*?</table>", page_html, re.S)
    if not table:
        raise AssertionError("the running-costs page holds no execution table")
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[0], re.S)[1:]:
        cells = [html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                 for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows[cells[0]] = (float(cells[3]), cells[4])
    return rows


def test_execution_table_reader_finds_rows_and_times():
    page = ("<table><thead><tr><th>Document</th><th>Modified</th><th>Method</th>"
            "<th>Run Time (s)</th><th>Status</th></tr></thead><tbody>"
            "<tr><td><p><a href='x.html'>book/01_why</a></p></td><td>d</td><td>cache</td>"
            "<td><p>12.5</p></td><td>&#x2705;</td></tr></tbody></table>")
    assert execution_table(page) == {"book/01_why": (12.5, "\u2705")}


def test_every_notebook_ran_within_its_budget_in_the_last_build():
    """The running-costs page's table (Jupyter Book's execution records of this build):
    every notebook of the book is in it, succeeded, and took at most 90 s."""
    if not (HTML / "index.html").exists():
        pytest.fail("_build/html/index.html is missing: build the book first (make book).")
    table = execution_table((HTML / "book" / "appendix_running_costs.html").read_text(encoding="utf-8"))
    notebooks = {f"book/{nb.stem}" for nb in (ROOT / "book").glob("*.ipynb")}
    assert notebooks <= set(table), f"not in the execution table: {sorted(notebooks - set(table))}"
    failed = {doc: status for doc, (_, status) in table.items() if status != "\u2705"}
    assert not failed, f"notebooks that did not run through: {failed}"
    slow = {doc: seconds for doc, (seconds, _) in table.items() if seconds > CHAPTER_SECONDS}
    assert not slow, f"notebooks over the {CHAPTER_SECONDS} s budget: {slow}"


# The image (or preformatted text) an explorer shows now, and what its sliders read.
_EXPLORER_STATE = """el => {
  const shown = [...el.querySelectorAll('img, pre')].filter(e => e.checkVisibility());
  return {
    shown: shown.map(e => ({content: e.getAttribute('src') || e.textContent,
                            alt: e.getAttribute('alt') || e.getAttribute('aria-label') || ''})),
    readouts: [...el.querySelectorAll('.widget-readout')].map(r => r.textContent.trim()),
  };
}"""

# Where the book's explorers are, and how many each page has: one that disappears fails.
EXPLORERS = {"book/01_why_recurrent_networks.html": 1, "book/04_vanishing_and_exploding_gradients.html": 1,
             "book/05_lstm.html": 1, "book/07_training_in_practice.html": 1,
             "book/10_character_level_text.html": 1, "book/11_autoencoders.html": 1,
             "book/12_sequence_autoencoders.html": 1}
MAX_WIDGET_STATE = 2_000_000      # bytes of embedded widget state per page: pages stay light


def widget_state_bytes(page: str) -> int:
    import re

    text = (HTML / page).read_text(encoding="utf-8")
    states = re.findall(r'<script type="application/vnd.jupyter.widget-state\+json">(.*?)</script>',
                        text, re.S)
    assert states, f"{page}: no embedded widget state found (has the page's markup changed?)"
    return sum(len(s.encode("utf-8")) for s in states)


def test_every_explorer_moves_with_the_keyboard_and_no_kernel(server, browser):
    """Each explorer (rnnbook.widgets.explorer) on every page: press an arrow key on each of
    its sliders and the figure shown must change, its alt text must follow and name the
    slider's new value, with no console error and no request off the book's server. The
    embedded widget state of each page stays under MAX_WIDGET_STATE."""
    import json

    from rnnbook.widgets import names_value

    pages = [p for p in book_pages() if "rnnbook-explorer" in (HTML / p).read_text(encoding="utf-8")]
    assert sorted(pages) == sorted(EXPLORERS), f"pages with explorers: {pages}, expected {sorted(EXPLORERS)}"
    report, moved = {}, 0
    for page in pages:
        errors, outside = [], []
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.route("**/*", _local_only(outside))
        tab = context.new_page()
        tab.on("console", lambda m, errors=errors: errors.append(m.text) if m.type == "error" else None)
        tab.on("pageerror", lambda e, errors=errors: errors.append(f"page error: {e}"))
        tab.goto(f"{server}/{page}", wait_until="networkidle")
        tab.evaluate(SETTLE)
        explorers = tab.query_selector_all(".rnnbook-explorer")
        assert len(explorers) == EXPLORERS[page], f"{page}: {len(explorers)} explorers rendered"
        for k, explorer in enumerate(explorers):
            before = explorer.evaluate(_EXPLORER_STATE)
            assert len(before["shown"]) == 1, f"{page} explorer {k}: shows {len(before['shown'])} figures, not one"
            handles = explorer.query_selector_all(".noUi-handle")
            assert handles, f"{page} explorer {k} has no slider"
            for s, handle in enumerate(handles):
                at_end = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
                handle.focus()
                tab.keyboard.press("ArrowLeft" if at_end else "ArrowRight")
                tab.wait_for_timeout(150)
                after = explorer.evaluate(_EXPLORER_STATE)
                where = f"{page} explorer {k} slider {s}"
                assert after["readouts"][s] != before["readouts"][s], f"{where}: the slider did not move"
                assert len(after["shown"]) == 1, f"{where}: shows {len(after['shown'])} figures, not one"
                old, new = before["shown"][0], after["shown"][0]
                assert new["content"] != old["content"], f"{where}: the figure did not change"
                assert new["alt"] != old["alt"], f"{where}: the alt text stayed {old['alt']!r}"
                assert names_value(new["alt"], after["readouts"][s]), \
                    f"{where}: the alt text {new['alt']!r} does not name the value {after['readouts'][s]!r}"
                before = after
                moved += 1
        context.close()
        assert not errors, f"{page}: console errors {errors}"
        assert not outside, f"{page} asked the network for {outside}"
        size = widget_state_bytes(page)
        assert size <= MAX_WIDGET_STATE, f"{page} embeds {size} bytes of widget state (limit {MAX_WIDGET_STATE})"
        report[page] = {"explorers": len(explorers), "widget_state_bytes": size}
    (HTML.parent / "explorers.json").write_text(json.dumps({"sliders_moved": moved, "pages": report}, indent=1))
    assert moved >= sum(EXPLORERS.values()), moved


def test_instructor_page_lists_every_exercise_and_the_student_zip_downloads():
    """The built exercise index links every exercise of the book, and the intro and the index
    link the same student-edition zip, which holds the chapters and names the book's version;
    the index also links the nbgrader course (its config and one source notebook a chapter)."""
    import re
    import sys
    import zipfile

    sys.path.insert(0, str(ROOT / "tools"))
    from exercise_index import book_exercises

    index = (HTML / "book" / "appendix_exercises.html").read_text(encoding="utf-8")
    pages = {}
    for exercise in book_exercises(ROOT / "book"):
        assert f'href="{exercise["page"]}#{exercise["label"]}"' in index, exercise["label"]
        # The book numbers it as the index, the student edition and the assignments do.
        page = pages.setdefault(exercise["page"], (HTML / "book" / exercise["page"]).read_text(encoding="utf-8"))
        shown = re.search(rf'id="{exercise["label"]}">\s*<p class="admonition-title">'
                          r'<span class="caption-number">Exercise ([0-9.]+) </span>', page)
        assert shown and shown[1] == exercise["number"], (exercise["label"], exercise["number"], shown)
    zips = set()
    for page in ("index.html", "book/intro.html", "book/appendix_exercises.html"):
        if (HTML / page).exists():
            text = (HTML / page).read_text(encoding="utf-8")
            zips |= {(HTML / page).parent.joinpath(href).resolve()
                     for href in re.findall(r'href="([^"]*rnnbook-student-edition\.zip)"', text)}
    assert len(zips) == 1, zips                  # one file, linked from the intro and the index
    archive = zipfile.ZipFile(zips.pop())
    names = archive.namelist()
    from student import book_version

    version = book_version(ROOT)
    assert f"rnnbook-student-{version}/README.txt" in names
    assert sum(n.endswith(".ipynb") and n.split("/")[1][:2].isdigit() for n in names) == 12
    course = re.findall(r'href="([^"]*rnnbook-nbgrader-course\.zip)"', index)
    assert len(course) == 1, course             # the nbgrader course, for instructors
    names = zipfile.ZipFile((HTML / "book").joinpath(course[0]).resolve()).namelist()
    assert f"rnnbook-nbgrader-{version}/nbgrader_config.py" in names
    assert sum(n.startswith(f"rnnbook-nbgrader-{version}/source/") for n in names) == 12


def test_the_book_as_one_pdf():
    """make pdf (part of make test): the whole book, every chapter's title in its text, the
    math typeset (no TeX source left in the text), linked from the intro."""
    import json
    import re
    import unicodedata

    from pypdf import PdfReader

    pdf = HTML / "rnnbook.pdf"
    assert pdf.exists(), "_build/html/rnnbook.pdf is missing: run make pdf (make test does)"
    reader = PdfReader(pdf)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    text = re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text))       # the font's ligatures: fi
    assert len(reader.pages) >= 150, len(reader.pages)
    titles = []
    for path in sorted((ROOT / "book").glob("*.ipynb")):
        first = next(c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "markdown")
        titles.append(re.search(r"^# (.+)$", "".join(first["source"]), re.M)[1])
    missing = [t for t in titles if t not in text]
    assert len(titles) >= 14 and not missing, f"chapter titles not in the PDF's text: {missing}"
    # TeX commands that appear in the book's math and in none of its code
    raw = re.findall(r".{0,40}(?:\$\$|\\frac|\\mathbb|\\mathrm|\\text\{|\\left|\\begin\{|\\tfrac|\\underbrace).{0,40}", text)
    assert not raw, f"TeX source left untypeset in the PDF: {raw[:5]}"
    assert 'href="../rnnbook.pdf"' in (HTML / "book" / "intro.html").read_text(encoding="utf-8")
