"""Long texts are processed in pieces: offsets into the whole, no mention lost or split."""

from __future__ import annotations

import itertools

import pytest
from helpers import CORPORA

from extractor import Extractor
from extractor.assemble import plan_pieces
from extractor.errors import TextTooLongError
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


def test_pieces_tile_the_text_and_cut_at_paragraphs() -> None:
    text = _articles()
    pieces = list(plan_pieces(text, size=1000, margin=200))
    assert len(pieces) > 4
    assert pieces[0].core_start == 0 and pieces[-1].core_end == len(text)
    assert all(a.core_end == b.core_start for a, b in itertools.pairwise(pieces))
    assert [p.last for p in pieces] == [False] * (len(pieces) - 1) + [True]
    for piece in pieces:
        assert piece.core_end - piece.core_start <= 1000
        assert piece.start <= piece.core_start < piece.core_end <= piece.end
        assert piece.end - piece.start <= 1000 + 2 * 200
        # windows start after white space and end before it where the margin has some
        assert piece.start == 0 or text[piece.start - 1].isspace()
        assert piece.end == len(text) or text[piece.end].isspace()
    # no white space in a margin: all of it
    run = "x" * 3000
    (first, second) = plan_pieces(run, size=2000, margin=100)
    assert (first.start, first.end, second.start, second.end) == (0, 2100, 1900, 3000)
    assert sum(text[p.core_end - 2 : p.core_end] == "\n\n" for p in pieces[:-1]) >= 3


def test_long_text_gives_the_same_mentions_with_offsets_into_the_whole() -> None:
    text = _articles()
    whole = Extractor()(text, doc_id="all")
    pieces = Extractor(piece_chars=1000)(text, doc_id="all")
    assert len(text) > 4 * 1000

    assert pieces.id == "all"
    assert pieces.money == whole.money
    assert pieces.percentages == whole.percentages
    assert pieces.metrics == whole.metrics
    for _, start, end, span_text in _spans(pieces):
        assert text[start:end] == span_text
    mentions = {(c.name, m.start, m.end) for c in pieces.companies for m in c.mentions}
    assert mentions == {(c.name, m.start, m.end) for c in whole.companies for m in c.mentions}
    assert pieces.main_company == whole.main_company
    assert len(pieces.facts) == len(whole.facts)


@pytest.mark.parametrize("shift", range(0, 24, 3))
def test_a_mention_across_a_border_is_read_whole_and_once(shift: int) -> None:
    # no line or sentence end: the cores are cut at spaces, one of them inside the amount
    filler = "word " * 60
    text = filler[: len(filler) - shift].rstrip() + " Acme Corp paid $5.2 million in cash " + filler
    ex = Extractor(piece_chars=200)
    record = ex(text)
    assert len(list(plan_pieces(text, size=200, margin=50))) > 1
    assert [(m.text, text[m.start : m.end]) for m in record.money] == [
        ("$5.2 million", "$5.2 million")
    ]
    assert [c.name for c in record.companies] == ["Acme"]
    whole = Extractor()(text)
    assert record.model_dump(exclude={"facts"}) == whole.model_dump(exclude={"facts"})
    # the one sentence runs through every piece: the fact's sentence is its piece's window
    assert [(f.metric, f.value and f.value.text) for f in record.facts] == [
        ("cash", "$5.2 million")
    ]
    assert [f.model_dump(exclude={"sentence"}) for f in record.facts] == [
        f.model_dump(exclude={"sentence"}) for f in whole.facts
    ]


def test_a_text_over_max_chars_is_a_clear_error() -> None:
    ex = Extractor(max_chars=100)
    assert ex("x" * 100).money == ()
    with pytest.raises(TextTooLongError, match=r"'big' has 101 characters, more than max_chars"):
        ex("x" * 101, doc_id="big")
    assert len(list(ex.pipe(["$5", "$6"]))) == 2


def test_pieces_respect_a_small_nlp_max_length() -> None:
    ex = Extractor()
    ex.nlp.max_length = 500
    text = "Revenue rose 5% to $10 million. " * 100
    record = ex(text)
    assert [m.text for m in record.money] == ["$10 million"] * 100
    assert all(text[m.start : m.end] == m.text for m in record.money)
