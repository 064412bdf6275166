"""A record as typed rows: what workers hand to sinks, built from the record's fields.

A sink names the :class:`Layout` it takes, and the worker that made a record encodes it so,
inside that article's guard; the sink then writes what it is given, with nothing to parse:

- :class:`JsonLines`: the record's JSON (the JSONL format), one line;
- :class:`TableRows`: the rows of the normalised tables (:mod:`.schema`) as tuples of Python
  values in column order: ``str``, ``int``, exact ``Decimal``, flags as 0 or 1, dates as ISO
  text, JSON columns as JSON text, null as ``None``;
- :class:`~extractor.store.arrow.ArrowRows`: one row of the Arrow schema (Parquet).

The function that makes a table's row is compiled once per table from its columns, as
:mod:`dataclasses` compiles ``__init__``: plain attribute reads, no per-value dispatch.

>>> from extractor import extract
>>> record = extract("TeraWulf posted a $427 million quarterly net loss.", doc_id="a1")
>>> rows = record_rows(record)
>>> fact = dict(zip(FACTS.column_names, rows["facts"][0]))
>>> fact["article_id"], fact["company"], fact["metric"], fact["value"], fact["currency"]
('a1', 'TeraWulf', 'net_loss', Decimal('427000000'), 'USD')
>>> [row[2] for row in rows["mentions"]]
['ORG', 'MONEY', 'METRIC']
>>> TableRows(("facts",)).encode(record).keys(), JsonLines().encode(record)[:12]
(dict_keys(['facts']), '{"id":"a1","')
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ..records import DocumentRecord
from .schema import (
    ARTICLE_TABLES,
    ARTICLES,
    COMPANIES,
    FACTS,
    MENTION_SOURCES,
    MENTIONS,
    Column,
    Table,
)

Row = tuple[Any, ...]
#: The rows of one record, by table name.
Rows = dict[str, list[Row]]
T = TypeVar("T")

#: Makes one row: from the record it stores, the article's id, the row's number, the
#: mention's label and the article's main company; an organisation's mention also gets the
#: organisation (else None).
RowMaker = Callable[[Any, str, int, str, "str | None", Any], Row]


@dataclass(frozen=True, slots=True)
class RecordRows(Generic[T]):
    """One record as a sink's layout has it: its id, and its rows."""

    id: str
    rows: T


class Layout(ABC, Generic[T]):
    """How a sink takes a record. Layouts are small and picklable: a batch sends its sink's
    layout to the worker processes, which encode each record they make."""

    @abstractmethod
    def encode(self, record: DocumentRecord) -> T:
        """The record as this layout's rows."""

    def rows(self, record: DocumentRecord) -> RecordRows[T]:
        return RecordRows(record.id, self.encode(record))


@dataclass(frozen=True)
class JsonLines(Layout[str]):
    """The record's JSON on one line, exactly as ``DocumentRecord.to_json()`` gives it."""

    def encode(self, record: DocumentRecord) -> str:
        return record.to_json()


@dataclass(frozen=True)
class TableRows(Layout[Rows]):
    """The rows of the tables named (all article tables by default)."""

    tables: tuple[str, ...] = tuple(table.name for table in ARTICLE_TABLES)

    def encode(self, record: DocumentRecord) -> Rows:
        return record_rows(record, self.tables)


def record_rows(record: DocumentRecord, tables: Iterable[str] | None = None) -> Rows:
    """The rows of one record, by table name, in the column order of each table."""
    wanted = set(tables) if tables is not None else {t.name for t in ARTICLE_TABLES}
    article_id, main = record.id, record.main_company
    found: Rows = {}
    if ARTICLES.name in wanted:
        found[ARTICLES.name] = [_maker(ARTICLES)(record, article_id, 0, "", main, None)]
    if COMPANIES.name in wanted:
        make = _maker(COMPANIES)
        found[COMPANIES.name] = [
            make(company, article_id, 0, "", main, None) for company in record.companies
        ]
    if MENTIONS.name in wanted:
        found[MENTIONS.name] = mention_rows(record)
    if FACTS.name in wanted:
        make = _maker(FACTS)
        found[FACTS.name] = [
            make(fact, article_id, seq, "", main, None) for seq, fact in enumerate(record.facts)
        ]
    return found


def mention_rows(record: DocumentRecord) -> list[Row]:
    """Every mention of a record, ordered by where it starts in the text."""
    found: list[tuple[int, int, str, RowMaker, Any, Any]] = []
    for source in MENTION_SOURCES:
        make, label = _mention_maker(source.model, source.group), source.label
        for item in getattr(record, source.field):
            if source.group is None:
                found.append((item.start, item.end, label, make, item, None))
            else:
                found += [(m.start, m.end, label, make, m, item) for m in _mentions_of(item)]
    found.sort(key=lambda entry: (entry[0], entry[1], entry[2]))
    article_id, main = record.id, record.main_company
    return [
        make(item, article_id, seq, label, main, group)
        for seq, (_, _, label, make, item, group) in enumerate(found)
    ]


