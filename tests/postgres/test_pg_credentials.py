"""Credentials: a wrong password fails with exit code 1 and a message that says so, and no
password is ever shown or logged; the password may come from the URL, PGPASSWORD or a
password file."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import CORPORA
from pg_server import PgServer, query
from sink_helpers import parse
from typer.testing import CliRunner, Result

from extractor.cli import app
from extractor.errors import OutputError
from extractor.sinks import open_sink

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

runner = CliRunner()
SAMPLE = str(CORPORA / "samples" / "northwind-q3-2025.txt")
WRONG = "wrong-Pa55word"


def without_password(url: str, postgres: PgServer) -> str:
    return url.replace(f":{postgres.password}@", "@")


def with_wrong_password(url: str, postgres: PgServer) -> str:
    return url.replace(f":{postgres.password}@", f":{WRONG}@")


def invoke(*args: str, env: dict[str, str] | None = None) -> Result:
    return runner.invoke(app, ["-v", "-v", *args], env=env)


def shown(result: Result, caplog: pytest.LogCaptureFixture) -> str:
    """All that a run showed: its output, and every log record (message and arguments)."""
    records = [f"{r.getMessage()} {r.args!r} {r.exc_text or ''}" for r in caplog.records]
    return "\n".join([result.stdout, result.stderr, *records])


@pytest.fixture(autouse=True)
def no_ambient_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Only what a test gives: no PGPASSWORD, no password file; run in ``tmp_path``."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", os.devnull)
    monkeypatch.chdir(tmp_path)


@pytest.mark.parametrize(
    "command", [["db", "init"], ["batch", SAMPLE, "-o"]], ids=["db init", "batch"]
)
def test_a_wrong_password_exits_1_and_is_shown_nowhere(
    command: list[str],
    postgres: PgServer,
    pg_url: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = with_wrong_password(pg_url, postgres)
    result = invoke(*command, url)
    assert result.exit_code == 1, result.output
    assert 'password authentication failed for user "extractor"' in result.stderr
    assert without_password(pg_url, postgres) in result.stderr  # the URL, redacted
    everything = shown(result, caplog)
    assert WRONG not in everything
    assert postgres.password not in everything
    assert list(tmp_path.iterdir()) == []  # no errors file named after the URL either


def test_a_wrong_password_in_a_separate_process(postgres: PgServer, pg_url: str) -> None:
    """The real command: its exit code and its standard error, logging at debug level."""
    url = with_wrong_password(pg_url, postgres)
    done = subprocess.run(
        [sys.executable, "-m", "extractor", "-v", "-v", "batch", SAMPLE, "-o", url],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert "password authentication failed" in done.stderr
    assert WRONG not in done.stdout + done.stderr


def test_the_library_error_says_why_without_the_password(postgres: PgServer, pg_url: str) -> None:
    with pytest.raises(OutputError) as caught:
        open_sink(with_wrong_password(pg_url, postgres))
    assert "password authentication failed" in str(caught.value)
    assert WRONG not in str(caught.value)
    assert caught.value.path == without_password(pg_url, postgres)


def test_no_password_at_all_says_so(postgres: PgServer, pg_url: str) -> None:
    result = invoke("db", "init", without_password(pg_url, postgres))
    assert result.exit_code == 1
    assert "no password supplied" in result.stderr


def test_the_password_from_pgpassword(
    postgres: PgServer,
    pg_url: str,
    records: list[str],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)
    url = without_password(pg_url, postgres)
    result = invoke("db", "init", url, env={"PGPASSWORD": postgres.password})
    assert result.exit_code == 0, result.output
    assert postgres.password not in shown(result, caplog)
    monkeypatch.setenv("PGPASSWORD", postgres.password)
    with open_sink(url) as sink:
        sink.write(parse(records[:4]))
    assert query(pg_url, "SELECT count(*) FROM articles") == [(4,)]


def test_the_password_from_a_password_file(
    postgres: PgServer, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres.port}:*:extractor:{postgres.password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    result = invoke("db", "init", without_password(pg_url, postgres))
    assert result.exit_code == 0, result.output


def test_a_password_in_the_url_is_never_logged(
    postgres: PgServer, pg_url: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    result = invoke("batch", SAMPLE, "-o", pg_url)
    assert result.exit_code == 0, result.output
    assert query(pg_url, "SELECT count(*) FROM articles") == [(1,)]
    assert postgres.password not in shown(result, caplog)


def test_a_libpq_connection_string_with_format_postgresql(
    postgres: PgServer, pg_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    database = pg_url.rsplit("/", 1)[1]
    conninfo = (
        f"host=127.0.0.1 port={postgres.port} dbname={database} user=extractor "
        f"password={postgres.password}"
    )
    result = invoke("batch", SAMPLE, "--format", "postgresql", "-o", conninfo)
    assert result.exit_code == 0, result.output
    assert "password=***" in result.stderr
    assert postgres.password not in shown(result, caplog)
    assert query(pg_url, "SELECT count(*) FROM articles") == [(1,)]
