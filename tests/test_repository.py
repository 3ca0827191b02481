"""The repository's own rules: table of contents, notebooks stored clean, the set-up cell."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"


def toc_files(toc=None) -> list[str]:
    """Every `file:` entry of _toc.yml (and its root), in order."""
    toc = toc if toc is not None else yaml.safe_load((ROOT / "_toc.yml").read_text())
    found = [toc["root"]] if "root" in toc else []

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk({k: v for k, v in toc.items() if k != "root"})
    return found


def resolve(entry: str) -> Path | None:
    for suffix in (".ipynb", ".md"):
        path = ROOT / f"{entry}{suffix}"
        if path.exists():
            return path
    return None


def notebooks() -> list[Path]:
    return sorted(p for p in BOOK.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def test_every_toc_entry_exists():
    missing = [entry for entry in toc_files() if resolve(entry) is None]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


def test_every_notebook_is_in_the_toc():
    listed = {resolve(entry) for entry in toc_files()}
    orphans = [str(nb.relative_to(ROOT)) for nb in notebooks() if nb not in listed]
    assert not orphans, f"notebooks missing from _toc.yml (add them or delete them): {orphans}"


def test_toc_walker_sees_nested_entries():
    toc = {"root": "a", "parts": [{"chapters": [{"file": "b", "sections": [{"file": "c"}]}]}]}
    assert toc_files(toc) == ["a", "b", "c"]


def test_there_is_at_least_one_chapter():
    assert len(notebooks()) >= 1


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(nb):
    cells = json.loads(nb.read_text())["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code"
             and (c.get("outputs") or c.get("execution_count") is not None)]
    assert not dirty, (f"{nb.name}: code cells {dirty} are stored with outputs; clear them "
                       "(the build executes the notebooks): jupyter nbconvert --clear-output --inplace")


@pytest.mark.parametrize("nb", notebooks(), ids=lambda p: p.name)
def test_notebook_kernel_and_setup_cell(nb):
    content = json.loads(nb.read_text())
    assert content["metadata"]["kernelspec"]["name"] == "python3", \
        "the kernelspec must be python3 (another name fails with NoSuchKernel)"
    first_code = next(c for c in content["cells"] if c["cell_type"] == "code")
    assert "".join(first_code["source"]) == setup_cell_source(), \
        f"{nb.name}: the first code cell must be the book's set-up cell (copy it from another chapter)"


def repository_url() -> str:
    """The book's repository address: `repository.url` in _config.yml, its only home."""
    return yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")


def setup_cell_source() -> str:
    first = notebooks()[0]
    cells = json.loads(first.read_text())["cells"]
    return "".join(next(c for c in cells if c["cell_type"] == "code")["source"])


def test_setup_cell_finds_the_package_in_a_clone(tmp_path):
    """Run the set-up cell where rnnbook is not installed: it must use code/ of the clone."""
    source = setup_cell_source()
    assert "importlib.util.find_spec" in source and '"code"' in source
    # -S: no site-packages, so the installed (editable) rnnbook is invisible; -I would also
    # drop the current directory. The cell must find code/rnnbook by walking up from book/.
    result = subprocess.run([sys.executable, "-S", "-c", source + "\nprint(rnnbook.__file__)"],
                            cwd=BOOK, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert str(ROOT / "code" / "rnnbook") in result.stdout


def test_the_repository_address_has_one_home():
    """Every copy of the repository address (the set-up cell's install line, the package
    metadata) is the one in _config.yml; change it there and this test lists the copies."""
    url = repository_url()
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url), url
    assert f'"rnnbook @ git+{url}"' in setup_cell_source()
    assert f'Repository = "{url}"' in (ROOT / "pyproject.toml").read_text()
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True,
                             check=True).stdout.split()
    assert "_config.yml" in tracked and "pyproject.toml" in tracked, tracked[:5]
    # Any GitHub repository address at all: the book links to no other repository.
    pattern = re.compile(r"https://github\.com/[\w-]+/[\w.-]+")
    stale = {}
    for name in tracked:
        path = ROOT / name
        if path.suffix in {".ipynb", ".md", ".py", ".toml", ".yml", ".yaml", ".cfg", ".txt", ".bib"}:
            for found in pattern.findall(path.read_text(encoding="utf-8", errors="replace")):
                found = found.rstrip(".").removesuffix(".git")
                if found != url:
                    stale.setdefault(name, set()).add(found)
    assert not stale, f"repository addresses that differ from _config.yml's {url}: {stale}"


def test_every_figure_cell_has_alt_text():
    """Cells that draw through rnnbook.plots, show a figures/ diagram or name a figure carry
    alt text for the book's <img>, where myst-nb reads it: metadata.mystnb.image.alt."""
    for nb in notebooks():
        for cell in json.loads(nb.read_text())["cells"]:
            src = "".join(cell["source"])
            named = "figure" in cell["metadata"].get("mystnb", {})
            if cell["cell_type"] == "code" and (named or any(
                    k in src for k in ("plots.", "_explorer(", "figures.show("))):
                alt = cell["metadata"].get("mystnb", {}).get("image", {}).get("alt", "")
                assert len(alt) > 20, f"{nb.name}: a figure cell has no alt text:\n{src}"
                assert "image" not in cell["metadata"], (
                    f"{nb.name}: alt text at metadata.image is ignored; move it under "
                    f"metadata.mystnb.image:\n{src}")


def test_make_test_stops_first_with_a_clear_message_when_chromium_cannot_be_installed(tmp_path):
    """Without Chromium and without a way to install it, `make chromium` (the first step of
    `make test`) fails at once and says what to install."""
    import shutil

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("id",):          # what the recipe needs; no chromium, no apt-get
        (bin_dir / tool).symlink_to(shutil.which(tool))
    result = subprocess.run([shutil.which("make"), "-s", "chromium"], cwd=ROOT, capture_output=True,
                            text=True, env={"PATH": str(bin_dir), "HOME": str(tmp_path)})
    assert result.returncode != 0
    assert "apt-get install -y chromium chromium-driver" in result.stderr
    makefile = (ROOT / "Makefile").read_text()
    assert "test: chromium lint" in makefile          # checked before any test runs
