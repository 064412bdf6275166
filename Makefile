.PHONY: install lint typecheck test bench all

VENV ?= .venv
BIN = $(VENV)/bin

install:
	python3 -m venv $(VENV)
	$(BIN)/pip install -e ".[dev]"

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

typecheck:
	$(BIN)/mypy

test:
	$(BIN)/python -m pytest

bench:
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/redos.py

all: lint typecheck test
