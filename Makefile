# khabar: two commands on a fresh machine.
#   make demo   sets everything up, then runs the whole pipeline
#   make test   sets everything up, then runs every test
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
DOCCANO_VENV := .venv-doccano
BIN := $(VENV)/bin
STAMP := $(VENV)/.khabar-setup
DOCCANO_STAMP := $(DOCCANO_VENV)/.khabar-setup
PYTEST_ARGS ?=

.PHONY: help setup demo test test-fast benchmarks lock clean

help:
	@echo "make demo        set up (if needed) and run the main job: import, extract, doccano, scores, notebooks"
	@echo "make test        set up (if needed) and run every test, the doccano integration tests included"
	@echo "make setup       create .venv (toolkit) and .venv-doccano (server) from the lock files"
	@echo "make benchmarks  run every script in benchmarks/ and print their figures"

setup: $(STAMP) $(DOCCANO_STAMP)

# pip's output goes through scripts/pip_progress.py: one line per requirement with a count and
# the time so far, then installed packages counted as they land; pip runs unbuffered (-u) so lines come
# as they happen; its whole log is kept in .venv*/pip.log (pipefail keeps its exit status).
# torch is pinned to 2.13.0 in the lock file: pip takes that CPU build from this
# machine's disk, where an unpinned torch would pull a multi-GB CUDA build.
$(STAMP): pyproject.toml requirements.lock
	@echo "== Setting up the toolkit environment $(VENV) (first run only; pip's log: $(VENV)/pip.log)"
	@set -o pipefail; start=$$(date +%s); \
	$(PYTHON) -m venv $(VENV) && \
	$(BIN)/python -m pip install --quiet --upgrade pip && \
	$(BIN)/python -u -m pip install --progress-bar off -r requirements.lock 2>&1 \
	  | $(PYTHON) scripts/pip_progress.py --total $$(grep -c '==' requirements.lock) --log $(VENV)/pip.log --venv $(VENV) && \
	$(BIN)/python -m pip install --quiet --no-deps -e . && \
	echo "-- $(VENV) ready in $$(( $$(date +%s) - start ))s" || \
	{ echo "setup failed; the end of $(VENV)/pip.log:"; tail -n 30 $(VENV)/pip.log; exit 1; }
	@touch $@

$(DOCCANO_STAMP): requirements-doccano.lock
	@echo "== Setting up the doccano server environment $(DOCCANO_VENV) (first run only; pip's log: $(DOCCANO_VENV)/pip.log)"
	@set -o pipefail; start=$$(date +%s); \
	$(PYTHON) -m venv $(DOCCANO_VENV) && \
	$(DOCCANO_VENV)/bin/python -m pip install --quiet --upgrade pip && \
	$(DOCCANO_VENV)/bin/python -u -m pip install --progress-bar off --no-deps -r requirements-doccano.lock 2>&1 \
	  | $(PYTHON) scripts/pip_progress.py --total $$(grep -c '==' requirements-doccano.lock) --log $(DOCCANO_VENV)/pip.log --venv $(DOCCANO_VENV) && \
	echo "-- $(DOCCANO_VENV) ready in $$(( $$(date +%s) - start ))s" || \
	{ echo "setup failed; the end of $(DOCCANO_VENV)/pip.log:"; tail -n 30 $(DOCCANO_VENV)/pip.log; exit 1; }
	@touch $@

demo: setup
	@$(BIN)/python scripts/demo.py

test: setup
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: setup
	$(BIN)/python -m pytest -m "not integration and not slow" $(PYTEST_ARGS)

benchmarks: setup
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

# Re-resolve the toolkit environment from pyproject.toml and write the lock file anew. `--all` keeps
# setuptools, which torch needs at run time and plain `pip freeze` leaves out (it would float unpinned).
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet -e '.[test]'
	( head -2 requirements.lock; .venv-lock/bin/python -m pip freeze --all --exclude-editable | grep -v '^pip==' | sed 's/^torch==\(.*\)+cpu/torch==\1/' ) > requirements.lock.new
	mv requirements.lock.new requirements.lock && rm -rf .venv-lock

clean:
	rm -rf $(VENV) $(DOCCANO_VENV) .pytest_cache
