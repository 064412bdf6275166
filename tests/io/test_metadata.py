"""What an article carries besides its text: its title, URL and publication date, from the
HTML page's metadata, the WARC record, or the JSONL and CSV fields the options name."""

from __future__ import annotations

import datetime
import json
import logging
from pathlib import Path

import pytest
from test_read import LAKESHORE, WARC_ENTRIES, WarcEntry, articles, read, write_warc

from extractor.io import Article


def _page(published: str) -> str:
    """LAKESHORE with a publication date in its metadata and a canonical URL."""
    return LAKESHORE.replace(
        "<head>",
        f'<head>\n  <meta property="article:published_time" content="{published}">\n'
        '  <link rel="canonical" href="https://news.example/food/lakeshore-outlook">',
    )


def test_an_html_page_gives_its_title_url_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(_page("2025-07-17T13:05:00+02:00"), encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Article)
    assert (item.source.title, item.source.url, item.source.published) == (
        "Lakeshore Foods lifts outlook as margins widen",
        "https://news.example/food/lakeshore-outlook",
        datetime.date(2025, 7, 17),
    )


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_a_warc_record_gives_the_pages_date_or_else_its_warc_date(
    tmp_path: Path, compress: bool
) -> None:
    dated = WarcEntry(
        "https://news.example/food/lakeshore-outlook",
        "response",
        "text/html",
        _page("2025-02-27").encode(),
    )
    path = tmp_path / "crawl.warc"
    write_warc(path, [*WARC_ENTRIES, dated], compress=compress)
    found = articles(read(path))
    assert [(a.source.url, a.source.published, a.source.title) for a in found] == [
        (
            "https://news.example/food/lakeshore",
            datetime.date(2025, 3, 4),  # WARC-Date: the page has none
            "Lakeshore Foods lifts outlook as margins widen",
        ),
        (
            "https://news.example/banks/northgate",
            datetime.date(2025, 3, 4),
            "Northgate Bank cuts forecast as loan losses double",
        ),
        (
            "https://news.example/food/lakeshore-outlook",  # the record's URI, as given
            datetime.date(2025, 2, 27),  # the page's own date
            "Lakeshore Foods lifts outlook as margins widen",
        ),
    ]


def test_a_date_that_is_no_date_keeps_the_article_and_is_told_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    rows = [
        {"id": "a", "text": "Acme Corp revenue rose 5% to $3m.", "day": "yesterday"},
        {"id": "b", "text": "Beta Inc revenue rose 6% to $4m.", "day": "soon"},
        {"id": "c", "text": "Gamma Corp revenue rose 7% to $5m.", "day": "2024-02-29"},
        {"id": "d", "text": "Delta Corp revenue rose 8% to $6m."},
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="extractor.io"):
        items = read(path, date_field="day")
    assert [(a.id, a.source.published) for a in articles(items)] == [
        ("a", None),
        ("b", None),
        ("c", datetime.date(2024, 2, 29)),
        ("d", None),
    ]
    (warning,) = caplog.records
    assert warning.getMessage().startswith(f"{path}:1: the 'day' field holds 'yesterday', not")


def test_a_title_field_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "feed.csv"
    path.write_text("id,text,title\n1,Acme Corp revenue rose 5%.,Acme rises\n", encoding="utf-8")
    (item,) = read(path)
    assert isinstance(item, Article)
    assert (item.source.title, item.source.meta) == ("Acme rises", {"title": "Acme rises"})
