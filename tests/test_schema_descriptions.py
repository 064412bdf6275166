"""`extractor schema` is readable: every field of the JSON Schema says what it holds, and every
number says its unit."""

from __future__ import annotations

import json
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.cli import app
from extractor.records import json_schema


def _fields(schema: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """``(Model.field, property)`` for the record and every model it holds."""
    found = [(f"{schema['title']}.{k}", v) for k, v in schema.get("properties", {}).items()]
    for name, model in schema.get("$defs", {}).items():
        found += [(f"{name}.{k}", v) for k, v in model.get("properties", {}).items()]
    return found


FIELDS = _fields(json_schema())


def test_the_schema_has_its_fields() -> None:
    assert len(FIELDS) > 80
    printed = json.loads(CliRunner().invoke(app, ["schema"]).stdout)
    assert dict(_fields(printed)) == dict(FIELDS)  # what `extractor schema` prints


@pytest.mark.parametrize(("name", "field"), FIELDS, ids=[name for name, _ in FIELDS])
def test_every_field_has_a_description(name: str, field: dict[str, Any]) -> None:
    description = field.get("description", "")
    assert len(description) >= 12, f"{name} has no description worth the name"


@pytest.mark.parametrize(
    ("name", "unit"),
    [
        ("PercentMention.value", "percentage points"),
        ("PercentMention.kind", "basis_points"),
        ("PercentMention.value", "basis points"),
        ("ExchangeRate.rate", "per one unit"),
        ("FactChange.percent", "percentage points"),
        ("FactChange.unit", "basis_points"),
        ("MoneyMention.value", "major units"),
        ("FactValue.amount", "major units"),
        ("TextSpan.start", "characters"),
    ],
)
def test_numbers_say_their_unit(name: str, unit: str) -> None:
    assert unit in dict(FIELDS)[name]["description"]
