# Two commands, as in the README:
#   make book   install everything, then build the website into _build/html
#   make test   install everything, then run the whole test suite (every lane)
# and, for contributors and printing (`make help` lists every target):
#   make check  the unit lane and nbval of the chapters a change touches (minutes)
#   make pdf    the whole book as one PDF, _build/pdf/book.pdf
#
# Needs: Python >= 3.11 with venv; Node.js >= 18 with npm (installed with apt when
# missing and apt exists); for the tests and the PDF, Chromium or Chrome (Debian's
# `chromium` package, installed with apt, or one on the PATH, or CHROMIUM=/path).
# Python packages go into a virtual environment in .venv (override with VENV=...).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
SITE_MARK := _build/html/.built
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
HAVE_APT := $(shell command -v apt-get 2>/dev/null)
PYTEST := $(BIN)/python -m pytest
# A JUnit report per target in _build/reports (with the notebooks that failed nbval).
REPORT = --junitxml=_build/reports/junit-$@.xml
NBVAL := --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg
# The browser for the website tests and the PDF: scripts/browser.py says which
# (CHROMIUM=/path wins; else the first Chromium or Chrome on the PATH).
ifeq ($(origin CHROMIUM),undefined)
CHROMIUM := $(shell $(PYTHON) scripts/browser.py 2>/dev/null)
endif
export CHROMIUM

.PHONY: help book test check pdf colab install node browser lab refresh student clean \
	site pdf-file colab-env test-unit test-notebooks test-site test-pdf test-colab test-grader \
	sandbox grade autograder

help:
	@echo "make book            install, then build the website into _build/html"
	@echo "make test            install, build the site and PDF, run every test lane"
	@echo "make check           unit lane + nbval of the chapters a change touches (NB=... to choose)"
	@echo "make test-unit       helpers, the exercise catalog, lint, the repository"
	@echo "make test-notebooks  nbval of every chapter, a second floating-point setup, local Jupyter"
	@echo "make test-site       build the site (and the PDF it links to), test it in headless Chromium"
	@echo "make test-pdf        print the PDF, then test it"
	@echo "make test-colab      every chapter in the Colab-like environment"
	@echo "make test-grader     the student edition and the grader"
	@echo "make grade SUBMISSIONS=folder [CHAPTER=N]   grade submitted notebooks (a sandbox each)"
	@echo "make autograder CHAPTER=N   the Gradescope bundle of a chapter, _build/autograder-N.zip"
	@echo "make pdf | lab | refresh [NB=...] | student | colab | sandbox | clean"

install: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
		echo "The book needs Python 3.11 or newer; $(PYTHON) is $$($(PYTHON) -V 2>&1)." \
		"Give another with PYTHON=python3.12, for example."; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $(STAMP)

# The website tests and the PDF drive Chromium (Playwright cannot download a browser
# here): one on the PATH or given by CHROMIUM=, else Debian's package.
browser:
ifeq ($(CHROMIUM),)
	@test -n "$(HAVE_APT)" || { echo "No Chromium or Chrome found, and no apt-get to" \
		"install one: install Chromium or Chrome, or give its path with" \
		"CHROMIUM=/path/to/chrome."; exit 1; }
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-color-emoji
	@command -v chromium >/dev/null || { echo "apt installed no usable chromium (on" \
		"Ubuntu it is a snap): install Chromium or Chrome, or give its path with" \
		"CHROMIUM=/path/to/chrome."; exit 1; }
endif

# The grader runs each submission in a bubblewrap sandbox (Debian's package
# bubblewrap), installed with apt when missing and apt exists. Where bwrap cannot make
# user namespaces (some containers), the grader refuses to run without --sandbox none
# and its hostile-class tests are skipped, saying why.
sandbox:
	@command -v bwrap >/dev/null || { \
		test -n "$(HAVE_APT)" || { echo "bubblewrap (bwrap) is missing and there is" \
			"no apt-get to install it: install it to grade in a sandbox."; exit 1; }; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq bubblewrap; }

