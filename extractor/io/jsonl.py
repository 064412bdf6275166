"""JSON lines, plain or gzipped: one article per line, a failure for each bad line."""

from __future__ import annotations

import codecs
import io
import json
from collections.abc import Iterator

from ..errors import EmptyInputError
from .items import Article, Failure
from .options import ReadOptions
from .rows import DateWarnings, row_article
from .streams import (
    GZIP_ERRORS,
    Origin,
    TooMuchWithoutDocument,
    bomb_failure,
    cut_failure,
    error_name,
    numbered_lines,
    oversized,
    unpack,
)

__all__ = ["jsonl_articles", "jsonl_range_articles"]


def jsonl_articles(
    stream: io.BufferedReader, *, origin: Origin, options: ReadOptions
) -> Iterator[Article | Failure]:
    """One article per line of UTF-8 JSON objects; a failure for each bad line.

    As for a plain text file, no document may be over ``max_bytes``, and neither may the
    stretch between two documents (blank lines): past it the input is one ``OversizedInput``
    failure, found within seconds, even where a small gzip unpacks to gigabytes.
    """
    try:
        unpacked = unpack(stream)
    except GZIP_ERRORS as exc:
        yield origin.failure(f"corrupt or truncated gzip data: {exc}", error_name(exc), line=1)
        return
    if b"\x00" in unpacked.head:
        yield origin.failure("binary data, not JSON lines (it holds NUL bytes)", "BinaryInput")
        return
    number = 0
    empty = True
    limit = options.max_bytes
    dates = DateWarnings(origin)
    lines = numbered_lines(unpacked.stream, limit, skip_long=not unpacked.compressed)
    try:
        for number, line in lines:
            if line is None and unpacked.compressed:
                yield cut_failure(origin, number, limit)
                return
            item = _jsonl_item(line, number, origin, options, dates)
            if item is not None:
                empty = False
                yield item
    except TooMuchWithoutDocument as exc:
        yield bomb_failure(origin, exc)
        return
    except GZIP_ERRORS as exc:
        reason = f"corrupt or truncated gzip data at line {number + 1}: {exc}"
        yield origin.failure(reason, error_name(exc), line=number + 1)
        return
    if empty:
        yield origin.failure("empty input", EmptyInputError.code)


def jsonl_range_articles(
    stream: io.BufferedReader,
    *,
    origin: Origin,
    options: ReadOptions,
    first_line: int,
    end: int,
) -> Iterator[Article | Failure]:
    """The articles of the whole lines of a plain (not gzipped) JSONL file from the stream's
    position to byte ``end``, the first of them line ``first_line``: what
    :func:`jsonl_articles` yields for these lines, with the same ids and line numbers. A large
    file is read this way in parts, each on its own."""
    number = first_line - 1
    dates = DateWarnings(origin)
    try:
        for count, line in numbered_lines(stream, options.max_bytes, end=end):
            number = first_line + count - 1
            item = _jsonl_item(line, number, origin, options, dates)
            if item is not None:
                yield item
    except TooMuchWithoutDocument as exc:
        yield bomb_failure(
            origin, TooMuchWithoutDocument(first_line + exc.line - 1, options.max_bytes)
        )
    except OSError as exc:
        reason = f"unreadable from line {number + 1} on: {exc.strerror or exc}"
        yield origin.failure(reason, error_name(exc), line=number + 1)


def _jsonl_item(
    line: bytes | None, number: int, origin: Origin, options: ReadOptions, dates: DateWarnings
) -> Article | Failure | None:
    if line is None:
        return origin.failure(
            oversized(None, limit=options.max_bytes), "OversizedInput", line=number
        )
    if number == 1:
        line = line.removeprefix(codecs.BOM_UTF8)
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8: byte 0x{line[exc.start]:02x} at column {exc.start + 1}"
        return origin.failure(reason, error_name(exc), line=number)
    if not decoded.strip():
        return None
    try:
        row = json.loads(decoded)
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON: {exc.msg} at column {exc.colno}"
        return origin.failure(reason, error_name(exc), line=number)
    except (ValueError, RecursionError) as exc:  # a number too long, nesting too deep
        return origin.failure(f"invalid JSON: {exc}", error_name(exc), line=number)
    if not isinstance(row, dict):
        reason = f"not a JSON object but {type(row).__name__}"
        return origin.failure(reason, "InvalidRecord", line=number)
    return row_article(row, number, origin, options, dates)
