# The two commands for a fresh machine are `make book` and `make test` (see README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := book

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
VENDOR := _vendor/_static/vendor
VENDORED := $(VENDOR)/.installed
# Front-end files the book serves itself so that it works with no network.
NPM_PACKAGES := mathjax@3.2.2 @jupyter-widgets/html-manager@1.0.7 requirejs@2.3.8
JB := $(VENV)/bin/jupyter-book
PACKAGE_FILES := $(shell find code/rnnbook -name '*.py' -o -name '*.txt' -o -name '*.json' 2>/dev/null)
# Jupyter Book's execution cache is keyed on the notebooks only; a change to rnnbook
# would otherwise leave stale outputs in the book. This stamp drops the cache then.
CACHE_STAMP := _build/.package-stamp
# The student edition as one download; the intro and the exercise index link to it.
STUDENT_ZIP := _build/downloads/rnnbook-student-edition.zip
# The exercises as an nbgrader course (config and source/) for instructors, linked the same way.
COURSE_ZIP := _build/downloads/rnnbook-nbgrader-course.zip
# The book as one PDF, printed from the HTML build (the intro links to it).
PDF := _build/html/rnnbook.pdf

.PHONY: assignments pdf print-pdf book test chromium lint unit notebooks strict-book browser lab bench clean install vendor student figures

## install: .venv with the pinned requirements and the rnnbook package (editable)
install: $(INSTALLED)
$(INSTALLED): requirements.txt pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements.txt
	$(PY) -m pip install -q --disable-pip-version-check --no-deps -e .
	@touch $@

## vendor: MathJax 3, RequireJS and the ipywidgets HTML manager, from npm, into _vendor/
vendor: $(VENDORED)
$(VENDORED): Makefile
	rm -rf _vendor _build/npm && mkdir -p $(VENDOR)/mathjax _build/npm
	npm install --silent --no-audit --no-fund --prefix _build/npm $(NPM_PACKAGES)
	cp _build/npm/node_modules/mathjax/es5/tex-mml-chtml.js $(VENDOR)/mathjax/
	mkdir -p $(VENDOR)/mathjax/output/chtml/fonts $(VENDOR)/mathjax/input/tex
	cp -r _build/npm/node_modules/mathjax/es5/output/chtml/fonts/woff-v2 $(VENDOR)/mathjax/output/chtml/fonts/
	cp -r _build/npm/node_modules/mathjax/es5/input/tex/extensions $(VENDOR)/mathjax/input/tex/
	cp _build/npm/node_modules/requirejs/require.js $(VENDOR)/require.min.js
	cp _build/npm/node_modules/@jupyter-widgets/html-manager/dist/embed-amd.js $(VENDOR)/
	mkdir -p $(VENDOR)/html-manager  # the icon fonts embed-amd.js loads (see widgets-offline.js)
	cp _build/npm/node_modules/@jupyter-widgets/html-manager/dist/*.{woff,woff2,ttf,eot,svg} $(VENDOR)/html-manager/
	@touch $@

## book: execute the notebooks (Jupyter Book's cache) and build the HTML book into _build/html
book: $(INSTALLED) $(VENDORED) $(CACHE_STAMP) $(STUDENT_ZIP) $(COURSE_ZIP)
	$(JB) build . --builder html
	@if command -v chromium >/dev/null 2>&1; then $(MAKE) --no-print-directory print-pdf; \
	else echo "No chromium here, so no PDF of the book (make pdf installs it as make test does)."; fi
	@echo "The book is in _build/html/index.html"

## pdf: the whole book as one PDF (_build/html/rnnbook.pdf), printed from the HTML by Chromium
pdf: chromium book

print-pdf: $(INSTALLED)
	$(PY) tools/pdf.py _build/html $(PDF)

$(CACHE_STAMP): $(PACKAGE_FILES)
	rm -rf _build/.jupyter_cache _build/jupyter_execute
	@mkdir -p _build && touch $@

## test: every check -- lint, package tests, notebooks under nbval, strict build, browser
test: chromium lint unit notebooks strict-book print-pdf browser
	@echo "make test: all checks passed"

## chromium: Debian's Chromium for the browser checks; installed with apt-get when missing
## (as root), otherwise make stops here, before any test, saying what to install.
chromium:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Chromium for the browser checks (apt-get install chromium chromium-driver)..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	  else \
	    echo "make test needs Chromium for its browser checks and cannot install it here (not root, or no apt-get)." >&2; \
	    echo "Install it, e.g. 'sudo apt-get install -y chromium chromium-driver' on Debian/Ubuntu, then run make test again." >&2; \
	    exit 1; \
	  fi; \
	fi

lint: $(INSTALLED)
	$(PY) -m ruff check code tests book tools

unit: $(INSTALLED)
	$(PY) -m pytest -q tests -m "not browser"

notebooks: $(INSTALLED)
	$(PY) -m pytest -q --nbval-lax book

## strict-book: execute and rebuild everything from scratch; any Sphinx warning or failing cell is an error
strict-book: $(INSTALLED) $(VENDORED) $(CACHE_STAMP) $(STUDENT_ZIP) $(COURSE_ZIP)
	$(JB) build . --builder html --all --warningiserror --nitpick --keep-going

browser: $(INSTALLED) chromium
	$(PY) -m pytest -q tests -m browser

## lab: JupyterLab on the book's notebooks
lab: $(INSTALLED)
	$(PY) -m jupyter lab book

clean:
	rm -rf _build _vendor .pytest_cache .ruff_cache .hypothesis

## bench: the benchmark sweep (forward + backward of six implementations of each cell over
## hidden sizes and lengths, a few minutes) into the JSON file the benchmarks appendix renders
bench: $(INSTALLED)
	$(PY) -m rnnbook.bench --sweep code/rnnbook/data/benchmarks.json

## figures: redraw the static diagrams in figures/ (SVG, deterministic) from rnnbook.plots
figures: $(INSTALLED)
	$(PY) -m rnnbook.figures figures

## student: the student edition, every solution replaced by a stub, into student/ (and
## packed into the zip the book links to for download)
student: $(INSTALLED)
	$(PY) tools/student.py book student --zip $(STUDENT_ZIP)

$(STUDENT_ZIP): $(wildcard book/*.ipynb) tools/student.py tools/exercise_index.py pyproject.toml
	$(PYTHON) tools/student.py book _build/student --zip $@

## assignments: the exercises as an nbgrader course in _build/assignments, one assignment per
## chapter, then nbgrader's round trip on every chapter (CHAPTERS="02 05" for some): the
## reference solutions must get every autograded point and the untouched stubs zero
CHAPTERS ?= all
assignments: $(INSTALLED)
	$(PY) tools/assignments.py book _build/assignments --check $(CHAPTERS)

$(COURSE_ZIP): $(wildcard book/*.ipynb) tools/assignments.py tools/student.py tools/exercise_index.py pyproject.toml
	$(PYTHON) tools/assignments.py book _build/nbgrader-source --no-release --zip $@
