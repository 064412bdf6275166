"""The metric taxonomy and the period grammar, on their own and through the pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

from extractor import Extractor, PatternFileError
from extractor.facts.periods import period_grammar
from extractor.lexicon import MetricRow, load_lexicon
from extractor.metrics.finder import metric_grammar


@pytest.mark.parametrize(
    ("text", "mention", "name", "segment"),
    [
        (
            "high-performance computing (HPC) lease revenue rose",
            "high-performance computing (HPC) lease revenue",
            "revenue",
            "HPC lease",
        ),
        ("Turnover was flat", "Turnover", "revenue", None),
        ("its quarterly net loss widened", "net loss", "net_loss", None),
        ("Adjusted diluted EPS was $1.10", "Adjusted diluted EPS", "adjusted_eps", None),
        ("cost of revenue rose", "cost of revenue", "cost_of_revenue", None),
        ("Interest expense was", "Interest expense", "interest_expense", None),
        (
            "depreciation and amortization expense",
            "depreciation and amortization expense",
            "depreciation_amortization",
            None,
        ),
        ("income tax expense was", "income tax expense", "income_tax_expense", None),
        ("same-store sales fell", "same-store sales", "same_store_sales", None),
        ("market capitalisation of", "market capitalisation", "market_value", None),
        ("assets under management rose", "assets under management", "aum", None),
        ("Europe revenue rose", "Europe revenue", "revenue", "Europe"),
        ("TeraWulf's HPC revenue", "HPC revenue", "revenue", "HPC"),
        ("Q3 NET PROFIT RISES", "NET PROFIT", "net_income", None),
        ("Excludes cash of $3.9 billion", "cash", "cash", None),
        ("lease expense was", "lease expense", "lease_expense", None),
        ("goodwill impairment of", "goodwill impairment", "impairment", None),
    ],
)
def test_metric_names_and_segments(text: str, mention: str, name: str, segment: str | None) -> None:
    found = metric_grammar().find(text)
    assert [(m.text, m.name, m.segment) for m in found][:1] == [(mention, name, segment)]
    assert text[found[0].start : found[0].end] == mention


@pytest.mark.parametrize("text", ["salesforce", "loss-making", "the costly venture", "Bitcoin"])
def test_no_metric_inside_other_words(text: str) -> None:
    assert metric_grammar().find(text) == []


def test_every_canonical_name_has_one_family_and_unit() -> None:
    rows = load_lexicon().rows(MetricRow)
    seen: dict[str, tuple[str, str]] = {}
    for row in rows:
        assert seen.setdefault(row.name, (row.family, row.unit)) == (row.family, row.unit), row.id


@pytest.mark.parametrize(
    ("text", "kind", "labels"),
    [
        ("Q3 2025", "quarter", ("Q3 2025",)),
        ("3Q25", "quarter", ("Q3 2025",)),
        ("the third quarter", "quarter", ("Q3",)),
        ("quarterly", "quarter", ()),
        ("H1 2024", "half", ("H1 2024",)),
        ("9M 2024", "nine months", ("9M 2024",)),
        ("fiscal 2024", "year", ("FY2024",)),
        ("FY24", "year", ("FY2024",)),
        ("for the years ended December 31, 2019 and 2020", "year", ("FY2019", "FY2020")),
        ("for the three months ended June 30, 2024", "quarter", ("Q2 2024",)),
        ("for the six months ended June 30, 2024", "half", ("H1 2024",)),
        ("for the nine months ended September 30, 2024", "nine months", ("9M 2024",)),
        ("in the first, second and third quarters", "quarter", ("Q1", "Q2", "Q3")),
        ("in 2020 and 2019", "year", ("FY2020", "FY2019")),
    ],
)
def test_periods(text: str, kind: str, labels: tuple[str, ...]) -> None:
    (period,) = period_grammar().find(text)
    assert (period.kind, period.labels) == (kind, labels)


@pytest.mark.parametrize("text", ["in 2020 5% more", "Q5 results", "the 2020 plan", "HQ3"])
def test_no_period(text: str) -> None:
    assert period_grammar().find(text) == []


def test_facts_are_on_the_doc_for_own_pipelines() -> None:
    nlp = spacy.blank("en")
    for name in (
        "fin_sentences",
        "fin_money",
        "fin_percent",
        "fin_company",
        "fin_metric",
        "fin_facts",
    ):
        nlp.add_pipe(name)
    doc = nlp("Kestrel Automation Corp said revenue rose 4% to $960 million in the quarter.")
    (fact,) = doc._.fin_facts
    assert (fact.metric, fact.company, str(fact.value.amount)) == (
        "revenue",
        "Kestrel Automation",
        "960000000",
    )
    assert [m.name for m in doc._.fin_metrics] == ["revenue"]
    assert [s.text for s in doc.spans["fin_metric"]] == ["revenue"]


def test_users_add_their_own_metrics(tmp_path: Path) -> None:
    mine = tmp_path / "saas.jsonl"
    row = {
        "id": "metric.committed_spend",
        "type": "metric",
        "name": "committed_spend",
        "family": "committed_spend",
        "unit": "money",
        "surfaces": ["committed spend", "CSP"],
    }
    mine.write_text(json.dumps(row) + "\n", encoding="utf-8")
    text = "Snowline's CSP rose 30% to $410 million."
    assert [f.metric for f in Extractor()(text).facts] == []
    (fact,) = Extractor(extra_patterns=[mine])(text).facts
    assert fact.value is not None
    assert (fact.metric, fact.metric_span.text, str(fact.value.amount)) == (
        "committed_spend",
        "CSP",
        "410000000",
    )


def test_a_bad_metric_row_names_its_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "bad.jsonl"
    mine.write_text('{"id": "metric.x", "type": "metric", "name": "x"}\n', encoding="utf-8")
    with pytest.raises(PatternFileError) as error:
        Extractor(extra_patterns=[mine])
    assert str(error.value).startswith(f"{mine}:1: ")
    assert "surfaces: Field required" in str(error.value)
