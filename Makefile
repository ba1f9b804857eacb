# Two commands for a fresh machine: `make run` and `make test`. Everything else they need is here.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell sha1sum pyproject.toml | cut -c1-12)

.PHONY: setup model run index test lint bench browser clean

setup: $(STAMP)

# Reinstalls only when pyproject.toml changed; pip (not uv) so torch comes from the local CPU wheel.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip uninstall --quiet --yes rag 2>/dev/null || true  # this project's distribution before it was paper-chat
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $@

# The embedding model exported to ONNX once, into the user cache (~/.cache/paper-chat), so that neither
# the app nor the tests pay the export (which needs torch); instant when it is already there.
model: setup
	$(BIN)/python -m rag.index.onnx_export

index: model
	$(BIN)/rag ingest corpus/

run: model
	$(BIN)/python app.py

# Debian's Chromium for the browser tests (never a browser download), and a Japanese font so that
# the screenshots in test-artifacts/ show Japanese text rather than empty boxes.
browser:
	@test -x /usr/bin/chromium || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium fonts-ipafont-gothic >/dev/null; }

# Lint first: a style or type error fails in seconds, before the suite's minutes.
test: model browser lint
	$(BIN)/python -m pytest

# ruff (lint and format check) and mypy; their settings are in pyproject.toml.
lint: setup
	$(BIN)/ruff check rag app.py bench tests
	$(BIN)/ruff format --check rag app.py bench tests
	$(BIN)/mypy

bench: model
	$(BIN)/python -m bench

clean:
	rm -rf .rag .pytest_cache build *.egg-info
