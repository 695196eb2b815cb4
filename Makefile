# Two set-up commands: `make run` (the app) and `make test` (the whole suite).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-dev
RUN_STAMP := $(VENV)/.installed

.PHONY: run test bench expected lint format clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e ".[dev]"
	touch $@ $(RUN_STAMP)

run: $(RUN_STAMP)
	$(BIN)/python -m simulator.engine.warm
	$(BIN)/streamlit run app.py

test: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks app.py
	$(BIN)/mypy
	$(BIN)/python -m simulator.engine.warm
	$(BIN)/python -m pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python -m simulator.engine.warm
	$(BIN)/python -m benchmarks

# Regenerate the shipped examples' stored expected results (scenarios/expected/); say why in the commit.
expected: $(STAMP)
	$(BIN)/python tests/expected_results.py --write

lint: $(STAMP)
	$(BIN)/ruff check simulator tests benchmarks app.py
	$(BIN)/mypy

format: $(STAMP)
	$(BIN)/ruff format simulator tests benchmarks app.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
