"""Reading: every entry of the inputs into articles, by format, never raising for bad input.

Each unreadable file, line, row or record gives a :class:`~extractor.io.items.Failure`, and
reading goes on with the next one. Streams are read in bounded pieces, so an archive of any
size never sits in memory whole; only one document at a time does, of at most
``max_bytes``. Gzipped JSONL and CSV are recognised by their first bytes; warcio unpacks
gzipped WARC itself.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import logging
import stat
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO, cast

from ..errors import InputError, UsageError
from ..records import Source
from .csv import csv_articles
from .decode import decode_text
from .html import html_page, missing_dependency
from .items import Article, Failure
from .jsonl import jsonl_articles, jsonl_range_articles
from .options import DOCUMENT_FORMATS, ReadOptions
from .streams import SAMPLE_BYTES, Origin, buffered, error_name, oversized
from .walk import Entry, InputFile, Inputs, StandardInput, os_failure
from .warc import warc_articles

__all__ = [
    "FilePart",
    "iter_articles",
    "read_document",
    "read_entry",
    "read_file",
    "read_stream",
]

logger = logging.getLogger(__name__)

_DEFAULTS = ReadOptions()


@dataclasses.dataclass(frozen=True)
class FilePart:
    """Bytes ``start`` to ``end`` of a plain JSONL file, whole lines, the first of them line
    ``first_line`` of the file."""

    start: int
    end: int
    first_line: int


def iter_articles(
    inputs: Sequence[str] | Inputs,
    options: ReadOptions | None = None,
    *,
    stdin: BinaryIO | None = None,
) -> Iterator[Article | Failure]:
    """Every article of ``inputs``, and a failure for everything that could not be read.

    ``inputs`` are folders, files, or ``-`` for standard input (``stdin`` when given, else
    ``sys.stdin.buffer``), or :class:`~extractor.io.walk.Inputs` walked already.
    """
    if not isinstance(inputs, Inputs):
        inputs = Inputs.scan(inputs, options)
    for entry in inputs.entries:
        yield from read_entry(entry, options or inputs.options, stdin=stdin)


def read_entry(
    entry: Entry, options: ReadOptions | None = None, *, stdin: BinaryIO | None = None
) -> Iterator[Article | Failure]:
    """The articles of one entry of the walk."""
    options = options or _DEFAULTS
    if isinstance(entry, Failure):
        yield entry
    elif isinstance(entry, StandardInput):
        yield from _stdin_articles(sys.stdin.buffer if stdin is None else stdin, options)
    else:
        yield from read_file(entry, options)


def read_file(
    file: InputFile, options: ReadOptions | None = None, *, part: FilePart | None = None
) -> Iterator[Article | Failure]:
    """The articles of one listed file (with ``part``, of those lines of a JSONL file). The
    file is looked at afresh at its ``location``, so that another process, or another
    machine, can read it."""
    options = options or _DEFAULTS
    origin = Origin(path=file.path, name=file.name)
    try:
        status = Path(file.location).stat()
    except OSError as exc:
        yield os_failure(file.path, exc)
        return
    if not stat.S_ISREG(status.st_mode):  # a FIFO would block, a device never end
        yield origin.failure("not a regular file", "NotARegularFile")
        return
    if file.format in DOCUMENT_FORMATS and status.st_size > options.max_bytes:
        reason = oversized(status.st_size, limit=options.max_bytes)
        yield origin.failure(reason, "OversizedInput", id=file.name)
        return
    handle = _open(file.location)
    if isinstance(handle, OSError):
        yield os_failure(file.path, handle)
        return
    with handle:
        if part is None:
            yield from _guarded(handle, origin, file.format, options)
            return
        try:
            handle.seek(part.start)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            yield origin.failure(reason, error_name(exc), line=part.first_line)
            return
        yield from jsonl_range_articles(
            handle, origin=origin, options=options, first_line=part.first_line, end=part.end
        )


def _open(location: str) -> io.BufferedReader | OSError:
    """The file, buffered for :data:`~extractor.io.streams.SAMPLE_BYTES` of look-ahead."""
    try:
        return cast(io.BufferedReader, Path(location).open("rb", buffering=SAMPLE_BYTES))
    except OSError as exc:
        return exc


def read_document(path: str, options: ReadOptions | None = None) -> Article:
    """The one document of a text or HTML file (``-``: standard input, as text unless the
    options say HTML), read as a batch reads it: the same id, text and source.

    Raises :class:`~extractor.errors.UsageError` for a path that does not exist, a folder or
    a file of many documents (JSONL, CSV, WARC), and :class:`~extractor.errors.InputError`
    naming the file and the reason when it cannot be read.
    """
    options = options or _DEFAULTS
    input_format = options.input_format or (
        "text" if path == "-" else options.format_of(path) or "text"
    )
    if input_format not in DOCUMENT_FORMATS:
        raise UsageError(
            f"{path} holds many documents ({input_format}); extract reads one text: "
            "use `extractor batch` for it"
        )
    if path != "-" and Path(path).is_dir():
        raise UsageError(f"{path} is a folder; extract reads one file (batch reads folders)")
    inputs = Inputs.scan([path], dataclasses.replace(options, input_format=input_format))
    inputs.check()
    (item,) = iter_articles(inputs)  # a text or HTML input is one item
    if isinstance(item, Failure):
        raise InputError(item.path, item.reason)
    return item


def read_stream(
    stream: io.BufferedReader, *, origin: Origin, input_format: str, options: ReadOptions
) -> Iterator[Article | Failure]:
    """Every article of one input in ``input_format``, and a failure for each bad part."""
    missing = missing_dependency(input_format)
    if missing is not None:
        yield origin.failure(*missing)
    elif input_format in DOCUMENT_FORMATS:
        yield _document(stream, origin, input_format, options)
    elif input_format == "jsonl":
        yield from jsonl_articles(stream, origin=origin, options=options)
    elif input_format == "csv":
        yield from csv_articles(stream, origin=origin, options=options)
    elif input_format == "warc":
        yield from warc_articles(stream, origin=origin, options=options)
    else:
        raise ValueError(f"unknown input format {input_format!r}")


def _guarded(
    stream: io.BufferedReader, origin: Origin, input_format: str, options: ReadOptions
) -> Iterator[Article | Failure]:
    """The items of one input; an error that a reader did not expect (a library's, on input
    no one foresaw) ends this input with one failure, never the run."""
    try:
        yield from read_stream(stream, origin=origin, input_format=input_format, options=options)
    except Exception as exc:
        logger.debug("%s: reading stopped", origin.path, exc_info=True)
        reason = f"reading stopped by an unexpected error: {type(exc).__name__}: {exc}"
        yield origin.failure(reason, error_name(exc))


def _document(
    stream: io.BufferedReader, origin: Origin, input_format: str, options: ReadOptions
) -> Article | Failure:
    """The one document of a text or HTML input."""
    try:
        data = stream.read(options.max_bytes + 1)
    except OSError as exc:
        return origin.failure(exc.strerror or str(exc), error_name(exc), id=origin.name)
    if len(data) > options.max_bytes:
        return origin.failure(
            oversized(None, limit=options.max_bytes), "OversizedInput", id=origin.name
        )
    try:
        text = decode_text(data, source=origin.path)
    except InputError as exc:
        return origin.failure(exc.reason, error_name(exc), id=origin.name)
    if input_format != "html":
        return Article(id=origin.name, text=text, source=Source(path=origin.path))
    page = html_page(text, origin, url=None, id=origin.name)
    if isinstance(page, Failure):
        return page
    source = Source(path=origin.path, url=page.url, title=page.title, published=page.published)
    return Article(id=origin.name, text=page.text, source=source)


def _stdin_articles(stream: BinaryIO, options: ReadOptions) -> Iterator[Article | Failure]:
    origin = Origin(path="-", name="stdin")
    try:
        peekable = buffered(stream)
        input_format = options.input_format or _sniff(peekable)
    except OSError as exc:
        yield os_failure(origin.path, exc)
        return
    yield from _guarded(peekable, origin, input_format, options)


def _sniff(stream: io.BufferedReader) -> str:
    """JSONL when the first byte that is not blank (in the first :data:`SAMPLE_BYTES`) is
    ``{``, else text; the stream is left unread."""
    head = stream.peek(SAMPLE_BYTES)[:SAMPLE_BYTES]
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return "jsonl" if first == b"{" else "text"
