"""The HTML report: highlights with values, facts linked to sentences, escaping, the index."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import CORPORA, shared_path

from extractor import Extractor
from extractor.batch import batch
from extractor.errors import UsageError
from extractor.io import Failure
from extractor.report import histogram_svg, show
from extractor.report.document import highlights, render_document

SEED = "000_437e256efc7f49e1"


class Marks(HTMLParser):
    """The highlights of a page as (label, text, value, rule), and the ids and links in it."""

    def __init__(self) -> None:
        super().__init__()
        self.marks: list[dict[str, str]] = []
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.scripts = 0
        self._open: dict[str, str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        if "id" in values:
            self.ids.add(values["id"])
        if tag == "a" and "href" in values:
            self.links.append(values["href"])
        if tag == "script":
            self.scripts += 1
        if tag == "mark":
            self._open = {**values, "text": ""}
        elif self._open is not None and tag == "span":
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._depth:
            self._depth -= 1
        elif tag == "mark" and self._open is not None:
            self.marks.append(self._open)
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None and not self._depth:
            self._open["text"] += data


def parse(page: str) -> Marks:
    parser = Marks()
    parser.feed(page)
    return parser


def test_seed_article_report_highlights_and_facts(extractor: Extractor) -> None:
    text = shared_path("seeds", f"{SEED}.txt").read_text(encoding="utf-8")
    record = extractor(text, doc_id=SEED)
    page = parse(render_document(text, record))
    marks = {(m["data-label"], m["text"]): m for m in page.marks}
    assert marks[("ORG", "TeraWulf")]["data-value"] == "TeraWulf (company)"
    assert marks[("MONEY", "$21 million")]["data-value"] == "USD 21,000,000"
    assert marks[("PERCENT", "117%")]["data-value"] == "117%"
    assert marks[("METRIC", "net loss")]["data-value"] == "net_loss"
    assert marks[("MONEY", "$427 million")]["data-rule"].startswith("money.")
    assert all(m["title"] == m["data-tip"] for m in page.marks)
    fact_links = [link for link in page.links if link.startswith("#s")]
    assert len(fact_links) == len(record.facts) == 2
    assert {link[1:] for link in fact_links} <= page.ids
    assert page.scripts == 0


def test_every_highlight_keeps_the_article_text(extractor: Extractor) -> None:
    for path in sorted((CORPORA / "samples").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        record = extractor(text)
        page = parse(render_document(text, record))
        expected = [text[h.start : h.end] for h in highlights(record)]
        assert [m["text"] for m in page.marks if "data-value" in m] == expected


def test_hostile_article_is_escaped(extractor: Extractor) -> None:
    text = (
        'Evil Corp said revenue rose 5% to $10 million.<script>alert("x")</script> '
        '<img src=x onerror=alert(1)> "quoted" & <b>bold</b>\n'
        "Its net loss was $2 million.</mark><mark>"
    )
    record = extractor(text, doc_id='<script>alert("id")</script>')
    html = render_document(text, record)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "default-src 'none'" in html  # and a policy that would block scripts anyway
    page = parse(html)
    assert page.scripts == 0
    assert [m["text"] for m in page.marks if m["data-label"] == "MONEY"] == [
        "$10 million",
        "$2 million",
    ]


def test_histogram_counts_amounts_by_currency_and_size() -> None:
    svg = histogram_svg(
        {
            "USD": [Decimal("21000000"), Decimal("427000000"), Decimal("35000000")],
            "EUR": [Decimal("0.5")],
            "<x>": [Decimal(7)],
        }
    )
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    assert "USD 10M–: 2" in titles and "USD 100M–: 1" in titles and "EUR 1–: 1" in titles
    assert "&lt;x&gt;" in svg and "<x>" not in svg


def test_show_a_folder_writes_an_index_and_pages(tmp_path: Path) -> None:
    index = show([str(CORPORA / "samples")], tmp_path / "report")
    html = index.read_text(encoding="utf-8")
    page = parse(html)
    pages = [link for link in page.links if link.startswith("docs/")]
    assert len(pages) == 5
    assert all((tmp_path / "report" / link).exists() for link in pages)
    assert "<svg" in html and "Northwind Robotics" in html
    assert re.search(r"ent-money\">MONEY</span></td><td>\d+", html)


def test_show_a_batch_output_reads_the_texts_again(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        json.dumps({"id": "k1", "text": "Kestrel Automation Corp said revenue rose 4% to $9m."})
        + "\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    batch([str(feed)], str(output))
    index = show([str(output)], tmp_path / "report", texts=[str(tmp_path)])
    (link,) = [x for x in parse(index.read_text("utf-8")).links if x.startswith("docs/")]
    document = parse((tmp_path / "report" / link).read_text("utf-8"))
    assert [m["text"] for m in document.marks] == [
        "Kestrel Automation Corp",
        "revenue",
        "4%",
        "$9m",
    ]
    # Without the folder of texts, or the input, named: the record only.
    index = show([str(output)], tmp_path / "bare")
    (link,) = [x for x in parse(index.read_text("utf-8")).links if x.startswith("docs/")]
    assert "The article text is not available" in (tmp_path / "bare" / link).read_text("utf-8")
    # Named as an input beside the records, the feed gives the text too.
    index = show([str(output), str(feed)], tmp_path / "both")
    pages = sorted((tmp_path / "both" / "docs").glob("*.html"))
    assert all("Kestrel Automation Corp" in p.read_text("utf-8") for p in pages)


def _crafted(tmp_path: Path, source: dict[str, object], name: str = "crafted.jsonl") -> Path:
    """A records file whose one record names ``source``: what an attacker can write."""
    record = json.loads(Extractor()("Revenue rose 5% to $3m.", doc_id="x").to_json())
    record["source"] = {"line": None, "offset": None, "url": None, "meta": {}, **source}
    path = tmp_path / name
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "target",
    ["/etc/passwd", "../secret.txt", "link.txt", "fifo.txt"],
    ids=["an absolute path", "a path that climbs out", "a symlink out", "a FIFO"],
)
def test_show_never_reads_what_a_crafted_record_names(tmp_path: Path, target: str) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET: the root password is hunter2", encoding="utf-8")
    (texts / "link.txt").symlink_to(secret)
    os.mkfifo(texts / "fifo.txt")  # opening it to read would hang the report
    records = _crafted(tmp_path, {"path": target})
    index = show([str(records)], tmp_path / "report", texts=[str(texts)])
    pages = list((tmp_path / "report" / "docs").glob("*.html"))
    html = "".join(p.read_text("utf-8") for p in [index, *pages])
    assert "hunter2" not in html and "root:" not in html
    assert "The article text is not available" in html


def test_a_records_file_with_a_broken_line_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    records = _crafted(tmp_path, {"path": "-"})
    with records.open("a", encoding="utf-8") as handle:
        handle.write('{"id": "y", "schema_version": "1.0", "money": "not a list"}\n')
    failures: list[Failure] = []
    show([str(records)], tmp_path / "report", on_failure=failures.append)
    assert [(f.error, f.line) for f in failures] == [("InvalidRecord", 2)]
    assert len(list((tmp_path / "report" / "docs").glob("*.html"))) == 1


def test_show_one_file_writes_one_page(tmp_path: Path) -> None:
    article = tmp_path / "story.txt"
    article.write_text("Brindle Foods Inc posted a $3 million loss.", encoding="utf-8")
    page = show([str(article)], tmp_path / "story.html")
    assert page == tmp_path / "story.html"
    assert "Brindle Foods Inc" in page.read_text("utf-8")


def test_a_report_written_again_keeps_no_stale_pages(tmp_path: Path) -> None:
    report = tmp_path / "report"
    show([str(CORPORA / "samples")], report)
    assert len(list((report / "docs").glob("*.html"))) == 5
    with pytest.raises(UsageError, match="holds a report already; use --force"):
        show([str(CORPORA / "samples" / "fed-holds-rates.txt")], report)
    index = show([str(CORPORA / "samples" / "fed-holds-rates.txt")], report, force=True)
    assert [p.name for p in (report / "docs").glob("*.html")] == ["doc-000001.html"]
    links = [link for link in parse(index.read_text(encoding="utf-8")).links]
    assert [link for link in links if link.startswith("docs/")] == ["docs/doc-000001.html"]


def test_documents_beyond_the_pages_are_counted_not_listed(tmp_path: Path) -> None:
    index = show([str(CORPORA / "samples")], tmp_path / "report", pages=2)
    html = index.read_text(encoding="utf-8")
    assert len(list((tmp_path / "report" / "docs").glob("*.html"))) == 2
    assert "5 documents" in html
    assert "3 more documents are counted above but have no page." in html
