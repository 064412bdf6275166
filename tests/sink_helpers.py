"""Texts to extract, and readers that take each output format back to its ids."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Sequence
from pathlib import Path

from extractor.records import DocumentRecord
from extractor.sinks import open_sink

#: Short news texts; one has no facts and one has no entities at all.
TEXTS = (
    "Acme Robotics Inc. reported revenue of $1.42 billion in Q3 2025, up 18% from a year earlier.",
    "Acme Robotics Inc. posted revenue of $1.31 billion in Q2 2025.",
    "Acme Robotics Inc. said net income rose 31% to $212.5 million in Q1 2025, or $1.63 a share.",
    "Harbourline Group plc swung to a pre-tax loss of £84.5m in H1 2025; revenue dropped 17% "
    "to £1.9bn.",
    "TeraWulf posted a $427 million net loss for FY2024.",
    "Shares were little changed on Tuesday as traders waited for the central bank.",
    "Kestrel Automation Corp said gross margin widened by 120 basis points to 41.25% in Q3 2025.",
)
SAMPLES = Path(__file__).resolve().parents[1] / "corpora" / "samples"
#: Output name for each format; CSV is tested with the articles table where every id has a row.
NAMES = {"jsonl": "out.jsonl", "csv": "out.csv", "parquet": "out.parquet", "sqlite": "out.db"}


def parse(records: Sequence[str]) -> list[DocumentRecord]:
    """Record JSON strings as the records a sink takes."""
    return [DocumentRecord.model_validate_json(record) for record in records]


def ids_of(records: Sequence[str]) -> list[str]:
    return [json.loads(record)["id"] for record in records]


def chunks(records: Sequence[str], size: int) -> list[list[str]]:
    return [list(records[i : i + size]) for i in range(0, len(records), size)]


def write_all(
    path: Path, records: Sequence[str], *, size: int = 5, resume: bool = False, force: bool = False
) -> None:
    """Write ``records`` in chunks of ``size`` and close."""
    with open_sink(str(path), table="articles", resume=resume, force=force) as sink:
        for chunk in chunks(records, size):
            sink.write(parse(chunk))


def output_ids(path: Path, fmt: str) -> list[str]:
    """Every id in a complete output, repeats included, in file order."""
    if fmt == "jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line)["id"] for line in lines]
    if fmt == "csv":  # written with table="articles"
        with path.open(encoding="utf-8", newline="") as handle:
            return [row["id"] for row in csv.DictReader(handle)]
    if fmt == "parquet":
        import pyarrow.parquet as pq

        return [str(i) for i in pq.read_table(path, columns=["id"]).column("id").to_pylist()]
    with sqlite3.connect(path) as db:
        return [row[0] for row in db.execute("SELECT id FROM articles ORDER BY rowid")]
