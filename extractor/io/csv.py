"""CSV tables, plain or gzipped: one article per row under a header row."""

from __future__ import annotations

import csv
import io
import itertools
import sys
from collections.abc import Iterator
from typing import Any

from ..errors import InputError
from .decode import detect_encoding
from .items import Article, Failure
from .options import ReadOptions
from .rows import DateWarnings, row_article
from .streams import (
    GZIP_ERRORS,
    BlankWatch,
    Origin,
    TooMuchWithoutDocument,
    bomb_failure,
    error_name,
    unpack,
)

__all__ = ["csv_articles"]


def csv_articles(
    stream: io.BufferedReader, *, origin: Origin, options: ReadOptions
) -> Iterator[Article | Failure]:
    """One article per row under a header row; the encoding is found from the first bytes.

    The csv module's field size limit (one for the whole process) is raised to ``max_bytes``.
    """
    csv.field_size_limit(max(csv.field_size_limit(), min(options.max_bytes, sys.maxsize)))
    try:
        unpacked = unpack(stream)
        encoding = detect_encoding(unpacked.head, source=origin.path, partial=True)
    except GZIP_ERRORS as exc:
        yield origin.failure(f"corrupt or truncated gzip data: {exc}", error_name(exc), line=1)
        return
    except InputError as exc:
        yield origin.failure(exc.reason, error_name(exc))
        return
    watched = io.BufferedReader(BlankWatch(unpacked.stream, options.max_bytes))
    reader = csv.reader(io.TextIOWrapper(watched, encoding=encoding, errors="strict", newline=""))
    rows = _Rows(origin, options, compressed=unpacked.compressed)
    for line, row in _lines(reader, rows):
        item = row if isinstance(row, Failure) else rows.item(row, line)
        if item is not None:
            yield item
        if rows.header_refused:
            return
    if rows.header is None:
        yield origin.failure("no header row", "InvalidHeader")


def _lines(reader: Any, rows: _Rows) -> Iterator[tuple[int, list[str] | Failure]]:
    """``(line, row)`` of each row that is not blank, or ``(line, failure)`` where the csv
    module or the stream refuses one; reading stops where it cannot go on."""
    origin, limit = rows.origin, rows.options.max_bytes
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except TooMuchWithoutDocument:
            yield start, bomb_failure(origin, TooMuchWithoutDocument(rows.blank_from, limit))
            return
        except csv.Error as exc:
            yield start, origin.failure(f"invalid CSV: {exc}", error_name(exc), line=start)
            if reader.line_num < start or rows.not_worth_going_on(exc):
                return  # no way past this line, or not one worth unpacking a bomb for
            continue
        except (*GZIP_ERRORS, UnicodeDecodeError) as exc:
            reason = f"unreadable from line {start} on: {exc}"
            yield start, origin.failure(reason, error_name(exc), line=start)
            return
        if any(row):  # not a blank line, or one of empty fields only
            rows.blank_from = reader.line_num + 1
            yield start, row


class _Rows:
    """The rows of one CSV input after its header row."""

    def __init__(self, origin: Origin, options: ReadOptions, *, compressed: bool) -> None:
        self.origin = origin
        self.options = options
        self.compressed = compressed
        self.header: list[str] | None = None
        self.header_refused = False
        #: The first line after the last row that was not blank.
        self.blank_from = 1
        self.dates = DateWarnings(origin)

    def not_worth_going_on(self, exc: csv.Error) -> bool:
        """A compressed input is not unpacked past a field over the cap."""
        return self.compressed and "field limit" in str(exc)

    def item(self, row: list[str], line: int) -> Article | Failure | None:
        """The article of a row, a failure, or None for the header row."""
        if self.header is None:
            self.header = row
            if self.options.text_field in row:
                return None
            self.header_refused = True
            columns = ", ".join(row)
            reason = f"no {self.options.text_field!r} column in the header row (it has: {columns})"
            return self.origin.failure(reason, "InvalidHeader", line=line)
        if len(row) > len(self.header):
            reason = f"a row of {len(row)} fields under a header of {len(self.header)}"
            return self.origin.failure(reason, "InvalidRecord", line=line)
        fields = dict(itertools.zip_longest(self.header, row, fillvalue=""))
        return row_article(fields, line, self.origin, self.options, self.dates)
