"""Parquet: nested columns that mirror the record, exact decimals, parts merged on close."""

from __future__ import annotations

import json
import shutil
import types
import typing
from collections import Counter
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pydantic import BaseModel
from sink_helpers import chunks, ids_of, parse, write_all

from extractor.errors import OutputError
from extractor.records import DocumentRecord, MoneyMention
from extractor.sinks import open_sink
from extractor.sinks.parquet import ParquetSink
from extractor.store.arrow import AMOUNT, SCHEMA, amount

# -- the schema against the record ------------------------------------------------------------


def _arrow_kind(annotation: Any) -> Any:
    """The Arrow type predicate (or nested check) a field's annotation calls for."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated:
        return _arrow_kind(args[0])
    if origin in (typing.Union, types.UnionType):
        (inner,) = [a for a in args if a is not type(None)]
        return _arrow_kind(inner)
    if origin is tuple:
        return ("list", _arrow_kind(args[0]))
    if origin is typing.Literal or annotation is str:
        return pa.types.is_string
    if origin is dict:  # meta: JSON text
        return pa.types.is_string
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ("struct", annotation)
    return {
        Decimal: pa.types.is_decimal,
        bool: pa.types.is_boolean,
        int: pa.types.is_int64,
        date: pa.types.is_date32,
    }[annotation]


def _check(model: type[BaseModel], fields: Any, where: str) -> int:
    """Every field of ``model`` has a column of the right type, and no column is extra."""
    arrow = {field.name: field.type for field in fields}
    assert list(arrow) == list(model.model_fields), where
    checked = 0
    for name, info in model.model_fields.items():
        checked += 1 + _check_type(_arrow_kind(info.annotation), arrow[name], f"{where}.{name}")
    return checked


def _check_type(kind: Any, arrow_type: Any, where: str) -> int:
    if isinstance(kind, tuple) and kind[0] == "list":
        assert pa.types.is_list(arrow_type), where
        return _check_type(kind[1], arrow_type.value_type, f"{where}[]")
    if isinstance(kind, tuple):
        assert pa.types.is_struct(arrow_type), where
        return _check(kind[1], arrow_type, where)
    assert kind(arrow_type), f"{where}: {arrow_type}"
    return 0


def test_every_record_field_has_a_column() -> None:
    assert _check(DocumentRecord, SCHEMA, "DocumentRecord") > 60


def test_amounts_outside_the_decimal_type_are_null() -> None:
    assert amount(Decimal("12345678901234567890123456789")) is None  # 29 integer digits
    largest = amount(Decimal("9999999999999999999999999999.9999999999"))
    assert pa.array([largest], AMOUNT).to_pylist() == [largest]
    assert amount(Decimal("0.00000000001")) is None  # 11 decimals
    assert amount(Decimal("1.2500000000000")) == Decimal("1.25")  # trailing zeros fit


# -- writing and reading back -----------------------------------------------------------------


def write(out: Path, records: list[str], size: int = 4) -> None:
    with open_sink(str(out)) as sink:
        for chunk in chunks(records, size):
            sink.write(parse(chunk))


def test_rows_read_back_nested_and_exact(
    tmp_path: Path, records: list[str], parsed: list[DocumentRecord]
) -> None:
    out = tmp_path / "out.parquet"
    write(out, records)
    table = pq.read_table(out)
    assert table.schema.equals(SCHEMA)
    assert table.column("id").to_pylist() == ids_of(records)
    rows = table.to_pylist()
    for row, record in zip(rows, parsed, strict=True):
        assert row["main_company"] == record.main_company
        assert [m["value"] for m in row["money"]] == [m.value for m in record.money]
        assert [p["value"] for p in row["percentages"]] == [p.value for p in record.percentages]
        assert [c["name"] for c in row["companies"]] == [c.name for c in record.companies]
        assert [len(c["mentions"]) for c in row["companies"]] == [
            len(c.mentions) for c in record.companies
        ]
        assert [m["name"] for m in row["metrics"]] == [m.name for m in record.metrics]
        assert len(row["facts"]) == len(record.facts)
        for fact_row, fact in zip(row["facts"], record.facts, strict=True):
            assert fact_row["metric_span"]["text"] == fact.metric_span.text
            assert (fact_row["value"] or {}).get("amount") == (fact.value and fact.value.amount)
            assert (fact_row["period"] or {}).get("label") == (fact.period and fact.period.label)
            assert fact_row["sentence"] == fact.sentence.model_dump()


def test_decimal_values_are_exact(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    write(out, records)
    rows = {row["id"]: row for row in pq.read_table(out).to_pylist()}
    per_share = [m["value"] for m in rows["t2-0"]["money"] if m["per_share"]]
    assert per_share == [Decimal("1.63")]
    assert isinstance(per_share[0], Decimal)
    (margin,) = rows["t6-0"]["facts"]
    assert margin["value"]["amount"] == Decimal("41.25")
    assert rows["t4-0"]["facts"][0]["value"]["amount"] == Decimal("427000000")


def test_source_is_a_struct_with_meta_as_json(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    write(out, records)
    rows = {row["id"]: row for row in pq.read_table(out).to_pylist()}
    source = rows["northwind-q3-2025"]["source"]
    assert source["path"] == "northwind-q3-2025.txt" and source["line"] == 1
    assert json.loads(source["meta"]) == {"feed": "samples", "score": 0.25}
    assert rows["t0-0"]["source"] is None


def test_an_amount_too_big_is_null_and_keeps_its_text(
    tmp_path: Path, parsed: list[DocumentRecord]
) -> None:
    record = parsed[0]
    money = record.money[0]
    huge = MoneyMention.model_validate(
        {**money.model_dump(), "value": Decimal("123456789012345678901234567890123")}
    )
    out = tmp_path / "out.parquet"
    write(out, [record.model_copy(update={"money": (huge, *record.money[1:])}).to_json()])
    (row,) = pq.read_table(out).to_pylist()
    assert row["money"][0]["value"] is None
    assert row["money"][0]["text"] == money.text


# -- parts, merge and resume ------------------------------------------------------------------


def test_each_write_is_a_part_and_close_merges_them(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    sink = open_sink(str(out))
    for chunk in chunks(records, 10):
        sink.write(parse(chunk))
    parts = sorted(p.name for p in (tmp_path / "out.parquet.parts").glob("part-*"))
    assert parts == ["part-000001.parquet", "part-000002.parquet", "part-000003.parquet"]
    assert not out.exists()
    sink.close()
    assert pq.ParquetFile(out).num_row_groups == 1  # the small parts are joined
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.parquet"]


def test_row_groups_are_joined_up_to_a_size(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    with ParquetSink(str(out), row_group_rows=10) as sink:
        for chunk in chunks(records, 4):
            sink.write(parse(chunk))
    parquet = pq.ParquetFile(out)
    sizes = [parquet.metadata.row_group(i).num_rows for i in range(parquet.num_row_groups)]
    assert sizes == [12, 12, 2]
    assert parquet.read().column("id").to_pylist() == ids_of(records)


def aborted(out: Path, records: list[str], n: int = 12) -> Path:
    sink = open_sink(str(out))
    for chunk in chunks(records[:n], 4):
        sink.write(parse(chunk))
    sink.abort()
    return out.with_name(out.name + ".parts")


def resume_all(out: Path, records: list[str]) -> set[str]:
    with open_sink(str(out), resume=True) as sink:
        done = sink.done_ids()
        sink.write(parse([r for r in records if json.loads(r)["id"] not in done]))
    return done


def assert_exactly_once(out: Path, records: list[str]) -> None:
    ids = pq.read_table(out, columns=["id"]).column("id").to_pylist()
    assert Counter(ids) == Counter(ids_of(records))
    assert sorted(p.name for p in out.parent.iterdir()) == [out.name]


def test_a_half_written_part_is_deleted_on_resume(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    parts = aborted(out, records)
    (parts / "part-000004.parquet.tmp").write_bytes(b"PAR1 half a file")
    assert resume_all(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_half_merged_file_is_deleted_on_resume(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    parts = aborted(out, records)
    (parts / "merged.parquet.tmp").write_bytes(b"PAR1 half a merge")
    assert resume_all(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_crash_between_merge_and_rename_is_finished(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    parts = aborted(out, records)
    write_all(tmp_path / "other.parquet", records[:12], size=4)  # what the merge made
    (tmp_path / "other.parquet").replace(parts / "merged.parquet.tmp")
    (parts / "COMMITTED").touch()
    assert resume_all(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_crash_after_the_rename_counts_as_complete(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    parts = aborted(out, records)
    kept = tmp_path / "kept"
    shutil.copytree(parts, kept)
    write_all(out, records[:12], resume=True)
    kept.replace(parts)  # the parts folder was not yet deleted
    (parts / "COMMITTED").touch()
    assert resume_all(out, records) == set(ids_of(records[:12]))
    assert_exactly_once(out, records)


def test_a_leftover_trash_folder_is_removed(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.parquet"
    trash = tmp_path / "out.parquet.parts.trash"
    trash.mkdir()
    (trash / "part-000001.parquet").write_bytes(b"")
    write(out, records[:5])
    assert_exactly_once(out, records[:5])


def test_resuming_a_complete_output_keeps_it_until_close(
    tmp_path: Path, records: list[str]
) -> None:
    out = tmp_path / "out.parquet"
    write(out, records[:8])
    sink = open_sink(str(out), resume=True)
    assert sink.done_ids() == set(ids_of(records[:8]))
    sink.write(parse(records[8:]))
    assert pq.read_table(out).num_rows == 8
    sink.close()
    assert pq.read_table(out).column("id").to_pylist() == ids_of(records)


def test_a_parquet_file_of_another_layout_is_not_continued(tmp_path: Path) -> None:
    out = tmp_path / "out.parquet"
    pq.write_table(pa.table({"id": ["a"], "text": ["x"]}), out)
    with pytest.raises(OutputError, match="other columns"):
        open_sink(str(out), resume=True)
    out.write_bytes(b"not parquet")
    with pytest.raises(OutputError, match="cannot be read as Parquet"):
        open_sink(str(out), resume=True)