# Node.js packages: mathjax-full, which typesets the website's formulas when it is
# built (_ext/site_math.py), and axe-core, the accessibility checker the website
# tests inject into each page.
node: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	@command -v npm >/dev/null || { \
		test -n "$(HAVE_APT)" || { echo "Node.js >= 18 and npm are missing, and there" \
			"is no apt-get to install them: install them, then run make again."; exit 1; }; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	@node -e 'process.exit(Number(process.versions.node.split(".")[0]) < 18 ? 1 : 0)' || { \
		echo "Node.js $$(node --version) is too old: the book needs Node.js 18 or newer."; exit 1; }
	npm ci --silent --no-audit --no-fund
	touch $(NODE_STAMP)

# The website; the mark tells the website tests that the build is complete and fresh.
# After a change to helpers/ or _ext/ every chapter runs again (scripts/stale_runs.py).
site: $(STAMP) $(NODE_STAMP)
	$(BIN)/python scripts/stale_runs.py _build
	$(BIN)/jupyter-book build . -W -n --keep-going
	touch $(SITE_MARK)

book: site
	@echo "Open _build/html/index.html in a browser."

# The whole book as one PDF, printed by Chromium (scripts/build_pdf.py says how);
# also copied into the website when it has been built.
pdf: $(STAMP) browser
	$(BIN)/python scripts/build_pdf.py

# Every lane in one run (two workers), after building the site, the PDF and the
# Colab-like environment (.venv-colab; rebuilt only when its requirements change).
# The three builds are independent (the PDF builds its pages in _build/pdf-src) and
# mostly use one core each, so they run side by side; the PDF is then copied into
# the site, as `make pdf` does after `make book`.
test: $(STAMP) browser $(NODE_STAMP) sandbox
	$(MAKE) --no-print-directory -j 3 site pdf-file colab-env
	cp _build/pdf/book.pdf _build/html/book.pdf
	$(PYTEST) tests book $(NBVAL) -n 2 --dist loadscope $(REPORT)

pdf-file: $(STAMP)
	$(BIN)/python scripts/build_pdf.py --no-site-copy

colab-env: $(STAMP)
	$(BIN)/python scripts/colab_env.py

# The quick answer for a contributor: the unit lane, then nbval of the chapters the
# change touches (scripts/changed_chapters.py; all of them when helpers/ changed).
check: $(STAMP)
	$(PYTEST) tests -m unit -n 2 -q
	@chapters="$(or $(NB),$$($(BIN)/python scripts/changed_chapters.py))"; \
	if [ -n "$$chapters" ]; then \
		echo "nbval: $$chapters"; \
		$(PYTEST) $$chapters $(NBVAL) -n 2 --dist loadscope -q; \
	else echo "nbval: no chapter touched by this change"; fi

# One lane at a time (CI runs them as separate jobs).
test-unit: $(STAMP)
	$(PYTEST) tests -m unit -n 2 $(REPORT)

test-notebooks: $(STAMP)
	$(PYTEST) tests book $(NBVAL) -m notebooks -n 2 --dist loadscope $(REPORT)

# The site links to the PDF (intro page), so the lane builds both, as `make test` does.
test-site: $(STAMP) browser $(NODE_STAMP)
	$(MAKE) --no-print-directory -j 2 site pdf-file
	cp _build/pdf/book.pdf _build/html/book.pdf
	$(PYTEST) tests -m site -n 2 --dist loadscope $(REPORT)

test-pdf: $(STAMP) browser
	$(MAKE) --no-print-directory pdf-file
	$(PYTEST) tests -m pdf $(REPORT)

test-colab: colab-env
	$(PYTEST) tests -m colab -n 2 --dist loadscope $(REPORT)

test-grader: $(STAMP) sandbox
	$(PYTEST) tests -m grader -n 2 --dist loadscope $(REPORT)

# Only the Colab-like run of every chapter (the weekly job).
colab: test-colab

# Re-run chapters in a fresh kernel and store their outputs: make refresh [NB=book/01_....ipynb]
refresh: $(STAMP)
	$(BIN)/python scripts/refresh_notebooks.py $(NB)

# The student edition: every chapter without its solutions, into student/ (not committed).
student: $(STAMP)
	$(BIN)/python -m teach.student

# Grade a folder of submissions, each in a sandbox: make grade SUBMISSIONS=folder
# [CHAPTER=N] [JOBS=N]; the gradebook goes to grades.json, grades.csv and
# grades-exercises.csv (OUT=name to change).
grade: $(STAMP) sandbox
	@test -n "$(SUBMISSIONS)" || { echo "give the folder: make grade SUBMISSIONS=folder"; exit 1; }
	$(BIN)/python -m teach.grade "$(SUBMISSIONS)" --out "$(or $(OUT),grades)" \
		$(if $(CHAPTER),--chapter $(CHAPTER)) $(if $(JOBS),--jobs $(JOBS))

# The Gradescope autograder bundle of a chapter: make autograder CHAPTER=5
autograder: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "give the chapter: make autograder CHAPTER=5"; exit 1; }
	$(BIN)/python -m teach.gradescope build --chapter $(CHAPTER) --out _build/autograder-$(CHAPTER).zip

lab: $(STAMP)
	$(BIN)/jupyter lab book/

clean:
	rm -rf _build
