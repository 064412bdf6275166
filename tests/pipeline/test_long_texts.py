"""Texts longer than spaCy's ``max_length`` are processed in pieces, with offsets into the whole."""

from __future__ import annotations

from helpers import CORPORA

from extractor import Extractor
from extractor.assemble import split_text
from extractor.records import DocumentRecord


def _articles() -> str:
    return "\n\n".join(
        path.read_text(encoding="utf-8") for path in sorted((CORPORA / "samples").glob("*.txt"))
    )


def _spans(record: DocumentRecord) -> list[tuple[str, int, int, str]]:
    spans = [("money", m.start, m.end, m.text) for m in record.money]
    spans += [("percent", p.start, p.end, p.text) for p in record.percentages]
    spans += [("metric", m.start, m.end, m.text) for m in record.metrics]
    spans += [("company", m.start, m.end, m.text) for c in record.companies for m in c.mentions]
    for fact in record.facts:
        for span in (fact.metric_span, fact.value, fact.change, fact.period, fact.prior_value):
            if span is not None:
                spans.append(("fact", span.start, span.end, span.text))
    return spans


def test_split_text_cuts_at_paragraphs_and_covers_the_text() -> None:
    text = _articles()
    pieces = split_text(text, limit=1000)
    assert len(pieces) > 3
    assert "".join(piece for _, piece in pieces) == text
    assert all(len(piece) <= 1000 for _, piece in pieces)
    assert all(text[offset : offset + len(piece)] == piece for offset, piece in pieces)
    assert sum(piece.endswith("\n\n") for _, piece in pieces[:-1]) >= len(pieces) - 2


def test_long_text_gives_the_same_amounts_with_offsets_into_the_whole() -> None:
    text = _articles()
    whole = Extractor()(text, doc_id="all")
    small = Extractor()
    small.nlp.max_length = 1000
    assert len(text) > 4 * small.nlp.max_length
    pieces = small(text, doc_id="all")

    assert pieces.id == "all"
    assert [(m.start, m.end, m.value, m.currency) for m in pieces.money] == [
        (m.start, m.end, m.value, m.currency) for m in whole.money
    ]
    assert [(p.start, p.end, p.value) for p in pieces.percentages] == [
        (p.start, p.end, p.value) for p in whole.percentages
    ]
    for _, start, end, span_text in _spans(pieces):
        assert text[start:end] == span_text
    assert {c.name for c in pieces.companies} >= {"Northwind Robotics", "Harbourline"}
    assert len(pieces.facts) >= len(whole.facts) - 3
    assert pieces.main_company == whole.main_company


def test_pipe_pairs_ids_and_sources_and_refuses_a_short_id_list() -> None:
    ex = Extractor()
    ex.nlp.max_length = 50
    texts = ["Revenue rose 5% to $10 million. " * 4, "Costs of $3 million."]
    records = list(ex.pipe(texts, ids=["a", "b"]))
    assert [r.id for r in records] == ["a", "b"]
    assert [m.text for m in records[0].money] == ["$10 million"] * 4
    try:
        list(ex.pipe(texts, ids=["a"]))
    except ValueError:
        pass
    else:  # pragma: no cover - the test fails here
        raise AssertionError("a short id list must be refused")
