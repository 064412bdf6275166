"""The qualifiers the facts linker reads past come from the pattern data, so a user's file
reaches the linker too (``QualifierRow.links``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from extractor import Extractor

TEXT = "Acme Corp said its revenue rose to above $5 million in the third quarter."


def _facts(extractor: Extractor, text: str) -> list[tuple[str, str | None]]:
    return [(f.metric, f.value.text if f.value else None) for f in extractor(text).facts]


def _file(path: Path, row: Mapping[str, object]) -> str:
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    return str(path)


def test_a_users_qualifier_row_reaches_the_linker(extractor: Extractor, tmp_path: Path) -> None:
    # ours: "above" bounds the amount, but the linker does not read past a comparison
    assert extractor(TEXT).money[0].qualifier == "more_than"
    assert _facts(extractor, TEXT) == []
    row = {
        "id": "qualifier.above",
        "type": "qualifier",
        "text": "above",
        "meaning": "more_than",
    }
    mine = Extractor(extra_patterns=[_file(tmp_path / "mine.jsonl", row)])
    assert _facts(mine, TEXT) == [("revenue", "$5 million")]


def test_a_qualifier_turned_off_is_no_link(extractor: Extractor, tmp_path: Path) -> None:
    text = TEXT.replace("above", "roughly")
    assert _facts(extractor, text) == [("revenue", "$5 million")]
    row = {
        "id": "qualifier.roughly",
        "type": "qualifier",
        "text": "roughly",
        "meaning": "approximately",
        "links": ["trend"],
    }
    mine = Extractor(extra_patterns=[_file(tmp_path / "mine.jsonl", row)])
    assert _facts(mine, text) == []


@pytest.mark.parametrize(
    "qualifier", ["circa", "close to", "in excess of", "upwards of", "as much as", "approx"]
)
def test_the_qualifiers_of_a_value_are_read_past(extractor: Extractor, qualifier: str) -> None:
    """A value the text qualifies is still the metric's value: "revenue was circa $5 million"."""
    text = f"Acme Corp said its revenue was {qualifier} $5 million in the third quarter."
    assert _facts(extractor, text) == [("revenue", "$5 million")]
