"""``nlp.evaluate`` reports our labels: each component's scorer, on hand-made examples."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from extractor import load

#: Real sentences and what an annotator marks in them. The pipeline reads the first three
#: right; "by a fifth" is a change of 20% that it does not read as a percentage.
GOLD: list[tuple[str, dict[str, list[str]]]] = [
    (
        "TeraWulf's HPC lease revenue rose 117% quarter-on-quarter to $21 million.",
        {"MONEY": ["$21 million"], "PERCENT": ["117%"], "ORG": ["TeraWulf"]},
    ),
    (
        "Nordhavn Bank said net profit fell 4.5% to 1.2 billion crowns in the third quarter.",
        {"MONEY": ["1.2 billion crowns"], "PERCENT": ["4.5%"], "ORG": ["Nordhavn Bank"]},
    ),
    (
        "Shares of Acme Corp rose 3 pct after it reported revenue of 25 mln dlrs.",
        {"MONEY": ["25 mln dlrs"], "PERCENT": ["3 pct"], "ORG": ["Acme Corp"]},
    ),
    (
        "Profits climbed by a fifth to 3.4 billion yen at Toyota.",
        {"MONEY": ["3.4 billion yen"], "PERCENT": ["a fifth"], "ORG": ["Toyota"]},
    ),
]
METRICS = ["HPC lease revenue", "net profit", "revenue", "Profits"]
KEYS = {"MONEY": "fin_money", "PERCENT": "fin_percent", "ORG": "fin_company"}


def _span(doc: Doc, phrase: str, label: str) -> Span:
    start = doc.text.index(phrase)
    span = doc.char_span(start, start + len(phrase), label=label)
    assert span is not None, phrase
    return span


def _examples(nlp: Language) -> list[Example]:
    examples = []
    for (text, gold), metric in zip(GOLD, METRICS, strict=True):
        reference = nlp.make_doc(text)
        ents = []
        for label, phrases in gold.items():
            spans = [_span(reference, phrase, label) for phrase in phrases]
            reference.spans[KEYS[label]] = spans
            ents += spans
        reference.spans["fin_metric"] = [_span(reference, metric, "METRIC")]
        reference.ents = sorted([*ents, *reference.spans["fin_metric"]], key=lambda s: s.start)
        examples.append(Example(nlp.make_doc(text), reference))
    return examples


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    nlp = load()
    return nlp.evaluate(_examples(nlp))


def test_each_span_group_is_scored_under_its_key_and_label(scores: dict[str, object]) -> None:
    assert scores["spans_fin_money_f"] == 1.0
    assert scores["spans_fin_company_f"] == 1.0
    assert scores["spans_fin_metric_f"] == 1.0
    # "a fifth" is missed: 3 of 4 percentages found, none wrong
    assert scores["spans_fin_percent_p"] == 1.0
    assert scores["spans_fin_percent_r"] == 0.75
    per_type = scores["spans_fin_percent_per_type"]
    assert per_type == {"PERCENT": {"p": 1.0, "r": 0.75, "f": pytest.approx(6 / 7)}}
    assert set(scores["spans_fin_metric_per_type"]) == {"METRIC"}  # type: ignore[call-overload]


def test_fin_ents_is_scored_as_entities_per_label(scores: dict[str, object]) -> None:
    per_type = scores["ents_per_type"]
    assert set(per_type) == {"MONEY", "PERCENT", "ORG", "METRIC"}  # type: ignore[call-overload]
    assert per_type["PERCENT"]["r"] == 0.75  # type: ignore[index]
    assert per_type["MONEY"]["f"] == 1.0  # type: ignore[index]
    assert scores["ents_r"] == 15 / 16


def test_a_false_mention_lowers_precision() -> None:
    nlp = load()
    reference = nlp.make_doc("Acme Corp rose 3 pct.")
    reference.spans["fin_percent"] = []  # an annotator who says there is no percentage
    scores = nlp.evaluate([Example(nlp.make_doc(reference.text), reference)])
    assert scores["spans_fin_percent_p"] == 0.0
    assert scores["spans_fin_percent_per_type"] == {"PERCENT": {"p": 0.0, "r": 0.0, "f": 0.0}}
    # the reference has no fin_money key: not annotated for money, so not scored
    assert scores["spans_fin_money_p"] is None
