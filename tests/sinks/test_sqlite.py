"""SQLite: the normalised tables, read with the sqlite3 module and the sqlite3 command."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from sink_helpers import chunks, ids_of, parse

from extractor.errors import OutputError, OutputExistsError
from extractor.records import DocumentRecord
from extractor.sinks import open_sink
from extractor.sinks.sqlite import sql_value
from extractor.store.rows import record_rows
from extractor.store.schema import ARTICLE_TABLES, STORE_SCHEMA_VERSION

SQLITE3 = shutil.which("sqlite3")


def write(out: Path, records: list[str], *, force: bool = False) -> None:
    with open_sink(str(out), force=force) as sink:
        for chunk in chunks(records, 5):
            sink.write(parse(chunk))


def count(out: Path, table: str) -> int:
    with sqlite3.connect(out) as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_every_table_holds_the_store_rows(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    expected = {table.name: 0 for table in ARTICLE_TABLES}
    for record in records:
        for name, rows in record_rows(DocumentRecord.model_validate_json(record)).items():
            expected[name] += len(rows)
    assert {name: count(out, name) for name in expected} == expected
    with sqlite3.connect(out) as db:
        (version,) = db.execute("SELECT version FROM schema_version").fetchall()
        assert version == (STORE_SCHEMA_VERSION,)
        row = db.execute("SELECT * FROM facts WHERE article_id = 't6-1'").fetchone()
        names = [d[0] for d in db.execute("SELECT * FROM facts LIMIT 0").description]
    margin = DocumentRecord.model_validate_json(records[13])
    assert margin.id == "t6-1"  # the gross margin of 41.25%: stored as a REAL
    (fact,) = record_rows(margin)["facts"]
    assert row == tuple(float(v) if isinstance(v, Decimal) else v for v in fact)
    assert names[:4] == ["article_id", "seq", "company", "metric"]


def test_numbers_are_stored_as_numbers(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    with sqlite3.connect(out) as db:
        values = dict(
            db.execute(
                "SELECT metric, value FROM facts WHERE article_id IN ('t4-0', 't6-0', 't0-0')"
            ).fetchall()
        )
        types = {t for (t,) in db.execute("SELECT DISTINCT typeof(value) FROM facts")}
    assert values == {"net_loss": 427000000, "gross_margin": 41.25, "revenue": 1420000000}
    assert types <= {"integer", "real", "null"}


def test_journal_files_are_gone_after_close(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.db"]


@pytest.mark.skipif(SQLITE3 is None, reason="the sqlite3 command is not installed")
def test_the_sqlite3_command_reads_facts_of_a_company_by_period(
    tmp_path: Path, records: list[str]
) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    query = (
        "SELECT article_id, metric, value, period_key FROM facts "
        "WHERE company = 'Acme Robotics' AND article_id LIKE '%-0' ORDER BY period_key"
    )
    result = subprocess.run(
        [str(SQLITE3), "-json", "-readonly", str(out), query],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(result.stdout) == [
        {"article_id": "t2-0", "metric": "net_income", "value": 212500000, "period_key": "2025-Q1"},
        {"article_id": "t1-0", "metric": "revenue", "value": 1310000000, "period_key": "2025-Q2"},
        {"article_id": "t0-0", "metric": "revenue", "value": 1420000000, "period_key": "2025-Q3"},
    ]
    tables = subprocess.run(
        [str(SQLITE3), str(out), ".tables"], capture_output=True, text=True, check=True
    )
    assert set(tables.stdout.split()) == {
        "articles",
        "companies",
        "facts",
        "mentions",
        "schema_version",
    }


def test_an_id_written_again_keeps_its_first_record(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    before = {t.name: count(out, t.name) for t in ARTICLE_TABLES}
    with open_sink(str(out), resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records))
        sink.write(parse(records[:10]))
        sink.write(parse(records[5:10] + records[5:6]))
    assert {t.name: count(out, t.name) for t in ARTICLE_TABLES} == before
    # an id written again with other content keeps its first record (extractor.duplicate_ids)
    renamed = json.loads(records[5])  # no facts
    renamed["id"] = "t0-0"
    with open_sink(str(out), resume=True) as sink:
        sink.write(parse([json.dumps(renamed)]))
    with sqlite3.connect(out) as db:
        assert db.execute("SELECT count(*) FROM facts WHERE article_id = 't0-0'").fetchone() == (1,)
        assert db.execute("SELECT n_facts FROM articles WHERE id = 't0-0'").fetchone() == (1,)


def test_a_resumed_run_skips_what_is_in_the_database(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    sink = open_sink(str(out))
    sink.write(parse(records[:7]))
    sink.abort()
    with pytest.raises(OutputExistsError):
        open_sink(str(out))
    with open_sink(str(out), resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records[:7]))
        sink.write(parse(records[7:]))
    assert count(out, "articles") == len(records)


def test_another_schema_version_is_refused(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records[:3])
    with sqlite3.connect(out) as db:
        db.execute("UPDATE schema_version SET version = ?", (STORE_SCHEMA_VERSION + 1,))
    wanted = (
        rf"schema version {STORE_SCHEMA_VERSION + 1}, this version writes {STORE_SCHEMA_VERSION}"
    )
    with pytest.raises(OutputError, match=wanted):
        open_sink(str(out), resume=True)
    write(out, records[:2], force=True)  # force replaces it
    assert count(out, "articles") == 2


def test_a_database_made_by_something_else_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "other.sqlite"
    with sqlite3.connect(out) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(OutputError, match="did not make"):
        open_sink(str(out), resume=True)
    out.write_bytes(b"this is not a database, only text" * 10)
    with pytest.raises(OutputError, match="cannot be used"):
        open_sink(str(out), resume=True)


def test_force_removes_the_journal_files(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.sqlite3"
    write(out, records[:3])
    (tmp_path / "out.sqlite3-wal").write_bytes(b"stale")
    (tmp_path / "out.sqlite3-shm").write_bytes(b"stale")
    write(out, records[3:5], force=True)
    assert count(out, "articles") == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.sqlite3"]


def test_decimals_become_int_or_text() -> None:
    assert sql_value(Decimal("4.27E+8")) == 427000000
    assert sql_value(Decimal("1.07")) == "1.07"
    assert sql_value(Decimal("1e30")) == "1000000000000000000000000000000"  # beyond int64
    assert sql_value(None) is None and sql_value(3) == 3


def test_metadata_numbers_stay_numbers(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.db"
    write(out, records)
    with sqlite3.connect(out) as db:
        query = "SELECT meta FROM articles WHERE source_path IS NOT NULL"
        metas = [json.loads(meta) for (meta,) in db.execute(query)]
    assert metas
    assert all(meta == {"feed": "samples", "score": 0.25} for meta in metas)


def test_mentions_keep_how_money_and_percentages_were_read(tmp_path: Path) -> None:
    from extractor import extract

    text = (
        "Savings of £60m-£70m a year; margins of 8-14%; a dividend of no less than 5p a share "
        "($1 = 83.1200 Indian rupees)."
    )
    out = tmp_path / "out.db"
    write(out, [extract(text, doc_id="q").to_json()])
    with sqlite3.connect(out) as db:
        rows = db.execute(
            "SELECT text, value, currency, kind, currency_source, range_role, qualifier, "
            "per_share, rate_base, rate_quote, rate FROM mentions "
            "WHERE label IN ('MONEY', 'PERCENT') ORDER BY seq"
        ).fetchall()
    assert rows == [
        ("£60m", 60000000, "GBP", None, "symbol", "low", None, 0, None, None, None),
        ("£70m", 70000000, "GBP", None, "symbol", "high", None, 0, None, None, None),
        ("8", 8, None, "percent", None, "low", None, None, None, None, None),
        ("14%", 14, None, "percent", None, "high", None, None, None, None, None),
        ("5p", 0.05, "GBP", None, "symbol", None, "at_least", 1, None, None, None),
        ("$1", 1, "USD", None, "symbol", None, None, 0, "USD", "INR", 83.12),
        ("83.1200 Indian rupees", 83.12, "INR", None, "name", None, None, 0, "USD", "INR", 83.12),
    ]
