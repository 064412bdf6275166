"""JSONL files and standard output; resume after every kind of crash the parts protocol allows."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from sink_helpers import chunks, ids_of, parse

from extractor.errors import OutputError, OutputExistsError, UsageError
from extractor.records import DocumentRecord
from extractor.sinks import open_sink


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    assert text == "" or text.endswith("\n")
    return text.splitlines()


def test_lines_are_the_records_as_given(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    with open_sink(str(out)) as sink:
        for chunk in chunks(records, 3):
            sink.write(parse(chunk))
    assert lines(out) == records
    back = [DocumentRecord.model_validate_json(line) for line in lines(out)]
    assert [r.to_json() for r in back] == records


def test_an_indented_record_is_written_on_one_line(
    tmp_path: Path, parsed: list[DocumentRecord]
) -> None:
    out = tmp_path / "out.ndjson"
    with open_sink(str(out)) as sink:
        sink.write(parse([parsed[0].to_json(indent=2)]))
    (line,) = lines(out)
    assert DocumentRecord.model_validate_json(line) == parsed[0]


def start_and_abort(out: Path, records: list[str], *, size: int = 4, n: int = 3) -> None:
    sink = open_sink(str(out))
    for chunk in chunks(records, size)[:n]:
        sink.write(parse(chunk))
    sink.abort()


def finish(out: Path, records: list[str]) -> set[str]:
    """Resume, write what is not done, close; the done ids found on resume."""
    with open_sink(str(out), resume=True) as sink:
        done = sink.done_ids()
        sink.write(parse([r for r in records if json.loads(r)["id"] not in done]))
    return done


def assert_exactly_once(out: Path, records: list[str]) -> None:
    found = [json.loads(line)["id"] for line in lines(out)]  # every line parses
    assert Counter(found) == Counter(ids_of(records))
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]  # no parts left


def parts_of(out: Path) -> Path:
    return out.with_name(out.name + ".parts")


def test_a_half_written_part_is_deleted(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    start_and_abort(out, records)
    half = parts_of(out) / ".part-000004.jsonl.0badc0ffee00.tmp"
    half.write_text(records[12][:40], encoding="utf-8")  # killed in the middle of a write
    assert finish(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_part_whose_meta_is_written_but_not_its_rename_is_redone(
    tmp_path: Path, records: list[str]
) -> None:
    out = tmp_path / "out.jsonl"
    start_and_abort(out, records)
    parts = parts_of(out)
    (parts / ".part-000004.jsonl.0badc0ffee00.tmp").write_text(
        "".join(r + "\n" for r in records[12:16]), encoding="utf-8"
    )  # fsynced, its meta committed, then killed before the rename
    (parts / "_partitions" / "part-000004.json").write_text(
        json.dumps({"ids": ids_of(records[12:16])}), encoding="utf-8"
    )
    assert finish(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_half_written_meta_is_dropped(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    start_and_abort(out, records)
    parts = parts_of(out)
    (parts / ".part-000004.jsonl.0badc0ffee00.tmp").write_text(
        "".join(r + "\n" for r in records[12:16]), encoding="utf-8"
    )
    (parts / "_partitions" / ".part-000004.json.0badc0ffee01.tmp").write_text(
        '{"ids": ["t5-1", "t6', encoding="utf-8"
    )
    assert finish(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_part_without_its_meta_is_started_over(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    (parts_of(out) / "_partitions").mkdir(parents=True)
    (parts_of(out) / "part-000001.jsonl").write_text(records[0] + "\n" + records[1][:30])
    with pytest.raises(OutputExistsError, match="interrupted"):
        open_sink(str(out))
    assert finish(out, records) == set()
    assert_exactly_once(out, records)


def test_a_crash_after_the_rename_counts_as_complete(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.jsonl"
    sink = open_sink(str(out))
    sink.write(parse(records[:10]))
    kept = tmp_path / "kept"
    shutil.copytree(parts_of(out), kept)
    sink.close()
    kept.replace(parts_of(out))  # killed after the rename, before the parts were deleted
    (parts_of(out) / "COMMITTED").touch()
    assert finish(out, records) == set(ids_of(records[:10]))
    assert_exactly_once(out, records)


def test_a_complete_file_without_last_newline_is_extended(
    tmp_path: Path, records: list[str]
) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("\n".join(records[:5]), encoding="utf-8")  # made by another tool
    assert finish(out, records) == set(ids_of(records[:5]))
    assert_exactly_once(out, records)


def test_a_complete_file_that_is_not_jsonl_is_not_continued(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("id,name\n1,x\n", encoding="utf-8")
    with pytest.raises(OutputError, match="line 1 is not a record"):
        open_sink(str(out), resume=True)


def test_a_partial_csv_run_is_not_continued_as_jsonl(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.txt"
    sink = open_sink(str(out), format="csv")
    sink.write(parse(records[:3]))
    sink.abort()
    with pytest.raises(OutputError, match="'csv:facts', not 'jsonl'"):
        open_sink(str(out), format="jsonl", resume=True)


def test_stdout_gets_one_line_per_record(
    capsys: pytest.CaptureFixture[str], records: list[str]
) -> None:
    with open_sink("-") as sink:
        assert sink.done_ids() == set()
        sink.write(parse(records[:2]))
        sink.write(parse(records[2:4]))
    assert capsys.readouterr().out.splitlines() == records[:4]


def test_stdout_is_flushed_after_each_chunk(
    capfd: pytest.CaptureFixture[str], records: list[str]
) -> None:
    sink = open_sink("-", format="jsonl")
    sink.write(parse(records[:3]))
    assert capfd.readouterr().out.splitlines() == records[:3]  # at the file descriptor
    sink.close()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"resume": True}, "cannot be resumed"),
        ({"force": True}, "cannot be resumed or forced"),
        ({"format": "csv"}, "JSONL only"),
        ({"format": "parquet"}, "JSONL only"),
    ],
    ids=["resume", "force", "csv", "parquet"],
)
def test_stdout_refuses_what_it_cannot_do(options: dict[str, object], message: str) -> None:
    with pytest.raises(UsageError, match=message):
        open_sink("-", **options)  # type: ignore[arg-type]
