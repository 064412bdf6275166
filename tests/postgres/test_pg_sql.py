"""SQL is parameterised: ids travel as parameters (or COPY data), never in a statement's text;
the names in the statements are the schema module's."""

from __future__ import annotations

import ast
import json
from pathlib import Path
from urllib.parse import urlsplit

import regex as re
from pg_server import PgServer, execute, query, table_counts
from sink_helpers import parse

import extractor.sinks.postgres as postgres_sink
from extractor.sinks import open_sink
from extractor.store.schema import ARTICLE_TABLES

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

#: Ids that would break, or inject into, SQL made by pasting them in.
HOSTILE = [
    "x'); DROP TABLE facts; --",
    "quote\" and 'apostrophe'",
    "100%s %(id)s $1 ?",
    "back\\slash\\N and \\.",
    "tab\tnew\nline",
    "ünïcödé 股票 🚀",
]
#: Everything a statement of the sink puts into its text with an f-string.
INTERPOLATED = {
    "SCHEMA_TABLE.name",
    "key",  # ARTICLES.article_key
    "table",  # ARTICLES.name
    "', '.join((t.name for t in ARTICLE_TABLES))",
    "table.name",
    "', '.join(table.column_names)",
}
SQL_START = re.compile(r"\s*+(?:SELECT|INSERT|UPDATE|DELETE|COPY|TRUNCATE|CREATE|DROP|ALTER)\b")
NAMES = [table.name for table in ARTICLE_TABLES]


def hostile_records(records: list[str]) -> list[str]:
    """The first records under the hostile ids."""
    return [json.dumps({**json.loads(r), "id": i}) for r, i in zip(records, HOSTILE, strict=False)]


def test_hostile_ids_are_stored_and_replaced_as_they_are(pg_url: str, records: list[str]) -> None:
    hostile = hostile_records(records)
    with open_sink(pg_url) as sink:
        sink.write(parse(hostile[:3]))
        sink.write(parse(hostile[3:]))
    counts = table_counts(pg_url, NAMES)
    assert {row[0] for row in query(pg_url, "SELECT id FROM articles")} == set(HOSTILE)
    with open_sink(pg_url) as sink:  # deleted by id and written again: the same rows
        sink.write(parse(hostile))
    assert table_counts(pg_url, NAMES) == counts
    with open_sink(pg_url, resume=True) as sink:
        assert sink.done_ids() == set(HOSTILE)
    facts = query(pg_url, "SELECT count(*) FROM facts WHERE article_id = %s", (HOSTILE[0],))
    assert facts == [(len(json.loads(records[0])["facts"]),)]


def test_the_server_sees_ids_only_as_parameters(
    postgres: PgServer, pg_url: str, records: list[str]
) -> None:
    database = urlsplit(pg_url).path.lstrip("/")
    execute(pg_url, f"ALTER DATABASE {database} SET log_statement = 'all'")
    start = postgres.log.stat().st_size
    with open_sink(pg_url) as sink:
        sink.write(parse(hostile_records(records)))
        sink.write(parse(hostile_records(records)))  # the second write deletes them by id
    with postgres.log.open(encoding="utf-8", errors="replace") as log:
        log.seek(start)
        lines = log.read().splitlines()
    assert any("DELETE FROM facts WHERE article_id IN ($1" in line for line in lines)
    mentioning = [line for line in lines if "DROP TABLE facts" in line]
    assert mentioning  # the statements were logged, with their parameters
    assert all("DETAIL:  parameters: " in line for line in mentioning), mentioning


def test_statements_interpolate_only_names_from_the_schema_module() -> None:
    source = Path(postgres_sink.__file__).read_text(encoding="utf-8")
    interpolated = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.JoinedStr):
            continue
        text = "".join(str(v.value) for v in node.values if isinstance(v, ast.Constant))
        if SQL_START.match(text):
            interpolated |= {
                ast.unparse(v.value) for v in node.values if isinstance(v, ast.FormattedValue)
            }
    assert interpolated == INTERPOLATED