def _mentions_of(item: BaseModel) -> Sequence[Any]:
    (mentions,) = (v for v in item.__dict__.values() if isinstance(v, tuple))
    return mentions


# -- compiling a table's row maker --------------------------------------------------------


@cache
def _maker(table: Table) -> RowMaker:
    return _compile(table.name, table.columns, lambda column: "o")


@cache
def _mention_maker(model: type[BaseModel], group: type[BaseModel] | None) -> RowMaker:
    """The row maker of one kind of mention: a column that the mention's model lacks comes
    from its group (an organisation), or is null."""

    def owner(column: Column) -> str | None:
        if column.path and column.path[0] in model.model_fields:
            return "o"
        if group is not None and column.path and column.path[0] in group.model_fields:
            return "g"
        return None

    return _compile(f"mentions_{model.__name__}", MENTIONS.columns, owner)


def _compile(
    name: str, columns: Sequence[Column], owner: Callable[[Column], str | None]
) -> RowMaker:
    """A function that makes a row of ``columns``, as Python source compiled once."""
    code = _RowCode()
    values = [code.value(column, owner(column)) for column in columns]
    source = (
        f"def make_{name}(o, article_id, seq, label, main, g):\n"
        + "".join(f"    {line}\n" for line in code.lines)
        + f"    return ({', '.join(values)},)\n"
    )
    namespace = dict(_HELPERS)
    exec(compile(source, f"<row maker of {name}>", "exec"), namespace)
    maker: RowMaker = namespace[f"make_{name}"]
    maker.__doc__ = source
    return maker


class _RowCode:
    """The lines and expressions of a row maker; each nested record is read once into a
    local variable (null when any record on its path is null)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._names: dict[tuple[str, ...], str] = {}

    def value(self, column: Column, root: str | None) -> str:
        if column.op in _CONTEXT:
            return _CONTEXT[column.op]
        if root is None:
            return "None"
        *parents, last = column.path
        holder = self._holder(root, tuple(parents))
        read = f"{holder}.{last}"
        convert = _CONVERT.get(column.op if column.op != "field" else column.kind)
        if convert is None:
            expression = read
        elif column.nullable:
            expression = f"(None if {read} is None else {convert}({read}))"
        else:
            expression = f"{convert}({read})"
        if holder == root:
            return expression
        return f"(None if {holder} is None else {expression})"

    def _holder(self, root: str, parents: tuple[str, ...]) -> str:
        if not parents:
            return root
        key = (root, *parents)
        if key not in self._names:
            outer = self._holder(root, parents[:-1])
            name = f"_{len(self._names)}"
            read = f"{outer}.{parents[-1]}"
            guarded = f"None if {outer} is None else {read}"
            self.lines.append(f"{name} = {read if outer == root else guarded}")
            self._names[key] = name
        return self._names[key]


def _json_text(value: Any) -> str:
    """JSON data as the JSON columns hold it: the record's JSON of it (amounts as numbers,
    NaN as null), with spaces after separators."""
    return json.dumps(to_jsonable_python(value, inf_nan_mode="null"), ensure_ascii=False)


def period_key(label: str | None) -> str | None:
    """A period label that sorts in time: "Q3 2025" -> "2025-Q3", "FY2024" -> "2024-FY".

    >>> [period_key(x) for x in ("Q3 2025", "FY2024", "H1 2025", "9M 2024", "Q3", None)]
    ['2025-Q3', '2024-FY', '2025-H1', '2024-9M', None, None]
    >>> period_key("Q3 FY2025")
    '2025-Q3'
    """
    if not label:
        return None
    if label.startswith("FY") and label[2:].isdigit():
        return f"{label[2:]}-FY"
    part, _, year = label.partition(" ")
    year = year.removeprefix("FY")
    return f"{year}-{part}" if year.isdigit() else None


_HELPERS: dict[str, Any] = {
    "_int": int,
    "_len": len,
    "_date": date.isoformat,
    "_json": _json_text,
    "_key": period_key,
}
#: The helper that converts a value of a kind (or op) for its column.
_CONVERT = {"bool": "_int", "date": "_date", "json": "_json", "count": "_len", "period_key": "_key"}
_CONTEXT = {
    "article_id": "article_id",
    "seq": "seq",
    "label": "label",
    "is_main": "int(o.name == main)",  # the row's organisation is the article's main company
}
