"""Our own modern articles (corpora/organisations.gold.jsonl): organisations and main company.

Eight short articles written for the project in the styles of 2023-2026 news: a wire story
on a fintech named only by its short name, a renamed company, a possessive lead, an
appositive, a press release with its wire, a European story with an index and "Japan Inc",
a results table with a footnote digit, and a Chinese listing with its exchange code.
"""

from __future__ import annotations

from typing import Any

import pytest
from helpers import CORPORA, read_jsonl

from extractor import Extractor
from extractor.evaluate import evaluate

GOLD = CORPORA / "organisations.gold.jsonl"
ARTICLES = list(read_jsonl(GOLD))


def test_organisations_in_our_articles(extractor: Extractor) -> None:
    org = evaluate([GOLD], extractor=extractor).scores["ORG"]
    assert org.precision >= 0.95
    assert org.recall >= 0.90
    assert org.f1 >= 0.95


@pytest.mark.parametrize("article", ARTICLES, ids=[a["id"] for a in ARTICLES])
def test_main_company_of_our_articles(extractor: Extractor, article: dict[str, Any]) -> None:
    record = extractor(article["text"])
    assert record.main_company == article["meta"]["main_company"]
    media = {c.name for c in record.companies if c.kind == "media"}
    assert record.main_company not in media


def test_publishers_are_media_and_indices_are_not_organisations_of_gold() -> None:
    """Our gold marks wires as organisations, and no index (the ORG convention)."""
    texts = {a["id"]: {s["text"] for s in a["spans"]} for a in ARTICLES}
    assert {"Reuters", "Daily Markets Wire", "PRNewswire", "dpa-AFX", "RTTNews"} <= set().union(
        *texts.values()
    )
    assert not {"FTSE 100", "CSI 300", "Japan Inc", "Investor Day", "Total"} & set().union(
        *texts.values()
    )
