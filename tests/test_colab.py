"""The Colab path, simulated: a fresh environment that has the frameworks but not rnnbook,
a working directory outside the repository, and the set-up cell of a chapter installing the
package from the repository address in `_config.yml` -- pointed at this clone instead of
the network. Then the chapter's first cells run, and the frameworks are still the ones the
environment came with."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from test_repository import BOOK, ROOT, repository_url, setup_cell_source

CHAPTER = BOOK / "02_mathematics_of_rnns.ipynb"
FIRST_CELLS = 6          # the set-up cell and five more: the reference RNN, then nn.RNN and SimpleRNN
FRAMEWORKS = {"torch", "tensorflow", "tensorflow_cpu", "keras", "numpy"}


def _versions(python: Path, env: dict) -> dict:
    """Every distribution the environment can see, name -> version, rnnbook left out."""
    code = ("import importlib.metadata as m, json; print(json.dumps(sorted("
            "(d.metadata['Name'].lower().replace('-', '_'), d.version) for d in m.distributions())))")
    out = subprocess.run([str(python), "-c", code], env=env, capture_output=True, text=True, check=True)
    return {name: version for name, version in json.loads(out.stdout) if name != "rnnbook"}


def _colab_like_environment(tmp_path: Path) -> tuple[Path, dict]:
    """A new virtual environment whose only third-party packages are this one's, minus rnnbook.

    They are reached through symbolic links in one folder on the new environment's path, so
    nothing is copied; leaving out rnnbook's files (and its editable-install hook) makes the
    package invisible, as it is on Colab."""
    venv = tmp_path / "colab"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    frameworks = tmp_path / "frameworks"
    frameworks.mkdir()
    for site in {Path(sysconfig.get_paths()[key]) for key in ("purelib", "platlib")}:
        for entry in site.iterdir():
            link = frameworks / entry.name
            if "rnnbook" not in entry.name.lower() and entry.suffix != ".pth" and not link.exists():
                link.symlink_to(entry)
    theirs = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                            capture_output=True, text=True, check=True).stdout.strip()
    Path(theirs, "frameworks.pth").write_text(f"{frameworks}\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
    # Offline: nothing may be fetched, torch least of all. So a set-up cell that asked pip to
    # upgrade or replace a framework fails here instead of changing it; the version check
    # below is the second line of defence. Without build isolation pip builds rnnbook with
    # this environment's setuptools (pinned in requirements.txt; pyproject needs >= 77).
    env.update(PIP_NO_INDEX="1",
               PIP_NO_BUILD_ISOLATION="0",       # pip's spelling of "no build isolation"
               PIP_DISABLE_PIP_VERSION_CHECK="1", PYTHONNOUSERSITE="1",
               PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}")
    return python, env


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git for a git+file:// install")
def test_setup_cell_installs_rnnbook_from_the_repository_and_keeps_the_frameworks(tmp_path):
    if not (ROOT / ".git").exists():
        pytest.fail(f"{ROOT} is not a git clone: the Colab simulation installs from git+file://")
    python, env = _colab_like_environment(tmp_path)
    hidden = subprocess.run([str(python), "-c", "import rnnbook"], env=env, capture_output=True, text=True)
    assert hidden.returncode != 0, "the simulated Colab environment must not already have rnnbook"
    before = _versions(python, env)
    assert {"torch", "keras", "numpy"} <= set(before) and {"tensorflow", "tensorflow_cpu"} & set(before)

    # The set-up cell exactly as the book stores it, with the network address swapped for
    # this clone (pip's git+file:// installs the committed HEAD, as Colab would install main).
    url = repository_url()
    source = setup_cell_source()
    assert source.count(f"git+{url}") == 1, f"the set-up cell must install from git+{url} (_config.yml)"
    cells = [source.replace(f"git+{url}", f"git+file://localhost{ROOT}")]  # pip 23 wants a host
    chapter = json.loads(CHAPTER.read_text())
    cells += ["".join(c["source"]) for c in chapter["cells"] if c["cell_type"] == "code"][1:FIRST_CELLS]
    work = tmp_path / "content"          # Colab's working directory: nowhere near a clone
    work.mkdir()
    script = work / "first_cells.py"
    script.write_text("\n\n".join(cells) + '\n\nprint("CELLS-RAN", rnnbook.__file__)\n')
    env["TF_CPP_MIN_LOG_LEVEL"] = "3"
    result = subprocess.run([str(python), str(script)], cwd=work, env=env, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, f"the set-up cell or the first cells failed:\n{result.stdout}\n{result.stderr}"
    assert "CELLS-RAN" in result.stdout
    installed = Path(result.stdout.split("CELLS-RAN", 1)[1].strip())
    assert installed.is_relative_to(python.parents[1]), \
        f"rnnbook must be installed into the environment, but was imported from {installed}"
    after = _versions(python, env)
    changed = {name: (before.get(name), after.get(name)) for name in before.keys() | after.keys()
               if before.get(name) != after.get(name)}
    assert not changed, f"installing rnnbook changed the environment's packages: {changed}"
    own = {p.name.split("-")[0].lower() for p in installed.parents[1].iterdir()}  # site-packages
    assert not own & FRAMEWORKS, f"pip installed frameworks of its own next to rnnbook: {own & FRAMEWORKS}"


def test_package_has_no_syntax_newer_than_python_3_10():
    """pyproject promises Python >= 3.10 (Colab has shipped 3.10 to 3.12). This checks the
    grammar only; ruff's target-version (py310) covers the rest it can see."""
    import ast

    for path in sorted((ROOT / "code" / "rnnbook").rglob("*.py")):
        try:
            ast.parse(path.read_text(), filename=str(path), feature_version=(3, 10))
        except SyntaxError as error:
            pytest.fail(f"{path.relative_to(ROOT)} is not Python 3.10: {error}")
