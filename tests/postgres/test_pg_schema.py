"""``extractor db init URL``: the tables of the schema module, their keys and indexes, a
version table; safe to run again; another layout refused; the search_path chosen in the URL."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from pg_server import execute, query
from sink_helpers import parse
from typer.testing import CliRunner, Result

from extractor.cli import app
from extractor.errors import OutputError
from extractor.sinks import open_sink
from extractor.store.schema import STORE_SCHEMA_VERSION, TABLES

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

runner = CliRunner()
#: What PostgreSQL calls the logical column types of the schema module: amounts exact.
PG_TYPES = {"text": "text", "int": "bigint", "decimal": "numeric", "json": "jsonb"}
IN_SCHEMA = "table_schema = %s"


def init(url: str) -> Result:
    return runner.invoke(app, ["db", "init", url])


def columns(url: str, schema: str = "public") -> set[tuple[str, str, str, str]]:
    rows = query(
        url,
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns "
        f"WHERE {IN_SCHEMA}",
        (schema,),
    )
    return {(str(t), str(c), str(d), str(n)) for t, c, d, n in rows}


def test_init_creates_the_tables_of_the_schema_module(pg_url: str) -> None:
    result = init(pg_url)
    assert result.exit_code == 0, result.output
    assert f"created the tables (store schema version {STORE_SCHEMA_VERSION})" in result.stderr
    assert columns(pg_url) == {
        (table.name, c.name, PG_TYPES[c.type], "YES" if c.nullable else "NO")
        for table in TABLES
        for c in table.columns
    }
    assert query(pg_url, "SELECT version FROM schema_version") == [(STORE_SCHEMA_VERSION,)]


def test_the_keys_and_indexes_are_those_of_the_schema_module(pg_url: str) -> None:
    assert init(pg_url).exit_code == 0
    keys = query(
        pg_url,
        "SELECT t.relname, i.indisprimary, array_agg(a.attname ORDER BY k.n) "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "JOIN pg_namespace s ON s.oid = t.relnamespace "
        "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, n) "
        "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
        "WHERE s.nspname = 'public' GROUP BY i.indexrelid, t.relname, i.indisprimary",
    )
    assert {(t, primary, tuple(names)) for t, primary, names in keys} == {
        (table.name, True, table.primary_key) for table in TABLES
    } | {(table.name, False, index) for table in TABLES for index in table.indexes}


def test_sqlite_gets_the_same_tables(pg_url: str, tmp_path: Path) -> None:
    assert init(pg_url).exit_code == 0
    open_sink(str(tmp_path / "out.db")).close()
    with sqlite3.connect(tmp_path / "out.db") as db:
        in_sqlite = {
            (table.name, row[1])
            for table in TABLES
            for row in db.execute(f"PRAGMA table_info({table.name})")
        }
    assert in_sqlite == {(t, c) for t, c, _, _ in columns(pg_url)}


def test_init_again_changes_nothing(pg_url: str, records: list[str]) -> None:
    assert init(pg_url).exit_code == 0
    with open_sink(pg_url) as sink:
        sink.write(parse(records[:3]))
    again = init(pg_url)
    assert again.exit_code == 0, again.output
    assert "the tables are there already" in again.stderr
    assert query(pg_url, "SELECT count(*) FROM schema_version") == [(1,)]
    assert query(pg_url, "SELECT count(*) FROM articles") == [(3,)]


def test_init_refuses_a_database_of_another_schema_version(pg_url: str) -> None:
    assert init(pg_url).exit_code == 0
    execute(pg_url, "UPDATE schema_version SET version = 99")
    result = init(pg_url)
    assert result.exit_code == 1
    message = f"has store schema version 99, this version writes {STORE_SCHEMA_VERSION}"
    assert message in result.stderr
    with pytest.raises(OutputError, match=message):  # and so does a batch run
        open_sink(pg_url)
    assert query(pg_url, "SELECT version FROM schema_version") == [(99,)]


def test_init_refuses_tables_that_it_did_not_make(pg_url: str) -> None:
    execute(pg_url, "CREATE TABLE articles (x int)")
    result = init(pg_url)
    assert result.exit_code == 1
    assert "has tables named articles but no schema_version table" in result.stderr


def test_search_path_in_the_url_chooses_the_schema(pg_url: str, records: list[str]) -> None:
    execute(pg_url, "CREATE SCHEMA news")
    url = f"{pg_url}?options=-csearch_path%3Dnews"
    assert init(url).exit_code == 0
    assert {t for t, *_ in columns(pg_url, "news")} == {table.name for table in TABLES}
    assert columns(pg_url, "public") == set()
    with open_sink(url) as sink:
        sink.write(parse(records[:2]))
    assert query(pg_url, "SELECT count(*) FROM news.articles") == [(2,)]


def test_a_search_path_without_the_schema_is_an_error(pg_url: str) -> None:
    result = init(f"{pg_url}?options=-csearch_path%3Dmissing")
    assert result.exit_code == 1
    assert "cannot create the tables: no schema has been selected to create in" in result.stderr


def test_init_takes_database_urls_only() -> None:
    result = init("news.db")
    assert result.exit_code == 2
    assert "not a database URL" in result.stderr


def test_db_commands_have_help() -> None:
    for command in (["db", "--help"], ["db", "init", "--help"]):
        result = runner.invoke(app, command)
        assert result.exit_code == 0
        assert "PostgreSQL" in result.stdout or "Create the tables" in result.stdout
