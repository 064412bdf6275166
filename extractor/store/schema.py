"""The normalised tables that databases and CSV files receive, derived from the record models.

Nothing here lists a record's fields: every table is made by walking the pydantic models
(:mod:`.fields`), so a field added to a model is a column of its table with no other edit.

- ``articles``: one row per document: the record's own fields, its ``source`` flattened
  (``source_path``, ``source_url``...; ``meta`` as JSON), and ``n_<name>`` for each list it
  holds (``n_money``, ``n_facts``...).
- ``companies``: one row per organisation: its fields, ``n_mentions``, and ``is_main``.
- ``mentions``: one row per mention of every kind (``label`` MONEY, PERCENT, ORG, METRIC): the
  fields of all mention models together, null where a kind has no such field; an ORG row
  carries its organisation's fields.
- ``facts``: one row per fact, every nested value flattened: ``value_*``, ``change_*``,
  ``period_*`` (with ``period_key``, a label that sorts in time), ``prior_period_*``...

A nested field's column is its path joined by ``_`` (``change_basis``), except where
:data:`RENAMES` keeps a name that users of the store's earlier layouts rely on (a value's
``amount`` is the value's own name: ``value``, ``value_high``, ``prior_value``,
``change_amount``). Flags are stored as 0 or 1, dates as ISO text. SQLite and PostgreSQL get
their DDL from :data:`TABLES`; nothing else spells a table out.

>>> print(create_statements("sqlite")[1])  # doctest: +ELLIPSIS
CREATE TABLE IF NOT EXISTS articles (
  id TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  main_company TEXT,
  source_path TEXT,
  ...
  meta TEXT,
  n_money INTEGER NOT NULL,
  n_percentages INTEGER NOT NULL,
  n_companies INTEGER NOT NULL,
  n_metrics INTEGER NOT NULL,
  n_facts INTEGER NOT NULL,
  PRIMARY KEY (id)
)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from dataclasses import field as default
from typing import Literal

from pydantic import BaseModel

from ..records import Company, DocumentRecord, Fact, FactPeriod, Mention
from .fields import Kind, RecordField, fields_of

#: Version of the table layout; a database made by another version is refused. Fields added
#: to the records need no new version: a database whose columns differ is refused too.
STORE_SCHEMA_VERSION = 3

Dialect = Literal["sqlite", "postgresql"]
#: Logical column types, and what each dialect calls them.
_TYPES: dict[str, dict[Dialect, str]] = {
    "text": {"sqlite": "TEXT", "postgresql": "TEXT"},
    "int": {"sqlite": "INTEGER", "postgresql": "BIGINT"},
    # exact in PostgreSQL; SQLite keeps integers exact and other values as REAL
    "decimal": {"sqlite": "NUMERIC", "postgresql": "NUMERIC"},
    "json": {"sqlite": "TEXT", "postgresql": "JSONB"},
}
#: The column type of each kind of record field: flags as 0 or 1, dates as ISO text.
_COLUMN_TYPES: dict[Kind, str] = {
    "text": "text",
    "int": "int",
    "decimal": "decimal",
    "bool": "int",
    "date": "text",
    "json": "json",
}

#: How a column's value is made: ``field`` (the value at ``path``, converted for its column
#: type), ``count`` (the length of the list at ``path``), ``period_key`` (the sortable key of
#: the period label at ``path``), or a value of the row's context: the article's id, the
#: row's number in its article, the mention's label, whether a company is the main one.
Op = Literal["field", "count", "period_key", "article_id", "seq", "label", "is_main"]


@dataclass(frozen=True)
class Column:
    """A column of a table; ``path`` and ``op`` say where its value comes from."""

    name: str
    type: str
    nullable: bool = True
    #: The fields from the row's record (an article, company, mention or fact) to the value.
    path: tuple[str, ...] = ()
    op: Op = "field"
    #: The kind of the record field (``bool`` and ``date`` are stored as int and text).
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    #: The column that names the article a row belongs to.
    article_key: str = "article_id"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


#: Column names that the store's earlier layouts gave, by the name the derivation gives.
RENAMES: Mapping[str, str] = {
    "source_meta": "meta",
    "metric_span_text": "metric_text",
    "metric_span_start": "metric_start",
    "metric_span_end": "metric_end",
    "value_amount": "value",
    "value_currency": "currency",
    "value_per_share": "per_share",
    "value_high_amount": "value_high",
    "prior_value_amount": "prior_value",
    "change_amount_amount": "change_amount",
    "start": "start_char",
    "end": "end_char",
    "range": "range_role",
    "exchange_rate_base": "rate_base",
    "exchange_rate_quote": "rate_quote",
    "exchange_rate_rate": "rate",
}
#: The lists of a document whose items are mentions, and the label of their rows. An item
#: that holds mentions of its own (an organisation) gives a row per mention, with its fields.
MENTION_LABELS: Mapping[str, str] = {
    "money": "MONEY",
    "percentages": "PERCENT",
    "companies": "ORG",
    "metrics": "METRIC",
}


def flatten(
    model: type[BaseModel],
    *,
    path: tuple[str, ...] = (),
    optional: bool = False,
    skip: Iterable[str] = (),
) -> list[Column]:
    """The columns of ``model``'s fields, nested records flattened, in field order; a list is
    a count column ``n_<name>`` after the others (``skip`` leaves fields out)."""
    columns: list[Column] = []
    counts: list[Column] = []
    for item in fields_of(model):
        if item.name in skip:
            continue
        where = (*path, item.name)
        nullable = optional or item.shape.optional
        if item.shape.kind == "list":
            name = "n_" + "_".join(where)
            counts.append(Column(name, "int", nullable, where, "count", "int"))
        elif item.shape.model is not None:
            columns += flatten(item.shape.model, path=where, optional=nullable)
        else:
            columns += _leaf(model, item, where, nullable)
    return columns + counts


def _leaf(
    model: type[BaseModel], item: RecordField, path: tuple[str, ...], nullable: bool
) -> list[Column]:
    kind = item.shape.kind
    if kind == "list" or kind == "struct":
        raise TypeError(f"{model.__name__}.{item.name} is not a scalar field")
    name = "_".join(path)
    column = Column(RENAMES.get(name, name), _COLUMN_TYPES[kind], nullable, path, "field", kind)
    if issubclass(model, FactPeriod) and item.name == "label":  # a key that sorts in time
        key = "_".join((*path[:-1], "key"))
        return [column, Column(key, "text", True, path, "period_key", "text")]
    return [column]


def _article_id() -> Column:
    return Column("article_id", "text", False, op="article_id")


def _seq() -> Column:
    return Column("seq", "int", False, op="seq", kind="int")


@dataclass(frozen=True)
class MentionSource:
    """A list of a document that gives rows of the mentions table: the list's field, the
    rows' label, the mention model, and the model of the items that hold the mentions (an
    organisation, whose fields join each of its mentions' rows) or None."""

    field: str
    label: str
    model: type[BaseModel]
    group: type[BaseModel] | None = None


