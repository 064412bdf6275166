"""Choosing the format, and the arguments open_sink refuses."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractor.errors import ExtractorError, UsageError
from extractor.sinks import FORMATS, open_sink, sink_format

CASES = [
    ("out.jsonl", None, "jsonl"),
    ("out.ndjson", None, "jsonl"),
    ("out.json", None, "jsonl"),
    ("-", None, "jsonl"),
    ("dir.v2/Facts.CSV", None, "csv"),
    ("out.parquet", None, "parquet"),
    ("out.pq", None, "parquet"),
    ("out.db", None, "sqlite"),
    ("out.sqlite", None, "sqlite"),
    ("out.sqlite3", None, "sqlite"),
    ("out.txt", "csv", "csv"),
    ("out.jsonl", "PARQUET", "parquet"),
    ("out", "ndjson", "jsonl"),
    ("out", "db", "sqlite"),
]


@pytest.mark.parametrize(
    ("output", "fmt", "expected"), CASES, ids=[f"{o}|{f}" for o, f, _ in CASES]
)
def test_sink_format(output: str, fmt: str | None, expected: str) -> None:
    assert sink_format(output, fmt) == expected
    assert expected in FORMATS


def test_an_unknown_ending_asks_for_the_format() -> None:
    with pytest.raises(UsageError, match=r"'out\.xlsx'.*\.jsonl.*--format"):
        sink_format("out.xlsx")


def test_an_unknown_format_names_the_choices() -> None:
    with pytest.raises(UsageError, match="unknown output format 'xml'; choose one of jsonl"):
        sink_format("out.jsonl", "xml")


def test_usage_errors_are_extractor_errors(tmp_path: Path) -> None:
    with pytest.raises(ExtractorError, match="exclude each other"):
        open_sink(str(tmp_path / "out.jsonl"), resume=True, force=True)


def test_a_folder_is_not_an_output(tmp_path: Path) -> None:
    (tmp_path / "out.jsonl").mkdir()
    with pytest.raises(ExtractorError, match="is a folder"):
        open_sink(str(tmp_path / "out.jsonl"), force=True)
