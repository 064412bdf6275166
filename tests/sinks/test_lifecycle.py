"""What every format does alike: refuse, force, abort, resume, extend; each id exactly once."""

from __future__ import annotations

import csv
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from sink_helpers import NAMES, chunks, ids_of, output_ids, parse, write_all

from extractor.errors import ExtractorError, OutputExistsError
from extractor.records import DocumentRecord
from extractor.sinks import open_sink

FORMATS = list(NAMES)


def leftovers(folder: Path) -> list[str]:
    """Files in ``folder`` other than the outputs themselves."""
    return sorted(p.name for p in folder.iterdir() if p.name not in NAMES.values())


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_of_ids(tmp_path: Path, records: list[str], fmt: str) -> None:
    out = tmp_path / NAMES[fmt]
    write_all(out, records, size=4)
    assert output_ids(out, fmt) == ids_of(records)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_existing_output_is_refused(tmp_path: Path, records: list[str], fmt: str) -> None:
    out = tmp_path / NAMES[fmt]
    write_all(out, records[:3])
    before = out.read_bytes()
    with pytest.raises(OutputExistsError) as caught:
        open_sink(str(out), table="articles")
    message = str(caught.value)
    assert str(out) in message and "--resume" in message and "--force" in message
    assert out.read_bytes() == before


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_an_interrupted_run_is_refused(tmp_path: Path, records: list[str], fmt: str) -> None:
    out = tmp_path / NAMES[fmt]
    sink = open_sink(str(out), table="articles")
    sink.write(parse(records[:3]))
    sink.abort()
    assert not out.exists()  # the final output is only made by close()
    with pytest.raises(OutputExistsError, match=r"interrupted run.*--resume") as caught:
        open_sink(str(out), table="articles")
    assert caught.value.interrupted


@pytest.mark.parametrize("fmt", FORMATS)
def test_force_starts_over(tmp_path: Path, records: list[str], fmt: str) -> None:
    out = tmp_path / NAMES[fmt]
    write_all(out, records[:6])
    sink = open_sink(str(out), table="articles", resume=True)  # leave a partial run as well
    sink.write(parse(records[6:9]))
    sink.abort()
    write_all(out, records[9:12], force=True)
    assert output_ids(out, fmt) == ids_of(records[9:12])
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_after_abort_writes_each_id_once(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / NAMES[fmt]
    parts = chunks(records, 4)
    sink = open_sink(str(out), table="articles")
    for chunk in parts[:3]:
        sink.write(parse(chunk))
    sink.abort()
    with open_sink(str(out), table="articles", resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records[:12]))
        for chunk in parts[3:]:
            sink.write(parse([r for r in chunk if ids_of([r])[0] not in sink.done_ids()]))
    assert output_ids(out, fmt) == ids_of(records)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_exception_in_the_with_block_keeps_the_partial_output(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / NAMES[fmt]
    with pytest.raises(RuntimeError), open_sink(str(out), table="articles") as sink:
        sink.write(parse(records[:5]))
        raise RuntimeError("a worker died")
    write_all(out, records[5:], resume=True)
    assert Counter(output_ids(out, fmt)) == Counter(ids_of(records))


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_of_a_complete_output_extends_it(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / NAMES[fmt]
    write_all(out, records[:10])
    before = out.read_bytes()
    sink = open_sink(str(out), table="articles", resume=True)
    assert sink.done_ids() == set(ids_of(records[:10]))
    sink.write(parse(records[10:15]))
    if fmt != "sqlite":  # the files change only when the new one is complete
        assert out.read_bytes() == before
    sink.write(parse(records[15:]))
    sink.close()
    assert output_ids(out, fmt) == ids_of(records)
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_abort_of_a_resumed_complete_output_leaves_it_as_it_was(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / NAMES[fmt]
    write_all(out, records[:10])
    before = out.read_bytes()
    sink = open_sink(str(out), table="articles", resume=True)
    sink.write(parse(records[10:]))
    sink.abort()
    assert out.read_bytes() == before
    with open_sink(str(out), table="articles", resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records))
    assert output_ids(out, fmt) == ids_of(records)


@pytest.mark.parametrize("fmt", FORMATS)
def test_resume_with_nothing_there_starts_fresh(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / "sub" / NAMES[fmt]  # the folder is made too
    write_all(out, records[:4], resume=True)
    assert output_ids(out, fmt) == ids_of(records[:4])


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_id_written_twice_is_in_the_output_once(
    tmp_path: Path, records: list[str], fmt: str
) -> None:
    out = tmp_path / NAMES[fmt]
    with open_sink(str(out), table="articles") as sink:
        sink.write(parse(records[:4] + records[:1]))
        sink.write(parse(records[2:6]))
    assert Counter(output_ids(out, fmt)) == Counter(ids_of(records[:6]))


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_output_without_records_is_valid(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / NAMES[fmt]
    with open_sink(str(out), table="articles") as sink:
        sink.write([])
    assert output_ids(out, fmt) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_closed_sink_takes_no_more_records(tmp_path: Path, records: list[str], fmt: str) -> None:
    sink = open_sink(str(tmp_path / NAMES[fmt]), table="articles")
    sink.close()
    sink.close()  # closing twice is harmless
    with pytest.raises(ExtractorError, match="closed"):
        sink.write(parse(records[:1]))


def _facts_count(path: Path, fmt: str, doc_id: str) -> int:
    """How many facts the record of ``doc_id`` holds in a complete output."""
    if fmt == "jsonl":
        lines = path.read_text(encoding="utf-8").splitlines()
        (record,) = [r for r in map(json.loads, lines) if r["id"] == doc_id]
        return len(record["facts"])
    if fmt == "csv":  # the articles table
        with path.open(encoding="utf-8", newline="") as handle:
            (row,) = [r for r in csv.DictReader(handle) if r["id"] == doc_id]
        return int(row["n_facts"])
    if fmt == "parquet":
        import pyarrow.parquet as pq

        (row,) = [r for r in pq.read_table(path).to_pylist() if r["id"] == doc_id]
        return len(row["facts"])
    with sqlite3.connect(path) as db:
        (row,) = db.execute("SELECT n_facts FROM articles WHERE id = ?", (doc_id,)).fetchall()
    return int(row[0])


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_first_record_of_an_id_is_the_one_kept(
    tmp_path: Path, parsed: list[DocumentRecord], fmt: str
) -> None:
    first, other = parsed[0], parsed[5]  # one fact, none
    assert len(first.facts) == 1 and not other.facts
    again = other.model_copy(update={"id": first.id})
    out = tmp_path / NAMES[fmt]
    with open_sink(str(out), table="articles") as sink:
        sink.write([first, again])  # in one chunk
        sink.write([again])  # in a later one
    assert output_ids(out, fmt) == [first.id]
    assert _facts_count(out, fmt, first.id) == 1
