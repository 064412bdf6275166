"""The normalised tables that databases receive, defined once for every SQL dialect.

SQLite (the embedded default) and PostgreSQL get their DDL from :data:`TABLES`; nothing else
spells a table out. An article's rows are replaced as a whole when it is written again, so a
re-run leaves no duplicates.

>>> print(create_statements("sqlite")[1])
CREATE TABLE IF NOT EXISTS articles (
  id TEXT NOT NULL,
  schema_version TEXT NOT NULL,
  main_company TEXT,
  source_path TEXT,
  source_line INTEGER,
  source_offset INTEGER,
  source_url TEXT,
  source_published TEXT,
  meta TEXT,
  n_money INTEGER NOT NULL,
  n_percentages INTEGER NOT NULL,
  n_companies INTEGER NOT NULL,
  n_facts INTEGER NOT NULL,
  PRIMARY KEY (id)
)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

#: Version of the table layout below; a database made by another version is refused.
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


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    nullable: bool = True


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


def _c(name: str, type_: str = "text", *, nullable: bool = True) -> Column:
    return Column(name, type_, nullable)


SCHEMA_TABLE = Table(
    "schema_version",
    (_c("version", "int", nullable=False), _c("applied_at", nullable=False)),
    ("version",),
    article_key="",
)

ARTICLES = Table(
    "articles",
    (
        _c("id", nullable=False),
        _c("schema_version", nullable=False),
        _c("main_company"),
        _c("source_path"),
        _c("source_line", "int"),
        _c("source_offset", "int"),
        _c("source_url"),
        _c("source_published"),  # ISO date
        _c("meta", "json"),
        _c("n_money", "int", nullable=False),
        _c("n_percentages", "int", nullable=False),
        _c("n_companies", "int", nullable=False),
        _c("n_facts", "int", nullable=False),
    ),
    ("id",),
    indexes=(("main_company",),),
    article_key="id",
)

COMPANIES = Table(
    "companies",
    (
        _c("article_id", nullable=False),
        _c("name", nullable=False),
        _c("kind", nullable=False),
        _c("ticker"),
        _c("exchange"),
        _c("n_mentions", "int", nullable=False),
        _c("is_main", "int", nullable=False),
    ),
    ("article_id", "name"),
    indexes=(("name",), ("ticker",)),
)

MENTIONS = Table(
    "mentions",
    (
        _c("article_id", nullable=False),
        _c("seq", "int", nullable=False),
        _c("label", nullable=False),  # MONEY, PERCENT, ORG or METRIC
        _c("text", nullable=False),
        _c("start_char", "int", nullable=False),
        _c("end_char", "int", nullable=False),
        _c("rule", nullable=False),
        _c("value", "decimal"),
        _c("currency"),
        _c("kind"),  # percent kind (the unit of a percent value), organisation kind
        _c("name"),  # organisation or metric name
        _c("currency_source"),  # symbol, code, name or context
        _c("range_role"),  # low or high: one end of a money or percent range
        _c("qualifier"),  # about, at_least, more_than...
        _c("per_share", "int"),  # 1 for an amount per share
        _c("rate_base"),  # an exchange-rate statement: one unit of this currency ...
        _c("rate_quote"),  # ... is worth rate units of this one
        _c("rate", "decimal"),
    ),
    ("article_id", "seq"),
    indexes=(("label", "currency"), ("name",)),
)

FACTS = Table(
    "facts",
    (
        _c("article_id", nullable=False),
        _c("seq", "int", nullable=False),
        _c("company"),
        _c("metric", nullable=False),
        _c("metric_text", nullable=False),
        _c("metric_start", "int", nullable=False),
        _c("metric_end", "int", nullable=False),
        _c("segment"),
        _c("value_kind"),
        _c("value", "decimal"),
        _c("currency"),
        _c("value_text"),
        _c("value_start", "int"),
        _c("value_end", "int"),
        _c("value_high", "decimal"),
        _c("prior_value", "decimal"),
        _c("change_percent", "decimal"),
        _c("change_direction"),
        _c("change_basis"),
        _c("period_kind"),
        _c("period_label"),
        _c("period_key"),  # sortable: "2025-Q3", "2024-FY"
        _c("period_text"),
        # whole facts (store schema version 2)
        _c("company_source"),  # clause, subject, anaphor, article
        _c("value_unit"),  # shares, units, EH/s ...; null for money and percentages
        _c("per_share", "int"),
        _c("change_unit"),  # percent, percentage_points, basis_points
        _c("change_amount", "decimal"),  # an absolute change, in the value's unit
        _c("period_fiscal_year", "int"),
        _c("period_quarter", "int"),
        _c("period_half", "int"),
        _c("period_year_source"),  # text or published
        _c("prior_period_label"),
        _c("prior_period_key"),
        _c("forecast", "int", nullable=False),
        _c("estimate", "int", nullable=False),
        _c("sentence_start", "int", nullable=False),
        _c("sentence_end", "int", nullable=False),
        _c("rule", nullable=False),
        _c("change_percent_high", "decimal"),  # the high end of "grow 8-14%" (store schema 3)
    ),
    ("article_id", "seq"),
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
