"""Hostile input against the batch (issue 11): lone surrogates, documents that run too long,
decompression bombs, malformed WARC, spreadsheet formulas. One bad document is one failure
naming it; the rest is written; nothing stops the batch; a resume completes."""

from __future__ import annotations

import csv
import gzip
import json
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from extractor.batch import BatchConfig, batch
from extractor.batch.timelimit import TimeLimitExceeded, time_limit
from extractor.batch.workers import ChunkProcessor, PipelineSpec
from extractor.cli import app
from extractor.io import Article, Failure, ReadOptions, iter_articles
from extractor.records import Source

runner = CliRunner()
NAMES = {"jsonl": "out.jsonl", "csv": "out.csv", "parquet": "out.parquet", "sqlite": "out.db"}


def _errors(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


# --- lone surrogates ----------------------------------------------------------------------

#: JSONL as a fuzzer or a broken exporter writes it: \udfff escapes that JSON decodes to lone
#: surrogates, in an id, in metadata (nested too), and in a text.
SURROGATE_LINES = [
    '{"id": "a1", "text": "Acme Corp said revenue rose 5% to $3m."}',
    '{"id": "bad\\udfff", "text": "Beta Inc said profit rose 2%."}',
    '{"id": "m1", "text": "Gamma Corp net income fell 3%.", "feed": {"tags": ["x\\udc80y"]}}',
    '{"id": "t1", "text": "Delta Corp \\udfff revenue rose 9% to $4m."}',
    '{"id": "ok2", "text": "Omega Inc revenue rose 1% to $1m.", "url": "http://e.x/\\ud800"}',
    '{"id": "ok3", "text": "Sigma Corp revenue rose 7% to $2m."}',
]


@pytest.mark.parametrize("kind", list(NAMES))
def test_surrogates_in_ids_and_metadata_fail_alone_and_a_resume_completes(
    tmp_path: Path, kind: str
) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join(SURROGATE_LINES) + "\n", encoding="utf-8")
    output = tmp_path / NAMES[kind]
    arguments = ["batch", str(feed), "-o", str(output), "--chunk-size", "3"]
    if kind == "csv":
        arguments += ["--table", "articles"]
    first = runner.invoke(app, arguments)
    assert first.exit_code == 1, first.output
    assert "Traceback" not in first.output
    entries = _errors(Path(f"{output}.errors.jsonl"))
    assert [(e["line"], e["error"]) for e in entries] == [
        (2, "InvalidUnicode"),
        (3, "InvalidUnicode"),
        (5, "InvalidUnicode"),
    ]
    assert "'id' field holds a lone surrogate" in entries[0]["reason"]
    assert "'feed' field" in entries[1]["reason"] and "'url' field" in entries[2]["reason"]
    resumed = runner.invoke(app, [*arguments, "--resume"])
    assert resumed.exit_code == 1  # the same three fail again, and nothing else
    assert "3 already done, skipped" in resumed.stderr
    if kind == "jsonl":
        records = [json.loads(line) for line in output.read_text("utf-8").splitlines()]
        assert [r["id"] for r in records] == ["a1", "t1", "ok3"]
        text_record = records[1]
        money = text_record["money"][0]  # offsets kept: the surrogate became one U+FFFD
        assert (money["text"], money["start"]) == ("$4m", 32)


def test_a_surrogate_in_a_file_name_gives_a_record(tmp_path: Path) -> None:
    name = "caf\udce9.txt"  # a Latin-1 file name, as os.scandir gives it (surrogateescape)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / name).write_text("Acme Corp said revenue rose 5% to $3m.", encoding="utf-8")
    output = tmp_path / "out.jsonl"
    summary = batch([str(tmp_path / "in")], str(output))
    assert (summary.documents, summary.errors) == (1, 0)
    record = json.loads(output.read_text("utf-8"))
    assert record["id"] == "caf\ufffd.txt"


class Boom:
    """A stand-in pipeline whose second text raises and whose third record cannot become
    JSON: what the guard of each article must catch."""

    class Record:
        def __init__(self, doc_id: str, broken: bool) -> None:
            self.id, self._broken = doc_id, broken
            self.facts: list[object] = []

        def to_json(self) -> str:
            if self._broken:
                raise UnicodeEncodeError("utf-8", "\udfff", 0, 1, "surrogates not allowed")
            return json.dumps({"id": self.id})

    def pipe(self, texts: Any, *, doc_ids: Any, sources: Any, batch_size: int) -> Any:
        for text, doc_id, _ in zip(texts, doc_ids, sources, strict=True):
            if text == "raise":
                raise ValueError("a component failed")
            yield self.Record(doc_id, broken=text == "unencodable")