def _mention_sources() -> list[MentionSource]:
    sources = []
    for item in fields_of(DocumentRecord):
        if item.name not in MENTION_LABELS:
            continue
        model = _item_model(item)
        if issubclass(model, Mention):
            sources.append(MentionSource(item.name, MENTION_LABELS[item.name], model))
            continue
        inner = [_item_model(f) for f in fields_of(model) if f.shape.kind == "list"]
        if len(inner) != 1 or not issubclass(inner[0], Mention):
            raise TypeError(f"{model.__name__} holds no one list of mentions")
        sources.append(MentionSource(item.name, MENTION_LABELS[item.name], inner[0], model))
    return sources


def _item_model(item: RecordField) -> type[BaseModel]:
    """The record model of the items of a list field."""
    model = item.shape.item.model if item.shape.item is not None else None
    if model is None:
        raise TypeError(f"{item.name} is not a list of records")
    return model


def mention_columns(model: type[BaseModel], group: type[BaseModel] | None = None) -> list[Column]:
    """The columns of one kind of mention: its own fields, then its group's (an
    organisation's, its list of mentions left out)."""
    columns = flatten(model)
    if group is not None:
        lists = [f.name for f in fields_of(group) if f.shape.kind == "list"]
        own = {c.name for c in columns}
        columns += [c for c in flatten(group, skip=lists) if c.name not in own]
    return columns


def _union(kinds: list[list[Column]]) -> list[Column]:
    """The columns of every kind of mention together, in order of first appearance; a column
    is nullable unless every kind has it, not null."""
    merged: dict[str, Column] = {}
    for columns in kinds:
        for column in columns:
            seen = merged.get(column.name)
            if seen is not None and (seen.type, seen.kind) != (column.type, column.kind):
                raise TypeError(f"mention column {column.name!r} has two types")
            merged.setdefault(column.name, column)
    everywhere = set.intersection(*({c.name for c in cs if not c.nullable} for cs in kinds))
    return [
        Column(c.name, c.type, c.name not in everywhere, c.path, "field", c.kind)
        for c in merged.values()
    ]


#: The kinds of mention, in the order of the document's fields.
MENTION_SOURCES: tuple[MentionSource, ...] = tuple(_mention_sources())


