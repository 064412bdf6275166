"""Reading inputs into articles (extractor.io): every format, ids and sources, encodings, bad
inputs.

Everything runs on real files written to temporary folders.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import UsageError
from extractor.io import Article, Failure, ReadOptions, detect_format, iter_articles
from extractor.records import Source

ROOT = Path(__file__).resolve().parents[2]

# Short financial-news texts written for these tests.
STORY_A = "Harbor Freight Lines said quarterly revenue rose 7% to $412 million."
STORY_B = "Northgate Bank cut its 2025 profit forecast after loan losses doubled."
STORY_C = "Copper miner Ridgeway Resources raised its dividend by 15 cents a share."


def page(title: str, *paragraphs: str, charset: str = "utf-8") -> str:
    """A news article page with the clutter around it that a real one has."""
    body = "\n".join(f"      <p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="{charset}">
  <title>{title} | The Market Ledger</title>
</head>
<body>
  <header><nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/deals">Deals</a></nav>
  </header>
  <main>
    <article>
      <h1>{title}</h1>
{body}
    </article>
  </main>
  <footer>Subscribe to our newsletter. Copyright 2025 The Market Ledger.</footer>
</body>
</html>
"""


LAKESHORE = page(
    "Lakeshore Foods lifts outlook as margins widen",
    "Lakeshore Foods Inc raised its full-year earnings outlook on Thursday after operating "
    "margins widened to 11.4% in the second quarter, helped by lower grain and freight costs.",
    "The Chicago-based packaged food maker now expects adjusted earnings of $3.10 to $3.25 a "
    "share, up from a previous range of $2.90 to $3.05. Net sales rose 4% to $1.86 billion.",
    "Shares of Lakeshore rose 6% in early trading, their biggest one-day gain since March.",
)
NORTHGATE = page(
    "Northgate Bank cuts forecast as loan losses double",
    "Northgate Bank cut its 2025 profit forecast on Monday after provisions for bad loans "
    "doubled to $640 million in the first quarter, mostly on commercial property.",
    "The lender now sees net income of $2.1 billion for the year, down from $2.6 billion, and "
    "said its core capital ratio would stay above 12%.",
)
#: A page with no article in it: an empty application shell.
EMPTY_PAGE = (
    "<html><head><title>Markets live</title></head><body><div id='root'></div></body></html>"
)

#: A page with nothing but a menu.
NAV_PAGE = "<html><body><nav><a href='/'>Home</a> <a href='/deals'>Deals</a></nav></body></html>"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + random.Random(7).randbytes(600)


def read(
    *inputs: str | Path, stdin: bytes | None = None, **options: Any
) -> list[Article | Failure]:
    """Every item that ``iter_articles`` gives for ``inputs``."""
    stream = io.BytesIO(stdin) if stdin is not None else None
    return list(iter_articles([str(path) for path in inputs], ReadOptions(**options), stdin=stream))


def articles(items: list[Article | Failure]) -> list[Article]:
    return [item for item in items if isinstance(item, Article)]


def failures(items: list[Article | Failure]) -> list[Failure]:
    return [item for item in items if isinstance(item, Failure)]


