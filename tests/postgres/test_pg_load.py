"""Batch runs into a real PostgreSQL server: the rows of the JSONL output, re-runs, --resume,
--force. Each test gets a new database (``pg_url``)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPORA, shared_path
from pg_server import (
    PgServer,
    execute,
    expected_rows,
    own_texts,
    query,
    read_records,
    stored_rows,
    table_counts,
)
from sink_helpers import parse

from extractor.batch import BatchConfig, BatchSummary, batch
from extractor.errors import UsageError
from extractor.records import DocumentRecord
from extractor.sinks import open_sink
from extractor.store.schema import ARTICLE_TABLES

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

NAMES = [table.name for table in ARTICLE_TABLES]
#: Reuters stories loaded by the test on that corpus: enough for many chunks, quick to extract.
REUTERS_STORIES = 200


@dataclass(frozen=True)
class Corpus:
    """An input, and the records and SQLite counts that batch runs made of it."""

    inputs: list[str]
    records: list[dict[str, Any]]
    sqlite_counts: dict[str, int]

    def record_as(self, record_id: str, new_id: str) -> str:
        """The JSON of the record ``record_id``, under ``new_id``."""
        found = next(r for r in self.records if r["id"] == record_id)
        return DocumentRecord.model_validate({**found, "id": new_id}).to_json()


def load(inputs: list[str], output: str, **options: Any) -> BatchSummary:
    """``batch`` in chunks of 4 (failures beside an output file; none for a database)."""
    return batch(inputs, output, config=BatchConfig(workers=1, chunk_size=4), **options)


def make_corpus(inputs: list[str], folder: Path) -> Corpus:
    load(inputs, str(folder / "out.jsonl"))
    load(inputs, str(folder / "out.db"))
    with sqlite3.connect(folder / "out.db") as db:
        counts = {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in NAMES}
    return Corpus(inputs, read_records(folder / "out.jsonl"), counts)


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The sample articles and our short texts three times over: 26 documents."""
    folder = tmp_path_factory.mktemp("own")
    texts = own_texts(folder / "texts.jsonl", copies=3)
    return make_corpus([str(CORPORA / "samples"), str(texts)], folder)


@pytest.fixture(scope="module")
def reuters(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    """The first Reuters-21578 stories (skipped where ../shared is absent)."""
    source = shared_path("corpora", "reuters21578.jsonl")
    folder = tmp_path_factory.mktemp("reuters")
    with source.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(REUTERS_STORIES)]
    stories = folder / "reuters.jsonl"
    stories.write_text("".join(lines), encoding="utf-8")
    return make_corpus([str(stories)], folder)


@pytest.fixture(scope="module", params=["own", "reuters"])
def corpus(request: pytest.FixtureRequest) -> Corpus:
    found: Corpus = request.getfixturevalue(request.param)
    return found


@pytest.fixture(scope="module")
def loaded(corpus: Corpus, postgres: PgServer) -> tuple[str, BatchSummary]:
    """A new database that ``corpus`` was loaded into, and the summary of that run."""
    postgres.ensure_running()
    url = postgres.create_database()
    return url, load(corpus.inputs, url)


def test_a_load_holds_the_rows_of_the_jsonl_output_and_the_counts_of_sqlite(
    corpus: Corpus, loaded: tuple[str, BatchSummary]
) -> None:
    url, summary = loaded
    assert summary.documents == len(corpus.records)
    assert summary.facts == sum(len(r["facts"]) for r in corpus.records) > 0
    assert table_counts(url, NAMES) == corpus.sqlite_counts
    assert corpus.sqlite_counts["mentions"] > corpus.sqlite_counts["articles"]
    assert stored_rows(url) == expected_rows(corpus.records)


