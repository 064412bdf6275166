"""SQLite: the normalised tables of :mod:`extractor.store.schema`, written straight to the file.

Each ``write`` is one transaction that inserts the chunk's rows (deleting first whatever
rows of those articles the tables hold, so an article is never there twice). A transaction
is either in the database or not, so there is no temporary file: an interrupted run is
resumed from what the ``articles`` table holds, whose ids are done (the first record of an
id is the one kept, :mod:`extractor.duplicate_ids`). A database whose tables have other
columns than the records give (another version, or records with other fields) is refused.
The database runs in WAL mode while it is written and is put back in rollback-journal mode
by ``close``, so the finished database is one self-contained file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Sequence
from datetime import datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..durable import sibling
from ..errors import OutputError
from ..store.rows import RecordRows, Row, Rows, TableRows
from ..store.schema import (
    ARTICLE_TABLES,
    ARTICLES,
    SCHEMA_TABLE,
    STORE_SCHEMA_VERSION,
    Table,
    create_statements,
    delete_statement,
    insert_statement,
    layout_differences,
)
from ._base import BaseSink, claim

logger = logging.getLogger(__name__)

#: Ids per ``DELETE``, under SQLite's oldest limit of 999 parameters.
_DELETE_BATCH = 500
_INT64 = range(-(2**63), 2**63)


def sql_value(value: Any) -> Any:
    """A value sqlite3 takes: a Decimal as int when integral, as text otherwise.

    Text in a NUMERIC column is stored as a number, so nothing is lost on the way in.

    >>> sql_value(Decimal("4.27E+8")), sql_value(Decimal("1.07")), sql_value("x")
    (427000000, '1.07', 'x')
    """
    if isinstance(value, Decimal):
        if value == value.to_integral_value() and int(value) in _INT64:
            return int(value)
        return format(value, "f")
    return value


def sql_row(row: Row, decimals: Sequence[int]) -> Row:
    """``row`` with the values of its decimal columns (at ``decimals``) as sqlite3 takes them."""
    if not decimals:
        return row
    values = list(row)
    for n in decimals:
        if values[n] is not None:
            values[n] = sql_value(values[n])
    return tuple(values)


def _decimals(table: Table) -> tuple[int, ...]:
    return tuple(n for n, column in enumerate(table.columns) if column.type == "decimal")


class SqliteSink(BaseSink[Rows]):
    """Records to the normalised tables of a SQLite database, one transaction per chunk."""

    def __init__(self, path: str, *, resume: bool = False, force: bool = False) -> None:
        super().__init__(path, TableRows())
        final = Path(path)
        leftovers = [sibling(final, suffix) for suffix in ("-wal", "-shm", "-journal")]
        if not final.exists() and any(p.exists() for p in leftovers) and resume:
            raise OutputError(path, "the database is missing but its journal files are there")
        claim(final, leftovers, resume=resume, force=force)
        try:
            self._db = sqlite3.connect(final, isolation_level=None)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")  # each chunk durable, as in the files
            self._prepare()
            self._ids.add(row[0] for row in self._db.execute(f"SELECT id FROM {ARTICLES.name}"))
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise OutputError(path, f"cannot be used as the SQLite store: {exc}") from exc
        except OutputError:
            self._db.close()
            raise
        if len(self._ids):
            logger.info("%s: resuming with %d articles written", path, len(self._ids))

    def _prepare(self) -> None:
        """Create the tables in a new database; check the version of an existing one."""
        tables = {row[0] for row in self._db.execute("SELECT name FROM sqlite_master")}
        if tables and SCHEMA_TABLE.name not in tables:
            raise OutputError(self.path, "is a database that this package did not make")
        versions = (
            [row[0] for row in self._db.execute(f"SELECT version FROM {SCHEMA_TABLE.name}")]
            if tables
            else []
        )
        if tables and versions != [STORE_SCHEMA_VERSION]:
            raise OutputError(
                self.path,
                f"has store schema version {', '.join(map(str, versions)) or 'none'}, "
                f"this version writes {STORE_SCHEMA_VERSION}; write to a new database "
                "(or use --force to replace it)",
            )
        for table in ARTICLE_TABLES if tables else ():
            found = [row[1] for row in self._db.execute(f"PRAGMA table_info({table.name})")]
            differs = layout_differences(table, found)
            if differs is not None:
                raise OutputError(
                    self.path,
                    f"{differs}: it was made for records of other fields; write to a new "
                    "database (or use --force to replace it)",
                )
        with self._transaction():
            for statement in create_statements("sqlite"):
                self._db.execute(statement)
            if not tables:
                self._db.execute(
                    insert_statement(SCHEMA_TABLE, "sqlite"),
                    (STORE_SCHEMA_VERSION, datetime.now(timezone.utc).isoformat()),
                )

    def _write(self, rows: Sequence[RecordRows[Rows]]) -> None:
        ids = [row.id for row in rows]
        try:
            with self._transaction():
                for table, decimals in _TABLES:
                    for start in range(0, len(ids), _DELETE_BATCH):
                        batch = ids[start : start + _DELETE_BATCH]
                        self._db.execute(delete_statement(table, "sqlite", count=len(batch)), batch)
                    self._db.executemany(
                        insert_statement(table, "sqlite"),
                        [sql_row(r, decimals) for row in rows for r in row.rows[table.name]],
                    )
        except sqlite3.OperationalError as exc:  # the database, not the data: full, locked...
            raise OutputError(self.path, f"the database cannot be written: {exc}") from exc

    def _transaction(self) -> _Transaction:
        return _Transaction(self._db)

    def _close(self) -> None:
        self._db.execute("PRAGMA journal_mode=DELETE")  # checkpoints and removes the WAL
        self._db.close()
        logger.debug("%s: complete, %d articles", self.path, len(self._ids))

    def _abort(self) -> None:
        if self._db.in_transaction:
            self._db.rollback()
        self._db.close()


#: The article tables, each with the positions of its decimal columns.
_TABLES = tuple((table, _decimals(table)) for table in ARTICLE_TABLES)


class _Transaction:
    """``BEGIN`` ... ``COMMIT``, or ``ROLLBACK`` on an exception (the connection autocommits)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: type[BaseException] | None, *_: object) -> None:
        self._db.execute("COMMIT" if exc_type is None else "ROLLBACK")
