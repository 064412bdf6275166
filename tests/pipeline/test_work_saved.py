"""Work the pipeline leaves out when nothing reads it: the records stay the same."""

from __future__ import annotations

from extractor import Extractor
from extractor.assemble import doc_to_record

TEXT = (
    "ACME CORP SAYS PROFIT UP\n\nAcme Corp said on Tuesday its third-quarter net profit rose "
    "12% to $45 mln dlrs, or 12 cts a share, from 40 mln dlrs a year earlier."
)


def test_pipe_leaves_out_sentences_and_entities_and_gives_the_same_record(
    extractor: Extractor,
) -> None:
    assert extractor.skipped == ["fin_sentences", "fin_ents"]
    doc = extractor.nlp(TEXT)  # the whole pipeline: sentences and doc.ents are set
    assert {ent.label_ for ent in doc.ents} >= {"MONEY", "PERCENT", "ORG"}
    assert len(list(doc.sents)) == 2
    assert extractor(TEXT, doc_id="x") == doc_to_record(doc, doc_id="x")


def test_nothing_is_left_out_that_a_component_of_the_user_may_read() -> None:
    nlp = Extractor().nlp
    nlp.add_pipe("sentencizer", last=True)
    assert Extractor(nlp=nlp).skipped == []


def test_docs_of_pipe_hold_no_spans_but_the_pipeline_of_users_does(
    extractor: Extractor,
) -> None:
    marked = extractor._for_records(TEXT)
    for _, component in extractor.nlp.pipeline:
        marked = component(marked)
    assert not any(len(group) for group in marked.spans.values())
    whole = extractor.nlp(TEXT)
    assert [span.text for span in whole.spans["fin_money"]][:1] == ["$45 mln"]
    assert doc_to_record(marked, doc_id="x") == extractor(TEXT, doc_id="x")
