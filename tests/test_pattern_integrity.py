"""Generated pattern data must match its generator (dateparser's data-integrity test)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"

pytest.importorskip("babel", reason="the generator needs Babel (pip install -e '.[dev]')")


def load_generator(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, PATTERNS / "generators" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_cldr_currency_files_are_current() -> None:
    generator = load_generator("cldr_currencies")
    for name, build in generator.OUTPUTS.items():
        committed = (PATTERNS / name).read_text(encoding="utf-8")
        assert committed == "\n".join(build()) + "\n", f"{name} is stale: run the generator"


def test_hand_written_currencies_use_known_codes() -> None:
    codes = {json.loads(line)["code"] for line in (PATTERNS / "iso4217.jsonl").open()}
    for line in (PATTERNS / "currencies.jsonl").open(encoding="utf-8"):
        row = json.loads(line)
        for code in [row["currency"], *row.get("candidates", [])]:
            assert code is None or code in codes, row["id"]
