"""Whole articles: the project's sample article gold, and our own corpus."""

from __future__ import annotations

import json
from decimal import Decimal

from helpers import CORPORA, read_jsonl, shared_path

from extractor import Extractor
from extractor.evaluate import evaluate

SEED = "000_437e256efc7f49e1"


def test_seed_article_money_and_percentages_exactly(extractor: Extractor) -> None:
    text = shared_path("seeds", f"{SEED}.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("expected", f"{SEED}.json").read_text(encoding="utf-8"))
    record = extractor(text, doc_id=SEED)

    got_money = [(m.start, m.end, m.text, m.value, m.currency) for m in record.money]
    want_money = [
        (g["start"], g["end"], g["text"], Decimal(str(g["value"])), g["currency"])
        for g in gold["money"]
    ]
    assert got_money == want_money

    got_percent = [(p.start, p.end, p.text, p.value) for p in record.percentages]
    want_percent = [
        (g["start"], g["end"], g["text"], Decimal(str(g["value"]))) for g in gold["percentages"]
    ]
    assert got_percent == want_percent


def test_seed_article_companies(extractor: Extractor) -> None:
    text = shared_path("seeds", f"{SEED}.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("expected", f"{SEED}.json").read_text(encoding="utf-8"))
    record = extractor(text, doc_id=SEED)
    found = {c.name: c for c in record.companies}
    for company in gold["companies"]:
        got = [(m.start, m.end, m.text) for m in found[company["name"]].mentions]
        assert got == [(m["start"], m["end"], m["text"]) for m in company["mentions"]]
    assert record.main_company == "TeraWulf"
    optional = {o["name"] for o in gold["organizations_optional"]}
    assert set(found) <= {c["name"] for c in gold["companies"]} | optional
    if "Codego Press" in found:
        assert found["Codego Press"].kind in ("media", "other")
    mentioned = {m.text for c in record.companies for m in c.mentions}
    assert not mentioned & set(gold["not_companies"])


def test_own_corpus_is_extracted_exactly(extractor: Extractor) -> None:
    report = evaluate([CORPORA / "samples.gold.jsonl"], extractor=extractor, keep_errors=20)
    for label in ("MONEY", "PERCENT", "ORG"):
        score = report.scores[label]
        assert score.errors == []
        assert score.f1 == 1.0
        assert score.value_accuracy in (1.0, None)
    assert report.scores["MONEY"].currency_accuracy == 1.0


def test_own_corpus_texts_match_the_sample_files() -> None:
    for record in read_jsonl(CORPORA / "samples.gold.jsonl"):
        path = CORPORA / record["meta"]["source"].removeprefix("corpora/")
        assert path.read_text(encoding="utf-8") == record["text"]
        for span in record["spans"]:
            assert record["text"][span["start"] : span["end"]] == span["text"]


def test_seed_article_gives_exactly_the_required_facts(extractor: Extractor) -> None:
    text = shared_path("seeds", f"{SEED}.txt").read_text(encoding="utf-8")
    gold = json.loads(shared_path("expected", f"{SEED}.json").read_text(encoding="utf-8"))
    record = extractor(text, doc_id=SEED)

    got = []
    for fact in record.facts:
        assert fact.value is not None
        got.append(
            {
                "company": fact.company,
                "metric": fact.metric,
                "value": {"amount": fact.value.amount, "currency": fact.value.currency},
                "change": fact.change
                and {
                    "percent": fact.change.percent,
                    "direction": fact.change.direction,
                    "basis": fact.change.basis,
                },
                "period": fact.period and fact.period.kind,
            }
        )
    want = [
        {
            "company": g["company"],
            "metric": g["metric"],
            "value": {"amount": Decimal(g["value"]["amount"]), "currency": g["value"]["currency"]},
            "change": g.get("change")
            and {**g["change"], "percent": Decimal(str(g["change"]["percent"]))},
            "period": g["period"],
        }
        for g in gold["facts_required"]
    ]
    assert got == want
    for fact, required in zip(record.facts, gold["facts_required"], strict=True):
        assert required.get("metric_text_contains", "") in fact.metric_span.text
        assert text[fact.metric_span.start : fact.metric_span.end] == fact.metric_span.text
        assert fact.value is not None
        assert text[fact.value.start : fact.value.end] == fact.value.text

    metrics = {(m.start, m.end, m.text, m.name) for m in record.metrics}
    for required in gold["metrics_required"]:
        assert (required["start"], required["end"], required["text"], required["name"]) in metrics
    revenue = record.facts[0]
    assert revenue.segment == "HPC lease"
