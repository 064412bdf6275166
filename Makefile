.PHONY: install hooks lint typecheck test coverage bench all

VENV ?= .venv
BIN = $(VENV)/bin

install:
	python3 -m venv $(VENV)
	$(BIN)/pip install -e ".[dev]"

hooks:
	$(BIN)/pre-commit install

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

test:
	$(BIN)/python -m pytest

coverage:
	$(BIN)/python -m pytest --cov --cov-report=term

bench:
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/redos.py

all: lint typecheck test
