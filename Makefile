# Qualify: `make demo` and `make test` do all set-up on a fresh machine with Python 3.11 and make.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: help demo test check lint format bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-8s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade "pip>=24"
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[dev]'
	touch $@

demo: $(STAMP)  ## simulate a world, ingest, score and show the PQLs (in ./demo)
	$(BIN)/qualify demo --out demo

test: $(STAMP)  ## run every test (services missing are skips; CI makes them failures)
	$(BIN)/python -m pytest -n 2 -q

check: $(STAMP)  ## ruff lint + format check, mypy strict
	$(BIN)/ruff check qualify tests bench
	$(BIN)/ruff format --check qualify tests bench
	$(BIN)/mypy

format: $(STAMP)  ## apply ruff fixes and formatting
	$(BIN)/ruff check --fix qualify tests bench
	$(BIN)/ruff format qualify tests bench

bench: $(STAMP)  ## run the benchmarks (ratios against baselines)
	$(BIN)/python bench/pipeline.py
	$(BIN)/python bench/evaluate.py
	$(BIN)/python bench/dedupe.py

clean:  ## remove the venv and caches
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache demo