def test_everything_for_one_article_is_inside_its_guard() -> None:
    processor = ChunkProcessor.__new__(ChunkProcessor)
    processor.spec, processor.extractor = PipelineSpec(), Boom()  # type: ignore[assignment]
    texts = ["fine", "raise", "unencodable", "fine too"]
    articles = [Article(f"d{n}", t, Source(path="f.jsonl", line=n)) for n, t in enumerate(texts)]
    result = processor(articles, timeout=5)
    assert [d.id for d in result.done] == ["d0", "d3"]
    assert [(f.id, f.error, f.line) for f in result.failures] == [
        ("d1", "ValueError", 1),
        ("d2", "UnicodeEncodeError", 2),
    ]


# --- time limit per document --------------------------------------------------------------

#: Financial text dense in mentions; at 3 MB it takes far longer than the limits below.
DENSE = "Revenue rose 5% to $3m. " * (3_000_000 // 24)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_past_its_time_limit_fails_alone(tmp_path: Path, workers: int) -> None:
    feed = tmp_path / "news.csv"
    with feed.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "text"])
        writer.writerow(["before", "Acme Corp said revenue rose 5% to $3 million."])
        writer.writerow(["dense", DENSE])
        writer.writerow(["after", "Beta Inc said net income fell 2% to $1 million."])
    output = tmp_path / "out.jsonl"
    started = time.monotonic()
    summary = batch(
        [str(feed)],
        str(output),
        config=BatchConfig(workers=workers, chunk_size=8, doc_timeout=1.0),
    )
    assert time.monotonic() - started < 60  # the limit, the workers' start, and the rest
    ids = [json.loads(line)["id"] for line in output.read_text("utf-8").splitlines()]
    assert ids == ["before", "after"]
    (entry,) = _errors(Path(f"{output}.errors.jsonl"))
    assert (entry["id"], entry["error"], entry["line"], entry["path"]) == (
        "dense",
        "TimeLimit",
        3,
        str(feed),
    )
    assert "longer than the limit of 1s per document (--doc-timeout)" in entry["reason"]
    assert summary.errors == 1


def test_the_time_limit_works_in_any_thread() -> None:
    caught: list[str] = []

    def work() -> None:
        try:
            with time_limit(0.2):
                while True:
                    pass
        except TimeLimitExceeded as exc:
            caught.append(str(exc))
        with time_limit(0.3):  # a limit that is not reached leaves nothing behind
            time.sleep(0.05)
        time.sleep(0.4)
        caught.append("no stray exception")

    thread = threading.Thread(target=work)  # as a Dask worker runs its tasks
    thread.start()
    thread.join(10)
    assert caught == ["took longer than 0.2s", "no stray exception"]


def test_doc_timeout_on_the_command_line(tmp_path: Path) -> None:
    bad = runner.invoke(app, ["batch", str(tmp_path), "-o", "x.jsonl", "--doc-timeout", "soon"])
    assert bad.exit_code == 2
    assert "'--doc-timeout'" in bad.stderr and "number of seconds" in bad.stderr
    help_text = runner.invoke(app, ["batch", "--help"]).stdout
    assert "--doc-timeout" in help_text and "default 60" in help_text
    assert BatchConfig().doc_timeout == 60


# --- decompression bombs ------------------------------------------------------------------


def _bomb(path: Path, head: bytes, blank_mb: int) -> None:
    with gzip.open(path, "wb", compresslevel=1) as handle:
        handle.write(head)
        block = b"\n" * (1 << 20)
        for _ in range(blank_mb):
            handle.write(block)


@pytest.mark.parametrize(
    ("name", "head", "documents"),
    [
        ("bomb.csv.gz", b"id,text\n", 0),
        ("bomb.jsonl.gz", b'{"id": "a", "text": "Acme Corp revenue rose 5% to $3m."}\n', 1),
    ],
)
def test_blank_lines_past_the_cap_are_one_error_found_fast(
    tmp_path: Path, name: str, head: bytes, documents: int
) -> None:
    bomb = tmp_path / name
    _bomb(bomb, head, blank_mb=64)  # 64 MB of blank lines in about 100 KB
    assert bomb.stat().st_size < 1_000_000
    options = ReadOptions(max_bytes=2 * 2**20)
    started = time.process_time()
    items = list(iter_articles([str(bomb)], options))
    assert time.process_time() - started < 5  # not all 64 MB were unpacked
    failures = [i for i in items if isinstance(i, Failure)]
    assert len(items) - len(failures) == documents
    (failure,) = failures
    assert (failure.error, failure.line) == ("OversizedInput", 2)
    assert failure.reason.startswith(f"more than {2 * 2**20} bytes without a document")