def jsonl(*rows: Any) -> str:
    return "".join(json.dumps(row) + "\n" for row in rows)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A folder of news in text formats, nested, with files of other kinds to skip."""
    root = tmp_path / "news"
    (root / "2024" / "jan").mkdir(parents=True)
    (root / "2024" / "jan" / "a.txt").write_text(STORY_A, encoding="utf-8")
    (root / "2024" / "b.md").write_text(f"# Banks\n\n{STORY_B}\n", encoding="utf-8")
    (root / "c.TXT").write_text(STORY_C, encoding="utf-8")
    (root / "chart.png").write_bytes(PNG)
    (root / "notes.docx").write_bytes(b"PK\x03\x04")
    return root


# --- formats and ids ------------------------------------------------------------------------


class FormatCase(NamedTuple):
    name: str
    expected: str | None


FORMAT_CASES = [
    FormatCase("a.txt", "text"),
    FormatCase("A.TEXT", "text"),
    FormatCase("notes.md", "text"),
    FormatCase("README.markdown", "text"),
    FormatCase("feed.jsonl", "jsonl"),
    FormatCase("feed.ndjson", "jsonl"),
    FormatCase("feed.jsonl.gz", "jsonl"),
    FormatCase("FEED.NDJSON.GZ", "jsonl"),
    FormatCase("table.csv", "csv"),
    FormatCase("table.csv.gz", "csv"),
    FormatCase("page.html", "html"),
    FormatCase("page.HTM", "html"),
    FormatCase("crawl.warc", "warc"),
    FormatCase("crawl.warc.gz", "warc"),
    FormatCase("data.gz", None),
    FormatCase("data.json", None),
    FormatCase("report.pdf", None),
    FormatCase("txt", None),
    FormatCase("old.txt/readme", None),
]


@pytest.mark.parametrize("case", FORMAT_CASES, ids=[case.name for case in FORMAT_CASES])
def test_format_by_file_name(case: FormatCase) -> None:
    assert detect_format(case.name) == case.expected


def test_folder_of_text_files_in_name_order(folder: Path) -> None:
    items = read(folder)
    assert items == [
        Article("2024/b.md", f"# Banks\n\n{STORY_B}\n", Source(path=str(folder / "2024/b.md"))),
        Article("2024/jan/a.txt", STORY_A, Source(path=str(folder / "2024/jan/a.txt"))),
        Article("c.TXT", STORY_C, Source(path=str(folder / "c.TXT"))),
    ]


def test_inputs_in_the_order_given_and_the_same_every_time(folder: Path, tmp_path: Path) -> None:
    first = tmp_path / "z-first.txt"
    first.write_text(STORY_B, encoding="utf-8")
    runs = [read(first, folder, folder / "c.TXT") for _ in range(2)]
    assert [item.id for item in runs[0] if isinstance(item, Article)] == [
        str(first),
        "2024/b.md",
        "2024/jan/a.txt",
        "c.TXT",
        str(folder / "c.TXT"),
    ]
    assert runs[0] == runs[1]


def test_a_file_given_by_name_is_read_whatever_its_extension(tmp_path: Path) -> None:
    wire = tmp_path / "wire.dat"
    wire.write_text(STORY_A, encoding="utf-8")
    feed = tmp_path / "feed.log"
    feed.write_text(jsonl({"text": STORY_B}), encoding="utf-8")
    assert read(wire) == [Article(str(wire), STORY_A, Source(path=str(wire)))]
    forced = articles(read(feed, input_format="jsonl"))
    assert [(a.id, a.text, a.source.line) for a in forced] == [(f"{feed}:1", STORY_B, 1)]


# --- JSONL and CSV --------------------------------------------------------------------------

FEED_ROWS = (
    {
        "id": 101,
        "text": STORY_A,
        "url": "https://news.example/a",
        "desk": "transport",
        "score": 0.5,
    },
    {"text": STORY_B, "tags": ["banks", "credit"]},
    {"id": "", "text": STORY_C, "url": 42},
)


def write_feed(path: Path) -> None:
    """Three stories on lines 1, 3 and 4, after a BOM and around a blank line."""
    first, *rest = FEED_ROWS
    text = jsonl(first) + "\n" + jsonl(*rest)
    data = codecs.BOM_UTF8 + text.encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)


@pytest.mark.parametrize("name", ["feed.jsonl", "feed.ndjson.gz"])
def test_jsonl_ids_lines_urls_and_meta(tmp_path: Path, name: str) -> None:
    path = tmp_path / "wire" / name
    path.parent.mkdir()
    write_feed(path)
    items = read(tmp_path)
    where = str(path)
    assert items == [
        Article(
            "101",
            STORY_A,
            Source(
                path=where,
                line=1,
                url="https://news.example/a",
                meta={"url": "https://news.example/a", "desk": "transport", "score": 0.5},
            ),
        ),
        Article(
            f"wire/{name}:3",
            STORY_B,
            Source(path=where, line=3, meta={"tags": ["banks", "credit"]}),
        ),
        Article(f"wire/{name}:4", STORY_C, Source(path=where, line=4, meta={"url": 42})),
    ]
    given_ids = [item.id for item in read(path)]
    assert given_ids == ["101", f"{path}:3", f"{path}:4"]


def test_jsonl_without_id_field_and_with_another_text_field(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text(jsonl({"id": "x1", "body": STORY_A, "text": "a summary"}), encoding="utf-8")
    (item,) = read(path, id_field=None, text_field="body")
    assert isinstance(item, Article)
    assert (item.id, item.text) == (f"{path}:1", STORY_A)
    assert item.source.meta == {"id": "x1", "text": "a summary"}


def test_broken_jsonl_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "good-1", "text": STORY_A}).encode(),
        b'{"id": "x", "text": "unterminated',
        b"[1, 2, 3]",
        json.dumps({"id": "n4", "body": STORY_B}).encode(),
        json.dumps({"id": "n5", "text": "   "}).encode(),
        b'{"text": "caf\xe9 sales rose"}',
        b'{"text": 5}',
        b"[" * 100_000,
        json.dumps({"id": "good-9", "text": STORY_C}).encode(),
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read(path)
    assert [(a.id, a.source.line) for a in articles(items)] == [("good-1", 1), ("good-9", 9)]
    assert [(f.line, f.error, f.id) for f in failures(items)] == [
        (2, "JSONDecodeError", None),
        (3, "InvalidRecord", None),
        (4, "InvalidRecord", "n4"),
        (5, "EmptyInput", "n5"),
        (6, "UnicodeDecodeError", None),
        (7, "InvalidRecord", f"{path}:7"),
        (8, "RecursionError", None),
    ]
    assert all(f.path == str(path) for f in failures(items))
    assert "line 2" not in failures(items)[0].reason  # the line is a field, not in the text
    assert failures(items)[1].reason == "not a JSON object but list"


@pytest.mark.parametrize("damage", ["truncated", "corrupt"])
def test_damaged_jsonl_gz_gives_the_lines_before_then_a_failure(
    tmp_path: Path, damage: str
) -> None:
    rows = [
        {"id": f"s{n}", "text": f"{STORY_A} Note {n}: {random.Random(n).random()}"}
        for n in range(400)
    ]
    data = gzip.compress(jsonl(*rows).encode())
    if damage == "truncated":
        data = data[: len(data) // 2]
    else:
        middle = len(data) // 2
        data = (
            data[:middle]
            + bytes(b ^ 0x5A for b in data[middle : middle + 64])
            + data[middle + 64 :]
        )
    path = tmp_path / "feed.jsonl.gz"
    path.write_bytes(data)
    items = read(path)
    read_ids = [a.id for a in articles(items)]
    assert 0 < len(read_ids) < 400
    assert read_ids == [f"s{n}" for n in range(len(read_ids))]
    (failure,) = failures(items)
    assert items[-1] is failure
    assert failure.line == len(read_ids) + 1
    assert failure.error in {"EOFError", "zlib.error", "BadGzipFile"}
    assert "gzip" in failure.reason


def test_csv_rows_ids_lines_and_meta(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "id,text,desk,url\n"
        f'c1,"{STORY_A}",transport,https://news.example/c1\n'
        ',"Costs fell.\nMargins rose.",banks,\n'
        "\n"
        "c3,,mining,\n"
        f"c4,{STORY_C},mining,https://news.example/c4\n",
        encoding="utf-8",
    )
    items = read(path)
    where = str(path)
    assert items == [
        Article(
            "c1",
            STORY_A,
            Source(
                path=where,
                line=2,
                url="https://news.example/c1",
                meta={"desk": "transport", "url": "https://news.example/c1"},
            ),
        ),
        Article(
            f"{path}:3",
            "Costs fell.\nMargins rose.",
            Source(path=where, line=3, meta={"desk": "banks", "url": ""}),
        ),
        Failure(where, "empty 'text' field", "EmptyInput", line=6, id="c3"),
        Article(
            "c4",
            STORY_C,
            Source(
                path=where,
                line=7,
                url="https://news.example/c4",
                meta={"desk": "mining", "url": "https://news.example/c4"},
            ),
        ),
    ]


def test_csv_gz_in_cp1252(tmp_path: Path) -> None:
    text = "Café Rouge said sales rose 8% to €2.4 million – its best quarter."
    path = tmp_path / "sub" / "table.csv.gz"
    path.parent.mkdir()
    path.write_bytes(gzip.compress(f"text,desk\n{text},retail\n".encode("cp1252")))
    (item,) = read(tmp_path)
    assert isinstance(item, Article)
    assert (item.id, item.text, item.source.meta) == (
        "sub/table.csv.gz:2",
        text,
        {"desk": "retail"},
    )


class BadCsv(NamedTuple):
    name: str
    content: bytes
    error: str
    reason: str


BAD_CSV = [
    BadCsv("no text column", b"id,body\n1,Sales rose\n", "InvalidHeader", "no 'text' column"),
    BadCsv("empty", b"", "EmptyInput", "empty input"),
    BadCsv("blank lines only", b"\n\n", "EmptyInput", "empty input"),
    BadCsv("binary", PNG, "BinaryInput", "binary data"),
]


@pytest.mark.parametrize("case", BAD_CSV, ids=[case.name for case in BAD_CSV])
def test_bad_csv_gives_one_failure(tmp_path: Path, case: BadCsv) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(case.content)
    (failure,) = read(path)
    assert isinstance(failure, Failure)
    assert (failure.path, failure.error) == (str(path), case.error)
    assert case.reason in failure.reason


# --- HTML and WARC --------------------------------------------------------------------------


def test_html_page_gives_its_article_text_only(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(LAKESHORE, encoding="utf-8")
    (item,) = read(tmp_path)
    assert isinstance(item, Article)
    title = "Lakeshore Foods lifts outlook as margins widen"  # the site's name left out
    assert (item.id, item.source) == ("page.html", Source(path=str(path), title=title))
    assert "raised its full-year earnings outlook" in item.text
    assert "Net sales rose 4% to $1.86 billion." in item.text
    assert "Subscribe" not in item.text
    assert "Deals" not in item.text


def test_html_page_in_cp1252(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    html = page(
        "Café Rouge results",
        "Café Rouge said sales rose 8% to €2.4 million in the quarter, "
        "beating the forecasts of analysts polled by the newspaper.",
        charset="windows-1252",
    )
    path.write_bytes(html.encode("cp1252"))
    (item,) = read(path)
    assert isinstance(item, Article)
    assert "Café Rouge said sales rose 8% to €2.4 million" in item.text


@pytest.mark.parametrize(
    "html",
    [
        EMPTY_PAGE,
        NAV_PAGE,
        "<html><body><table><tr><td>1</td><td>2</td></tr></table></body></html>",
    ],
    ids=["empty shell", "menu only", "table only"],
)
def test_html_without_an_article_is_a_failure(tmp_path: Path, html: str) -> None:
    path = tmp_path / "live.html"
    path.write_text(html, encoding="utf-8")
    assert read(tmp_path) == [
        Failure(str(path), "no article text found in the HTML", "NoArticleText", id="live.html")
    ]


def test_html_article_in_old_layouts(tmp_path: Path) -> None:
    old_style = (
        f"<html><body><table><tr><td>{STORY_A} {STORY_B}</td></tr></table></body></html>",
        f"<html><body>{STORY_B}<br><br>{STORY_C}</body></html>",
        f"<html><body><p>{STORY_C}</p></body></html>",
    )
    for number, html in enumerate(old_style):
        (tmp_path / f"{number}.html").write_text(html, encoding="utf-8")
    found = read(tmp_path)
    assert [(a.id, a.text.split()[0]) for a in articles(found)] == [
        ("0.html", "Harbor"),
        ("1.html", "Northgate"),
        ("2.html", "Copper"),
    ]


class WarcEntry(NamedTuple):
    uri: str
    kind: str
    content_type: str | None
    body: bytes


WARC_ENTRIES = [
    WarcEntry("https://news.example/food/lakeshore", "request", None, b""),
    WarcEntry(
        "https://news.example/food/lakeshore",
        "response",
        "text/html; charset=utf-8",
        LAKESHORE.encode(),
    ),
    WarcEntry("https://news.example/img/chart.png", "response", "image/png", PNG),
    WarcEntry(
        "https://news.example/banks/northgate",
        "response",
        "application/xhtml+xml",
        NORTHGATE.encode(),
    ),
]
WARC_DATE = "2025-03-04T05:06:07Z"


def write_warc(path: Path, entries: list[WarcEntry], *, compress: bool) -> list[int]:
    """A WARC file with a warcinfo record, then ``entries``; the offset of each entry."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for entry in entries:
            offsets.append(handle.tell())
            if entry.kind == "request":
                headers = StatusAndHeaders(
                    "GET /food/lakeshore HTTP/1.1",
                    [("Host", "news.example")],
                    is_http_request=True,
                )
            else:
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", entry.content_type or "")], protocol="HTTP/1.1"
                )
            record = writer.create_warc_record(
                entry.uri,
                entry.kind,
                payload=io.BytesIO(entry.body),
                length=len(entry.body),  # known: warcio buffers nothing in a temporary file
                http_headers=headers,
                warc_headers_dict={"WARC-Date": WARC_DATE},
            )
            writer.write_record(record)
    return offsets


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_warc_html_responses_are_the_articles(tmp_path: Path, compress: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if compress else "crawl.warc")
    offsets = write_warc(path, WARC_ENTRIES, compress=compress)
    items = read(tmp_path)
    assert failures(items) == []
    found = articles(items)
    assert [(a.id, a.source.url, a.source.offset) for a in found] == [
        ("https://news.example/food/lakeshore", "https://news.example/food/lakeshore", offsets[1]),
        (
            "https://news.example/banks/northgate",
            "https://news.example/banks/northgate",
            offsets[3],
        ),
    ]
    assert offsets[1] > 0
    assert all(a.source.path == str(path) and a.source.line is None for a in found)
    assert [a.source.meta for a in found] == [
        {"warc_date": WARC_DATE, "content_type": "text/html; charset=utf-8"},
        {"warc_date": WARC_DATE, "content_type": "application/xhtml+xml"},
    ]
    assert "Net sales rose 4% to $1.86 billion." in found[0].text
    assert "provisions for bad loans doubled" in found[1].text


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_gives_the_records_before_then_a_failure(
    tmp_path: Path, compress: bool
) -> None:
    path = tmp_path / "crawl.warc"
    offsets = write_warc(path, WARC_ENTRIES, compress=compress)
    data = path.read_bytes()
    path.write_bytes(data[: offsets[3] + (len(data) - offsets[3]) // 2])
    items = read(path)
    assert [a.id for a in articles(items)] == ["https://news.example/food/lakeshore"]
    (failure,) = failures(items)
    assert items[-1] is failure
    assert (failure.error, failure.offset) == ("TruncatedInput", offsets[3])
    assert f"offset {offsets[3]}" in failure.reason


@pytest.mark.parametrize(
    ("content", "error", "reason"),
    [
        (f"{STORY_A}\n", "NotAWarc", "not a WARC file"),  # warcio reads it as an ARC record
        ("Not an archive\n", "ArchiveLoadFailed", "corrupt or truncated WARC at offset 0"),
    ],
    ids=["five words or more", "fewer words"],
)
def test_a_file_that_is_no_warc_is_a_failure(
    tmp_path: Path, content: str, error: str, reason: str
) -> None:
    path = tmp_path / "crawl.warc"
    path.write_text(content, encoding="utf-8")
    (failure,) = read(path)
    assert isinstance(failure, Failure)
    assert (failure.error, failure.offset) == (error, 0)
    assert failure.reason.startswith(reason)


def test_missing_optional_packages_fail_each_file_that_needs_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.html").write_text(LAKESHORE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(STORY_B, encoding="utf-8")
    write_warc(tmp_path / "c.warc.gz", WARC_ENTRIES, compress=True)
    (tmp_path / "d.htm").write_text(NORTHGATE, encoding="utf-8")
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # an import of it now fails
    monkeypatch.setitem(sys.modules, "warcio", None)
    items = read(tmp_path)
    html = "HTML input: trafilatura is not installed: pip install 'finnews-extractor[html]'"
    warc = "WARC input: warcio is not installed: pip install 'finnews-extractor[warc]'"
    assert items == [
        Failure(str(tmp_path / "a.html"), html, "ModuleNotFoundError"),
        Article("b.txt", STORY_B, Source(path=str(tmp_path / "b.txt"))),
        Failure(str(tmp_path / "c.warc.gz"), warc, "ModuleNotFoundError"),
        Failure(str(tmp_path / "d.htm"), html, "ModuleNotFoundError"),
    ]


def test_an_installed_package_that_cannot_be_imported_shows_the_real_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What a venv's bundled pip used to leave: trafilatura installed, lxml's HTML cleaner not.
    fake = tmp_path / "site" / "trafilatura"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text(
        'raise ImportError("lxml.html.clean module is now a separate project lxml_html_clean")'
    )
    monkeypatch.syspath_prepend(str(tmp_path / "site"))
    monkeypatch.delitem(sys.modules, "trafilatura", raising=False)
    (tmp_path / "a.html").write_text(LAKESHORE, encoding="utf-8")
    (failure,) = read(tmp_path / "a.html")
    assert failure == Failure(
        str(tmp_path / "a.html"),
        "HTML input: trafilatura is installed but cannot be imported: ImportError: "
        "lxml.html.clean module is now a separate project lxml_html_clean",
        "ImportError",
    )


# --- standard input -------------------------------------------------------------------------


class StdinCase(NamedTuple):
    name: str
    data: bytes
    options: dict[str, Any]
    expected: list[tuple[str, str, int | None]]  # id, text, line


STDIN_CASES = [
    StdinCase("text", f"  \n{STORY_A}".encode(), {}, [("stdin", f"  \n{STORY_A}", None)]),
    StdinCase(
        "jsonl sniffed",
        ("\n" + jsonl({"text": STORY_A}, {"id": "k2", "text": STORY_B})).encode(),
        {},
        [("stdin:2", STORY_A, 2), ("k2", STORY_B, 3)],
    ),
    StdinCase(
        "jsonl after a BOM",
        codecs.BOM_UTF8 + jsonl({"text": STORY_C}).encode(),
        {},
        [("stdin:1", STORY_C, 1)],
    ),
    StdinCase(
        "jsonl gzipped",
        gzip.compress(jsonl({"text": STORY_C}).encode()),
        {"input_format": "jsonl"},
        [("stdin:1", STORY_C, 1)],
    ),
    StdinCase(
        "csv",
        f"text\n{STORY_B}\n".encode(),
        {"input_format": "csv"},
        [("stdin:2", STORY_B, 2)],
    ),
    StdinCase(
        "text forced",
        b'{"text": "not parsed"}',
        {"input_format": "text"},
        [("stdin", '{"text": "not parsed"}', None)],
    ),
    StdinCase("html", LAKESHORE.encode(), {"input_format": "html"}, []),
]


@pytest.mark.parametrize("case", STDIN_CASES, ids=[case.name for case in STDIN_CASES])
def test_stdin(case: StdinCase) -> None:
    items = read("-", stdin=case.data, **case.options)
    assert failures(items) == []
    assert all(a.source.path == "-" for a in articles(items))
    if case.name == "html":
        (item,) = articles(items)
        assert item.id == "stdin"
        assert "Net sales rose 4%" in item.text
    else:
        assert [(a.id, a.text, a.source.line) for a in articles(items)] == case.expected


def test_dash_reads_the_process_standard_input() -> None:
    script = (
        "import json; from extractor.io import iter_articles; "
        "print(json.dumps([[a.id, a.text, a.source.path] for a in iter_articles(['-'])]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=jsonl({"text": STORY_A}, {"text": STORY_B}).encode(),
        capture_output=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    assert json.loads(done.stdout) == [["stdin:1", STORY_A, "-"], ["stdin:2", STORY_B, "-"]]


# --- encodings ------------------------------------------------------------------------------

EURO = "Revenue at Müller AG rose 12% to €3.1 billion, the “best year” since 2007."


class EncodingCase(NamedTuple):
    name: str
    data: bytes
    text: str


ENCODING_CASES = [
    EncodingCase("utf-8", EURO.encode("utf-8"), EURO),
    EncodingCase("utf-8 with BOM", codecs.BOM_UTF8 + EURO.encode("utf-8"), EURO),
    EncodingCase("cp1252", EURO.encode("cp1252"), EURO),
    EncodingCase(
        "latin-1",
        "Le chiffre d'affaires de Société Générale a progressé de 3 % à 6,2 Md€.".replace(
            "€", "E"
        ).encode("latin-1"),
        "Le chiffre d'affaires de Société Générale a progressé de 3 % à 6,2 MdE.",
    ),
    EncodingCase("short cp1252", "Café".encode("cp1252"), "Café"),
    EncodingCase("utf-16 with BOM", EURO.encode("utf-16"), EURO),
    EncodingCase("utf-16-le", EURO.encode("utf-16-le"), EURO),
    EncodingCase("utf-16-be", EURO.encode("utf-16-be"), EURO),
    EncodingCase("utf-32-le", EURO.encode("utf-32-le"), EURO),
    EncodingCase(
        "cp1251",
        "Выручка компании «Северсталь» выросла на 10% до 5 млрд рублей.".encode("cp1251"),
        "Выручка компании «Северсталь» выросла на 10% до 5 млрд рублей.",
    ),
]


@pytest.mark.parametrize("case", ENCODING_CASES, ids=[case.name for case in ENCODING_CASES])
def test_text_in_any_encoding_is_decoded(tmp_path: Path, case: EncodingCase) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(case.data)
    assert read(path) == [Article(str(path), case.text, Source(path=str(path)))]


# --- bad files ------------------------------------------------------------------------------


class BadFile(NamedTuple):
    name: str
    content: bytes
    error: str
    reason: str


BAD_FILES = [
    BadFile("chart.txt", PNG, "BinaryInput", "binary data, not text"),
    BadFile(
        "noise.txt",
        bytes(b for b in random.Random(3).randbytes(3000) if b)[:2000],
        "BinaryInput",
        "binary data, not text",
    ),
    BadFile("story.txt", gzip.compress(STORY_A.encode() * 20), "BinaryInput", "binary data"),
    BadFile("controls.md", bytes(range(1, 9)) * 100, "BinaryInput", "control characters"),
    BadFile("empty.txt", b"", "EmptyInput", "empty input"),
    BadFile("blank.md", b" \n\t\r\n ", "EmptyInput", "empty input"),
    BadFile("blank-utf16.txt", b"\x00\t\x00\t", "EmptyInput", "empty input"),  # two tabs
    BadFile(
        "bad-bom.txt",
        codecs.BOM_UTF8 + b"caf\xe9 au lait",
        "UndecodableInput",
        "invalid utf-8-sig text",
    ),
    BadFile("empty.html", b"", "EmptyInput", "empty input"),
    BadFile("image.html", PNG, "BinaryInput", "binary data"),
    BadFile("empty.jsonl", b"\n \n", "EmptyInput", "empty input"),
    BadFile("image.jsonl", PNG, "BinaryInput", "binary data"),
    BadFile("empty.warc", b"", "EmptyInput", "empty input"),
]


@pytest.mark.parametrize("case", BAD_FILES, ids=[case.name for case in BAD_FILES])
def test_a_bad_file_is_one_failure_and_reading_goes_on(tmp_path: Path, case: BadFile) -> None:
    bad = tmp_path / case.name
    bad.write_bytes(case.content)
    good = tmp_path / "zz-good.txt"
    good.write_text(STORY_A, encoding="utf-8")
    failure, after = read(tmp_path)
    assert isinstance(failure, Failure)
    assert (failure.path, failure.error) == (str(bad), case.error)
    assert case.reason in failure.reason
    assert after == Article("zz-good.txt", STORY_A, Source(path=str(good)))


def test_a_missing_path_is_one_failure(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(STORY_A, encoding="utf-8")
    missing = tmp_path / "nope"
    assert read(missing, good) == [
        Failure(str(missing), "No such file or directory", "FileNotFoundError"),
        Article(str(good), STORY_A, Source(path=str(good))),
    ]


def test_oversized_files_and_records_fail_alone(tmp_path: Path) -> None:
    big = tmp_path / "a-big.txt"
    big.write_text("x" * 100, encoding="utf-8")
    page_file = tmp_path / "b-page.html"
    page_file.write_text(LAKESHORE, encoding="utf-8")
    feed = tmp_path / "c-feed.jsonl"
    feed.write_text(
        jsonl({"text": "Short one."}, {"text": "y" * 200}, {"text": "Short two."}), encoding="utf-8"
    )
    table = tmp_path / "d-table.csv"
    table.write_text(f"text\nShort three.\n{'z' * 200}\nShort four.\n", encoding="utf-8")
    small = tmp_path / "e-small.txt"
    small.write_text("Sales rose.", encoding="utf-8")
    items = read(tmp_path, max_bytes=80)
    assert [a.id for a in articles(items)] == [
        "c-feed.jsonl:1",
        "c-feed.jsonl:3",
        "d-table.csv:2",
        "d-table.csv:4",
        "e-small.txt",
    ]
    assert [(Path(f.path).name, f.line, f.error) for f in failures(items)] == [
        ("a-big.txt", None, "OversizedInput"),
        ("b-page.html", None, "OversizedInput"),
        ("c-feed.jsonl", 2, "OversizedInput"),
        ("d-table.csv", 3, "OversizedInput"),
    ]
    reason = failures(items)[0].reason
    assert "100 bytes" in reason
    assert "80 bytes" in reason
    assert "--max-bytes" in reason


def test_invalid_options_are_refused() -> None:
    with pytest.raises(UsageError, match="unknown input format 'pdf'"):
        ReadOptions(input_format="pdf")
    with pytest.raises(UsageError, match="max-bytes"):
        ReadOptions(max_bytes=0)


# --- globs ----------------------------------------------------------------------------------


class GlobCase(NamedTuple):
    name: str
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    ids: list[str]


GLOB_CASES = [
    GlobCase("everything", (), (), ["2024/b.md", "2024/jan/a.txt", "c.TXT"]),
    GlobCase("by bare name", ("*.md",), (), ["2024/b.md"]),
    GlobCase("by relative path", ("2024/*",), (), ["2024/b.md", "2024/jan/a.txt"]),
    GlobCase("one file by name", ("a.txt",), (), ["2024/jan/a.txt"]),
    GlobCase("case matters", ("*.txt",), (), ["2024/jan/a.txt"]),
    GlobCase("exclude a folder", (), ("jan",), ["2024/b.md", "c.TXT"]),
    GlobCase("exclude by name", (), ("*.md",), ["2024/jan/a.txt", "c.TXT"]),
    GlobCase("exclude wins", ("*.txt", "*.TXT"), ("2024/*",), ["c.TXT"]),
    GlobCase("unknown formats stay out", ("*.png",), (), []),
]


@pytest.mark.parametrize("case", GLOB_CASES, ids=[case.name for case in GLOB_CASES])
def test_include_and_exclude(folder: Path, case: GlobCase) -> None:
    items = read(folder, include=case.include, exclude=case.exclude)
    assert [item.id for item in items] == case.ids


def test_globs_do_not_filter_files_given_by_name(folder: Path) -> None:
    path = folder / "c.TXT"
    assert [item.id for item in read(path, exclude=("*",))] == [str(path)]


# --- links, pipes and permissions -----------------------------------------------------------


def test_folder_symlink_loop_is_reported_once(folder: Path) -> None:
    link = folder / "2024" / "jan" / "back"
    link.symlink_to(folder, target_is_directory=True)
    (folder / "alias").symlink_to(folder / "2024", target_is_directory=True)  # no loop
    items = read(folder)
    assert [a.id for a in articles(items)] == ["2024/b.md", "2024/jan/a.txt", "c.TXT"]
    assert failures(items) == [
        Failure(str(link), "symlink loop: it leads back to a folder above it", "SymlinkLoop")
    ]


def test_file_symlink_loop_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "c.txt").write_text(STORY_C, encoding="utf-8")
    items = read(tmp_path, tmp_path / "a.txt")
    assert [(Path(item.path).name, item.error) for item in failures(items)] == [
        ("a.txt", "SymlinkLoop"),
        ("b.txt", "SymlinkLoop"),
        ("a.txt", "SymlinkLoop"),
    ]
    assert [a.id for a in articles(items)] == ["c.txt"]


def within(seconds: float, work: Callable[[], list[Article | Failure]]) -> list[Article | Failure]:
    """The result of ``work``, failing the test (not hanging it) when it blocks."""
    result: list[list[Article | Failure]] = []
    worker = threading.Thread(target=lambda: result.append(work()), daemon=True)
    worker.start()
    worker.join(seconds)
    assert result, f"no result after {seconds} s: the reader blocked"
    return result[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_is_not_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "x.txt"
    os.mkfifo(fifo)
    (tmp_path / "y.txt").write_text(STORY_B, encoding="utf-8")
    items = within(30, lambda: read(tmp_path, fifo))
    assert items == [
        Failure(str(fifo), "not a regular file", "NotARegularFile"),
        Article("y.txt", STORY_B, Source(path=str(tmp_path / "y.txt"))),
        Failure(str(fifo), "not a regular file", "NotARegularFile"),
    ]


_AS_NOBODY = """
import json, os, sys
from extractor.io import iter_articles

os.setgroups([])
os.setgid(65534)
os.setuid(65534)
print(json.dumps([[type(i).__name__, i.path if hasattr(i, "path") else i.source.path,
                   getattr(i, "error", None)] for i in iter_articles(sys.argv[1:])]))
"""


def _read_unprivileged(*paths: Path) -> list[list[str | None]]:
    """``[kind, path, error]`` of each item, read by a user that permissions apply to.

    As root, reads run in a subprocess that drops to nobody (uid and gid 65534) once Python
    is loaded, since the interpreter itself may sit where nobody cannot reach it.
    """
    if os.geteuid() != 0:
        return [
            [
                type(i).__name__,
                i.path if isinstance(i, Failure) else i.source.path,
                i.error if isinstance(i, Failure) else None,
            ]
            for i in read(*paths)
        ]
    done = subprocess.run(
        [sys.executable, "-c", _AS_NOBODY, *map(str, paths)],
        capture_output=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    result: list[list[str | None]] = json.loads(done.stdout)
    return result


def test_permission_denied_is_a_failure_and_reading_goes_on() -> None:
    base = Path(tempfile.mkdtemp(prefix="extractor-permissions-", dir="/tmp"))
    locked = base / "locked"
    secret = base / "secret.txt"
    try:
        base.chmod(0o755)
        locked.mkdir()
        (locked / "inside.txt").write_text(STORY_A, encoding="utf-8")
        (base / "open.txt").write_text(STORY_B, encoding="utf-8")
        (base / "open.txt").chmod(0o644)
        secret.write_text(STORY_C, encoding="utf-8")
        secret.chmod(0o000)
        locked.chmod(0o000)
        items = _read_unprivileged(base, secret)
    finally:
        locked.chmod(0o755)
        secret.chmod(0o644)
        shutil.rmtree(base)
    assert items == [
        ["Failure", str(locked), "PermissionError"],
        ["Article", str(base / "open.txt"), None],
        ["Failure", str(secret), "PermissionError"],
        ["Failure", str(secret), "PermissionError"],
    ]


# --- never an exception ---------------------------------------------------------------------


@settings(max_examples=80, deadline=None)
@given(
    data=st.one_of(
        st.binary(max_size=3000),
        st.lists(
            st.sampled_from(
                [
                    b"{",
                    b"}",
                    b'"text"',
                    b":",
                    b",",
                    b"\n",
                    b"\x00",
                    b"\xff",
                    b"text,id\n",
                    b'"',
                    b"WARC/1.0\r\n",
                    b"\r\n",
                    b"a",
                ]
            ),
            max_size=200,
        ).map(b"".join),
    ),
    suffix=st.sampled_from([".txt", ".jsonl", ".jsonl.gz", ".csv", ".html", ".warc", ".warc.gz"]),
)
def test_any_bytes_give_items_and_never_an_exception(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"input{suffix}"
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        items = read(path, max_bytes=2000)
    for item in items:
        if isinstance(item, Failure):
            assert item.path == str(path)
            assert item.reason
            assert item.error
        else:
            assert isinstance(item, Article)
            assert item.text.strip()
