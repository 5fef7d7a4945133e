# Questor: `make run` serves the demo community, `make test` runs every test.
# Both set up everything they need first (a .venv with the pinned packages).

PYTHON ?= python3
PORT ?= 8000
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)
PYTEST_ARGS ?=
# Two processes: the machines this runs on have two cores; browser tests wait on I/O.
PYTEST_WORKERS ?= 2

.PHONY: run install test lint typecheck check-chromium check-sqlite-headers screenshots bench clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Questor needs Python 3.11 or newer; set PYTHON=python3.11 (or newer).")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

install: $(STAMP)

run: $(STAMP) check-sqlite-headers
	QUESTOR_DEMO=$${QUESTOR_DEMO:-1} $(BIN)/questor setup
	$(BIN)/questor collectstatic --noinput --verbosity 0
	$(BIN)/questor serve --port $(PORT) --with-worker

check-chromium:
	@scripts/ensure-chromium

check-sqlite-headers:
	@scripts/ensure-sqlite-headers

test: $(STAMP) check-chromium check-sqlite-headers lint typecheck
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy questor

screenshots: $(STAMP) check-chromium
	QUESTOR_SCREENSHOTS=docs/screenshots $(BIN)/python -m pytest -p no:xdist questor/qa/tests/test_screenshots.py

# Load tests with wrk against the app served as `make run` serves it; never part of
# `make test`. Writes docs/benchmarks.md; BENCH_POSTS=2000 is a quick smoke run.
bench: $(STAMP)
	$(BIN)/python -m questor.bench

clean:
	rm -rf $(VENV) var
