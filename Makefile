# Two commands set everything up on a fresh machine:
#   make run    a virtual environment, the requirements, the database (SQLite in var/ unless
#               DATABASE_URL says otherwise) migrated with the demo data, the site on :8000
#   make test   the same environment, then the whole test suite
PYTHON_BIN ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1:8000
# `make test` runs the suite on every core (pytest-xdist); PYTEST_WORKERS=0 runs it in one process.
PYTEST_WORKERS ?= auto

.PHONY: run test lint setup browser fonts

$(VENV)/.installed: requirements.txt
	$(PYTHON_BIN) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo_data

run: setup
	$(PY) manage.py runserver $(HOST)

# The browser tests drive Debian's Chromium (a test tool's own browser download does not work
# offline); install it when it is missing and we may (root), else say what to run.
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	  else echo "The browser tests need Chromium: sudo apt-get install chromium"; exit 1; fi; }

# The tests of reading report PDFs make their PDFs with a CJK font reportlab can embed (a
# TrueType one: AR PL UMing; Noto CJK's outlines are CFF, which reportlab cannot embed), and have
# Chromium print them in Noto CJK, whose text layer gives Kangxi radicals as real reports' do.
fonts:
	@missing=""; \
	[ -f /usr/share/fonts/truetype/arphic/uming.ttc ] || missing="$$missing fonts-arphic-uming"; \
	fc-list 2>/dev/null | grep -q "Noto Serif CJK TC" || missing="$$missing fonts-noto-cjk"; \
	[ -z "$$missing" ] || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else echo "The report-reading tests need CJK fonts: sudo apt-get install$$missing"; exit 1; fi; }

test: $(VENV)/.installed browser fonts
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports
