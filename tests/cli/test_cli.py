"""The command line, through typer's CliRunner, on temporary folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPORA
from typer.testing import CliRunner

from extractor import __version__
from extractor.cli import app

runner = CliRunner()
SAMPLE = CORPORA / "samples" / "northwind-q3-2025.txt"


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.strip() == f"extractor {__version__}"


@pytest.mark.parametrize("command", ["extract", "schema", "eval"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, [command, "--help"])
    assert result.exit_code == 0
    assert len(result.stdout) > 100


def test_extract_file_prints_one_json_record() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == str(SAMPLE)  # as `extractor batch SAMPLE` names it
    assert record["source"]["path"] == str(SAMPLE)
    assert (record["source"]["line"], record["source"]["offset"]) == (None, None)
    assert {"id", "money", "percentages", "companies", "metrics", "facts"} <= record.keys()
    assert record["money"][0]["text"] == "$1.42 billion"
    assert record["money"][0]["value"] == 1420000000
    assert "\n" not in result.stdout.strip()


def test_extract_pretty_and_id() -> None:
    result = runner.invoke(app, ["extract", str(SAMPLE), "--pretty", "--id", "nw"])
    assert result.exit_code == 0
    assert result.stdout.startswith("{\n  ")
    assert json.loads(result.stdout)["id"] == "nw"


def test_extract_from_stdin() -> None:
    result = runner.invoke(app, ["extract", "-"], input="Sales rose 12% to 25 mln dlrs.")
    assert result.exit_code == 0
    record = json.loads(result.stdout)
    assert [m["text"] for m in record["money"]] == ["25 mln dlrs"]
    assert len(record["id"]) == 16


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty input"),
        (b"\x00\x01\x02binary\x00", "binary data"),
        (b"\xef\xbb\xbfcaf\xe9 au lait \xff", "invalid utf-8-sig text after its BOM"),
    ],
)
def test_bad_input_names_the_file_and_the_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 1
    assert f"{path}: {reason}" in result.stderr
    assert result.stdout == ""


def test_missing_file(tmp_path: Path) -> None:
    result = runner.invoke(app, ["extract", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2
    assert result.stderr == f"extractor: error: {tmp_path / 'nope.txt'}: no such file or folder\n"


def test_extract_and_batch_give_a_file_the_same_record(tmp_path: Path) -> None:
    extracted = runner.invoke(app, ["extract", str(SAMPLE)])
    output = tmp_path / "out.jsonl"
    batched = runner.invoke(app, ["batch", str(SAMPLE), "-o", str(output)])
    assert extracted.exit_code == batched.exit_code == 0
    assert json.loads(output.read_text(encoding="utf-8")) == json.loads(extracted.stdout)


def test_extract_refuses_a_file_of_many_documents(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text('{"id": "a", "text": "Sales rose 5%."}\n')
    result = runner.invoke(app, ["extract", str(feed)])
    assert result.exit_code == 2
    assert "holds many documents (jsonl); extract reads one text" in result.stderr


def test_usage_error_exits_2() -> None:
    assert runner.invoke(app, ["extract"]).exit_code == 2
    assert runner.invoke(app, ["extract", str(SAMPLE), "--no-such-flag"]).exit_code == 2


def test_broken_pattern_file_exits_2(tmp_path: Path) -> None:
    patterns = tmp_path / "mine.jsonl"
    patterns.write_text('{"id": "x"\n')
    result = runner.invoke(app, ["extract", str(SAMPLE), "--patterns", str(patterns)])
    assert result.exit_code == 2
    assert f"{patterns}:1: invalid JSON" in result.stderr


def test_schema_is_json_schema() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "DocumentRecord"
    assert {"money", "percentages", "companies", "metrics", "facts"} <= schema["properties"].keys()


def test_eval_on_our_corpus() -> None:
    result = runner.invoke(app, ["eval", str(CORPORA / "samples.gold.jsonl"), "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["labels"]
    assert scores["MONEY"]["f1"] == 1.0
    assert scores["PERCENT"]["value_accuracy"] == 1.0


def test_eval_reports_a_malformed_gold_line(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"id": "a", "text": "x", "spans": []}\nnot json\n')
    result = runner.invoke(app, ["eval", str(gold)])
    assert result.exit_code == 1
    assert f"{gold}:2: not a gold record" in result.stderr


def test_eval_of_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", str(tmp_path / "gold.jsonl")])
    assert result.exit_code == 2
    assert result.stderr == f"extractor: error: {tmp_path / 'gold.jsonl'}: no such file\n"
