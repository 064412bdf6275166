"""CSV: one row per fact (or per mention, company or article), the columns of the store's tables.

The rows are those a database gets (:func:`extractor.store.rows.record_rows`), so a CSV file
and a table hold the same thing. Numbers are written exactly, without exponent; an empty cell
is a null. A document that gives no rows (no facts, say) still counts as written. The file is
written through parts (:mod:`extractor.sinks.parts`), each holding rows without a header;
the merged output has the header first.

Text cells come from articles, which are untrusted: a cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return is a formula to a spreadsheet
(``=HYPERLINK("http://x")``). As OWASP's "CSV Injection" advises, such a cell is written with
a ``'`` before it, which a spreadsheet shows as text and does not run; so is a cell that
already begins with ``'``, so that the quote can be taken off again exactly (a resumed output
reads its ids back that way). Numbers are never changed. ``raw=True`` (``--csv-raw``) writes
every cell as it is.

>>> print(neutralise('=HYPERLINK("http://x")'), neutralise("-$5m"), neutralise("Acme"))
'=HYPERLINK("http://x") '-$5m Acme
>>> restore(neutralise("@SUM(A1)")), restore(neutralise("'quoted"))
('@SUM(A1)', "'quoted")
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import OutputError, UsageError
from ..store.rows import RecordRows, Rows, TableRows
from ..store.schema import ARTICLE_TABLES, Table
from ._base import plain_number
from .parts import PartedSink, PartFormat, PartWriter, concatenate_lines

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


#: The first characters that make a spreadsheet read a cell as a formula, and the quote.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


def neutralise(text: str) -> str:
    """``text`` with a ``'`` before it when a spreadsheet would run it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def restore(text: str) -> str:
    """The text that :func:`neutralise` was given."""
    return text[1:] if text.startswith("'") else text


def _cell(value: Any, *, raw: bool) -> Any:
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, str) and not raw:
        return neutralise(value)
    return value


class _CsvWriter(PartWriter[Rows]):
    def __init__(self, path: Path, part_format: CsvFormat) -> None:
        super().__init__(path)
        self._format = part_format
        self._handle: BinaryIO = path.open("wb")

    def write(self, rows: Sequence[RecordRows[Rows]]) -> None:
        name = self._format.table.name
        self._handle.write(self._format.lines([r for row in rows for r in row.rows[name]]))

    def close(self) -> None:
        self._handle.close()


class CsvFormat(PartFormat[Rows]):
    """Parts and outputs of the rows of one table."""

    def __init__(self, table: str = "facts", *, raw: bool = False) -> None:
        self.table = csv_table(table)
        self.raw = raw
        self.name = f"csv:{self.table.name}" + (":raw" if raw else "")
        self.layout = TableRows((self.table.name,))

    def lines(self, rows: Sequence[Sequence[Any]]) -> bytes:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerows([_cell(value, raw=self.raw) for value in row] for row in rows)
        return buffer.getvalue().encode("utf-8")

    def writer(self, path: Path) -> PartWriter[Rows]:
        return _CsvWriter(path, self)

    def ids(self, path: Path) -> Iterator[str]:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            names = [restore(name) if not self.raw else name for name in header or []]
            if header is None or names != list(self.table.column_names):
                raise OutputError(
                    str(path),
                    f"its columns are not those of the {self.table.name} table "
                    "(another --table?), so it cannot be continued",
                )
            key = self.table.column_names.index(self.table.article_key)
            for row in reader:
                yield row[key] if self.raw else restore(row[key])

    def merge(self, sources: Sequence[Path], target: Path, *, base: Path | None) -> None:
        header = self.lines([self.table.column_names])
        concatenate_lines(sources, target, base=base, header=header)


class CsvSink(PartedSink[Rows]):
    """The rows of one table, with a header, to a CSV file, atomically and resumably."""

    def __init__(
        self,
        path: str,
        *,
        table: str = "facts",
        resume: bool = False,
        force: bool = False,
        raw: bool = False,
    ) -> None:
        part_format = CsvFormat(table, raw=raw)
        self.table = part_format.table
        super().__init__(path, part_format, resume=resume, force=force)
