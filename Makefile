# make demo: set up (system packages, .venv, cspdoc) and build the Winchester paper into out/
# make test: the test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
REPORT := fixtures/winchester-2024-25

.PHONY: demo test lint bench clean

$(BIN)/cspdoc: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev,pandas]'
	# pip compiles the bytecode of what it installs but not of an editable install: without
	# this every process (where PYTHONDONTWRITEBYTECODE is set) compiles cspdoc's source again
	$(BIN)/python -m compileall -q src
	touch $@

demo: $(BIN)/cspdoc
	scripts/system-deps
	$(BIN)/cspdoc build $(REPORT) --out out

test: $(BIN)/cspdoc
	scripts/system-deps --test
	$(BIN)/pytest

lint: $(BIN)/cspdoc
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/mypy

# Whole cold processes against pandoc + LibreOffice and plain WeasyPrint (issue 12), then
# the in-process PDF breakdown and the verification speed. Unattended; about 5 minutes on
# a quiet 2-core machine.
bench: $(BIN)/cspdoc
	$(BIN)/pip install --quiet -e '.[dev,pandas,bench]'
	$(BIN)/python -m benchmarks.compare
	$(BIN)/python benchmarks/run.py --repeat 3 --repeat-long 1
	$(BIN)/python benchmarks/verify.py --repeat 3

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
