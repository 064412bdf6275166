"""CSV: the rows of the store's tables, exact numbers, resumable."""

from __future__ import annotations

import csv
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from sink_helpers import chunks, ids_of, parse

from extractor.errors import OutputError, UsageError
from extractor.records import DocumentRecord
from extractor.sinks import open_sink
from extractor.sinks.csv import CSV_TABLES
from extractor.store.rows import record_rows
from extractor.store.schema import ARTICLES, FACTS, MENTIONS


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def expected_rows(records: list[str], table: str) -> list[list[str]]:
    """The store's rows as CSV text: empty for null, numbers without exponent."""

    def text(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format(value, "f")
        return str(value)

    rows: list[list[str]] = []
    for record in records:
        data = DocumentRecord.model_validate_json(record)
        rows.extend([text(v) for v in row] for row in record_rows(data)[table])
    return rows


@pytest.mark.parametrize("table", list(CSV_TABLES))
def test_rows_are_the_store_rows(tmp_path: Path, records: list[str], table: str) -> None:
    out = tmp_path / f"{table}.csv"
    with open_sink(str(out), table=table) as sink:
        for chunk in chunks(records, 5):
            sink.write(parse(chunk))
    header, *rows = read_rows(out)
    assert header == list(CSV_TABLES[table].column_names)
    assert rows == expected_rows(records, table)
    assert rows  # every table has rows from these records


def test_facts_are_the_default_table(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.csv"
    with open_sink(str(out)) as sink:
        sink.write(parse(records))
    header, *rows = read_rows(out)
    assert header == list(FACTS.column_names)
    assert len(rows) == sum(len(DocumentRecord.model_validate_json(r).facts) for r in records)


def test_amounts_are_exact_and_without_exponent(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "facts.csv"
    with open_sink(str(out)) as sink:
        sink.write(parse(records))
    with out.open(encoding="utf-8", newline="") as handle:
        facts = list(csv.DictReader(handle))
    values = {(f["article_id"], f["metric"]): f["value"] for f in facts}
    assert values["t4-0", "net_loss"] == "427000000"  # not 4.27E+8
    assert values["t0-0", "revenue"] == "1420000000"
    assert values["t6-0", "gross_margin"] == "41.25"
    assert values["t2-0", "net_income"] == "212500000"
    text = out.read_text(encoding="utf-8")
    assert "E+" not in text and "e+" not in text


def test_mention_values_keep_their_decimals(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "mentions.csv"
    with open_sink(str(out), table="mentions") as sink:
        sink.write(parse(records))
    with out.open(encoding="utf-8", newline="") as handle:
        mentions = [m for m in csv.DictReader(handle) if m["article_id"] == "t2-0"]
    assert [m["label"] for m in mentions] == ["ORG", "METRIC", "PERCENT", "MONEY", "MONEY"]
    assert [m["value"] for m in mentions] == ["", "", "31", "212500000", "1.63"]
    assert list(mentions[0]) == list(MENTIONS.column_names)


def test_documents_without_rows_count_as_written(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "facts.csv"
    no_facts = [r for r in records if not json.loads(r)["facts"]]
    assert no_facts
    sink = open_sink(str(out))
    sink.write(parse(records[:10]))
    sink.abort()
    with open_sink(str(out), resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records[:10]))
        assert set(ids_of(no_facts)) & sink.done_ids()
        sink.write(parse(records[10:]))
    assert read_rows(out)[1:] == expected_rows(records, "facts")


def test_a_half_written_row_is_cut_off(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "articles.csv"
    sink = open_sink(str(out), table="articles")
    sink.write(parse(records[:6]))
    sink.abort()
    parts = out.with_name("articles.csv.parts")
    (written,) = parts.glob("part-*.csv")  # the one chunk, committed
    half = parts / f".{written.name.replace('000001', '000002')}.0badc0ffee00.tmp"
    half.write_text('t9-9,1.0,"Half a', encoding="utf-8")  # killed in the middle of a write
    with open_sink(str(out), table="articles", resume=True) as sink:
        assert not half.exists()  # what a dead writer left is deleted on resume
        sink.write(parse(records[6:]))
    rows = read_rows(out)
    assert rows[1:] == expected_rows(records, "articles")
    assert Counter(row[0] for row in rows[1:]) == Counter(ids_of(records))


def test_a_resume_with_another_table_is_refused(tmp_path: Path, records: list[str]) -> None:
    out = tmp_path / "out.csv"
    sink = open_sink(str(out), table="facts")
    sink.write(parse(records[:3]))
    sink.abort()
    with pytest.raises(OutputError, match="another --format, --table or --csv-raw"):
        open_sink(str(out), table="mentions", resume=True)


def test_a_complete_file_with_other_columns_is_not_continued(
    tmp_path: Path, records: list[str]
) -> None:
    out = tmp_path / "out.csv"
    with open_sink(str(out), table="articles") as sink:
        sink.write(parse(records[:3]))
    with pytest.raises(OutputError, match="not those of the facts table"):
        open_sink(str(out), table="facts", resume=True)
    with open_sink(str(out), table="articles", resume=True) as sink:
        assert sink.done_ids() == set(ids_of(records[:3]))
        sink.write(parse(records[3:5]))
    assert [row[0] for row in read_rows(out)[1:]] == ids_of(records[:5])
    assert read_rows(out)[0] == list(ARTICLES.column_names)


def test_an_unknown_table_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"no table 'people'.*facts"):
        open_sink(str(tmp_path / "out.csv"), table="people")


INJECTION_TEXT = "Acme Corp said its loss narrowed to -$5m; revenue rose 12% to $1.2bn."


@pytest.fixture(scope="module")
def formula_records() -> list[str]:
    from extractor import Extractor

    extractor = Extractor()
    ids = ['=HYPERLINK("http://x")', "+1+2", "@SUM(A1)", "\tTAB", "'quoted", "plain"]
    return [extractor(INJECTION_TEXT, doc_id=i).to_json() for i in ids]


def test_cells_that_spreadsheets_would_run_are_neutralised(
    tmp_path: Path, formula_records: list[str]
) -> None:
    out = tmp_path / "mentions.csv"
    with open_sink(str(out), table="mentions") as sink:
        sink.write(parse(formula_records))
    header, *rows = read_rows(out)
    assert all(not cell.startswith(("=", "+", "@", "\t", "\r")) for row in rows for cell in row)
    ids = [row[header.index("article_id")] for row in rows]
    assert '\'=HYPERLINK("http://x")' in ids and "'+1+2" in ids and "''quoted" in ids
    texts = {row[header.index("text")] for row in rows}
    assert "'-$5m" in texts  # a mention's text is text
    values = {row[header.index("value")] for row in rows}
    assert "-5000000" in values  # numbers are never changed
    assert "1200000000" in values


def test_csv_raw_writes_cells_as_they_are(tmp_path: Path, formula_records: list[str]) -> None:
    out = tmp_path / "mentions.csv"
    with open_sink(str(out), table="mentions", csv_raw=True) as sink:
        sink.write(parse(formula_records))
    header, *rows = read_rows(out)
    ids = {row[header.index("article_id")] for row in rows}
    assert '=HYPERLINK("http://x")' in ids and "'quoted" in ids


@pytest.mark.parametrize("raw", [False, True], ids=["neutralised", "raw"])
def test_a_complete_csv_resumes_with_its_real_ids(
    tmp_path: Path, formula_records: list[str], raw: bool
) -> None:
    out = tmp_path / "articles.csv"
    with open_sink(str(out), table="articles", csv_raw=raw) as sink:
        sink.write(parse(formula_records[:3]))
    with open_sink(str(out), table="articles", csv_raw=raw, resume=True) as sink:
        assert sink.done_ids() == set(ids_of(formula_records[:3]))
        sink.write(parse(formula_records))  # the first three are not written twice
    _, *rows = read_rows(out)
    assert len(rows) == len(formula_records)


def test_a_resume_with_the_other_csv_raw_is_refused(
    tmp_path: Path, formula_records: list[str]
) -> None:
    out = tmp_path / "out.csv"
    sink = open_sink(str(out))
    sink.write(parse(formula_records[:2]))
    sink.abort()
    with pytest.raises(OutputError, match="--csv-raw"):
        open_sink(str(out), resume=True, csv_raw=True)
