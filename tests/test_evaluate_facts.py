"""Relation links and whole facts in ``extractor eval``, on gold we write here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from extractor import Extractor
from extractor.evaluate import evaluate
from extractor.evaluate_facts import name_key

TABLE = (
    "ORCHARD SYSTEMS INC <ORCS> 3RD QTR NET\n\nShr 41 cts vs 36 cts\n"
    "    Net 12,400,000 vs 10,900,000\n"
)


def _span(text: str, part: str, label: str, after: int = 0) -> dict[str, Any]:
    start = text.index(part, after)
    return {"start": start, "end": start + len(part), "label": label, "text": part}


def _relation(head: int, tail: int, kind: str, **whole: Any) -> dict[str, Any]:
    return {"head": head, "tail": tail, "type": kind, "strict": True, **whole}


def _gold(text: str, company: str, *, doc_id: str) -> dict[str, Any]:
    spans = [
        _span(text, "Shr", "KPI"),
        _span(text, "41 cts", "VALUE"),
        _span(text, "36 cts", "VALUE"),
        _span(text, "Net", "KPI", after=text.index("\n")),
        _span(text, "12,400,000", "VALUE"),
        _span(text, "10,900,000", "VALUE"),
    ]
    relations = [
        _relation(0, 1, "current", company=company, period="Q3", amount=0.41),
        _relation(0, 2, "prior", company=company, period="Q3", amount=0.36),
        _relation(3, 4, "current", company=company, period="Q3", amount=12400000),
        _relation(3, 5, "prior", company=company, period="Q3", amount=10900000),
        _relation(3, 4, "change", company=company, period="Q3", amount=5),
    ]
    return {
        "id": doc_id,
        "text": text,
        "spans": spans,
        "relations": relations,
        "meta": {"labels_annotated": ["KPI", "VALUE"]},
    }


def _write(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_links_and_whole_facts(tmp_path: Path, extractor: Extractor) -> None:
    gold = _write(tmp_path / "gold.jsonl", _gold(TABLE, "Orchard Systems Inc", doc_id="a"))
    facts = evaluate([gold], extractor=extractor).links
    assert facts is not None
    assert (facts.gold, facts.matched_gold) == (5, 4)  # no change is given as a percentage
    assert facts.precision == 1.0  # every link the rows make is in the gold
    assert facts.whole == 4 and facts.gold_whole == 5
    assert facts.whole_recall == 0.8
    assert facts.reasons == {"not linked: change taken as current": 1}


def test_a_wrong_company_is_a_reason(tmp_path: Path, extractor: Extractor) -> None:
    gold = _write(tmp_path / "gold.jsonl", _gold(TABLE, "Lindqvist AB", doc_id="b"))
    facts = evaluate([gold], extractor=extractor).links
    assert facts is not None
    assert facts.reasons["company wrong"] == 4
    assert facts.share(facts.company_ok) == 0.0
    assert facts.share(facts.period_ok) == 1.0
    table = evaluate([gold], extractor=extractor).format_table()
    assert "whole facts: recall 0.000" in table
    assert "company wrong" in table


def test_the_report_as_json(tmp_path: Path, extractor: Extractor) -> None:
    gold = _write(tmp_path / "gold.jsonl", _gold(TABLE, "Orchard Systems", doc_id="c"))
    data = evaluate([gold], extractor=extractor).to_dict()["relations"]
    assert data["whole_fact_recall"] == 0.8
    assert set(data) >= {"precision", "recall", "f1", "period_right", "company_right", "reasons"}


def test_names_compare_without_case_punctuation_or_legal_suffixes() -> None:
    assert name_key("The F.W. Woolworth Co.") == name_key("F.W. WOOLWORTH")
    assert name_key("Orchard Systems & Co Inc") == name_key("ORCHARD SYSTEMS")
    assert name_key("Orchard Systems") != name_key("Orchard")
