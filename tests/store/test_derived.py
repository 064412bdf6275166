"""The stores' layouts are derived from the record models: every field is a column, and a field
added to a model is a column of every table and of the Arrow schema with no other edit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import BaseModel

from extractor.records import Company, DocumentRecord, Fact
from extractor.store.fields import fields_of
from extractor.store.schema import (
    ARTICLES,
    COMPANIES,
    FACTS,
    MENTION_SOURCES,
    MENTIONS,
    STORE_SCHEMA_VERSION,
    Table,
)

ROOT = Path(__file__).resolve().parents[2]

#: The columns of store layout 2 (and their types), which users' queries name.
LAYOUT_2 = {
    "articles": "id:text schema_version:text main_company:text source_path:text "
    "source_line:int source_offset:int source_url:text source_published:text meta:json "
    "n_money:int n_percentages:int n_companies:int n_facts:int",
    "companies": "article_id:text name:text kind:text ticker:text exchange:text "
    "n_mentions:int is_main:int",
    "mentions": "article_id:text seq:int label:text text:text start_char:int end_char:int "
    "rule:text value:decimal currency:text kind:text name:text",
    "facts": "article_id:text seq:int company:text metric:text metric_text:text "
    "metric_start:int metric_end:int segment:text value_kind:text value:decimal currency:text "
    "value_text:text value_start:int value_end:int value_high:decimal prior_value:decimal "
    "change_percent:decimal change_direction:text change_basis:text period_kind:text "
    "period_label:text period_key:text period_text:text company_source:text value_unit:text "
    "per_share:int change_unit:text change_amount:decimal period_fiscal_year:int "
    "period_quarter:int period_half:int period_year_source:text prior_period_label:text "
    "prior_period_key:text forecast:int estimate:int sentence_start:int sentence_end:int "
    "rule:text",
}


def leaf_paths(model: type[BaseModel], path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    """The path of every scalar field of ``model`` and of the records it nests (lists aside)."""
    found: set[tuple[str, ...]] = set()
    for item in fields_of(model):
        if item.shape.kind == "list":
            continue
        if item.shape.model is not None:
            found |= leaf_paths(item.shape.model, (*path, item.name))
        else:
            found.add((*path, item.name))
    return found


def field_paths(table: Table) -> set[tuple[str, ...]]:
    return {c.path for c in table.columns if c.op == "field"}


def test_every_field_of_a_fact_is_a_column_of_the_facts_table() -> None:
    assert field_paths(FACTS) == leaf_paths(Fact)


def test_every_field_of_a_document_and_its_source_is_a_column_of_articles() -> None:
    assert field_paths(ARTICLES) == leaf_paths(DocumentRecord)
    lists = {item.name for item in fields_of(DocumentRecord) if item.shape.kind == "list"}
    assert {c.name for c in ARTICLES.columns if c.op == "count"} == {f"n_{n}" for n in lists}


def test_every_field_of_an_organisation_is_a_column_of_companies() -> None:
    assert field_paths(COMPANIES) == leaf_paths(Company)


def test_every_field_of_every_mention_is_a_column_of_mentions() -> None:
    expected: set[tuple[str, ...]] = set()
    for source in MENTION_SOURCES:
        expected |= leaf_paths(source.model)
        if source.group is not None:
            expected |= leaf_paths(source.group)
    assert field_paths(MENTIONS) == expected
    lists = [f.name for f in fields_of(DocumentRecord) if f.shape.kind == "list"]
    assert [s.field for s in MENTION_SOURCES] == [n for n in lists if n != "facts"]


@pytest.mark.parametrize("table", [ARTICLES, COMPANIES, MENTIONS, FACTS], ids=lambda t: t.name)
def test_the_columns_of_layout_2_are_all_there_with_their_types(table: Table) -> None:
    types = {c.name: c.type for c in table.columns}
    expected = dict(pair.split(":") for pair in LAYOUT_2[table.name].split())
    assert {name: types.get(name) for name in expected} == expected
    assert STORE_SCHEMA_VERSION == 3  # layout 3 added columns and put them in field order


#: Run on a copy of the package whose records have new fields; prints what every layout has.
PROBE = """
from decimal import Decimal
from extractor import extract
from extractor.records import FactValue, Source
from extractor.store.arrow import SCHEMA, to_row
from extractor.store.rows import record_rows
from extractor.store.schema import ARTICLES, FACTS, MENTIONS, create_statements

record = extract("Acme Robotics Inc. said revenue rose 12% to $1.2 billion.", doc_id="n1")
fact = record.facts[0]
value = fact.value.model_copy(update={"approximate": True})
source = Source(path="x.txt", language="en")
record = record.model_copy(update={
    "facts": (fact.model_copy(update={"value": value}),), "source": source,
})
rows = record_rows(record)
facts = dict(zip(FACTS.column_names, rows["facts"][0]))
articles = dict(zip(ARTICLES.column_names, rows["articles"][0]))
money = dict(zip(MENTIONS.column_names, [r for r in rows["mentions"] if r[2] == "MONEY"][0]))
print([c for c in FACTS.column_names if "approximate" in c])
print(facts["value_approximate"], articles["source_language"], money["note"])
print([c for c in ARTICLES.column_names if "language" in c])
print(SCHEMA.field("facts").type.value_type.field("value").type.field("approximate").type)
row = to_row(record)
print(row["facts"][0]["value"]["approximate"], row["source"]["language"])
print(any("value_approximate INTEGER" in s for s in create_statements("sqlite")))
"""


def test_a_field_added_to_a_model_reaches_every_layout(tmp_path: Path) -> None:
    copy = tmp_path / "extractor"
    shutil.copytree(ROOT / "extractor", copy, ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "patterns").symlink_to(ROOT / "patterns")
    records = copy / "records.py"
    text = records.read_text(encoding="utf-8")
    for anchor, field in [
        ('    per_share: bool = Field(default=False, description="An amount per share: EPS',
         '    approximate: bool = Field(default=False, description="Hedged.")\n'),
        ('    published: date | None = Field(',
         '    language: str | None = Field(default=None, description="Its language.")\n'),
        ('    currency_source: CurrencySource | None = Field(',  # of a money mention
         '    note: str | None = Field(default=None, description="A note.")\n'),
    ]:  # fmt: skip
        assert text.count(anchor) == 1, anchor
        text = text.replace(anchor, field + anchor)
    records.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(tmp_path)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "['value_approximate', 'value_high_approximate', 'prior_value_approximate', "
        "'change_amount_approximate']",
        "1 en None",
        "['source_language']",
        "bool",
        "True en",
        "True",
    ]