def test_facts_read_back_equal_those_of_the_jsonl_output(
    corpus: Corpus, loaded: tuple[str, BatchSummary]
) -> None:
    stored = query(
        loaded[0],
        "SELECT article_id, metric, value, currency, change_percent, change_direction, "
        "period_label, company FROM facts",
    )
    expected = Counter(
        (
            record["id"],
            fact["metric"],
            (fact["value"] or {}).get("amount"),
            (fact["value"] or {}).get("currency"),
            (fact["change"] or {}).get("percent"),
            (fact["change"] or {}).get("direction"),
            (fact["period"] or {}).get("label"),
            fact["company"],
        )
        for record in corpus.records
        for fact in record["facts"]
    )
    assert Counter(stored) == expected
    amounts = [row[2] for row in stored if row[2] is not None]
    assert amounts
    assert all(isinstance(amount, Decimal) for amount in amounts)  # NUMERIC, never a float


def test_exact_amounts_keep_their_digits(own: Corpus, pg_url: str) -> None:
    load(own.inputs, pg_url)
    rows = query(
        pg_url,
        "SELECT value::text, change_percent::text FROM facts WHERE article_id = %s AND metric = %s",
        ("own-0-2", "net_income"),
    )
    assert rows == [("212500000", "31")]
    (margin,) = query(pg_url, "SELECT value FROM facts WHERE article_id = %s", ("own-1-6",))
    assert margin == (Decimal("41.25"),)


def test_running_again_replaces_articles_without_duplicates(own: Corpus, pg_url: str) -> None:
    load(own.inputs, pg_url)
    execute(pg_url, "UPDATE articles SET main_company = 'MARK' WHERE id = 'own-0-0'")
    again = load(own.inputs, pg_url)
    assert (again.documents, again.skipped) == (len(own.records), 0)
    assert stored_rows(pg_url) == expected_rows(own.records)  # the mark is written over
    # an article written with other content has only its new rows; the others are untouched
    with open_sink(pg_url) as sink:
        sink.write(parse([own.record_as("own-0-5", "own-0-0")]))  # a text without facts
    assert query(pg_url, "SELECT count(*) FROM facts WHERE article_id = 'own-0-0'") == [(0,)]
    assert table_counts(pg_url, ["facts"])["facts"] == own.sqlite_counts["facts"] - 1


def test_resume_skips_the_articles_written(own: Corpus, pg_url: str) -> None:
    samples, texts = own.inputs
    first = load([samples], pg_url)
    execute(pg_url, "UPDATE articles SET main_company = 'MARK'")
    resumed = load([samples, texts], pg_url, resume=True)
    assert (resumed.skipped, resumed.documents) == (first.documents, len(own.records) - 5)
    assert first.documents == 5
    marked = query(pg_url, "SELECT count(*) FROM articles WHERE main_company = 'MARK'")
    assert marked == [(5,)]  # skipped, not written again
    assert table_counts(pg_url, NAMES) == own.sqlite_counts


def test_force_deletes_every_article_first(
    own: Corpus, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    with open_sink(pg_url) as sink:
        sink.write(parse([own.record_as("own-0-0", "stale-1")]))
    caplog.set_level(logging.WARNING, logger="extractor.sinks.postgres")
    summary = load(own.inputs, pg_url, force=True)
    assert summary.documents == len(own.records)
    assert "--force: deleting the 1 articles" in caplog.text
    assert query(pg_url, "SELECT count(*) FROM articles WHERE id = 'stale-1'") == [(0,)]
    assert stored_rows(pg_url) == expected_rows(own.records)


def test_resume_and_force_exclude_each_other(pg_url: str) -> None:
    with pytest.raises(UsageError, match="exclude each other"):
        open_sink(pg_url, resume=True, force=True)


def test_a_nul_character_in_an_input_is_stored_as_a_replacement_character(
    pg_url: str, tmp_path: Path
) -> None:
    source = tmp_path / "nul.jsonl"
    rows = [
        {"id": "in-meta", "text": "TeraWulf posted a $427 million net loss.", "note": "a\x00b"},
        {"id": "in-text", "text": "Acme Robotics\x00 Inc. reported revenue of $1.42 billion."},
    ]
    source.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    summary = load([str(source)], pg_url)
    assert (summary.documents, summary.errors) == (2, 0)
    assert query(pg_url, "SELECT meta->>'note' FROM articles WHERE id = 'in-meta'") == [
        ("a\ufffdb",)
    ]
    assert ("Acme Robotics\ufffd Inc",) in query(pg_url, "SELECT text FROM mentions")