@dataclass(frozen=True)
class _Spec:
    """A table: its leading columns (keys), the columns derived from the records, the
    derived columns it puts first (the order a reader of ``SELECT *`` meets), its tail."""

    name: str
    lead: tuple[Column, ...]
    body: list[Column] = default(default_factory=list)
    tail: tuple[Column, ...] = ()
    first: tuple[str, ...] = ()


def _table(spec: _Spec, **options: object) -> Table:
    first = [c for name in spec.first for c in spec.body if c.name == name]
    rest = [c for c in spec.body if c.name not in spec.first]
    columns = (*spec.lead, *first, *rest, *spec.tail)
    names = [c.name for c in columns]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise TypeError(f"table {spec.name}: columns named twice: {duplicates}")
    return Table(spec.name, columns, **options)  # type: ignore[arg-type]


SCHEMA_TABLE = Table(
    "schema_version",
    (Column("version", "int", False, kind="int"), Column("applied_at", "text", False)),
    ("version",),
    article_key="",
)

ARTICLES = _table(
    _Spec("articles", (), flatten(DocumentRecord)),
    primary_key=("id",),
    indexes=(("main_company",),),
    article_key="id",
)

COMPANIES = _table(
    _Spec(
        "companies",
        (_article_id(),),
        flatten(Company),
        (Column("is_main", "int", False, op="is_main", kind="int"),),
    ),
    primary_key=("article_id", "name"),
    indexes=(("name",), ("ticker",)),
)

MENTIONS = _table(
    _Spec(
        "mentions",
        (_article_id(), _seq(), Column("label", "text", False, op="label")),
        _union([mention_columns(source.model, source.group) for source in MENTION_SOURCES]),
    ),
    primary_key=("article_id", "seq"),
    indexes=(("label", "currency"), ("name",)),
)

FACTS = _table(
    _Spec("facts", (_article_id(), _seq()), flatten(Fact), first=("company",)),
    primary_key=("article_id", "seq"),
    indexes=(("company", "period_key"), ("metric",)),
)

#: The tables of one database, in the order they are created and filled.
TABLES: tuple[Table, ...] = (SCHEMA_TABLE, ARTICLES, COMPANIES, MENTIONS, FACTS)
#: The tables that hold an article's rows, cleared together when it is written again.
ARTICLE_TABLES: tuple[Table, ...] = (ARTICLES, COMPANIES, MENTIONS, FACTS)


def create_statements(dialect: Dialect) -> list[str]:
    """``CREATE TABLE`` and ``CREATE INDEX`` statements, idempotent, for ``dialect``."""
    statements = []
    for table in TABLES:
        lines = [
            f"  {c.name} {_TYPES[c.type][dialect]}{'' if c.nullable else ' NOT NULL'}"
            for c in table.columns
        ]
        lines.append(f"  PRIMARY KEY ({', '.join(table.primary_key)})")
        statements.append(
            f"CREATE TABLE IF NOT EXISTS {table.name} (\n" + ",\n".join(lines) + "\n)"
        )
    for table in TABLES:
        for columns in table.indexes:
            name = f"{table.name}_{'_'.join(columns)}_idx"
            statements.append(
                f"CREATE INDEX IF NOT EXISTS {name} ON {table.name} ({', '.join(columns)})"
            )
    return statements


def insert_statement(table: Table, dialect: Dialect) -> str:
    """A parameterised ``INSERT`` of one row of ``table``."""
    marker = "?" if dialect == "sqlite" else "%s"
    columns = ", ".join(table.column_names)
    values = ", ".join(marker for _ in table.columns)
    return f"INSERT INTO {table.name} ({columns}) VALUES ({values})"


def delete_statement(table: Table, dialect: Dialect, *, count: int) -> str:
    """A parameterised ``DELETE`` of the rows of ``count`` articles from ``table``."""
    marker = "?" if dialect == "sqlite" else "%s"
    markers = ", ".join(marker for _ in range(count))
    return f"DELETE FROM {table.name} WHERE {table.article_key} IN ({markers})"


def layout_differences(table: Table, found: Iterable[str]) -> str | None:
    """What differs between ``table`` and the columns a database has for it; None when they
    are the same."""
    found = list(found)
    if found == list(table.column_names):
        return None
    missing = [n for n in table.column_names if n not in found]
    extra = [n for n in found if n not in table.column_names]
    parts = []
    if missing:
        parts.append(f"lacks {', '.join(missing)}")
    if extra:
        parts.append(f"has {', '.join(extra)} besides")
    return f"its {table.name} table " + (" and ".join(parts) or "has its columns in another order")
