"""CSV: one row per fact (or per mention, company or article), the columns of the store's tables.

The rows are those a database gets (:func:`extractor.store.rows.record_rows`), so a CSV file
and a table hold the same thing. Numbers are written exactly, without exponent; an empty cell
is a null. A document that gives no rows (no facts, say) still counts as written.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import OutputError, UsageError
from ..store.rows import record_rows
from ..store.schema import ARTICLE_TABLES, Table
from ._base import parse_record, plain_number
from ._journal import JournaledSink

#: The tables a CSV file can hold, by name.
CSV_TABLES: dict[str, Table] = {table.name: table for table in ARTICLE_TABLES}


def csv_table(name: str) -> Table:
    """The table called ``name``; a :class:`UsageError` names the choices otherwise."""
    try:
        return CSV_TABLES[name]
    except KeyError:
        raise UsageError(
            f"no table {name!r} for CSV output; choose one of {', '.join(CSV_TABLES)}"
        ) from None


def _cell(value: Any) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    return value


class CsvSink(JournaledSink):
    """The rows of one table, with a header, to a CSV file, atomically and resumably."""

    def __init__(
        self, path: str, *, table: str = "facts", resume: bool = False, force: bool = False
    ) -> None:
        self.table = csv_table(table)
        self.layout = f"csv:{self.table.name}"
        self.preamble = self._lines([self.table.column_names])
        super().__init__(path, resume=resume, force=force)

    @staticmethod
    def _lines(rows: Sequence[Sequence[Any]]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([_cell(value) for value in row] for row in rows)
        return buffer.getvalue().encode("utf-8")

    def _encode(self, records: Sequence[str]) -> list[tuple[str, bytes]]:
        encoded = []
        for record in records:
            data = parse_record(record)
            encoded.append((data["id"], self._lines(record_rows(data)[self.table.name])))
        return encoded

    def _ids_in(self, output: Path) -> Iterator[str]:
        with output.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header != list(self.table.column_names):
                raise OutputError(
                    str(output),
                    f"its columns are not those of the {self.table.name} table "
                    "(another --table?), so it cannot be continued",
                )
            key = self.table.column_names.index(self.table.article_key)
            for row in reader:
                yield row[key]
