"""Passwords never shown: URLs redacted, messages sanitised; database URLs choose the sink."""

from __future__ import annotations

import time

import pytest

from extractor.errors import OutputError, UsageError
from extractor.sinks import open_sink, sink_format
from extractor.sinks.postgres import redact_url, sanitize

REDACT = [
    ("postgresql://etl:s3cret@db:5433/news", "postgresql://etl@db:5433/news"),
    ("postgres://etl@db/news", "postgres://etl@db/news"),
    ("postgresql://db/news", "postgresql://db/news"),
    ("postgresql://etl:p%40ss:w@rd@db/news", "postgresql://etl@db/news"),
    ("postgresql://etl:@[::1]:5432/news", "postgresql://etl@[::1]:5432/news"),
    (
        "postgresql://etl@db/news?sslmode=require&password=s3cret&application_name=x",
        "postgresql://etl@db/news?sslmode=require&application_name=x",
    ),
    ("postgresql://etl@db/news?PASSWORD=s3cret", "postgresql://etl@db/news"),
    (
        "postgresql://etl@db/news?options=-csearch_path%3Dnews",
        "postgresql://etl@db/news?options=-csearch_path%3Dnews",
    ),
    ("host=db user=etl password=s3cret dbname=news", "host=db user=etl password=*** dbname=news"),
    ("host=db password = 'a \\' b' dbname=news", "host=db password = *** dbname=news"),
]


@pytest.mark.parametrize(("url", "shown"), REDACT, ids=[shown for _, shown in REDACT])
def test_redact_url(url: str, shown: str) -> None:
    assert redact_url(url) == shown


SANITIZE = [
    ('could not use "postgresql://etl:s3cret@db/news"', 'could not use "postgresql://etl@db/news"'),
    ("conninfo: password=s3cret host=db", "conninfo: password=*** host=db"),
    ("PGPASSWORD=s3cret psql", "PGPASSWORD=*** psql"),
    ("?sslpassword=s3cret&x=1", "?sslpassword=***&x=1"),
    ('invalid percent-encoded token: "s3%zzcret"', 'invalid percent-encoded token: "***"'),
    (
        'FATAL:  password authentication failed for user "etl"',
        'FATAL:  password authentication failed for user "etl"',
    ),
    (
        "connection to server at 127.0.0.1:5432 failed",
        "connection to server at 127.0.0.1:5432 failed",
    ),
]


@pytest.mark.parametrize(("message", "clean"), SANITIZE, ids=[c for _, c in SANITIZE])
def test_sanitize(message: str, clean: str) -> None:
    assert sanitize(message) == clean


def test_sanitize_takes_out_known_secrets() -> None:
    assert sanitize("token s3cret and s3cret", secrets=["s3cret", ""]) == "token *** and ***"


HOSTILE = ["a." * 50_000, "://" * 50_000, "password='" * 20_000, 'encoded token: "' * 9_000]


@pytest.mark.parametrize("message", HOSTILE, ids=[h[:12] for h in HOSTILE])
def test_sanitize_is_linear_on_hostile_input(message: str) -> None:
    started = time.perf_counter()
    sanitize(message + "://u:" + "p" * 100_000 + "@h")
    assert time.perf_counter() - started < 1.0


@pytest.mark.parametrize(
    ("output", "fmt"),
    [
        ("postgresql://etl@db/news", None),
        ("POSTGRES://etl@db/news", None),
        ("postgresql://etl@db/news.db", None),
        ("host=db dbname=news", "postgresql"),
        ("host=db dbname=news", "postgres"),
    ],
)
def test_database_outputs_choose_postgresql(output: str, fmt: str | None) -> None:
    assert sink_format(output, fmt) == "postgresql"


def test_standard_output_is_not_a_database() -> None:
    with pytest.raises(UsageError, match="JSONL only"):
        open_sink("-", format="postgresql")


def test_a_password_that_libpq_cannot_decode_is_not_quoted() -> None:
    url = "postgresql://etl:se%zzcret@127.0.0.1:1/news"
    with pytest.raises(OutputError) as caught:
        open_sink(url)
    message = str(caught.value)
    assert "percent-encoded" in message
    assert "zzcret" not in message
    assert caught.value.path == "postgresql://etl@127.0.0.1:1/news"
