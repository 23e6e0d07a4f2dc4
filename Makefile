# Two commands, as in the README:
#   make book   install everything, then build the website into _build/html
#   make test   install everything, then run the whole test suite
# Everything is installed into a virtual environment in .venv (override with VENV=...).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: book test install lab refresh clean

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

book: $(STAMP)
	$(BIN)/jupyter-book build . -W -n --keep-going
	@echo "Open _build/html/index.html in a browser."

test: $(STAMP)
	$(BIN)/python -m pytest tests book --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg \
		-n 2 --dist loadscope

# Re-run chapters in a fresh kernel and store their outputs: make refresh [NB=book/01_....ipynb]
refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py $(NB)

lab: $(STAMP)
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build
