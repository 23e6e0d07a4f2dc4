# Two commands, as in the README:
#   make book   install everything, then build the website into _build/html
#   make test   install everything, then run the whole test suite
# and one more for a printable copy:
#   make pdf    the whole book as one PDF, _build/pdf/book.pdf
# Python packages go into a virtual environment in .venv (override with VENV=...).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CHROMIUM := /usr/bin/chromium
NODE_STAMP := node_modules/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: book test pdf colab install lab refresh student clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The website tests drive Debian's Chromium (Playwright cannot download a browser here).
$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji

# Node.js packages: mathjax-full, which typesets the website's formulas when it is
# built (_ext/site_math.py), and axe-core, the accessibility checker the website
# tests inject into each page.
$(NODE_STAMP): package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --silent --no-audit --no-fund
	touch $(NODE_STAMP)

book: $(STAMP) $(NODE_STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html in a browser."

# The whole book as one PDF, printed by Chromium (scripts/build_pdf.py says how);
# also copied into the website when it has been built.
pdf: $(STAMP) $(CHROMIUM)
	$(BIN)/python scripts/build_pdf.py

# Builds the site and the PDF first (the website and PDF tests read fresh builds) and
# the Colab-like environment (.venv-colab; rebuilt only when its requirements change).
test: $(STAMP) $(CHROMIUM) $(NODE_STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	$(BIN)/python scripts/build_pdf.py
	$(BIN)/python scripts/colab_env.py
	$(BIN)/python -m pytest tests book --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-n 2 --dist loadscope

# Only the Colab-like run of every chapter (the weekly job): part of `make test` too.
colab: $(STAMP)
	$(BIN)/python scripts/colab_env.py
	$(BIN)/python -m pytest tests/test_colab_env.py tests/test_widgets_live.py -n 2 --dist loadscope

# Re-run chapters in a fresh kernel and store their outputs: make refresh [NB=book/01_....ipynb]
refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py $(NB)

# The student edition: every chapter without its solutions, into student/ (not committed).
student: $(STAMP)
	$(BIN)/python -m teach.student

lab: $(STAMP)
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build
