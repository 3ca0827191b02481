"""Print the built HTML book into one PDF with the Chromium of the browser checks.

    python tools/pdf.py _build/html _build/html/rnnbook.pdf      (or: make pdf)

Each page of the table of contents is opened in headless Chromium (served locally, so the
vendored MathJax typesets the math), printed with the theme's print styles, and the pages
are joined in reading order with pypdf. The book links to the result (book/intro.md).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import io
import shutil
import threading
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync"]
# Wait for MathJax 3 to finish (if the page loads it) and for embedded widgets to render.
SETTLE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await new Promise(r => setTimeout(r, 300));
}"""


def reading_order(toc_path: Path = ROOT / "_toc.yml") -> list[str]:
    """The HTML pages of the book in the order of _toc.yml, e.g. 'book/intro.html'."""
    toc = yaml.safe_load(Path(toc_path).read_text())
    files = [toc["root"]] + [chapter["file"] for part in toc["parts"] for chapter in part["chapters"]]
    return [f"{name}.html" for name in files]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def print_book(html_dir: Path, target: Path) -> dict:
    """Print every page of ``html_dir`` in reading order into one PDF at ``target``.
    Returns {'pages': PDF pages, 'bytes': file size, 'documents': HTML pages printed}."""
    from playwright.sync_api import sync_playwright
    from pypdf import PdfWriter

    html_dir = Path(html_dir)
    pages = reading_order()
    missing = [p for p in pages if not (html_dir / p).exists()]
    if missing:
        raise FileNotFoundError(f"{missing} are not in {html_dir}: build the book first (make book).")
    executable = shutil.which("chromium")
    if executable is None:
        raise FileNotFoundError("chromium is not installed: apt-get install -y chromium (make test "
                                "installs it).")
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(html_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    writer = PdfWriter()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            tab = browser.new_page()
            for page in pages:
                tab.goto(f"http://127.0.0.1:{server.server_address[1]}/{page}", wait_until="networkidle")
                tab.evaluate(SETTLE)
                tab.emulate_media(media="print")
                writer.append(io.BytesIO(tab.pdf(format="A4", print_background=True,
                                                 margin={"top": "15mm", "bottom": "15mm",
                                                         "left": "12mm", "right": "12mm"})))
            browser.close()
    finally:
        server.shutdown()
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "wb") as out:
        writer.write(out)
    return {"pages": len(writer.pages), "bytes": target.stat().st_size, "documents": len(pages)}


def main(argv=None):
    parser = argparse.ArgumentParser(description="Print the built HTML book into one PDF.")
    parser.add_argument("html", type=Path)
    parser.add_argument("target", type=Path)
    args = parser.parse_args(argv)
    report = print_book(args.html, args.target)
    print(f"wrote {args.target}: {report['pages']} pages from {report['documents']} HTML pages, "
          f"{report['bytes'] / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
