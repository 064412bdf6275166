"""The spaCy components on their own, in pipelines built by hand."""

from __future__ import annotations

from decimal import Decimal

import regex
from spacy.language import Language

import extractor.money.grammar as money_module
from extractor import load


def test_factories_work_in_a_blank_pipeline(blank: Language) -> None:
    blank.add_pipe("fin_money")
    blank.add_pipe("fin_percent")
    doc = blank("Revenue rose 18% to $1.42 billion, or $1.63 a share.")
    assert [(m.text, m.value) for m in doc._.fin_money] == [
        ("$1.42 billion", Decimal("1420000000")),
        ("$1.63", Decimal("1.63")),
    ]
    assert [p.text for p in doc._.fin_percentages] == ["18%"]
    assert [(s.text, s.label_) for s in doc.spans["fin_money"]] == [
        ("$1.42 billion", "MONEY"),
        ("$1.63", "MONEY"),
    ]
    assert [s.label_ for s in doc.spans["fin_percent"]] == ["PERCENT"]


def test_spans_cover_whole_tokens_while_records_keep_exact_offsets(blank: Language) -> None:
    blank.add_pipe("fin_money")
    doc = blank("net was -$5m")
    (mention,) = doc._.fin_money
    assert doc.text[mention.start : mention.end] == "-$5m"
    (span,) = doc.spans["fin_money"]
    assert span.start_char <= mention.start and span.end_char >= mention.end


def test_spans_key_is_configurable(blank: Language) -> None:
    blank.add_pipe("fin_money", config={"spans_key": "money"})
    assert [s.text for s in blank("costs $5")._.fin_money] == ["$5"]
    assert "money" in blank("costs $5").spans


def test_load_builds_on_blank_english_without_a_model() -> None:
    nlp = load()
    assert nlp.lang == "en"
    assert nlp.pipe_names[:3] == ["fin_sentences", "fin_money", "fin_percent"]
    assert not any(name in nlp.pipe_names for name in ("ner", "tagger", "parser"))


def test_patterns_are_compiled_once_not_per_document(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    nlp = load()
    nlp("warm up with $5")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a pattern was compiled while processing a document")

    monkeypatch.setattr(regex, "compile", refuse)
    monkeypatch.setattr(money_module.re, "compile", refuse)  # type: ignore[attr-defined]
    docs = list(nlp.pipe(["It raised $5 billion.", "Sales fell 3% to 25 mln dlrs."]))
    assert [len(d._.fin_money) for d in docs] == [1, 1]


def test_docs_with_records_survive_multiprocessing() -> None:
    nlp = load()
    texts = ["costs $5bn and 5%", "raised 3 mln dlrs"] * 4
    docs = list(nlp.pipe(texts, n_process=2, batch_size=2))
    assert [tuple(d._.fin_money) for d in docs] == [tuple(nlp(t)._.fin_money) for t in texts]
    assert docs[0]._.fin_percentages[0].value == Decimal("5")