def test_a_plain_file_has_the_same_cap(tmp_path: Path) -> None:
    plain = tmp_path / "feed.jsonl"
    plain.write_bytes(b'{"id": "a", "text": "Acme revenue rose 5%."}\n' + b"\n" * 3000 + b"{}\n")
    article, failure = iter_articles([str(plain)], ReadOptions(max_bytes=2000))
    assert isinstance(article, Article) and article.id == "a"
    assert isinstance(failure, Failure)
    assert (failure.error, failure.line) == ("OversizedInput", 2)


def test_a_compressed_line_past_the_cap_ends_the_input(tmp_path: Path) -> None:
    bomb = tmp_path / "long.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as handle:
        handle.write(b'{"id": "a", "text": "' + b"x" * (8 << 20) + b'"}\n')
        handle.write(b'{"id": "b", "text": "Acme Corp revenue rose 5% to $3m."}\n')
    (failure,) = iter_articles([str(bomb)], ReadOptions(max_bytes=1 << 20))
    assert isinstance(failure, Failure)
    assert (failure.error, failure.line) == ("OversizedInput", 1)
    assert "a compressed input is not read past such a line" in failure.reason


# --- malformed WARC -----------------------------------------------------------------------


def test_a_malformed_warc_record_gets_a_readable_reason(tmp_path: Path) -> None:
    crawl = tmp_path / "crawl.warc"
    crawl.write_bytes(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nhello")  # no Content-Type
    (failure,) = iter_articles([str(crawl)])
    assert isinstance(failure, Failure)
    assert failure.error == "InvalidWarc"
    assert failure.reason.startswith("malformed WARC record at offset 0: its headers cannot")
    assert "NoneType" not in failure.reason


# --- spreadsheet formulas -----------------------------------------------------------------


def test_a_csv_input_id_that_is_a_formula_is_neutralised_in_csv_output(tmp_path: Path) -> None:
    feed = tmp_path / "in.csv"
    feed.write_text(
        'id,text\n"=HYPERLINK(""http://x"")",Acme Corp said revenue rose 5% to $3 million.\n',
        encoding="utf-8",
    )
    output = tmp_path / "facts.csv"
    assert runner.invoke(app, ["batch", str(feed), "-o", str(output)]).exit_code == 0
    with output.open(encoding="utf-8", newline="") as handle:
        _, *rows = list(csv.reader(handle))
    cells = [cell for row in rows for cell in row]
    assert '\'=HYPERLINK("http://x")' in cells
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)
    raw = tmp_path / "raw.csv"
    result = runner.invoke(app, ["batch", str(feed), "-o", str(raw), "--csv-raw"])
    assert result.exit_code == 0
    assert '"=HYPERLINK(""http://x"")"' in raw.read_text("utf-8")
    refused = runner.invoke(app, ["batch", str(feed), "-o", str(tmp_path / "x.db"), "--csv-raw"])
    assert refused.exit_code == 2 and "--csv-raw is about a CSV output" in refused.stderr


def test_an_unexpected_reader_error_ends_that_input_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import extractor.io.read as sources

    real = sources.read_stream

    def buggy(stream: Any, *, origin: Any, input_format: str, options: Any) -> Any:
        if origin.name == "a.txt":  # a reader's bug, met on this file alone
            raise AttributeError("'NoneType' object has no attribute 'startswith'")
        yield from real(stream, origin=origin, input_format=input_format, options=options)

    monkeypatch.setattr(sources, "read_stream", buggy)
    (tmp_path / "a.txt").write_text("Acme Corp said revenue rose 5%.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Beta Inc said revenue rose 6%.", encoding="utf-8")
    failure, article = iter_articles([str(tmp_path)])
    assert isinstance(failure, Failure) and failure.error == "AttributeError"
    assert failure.reason.startswith("reading stopped by an unexpected error: AttributeError")
    assert isinstance(article, Article) and article.id == "b.txt"
