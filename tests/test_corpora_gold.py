"""Our own gold files are consistent: every span is the text it claims to be, and every
relation points at a KPI and a VALUE span and carries the whole-fact fields.

A check of the data, not of the extractor: a gold file that fails this cannot measure anything.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPORA, read_jsonl

GOLD_FILES = sorted(path.name for path in CORPORA.glob("*.jsonl"))
LABELS = {"MONEY", "PERCENT", "ORG", "KPI", "VALUE", "PER", "LOC"}
RELATION_TYPES = {"current", "prior", "change"}
PERIODS = {"Q1", "Q2", "Q3", "Q4", "quarter", "half", "nine months", "year", "month", "two months"}
FACT_FIELDS = {
    "head", "tail", "type", "strict", "company", "period", "amount", "currency",
    "negative", "unit", "per_share", "forecast", "implicit_metric", "qualifier",
}  # fmt: skip


def problems(record: dict[str, Any]) -> list[str]:
    """What is wrong with one gold record (empty when nothing is)."""
    spans = record["spans"]
    found = span_problems(record["text"], spans)
    for index, relation in enumerate(record.get("relations", [])):
        found.extend(relation_problems(f"relation {index}", relation, spans))
    if not record.get("meta", {}).get("labels_annotated"):
        found.append("meta.labels_annotated is empty")
    return found


def span_problems(text: str, spans: list[dict[str, Any]]) -> list[str]:
    """What is wrong with a record's spans: repeats, unknown labels, offsets, values."""
    found: list[str] = []
    seen: set[tuple[str, int, int]] = set()
    for index, span in enumerate(spans):
        where = f"span {index} {span.get('text')!r}"
        key = (span["label"], span["start"], span["end"])
        if key in seen:
            found.append(f"{where}: the same {span['label']} span twice")
        seen.add(key)
        if span["label"] not in LABELS:
            found.append(f"{where}: unknown label {span['label']}")
        if text[span["start"] : span["end"]] != span["text"]:
            found.append(f"{where}: text[start:end] is {text[span['start'] : span['end']]!r}")
        found.extend(f"{where}: {problem}" for problem in value_problems(span))
    return found


def value_problems(span: dict[str, Any]) -> list[str]:
    """A MONEY or PERCENT span needs a decimal value; a MONEY span a currency field too."""
    found: list[str] = []
    if span["label"] in {"MONEY", "PERCENT"}:
        try:
            Decimal(span["value"])
        except (KeyError, InvalidOperation):
            found.append("no decimal value")
    if span["label"] == "MONEY" and "currency" not in span:
        found.append("MONEY without a currency field")
    return found


def relation_problems(
    where: str, relation: dict[str, Any], spans: list[dict[str, Any]]
) -> list[str]:
    """What is wrong with one relation: its fields, its ends, its type, period and direction."""
    missing = FACT_FIELDS - relation.keys()
    if missing:
        return [f"{where}: missing {sorted(missing)}"]
    found: list[str] = []
    head, tail = relation["head"], relation["tail"]
    if not (0 <= head < len(spans) and spans[head]["label"] == "KPI"):
        found.append(f"{where}: head {head} is not a KPI span")
    if not (0 <= tail < len(spans) and spans[tail]["label"] == "VALUE"):
        found.append(f"{where}: tail {tail} is not a VALUE span")
    if relation["type"] not in RELATION_TYPES:
        found.append(f"{where}: type {relation['type']!r}")
    if relation["period"] is not None and relation["period"] not in PERIODS:
        found.append(f"{where}: period {relation['period']!r}")
    if relation["type"] == "change" and relation.get("direction") not in {"up", "down"}:
        found.append(f"{where}: a change without a direction")
    return found


@pytest.mark.parametrize("name", GOLD_FILES)
def test_gold_file_is_consistent(name: str) -> None:
    path: Path = CORPORA / name
    report = {record["id"]: found for record in read_jsonl(path) if (found := problems(record))}
    assert report == {}


def test_problems_are_found() -> None:
    """The checker itself catches a shifted span and a relation to a non-VALUE span."""
    record: dict[str, Any] = {
        "text": "Revenue rose 5%.",
        "spans": [
            {"start": 0, "end": 7, "label": "KPI", "text": "Revenue"},
            {"start": 12, "end": 14, "label": "PERCENT", "text": "5%", "value": "5"},
        ],
        "relations": [dict.fromkeys(FACT_FIELDS, None) | {"head": 0, "tail": 1, "type": "change"}],
        "meta": {"labels_annotated": ["KPI"]},
    }
    record["spans"].append(record["spans"][0])
    found = problems(record)
    assert any("text[start:end]" in problem for problem in found)
    assert any("the same KPI span twice" in problem for problem in found)
    assert any("not a VALUE span" in problem for problem in found)
    assert any("without a direction" in problem for problem in found)
