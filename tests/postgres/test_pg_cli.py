"""``extractor batch ... -o postgresql://...`` through typer's CliRunner: a load, a re-run
without duplicates, --resume, --force, and failed inputs on standard error (or --errors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPORA
from pg_server import PgServer, query, table_counts
from typer.testing import CliRunner, Result

from extractor.cli import app
from extractor.store.schema import ARTICLE_TABLES

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

runner = CliRunner()
SAMPLES = str(CORPORA / "samples")
NAMES = [table.name for table in ARTICLE_TABLES]


def run(*args: str) -> Result:
    return runner.invoke(app, ["batch", "--no-progress", *args])


@pytest.fixture(autouse=True)
def in_tmp_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run in an empty folder, to see that nothing is written beside the 'output'."""
    monkeypatch.chdir(tmp_path)


def test_a_load_a_rerun_resume_and_force(postgres: PgServer, pg_url: str, tmp_path: Path) -> None:
    first = run(SAMPLES, "-o", pg_url)
    assert first.exit_code == 0, first.output
    assert "5 documents" in first.stderr
    assert pg_url.replace(f":{postgres.password}@", "@") in first.stderr
    counts = table_counts(pg_url, NAMES)
    assert counts["articles"] == 5
    assert counts["facts"] > 0

    again = run(SAMPLES, "-o", pg_url)  # articles replaced, none duplicated
    assert again.exit_code == 0, again.output
    assert table_counts(pg_url, NAMES) == counts

    resumed = run(SAMPLES, "-o", pg_url, "--resume")
    assert resumed.exit_code == 0, resumed.output
    assert "0 documents" in resumed.stderr
    assert "5 already done, skipped" in resumed.stderr
    assert table_counts(pg_url, NAMES) == counts

    forced = run(str(CORPORA / "samples" / "fed-holds-rates.txt"), "-o", pg_url, "--force")
    assert forced.exit_code == 0, forced.output
    ((article,),) = query(pg_url, "SELECT id FROM articles")
    assert article.endswith("fed-holds-rates.txt")
    assert list(tmp_path.iterdir()) == []


def test_resume_and_force_together_are_a_usage_error(pg_url: str) -> None:
    result = run(SAMPLES, "-o", pg_url, "--resume", "--force")
    assert result.exit_code == 2


def write_inputs(folder: Path) -> Path:
    """A JSONL input with one good article and one without text."""
    path = folder / "in.jsonl"
    rows = [
        {"id": "good", "text": "TeraWulf posted a $427 million net loss for FY2024."},
        {"id": "empty", "text": ""},
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def test_failed_inputs_go_to_standard_error(pg_url: str, tmp_path: Path) -> None:
    source = write_inputs(tmp_path)
    result = run(str(source), "-o", pg_url)
    assert result.exit_code == 1
    failures = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert [(f["id"], f["error"]) for f in failures] == [("empty", "EmptyInput")]
    assert query(pg_url, "SELECT id FROM articles") == [("good",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_failed_inputs_go_to_the_errors_file_when_given(pg_url: str, tmp_path: Path) -> None:
    source = write_inputs(tmp_path)
    result = run(str(source), "-o", pg_url, "--errors", "failed.jsonl")
    assert result.exit_code == 1
    assert "1 input or document failed; they are listed in failed.jsonl" in result.stderr
    lines = (tmp_path / "failed.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["empty"]


def test_a_server_that_is_down_exits_1(postgres: PgServer, pg_url: str) -> None:
    postgres.stop("fast")
    try:
        result = run(SAMPLES, "-o", pg_url)
    finally:
        postgres.start()
    assert result.exit_code == 1
    assert "cannot connect" in result.stderr
    assert postgres.password not in result.output
