"""One policy for a repeated document id, in every output and both engines: the first is kept.

The input holds the id ``dup`` three times, with three different stories: twice in one JSONL
file (a repeat within a Dask partition) and once in a second file (a repeat across
partitions). Whatever the output, the record kept is the first story's, and each repeat is
one ``DuplicateId`` failure.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import local_cluster
from pg_server import query

pytest.importorskip("distributed")
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from extractor.batch import batch
from extractor.distributed import run_dask

pytest_plugins = ["pg_server"]  # the fixtures postgres and pg_url

FIRST = "Acme Robotics Inc. said revenue rose 12% to $1.2 billion in Q3 2025."
STORIES = [
    ("a.jsonl", {"id": "dup", "text": FIRST}),
    ("a.jsonl", {"id": "other", "text": "Kestrel Corp said net income was $5 million."}),
    ("a.jsonl", {"id": "dup", "text": "Borealis Inc said revenue fell 3% to $40 million."}),
    ("b.jsonl", {"id": "dup", "text": "Corvid Ltd said its revenue was $7 million in 2024."}),
]
#: What the first story gives, whatever the output.
KEPT = {"metric": "revenue", "value": 1_200_000_000, "company": "Acme Robotics"}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("repeats")
    for name, row in STORIES:
        with (folder / name).open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(row) + "\n")
    return folder


def _facts_of(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    (record,) = [r for r in records if r["id"] == "dup"]
    return [
        {"metric": f["metric"], "value": f["value"]["amount"], "company": f["company"]}
        for f in record["facts"]
    ]


def _duplicates(errors: Path) -> list[str]:
    entries = [json.loads(line) for line in errors.read_text(encoding="utf-8").splitlines()]
    return sorted(e["id"] for e in entries if e["error"] == "DuplicateId")


def test_every_output_of_both_engines_keeps_the_first(inputs: Path, tmp_path: Path) -> None:
    got: dict[str, list[dict[str, Any]]] = {}
    for name in ("out.jsonl", "out.db", "out.parquet", "facts.csv"):
        out = tmp_path / name
        summary = batch([str(inputs)], str(out))
        assert (summary.documents, summary.errors) == (2, 2), name
        assert _duplicates(Path(f"{out}.errors.jsonl")) == ["dup", "dup"]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    got["jsonl"] = _facts_of([json.loads(line) for line in lines])
    with sqlite3.connect(tmp_path / "out.db") as db:
        rows = db.execute("SELECT metric, value, company FROM facts WHERE article_id = 'dup'")
        got["sqlite"] = [
            dict(zip(("metric", "value", "company"), row, strict=True)) for row in rows
        ]
    got["parquet"] = _facts_of(pq.read_table(tmp_path / "out.parquet").to_pylist())
    with (tmp_path / "facts.csv").open(encoding="utf-8", newline="") as handle:
        got["csv"] = [
            {"metric": r["metric"], "value": int(r["value"]), "company": r["company"]}
            for r in csv.DictReader(handle)
            if r["article_id"] == "dup"
        ]
    with local_cluster() as (cluster, _):
        for name in ("dask-parquet", "dask.jsonl"):
            out = tmp_path / name
            summary = run_dask([str(inputs)], str(out), scheduler=cluster.scheduler_address)
            assert (summary.documents, summary.errors) == (2, 2), name
            assert _duplicates(out / "_errors.jsonl") == ["dup", "dup"]
    got["dask parquet"] = _facts_of(ds.dataset(tmp_path / "dask-parquet").to_table().to_pylist())
    parts = sorted((tmp_path / "dask.jsonl").glob("part-*.jsonl"))
    records = [json.loads(line) for part in parts for line in part.read_text().splitlines()]
    assert Counter(r["id"] for r in records) == {"dup": 1, "other": 1}
    got["dask jsonl"] = _facts_of(records)
    assert got == {output: [KEPT] for output in got}


def test_postgresql_keeps_the_first(inputs: Path, pg_url: str) -> None:
    summary = batch([str(inputs)], pg_url)
    assert (summary.documents, summary.errors) == (2, 2)
    rows = query(pg_url, "SELECT metric, value, company FROM facts WHERE article_id = 'dup'")
    assert [dict(zip(("metric", "value", "company"), row, strict=True)) for row in rows] == [KEPT]
    assert query(pg_url, "SELECT count(*) FROM articles") == [(2,)]
