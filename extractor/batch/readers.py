"""Readers of one input each, by format: text, HTML, JSONL and CSV (WARC is in ``warc.py``).

A reader takes a binary stream and yields :class:`Article` and :class:`Failure` items as it
reads; none of them raises for bad input. Streams are read in bounded pieces, so an archive of
any size never sits in memory whole; only one document at a time does, of at most
``max_bytes``. Gzipped JSONL and CSV are recognised by their first bytes; warcio unpacks
gzipped WARC itself. trafilatura and warcio are optional and imported only when needed.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gzip
import importlib
import io
import itertools
import json
import logging
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from ..errors import EmptyInputError, InputError
from ..inputs import decode_text, detect_encoding
from ..records import Source
from ..sanitize import scrub_surrogates, scrub_value
from .items import Article, Failure

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

    from .sources import SourceOptions

logger = logging.getLogger(__name__)

GZIP_MAGIC = b"\x1f\x8b"

#: Bytes read ahead to find a stream's encoding, or that it is gzipped, empty or binary.
SAMPLE_BYTES = 64 * 1024

#: Bytes read at a time when looking ahead.
_CHUNK = 8 * 1024

#: HTTP content types of the WARC responses that are read as articles.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})

#: What a damaged gzip stream raises: bad header, cut short, corrupt deflate data.
GZIP_ERRORS = (OSError, EOFError, zlib.error)

#: Shorter main text of an HTML page is no article.
MIN_ARTICLE_CHARS = 20

#: The optional packages each format needs, with the extra that installs them.
_NEEDS = {
    "html": (("trafilatura", "html"),),
    "warc": (("warcio", "warc"), ("trafilatura", "html")),
}


class Readable(Protocol):
    """Anything with a binary ``read``: a file, ``sys.stdin.buffer``, a ``BytesIO``."""

    def read(self, size: int = ..., /) -> bytes: ...


@dataclass(frozen=True)
class Origin:
    """Where an input is: ``path`` as found (``-`` for stdin), ``name`` the base of its ids."""

    path: str
    name: str

    def failure(self, reason: str, error: str, **where: Any) -> Failure:
        return Failure(path=self.path, reason=reason, error=error, **where)


def error_name(exc: BaseException) -> str:
    """The ``error`` of a failure: our short code, or the exception's class name."""
    code = getattr(exc, "code", None)
    if isinstance(code, str):
        return code
    name = type(exc).__name__
    if name.lower() == "error":  # zlib.error, csv.Error
        name = f"{type(exc).__module__.lstrip('_')}.{name}"
    return name


def oversized(size: int | None, *, limit: int) -> str:
    """The reason given for an input over ``max_bytes``."""
    what = f"{size} bytes" if size is not None else "more"
    return f"too large: {what}, the limit is {limit} bytes (raise it with --max-bytes)"


def missing_dependency(input_format: str) -> tuple[str, str] | None:
    """``(reason, error)`` when an optional package that ``input_format`` needs cannot be
    imported: missing (the reason names the extra to install), or installed but broken (the
    reason is the real import error)."""
    for module, extra in _NEEDS.get(input_format, ()):
        problem = import_problem(module, extra=extra)
        if problem is not None:
            kind = "HTML" if input_format == "html" else "WARC"
            return f"{kind} input: {problem[0]}", problem[1]
    return None


def import_problem(module: str, *, extra: str) -> tuple[str, str] | None:
    """Why ``module`` cannot be imported, as ``(reason, exception class)``; None when it can.

    A package that is not installed gets the advice to install the extra; one that is
    installed but fails to import (a dependency of its own is missing or broken) gets the
    real exception, since installing it again would not help.
    """
    try:
        importlib.import_module(module)
    except Exception as exc:  # an ImportError, or whatever a broken package raises
        if isinstance(exc, ModuleNotFoundError) and exc.name == module:
            reason = f"{module} is not installed: pip install 'finnews-extractor[{extra}]'"
        else:
            reason = f"{module} is installed but cannot be imported: {type(exc).__name__}: {exc}"
        return reason, type(exc).__name__
    return None


def read_stream(
    stream: Readable, *, origin: Origin, input_format: str, options: SourceOptions
) -> Iterator[Article | Failure]:
    """Every article of one input in ``input_format``, and a failure for each bad part."""
    missing = missing_dependency(input_format)
    if missing is not None:
        yield origin.failure(*missing)
    elif input_format in ("text", "html"):
        yield _document(stream, origin, input_format, options)
    elif input_format == "jsonl":
        yield from jsonl_articles(stream, origin=origin, options=options)
    elif input_format == "csv":
        yield from csv_articles(stream, origin=origin, options=options)
    elif input_format == "warc":
        from .warc import warc_articles  # warc.py builds on this module

        yield from warc_articles(stream, origin=origin, options=options)
    else:
        raise ValueError(f"unknown input format {input_format!r}")


def _document(
    stream: Readable, origin: Origin, input_format: str, options: SourceOptions
) -> Article | Failure:
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
    if input_format == "html":
        found = html_text(text, origin, url=None, id=origin.name)
        if isinstance(found, Failure):
            return found
        text = found
    return Article(id=origin.name, text=text, source=Source(path=origin.path))


def html_text(html: str, origin: Origin, *, url: str | None, **where: Any) -> str | Failure:
    """The article text of an HTML page, by trafilatura: main text only, no tables or comments.

    A page whose main text is shorter than :data:`MIN_ARTICLE_CHARS` (a menu, a bare "Home"
    link) has no article.
    """
    trafilatura: Any = importlib.import_module("trafilatura")
    try:
        text: str | None = trafilatura.extract(
            html,
            url=url,
            include_comments=False,
            include_tables=False,
            config=_trafilatura_config(),
        )
    # trafilatura and lxml raise assorted errors on hostile markup; one bad page must not
    # stop a batch.
    except Exception as exc:
        return origin.failure(f"the HTML cannot be parsed: {exc}", error_name(exc), **where)
    if not text or not text.strip():
        return origin.failure("no article text found in the HTML", "NoArticleText", **where)
    return text


@functools.cache
def _trafilatura_config() -> Any:
    settings: Any = importlib.import_module("trafilatura.settings")
    config = settings.use_config()
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))
    return config


# --- streams ------------------------------------------------------------------------------


class _Replay(io.RawIOBase):
    """A raw stream that gives back ``head``, bytes already read, then the rest of ``rest``."""

    def __init__(self, head: bytes, rest: Readable, error: Exception | None = None) -> None:
        super().__init__()
        self._head = head
        self._rest = rest
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        if self._error is not None:
            raise self._error
        data = self._rest.read(len(view))
        view[: len(data)] = data
        return len(data)


def look_ahead(stream: Readable, *, size: int) -> tuple[bytes, io.BufferedReader]:
    """The first ``size`` bytes of ``stream`` (fewer at its end), and the whole stream again.

    An error in reading (damaged gzip data) after some bytes is raised by the returned stream
    where it happened, once the bytes before it are read.
    """
    parts: list[bytes] = []
    got = 0
    error: Exception | None = None
    while got < size:
        try:
            part = stream.read(min(size - got, _CHUNK))
        except GZIP_ERRORS as exc:
            error = exc
            break
        if not part:
            break
        parts.append(part)
        got += len(part)
    head = b"".join(parts)
    if error is not None and not head:
        raise error
    return head, replay(head, stream, error=error)


def replay(head: bytes, rest: Readable, *, error: Exception | None = None) -> io.BufferedReader:
    """A stream of ``head``, bytes already read from ``rest``, then the rest of ``rest``.

    With ``error``, the rest is that error, raised once ``head`` has been read.
    """
    return io.BufferedReader(_Replay(head, rest, error))


def _unpacked(stream: Readable) -> io.BufferedIOBase:
    """The stream, through gzip when it starts as gzip data does."""
    head, whole = look_ahead(stream, size=len(GZIP_MAGIC))
    if head == GZIP_MAGIC:
        return gzip.GzipFile(fileobj=whole, mode="rb")
    return whole


def _sample(stream: Readable, origin: Origin) -> Sampled | Failure:
    """The unpacked stream's first bytes and the stream, or a failure when it cannot be read."""
    try:
        unpacked = _unpacked(stream)
        head, whole = look_ahead(unpacked, size=SAMPLE_BYTES)
    except GZIP_ERRORS as exc:
        return origin.failure(f"corrupt or truncated gzip data: {exc}", error_name(exc), line=1)
    return Sampled(head, whole, compressed=isinstance(unpacked, gzip.GzipFile))


@dataclass(frozen=True)
class Sampled:
    """A stream's first bytes, the whole stream, and whether it was gzipped."""

    head: bytes
    stream: io.BufferedReader
    compressed: bool


class TooMuchWithoutDocument(Exception):
    """More than ``max_bytes`` of an input went by without a document in them."""

    def __init__(self, line: int, limit: int) -> None:
        self.line = line
        super().__init__(
            f"more than {limit} bytes without a document, from line {line} on (blank lines, "
            "or a decompression bomb); the rest is not read"
        )


def bomb_failure(origin: Origin, exc: TooMuchWithoutDocument) -> Failure:
    return origin.failure(str(exc), "OversizedInput", line=exc.line)


def _cut_failure(origin: Origin, line: int, limit: int) -> Failure:
    """A compressed input is not read past a line over the limit: unpacking the rest of it
    to find where it ends is what a decompression bomb wants."""
    reason = (
        f"line {line} is {oversized(None, limit=limit)}; a compressed input is not read past "
        "such a line"
    )
    return origin.failure(reason, "OversizedInput", line=line)


# --- JSONL --------------------------------------------------------------------------------


def jsonl_articles(
    stream: Readable, *, origin: Origin, options: SourceOptions
) -> Iterator[Article | Failure]:
    """One article per line of UTF-8 JSON objects; a failure for each bad line.

    As for a plain text file, no document may be over ``max_bytes``, and neither may the
    stretch between two documents (blank lines): past it the input is one ``OversizedInput``
    failure, found within seconds, even where a small gzip unpacks to gigabytes.
    """
    sampled = _sample(stream, origin)
    if isinstance(sampled, Failure):
        yield sampled
        return
    if b"\x00" in sampled.head:
        yield origin.failure("binary data, not JSON lines (it holds NUL bytes)", "BinaryInput")
        return
    number = 0
    empty = True
    limit = options.max_bytes
    lines = _numbered_lines(sampled.stream, limit, skip_long=not sampled.compressed)
    try:
        for number, line in lines:
            if line is None and sampled.compressed:
                yield _cut_failure(origin, number, limit)
                return
            item = _jsonl_item(line, number, origin, options)
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
    lines: io.BufferedIOBase, *, origin: Origin, options: SourceOptions, first_line: int
) -> Iterator[Article | Failure]:
    """The articles of a run of whole lines of a plain (not gzipped) JSONL file, the first of
    them line ``first_line``: what :func:`jsonl_articles` yields for these lines, with the same
    ids and line numbers. A large file is read this way in parts, each on its own."""
    number = first_line - 1
    try:
        for count, line in _numbered_lines(lines, options.max_bytes):
            number = first_line + count - 1
            item = _jsonl_item(line, number, origin, options)
            if item is not None:
                yield item
    except TooMuchWithoutDocument as exc:
        yield bomb_failure(
            origin, TooMuchWithoutDocument(first_line + exc.line - 1, options.max_bytes)
        )
    except OSError as exc:
        reason = f"unreadable from line {number + 1} on: {exc.strerror or exc}"
        yield origin.failure(reason, error_name(exc), line=number + 1)


def _numbered_lines(
    stream: io.BufferedIOBase, limit: int, *, skip_long: bool = True
) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` pairs, ``None`` for a line over ``limit`` (whose rest is read
    and dropped, unless ``skip_long`` is false). Blank lines are skipped in bulk, and more than
    ``limit`` bytes of them in a row raise :class:`TooMuchWithoutDocument`."""
    number = 0
    blank = 0
    while True:
        skipped, newlines = _skip_line_ends(stream, most=limit - blank + 1)
        if skipped:
            if blank == 0:
                first_blank = number + 1
            number += newlines
            blank += skipped
            if blank > limit:
                raise TooMuchWithoutDocument(first_blank, limit)
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            if skip_long:
                while (rest := stream.readline(SAMPLE_BYTES)) and not rest.endswith(b"\n"):
                    pass
            blank = 0
            yield number, None
        elif line.strip():
            blank = 0
            yield number, line
        else:
            if blank == 0:
                first_blank = number
            blank += len(line)
            if blank > limit:
                raise TooMuchWithoutDocument(first_blank, limit)


def _skip_line_ends(stream: io.BufferedIOBase, *, most: int) -> tuple[int, int]:
    """Read past a run of ``\\r`` and ``\\n`` bytes at the stream's position, fast (a
    buffered stream's ``peek``), but not past ``most`` bytes: how many bytes, and how many
    line ends."""
    peek = getattr(stream, "peek", None)
    skipped = newlines = 0
    while peek is not None and skipped < most:
        ahead = peek(SAMPLE_BYTES)[: most - skipped]
        run = len(ahead) - len(ahead.lstrip(b"\r\n"))
        if run == 0:
            break
        newlines += ahead.count(b"\n", 0, run)
        skipped += run
        stream.read(run)
    return skipped, newlines


def _jsonl_item(
    line: bytes | None, number: int, origin: Origin, options: SourceOptions
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
    return _row_article(row, number, origin, options)


def _row_article(
    row: dict[str, Any], line: int, origin: Origin, options: SourceOptions
) -> Article | Failure:
    """The article of one JSONL object or CSV row; other fields go to its source's meta."""
    value = row.get(options.id_field) if options.id_field is not None else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
        ident = str(value)
    else:
        ident = f"{origin.name}:{line}"
    text = row.get(options.text_field)
    if not isinstance(text, str):
        reason = f"no {options.text_field!r} field holding a string"
        return origin.failure(reason, "InvalidRecord", line=line, id=ident)
    if not text.strip():
        reason = f"empty {options.text_field!r} field"
        return origin.failure(reason, EmptyInputError.code, line=line, id=ident)
    if len(text.encode("utf-8", "surrogatepass")) > options.max_bytes:
        reason = f"{options.text_field!r} field {oversized(None, limit=options.max_bytes)}"
        return origin.failure(reason, "OversizedInput", line=line, id=ident)
    meta = {
        key: item for key, item in row.items() if key not in (options.text_field, options.id_field)
    }
    broken = _lone_surrogate_field(row, options)
    if broken is not None:
        reason = (
            f"the {broken!r} field holds a lone surrogate (a \\ud800-\\udfff escape without "
            "its pair), which is not Unicode; an id or a metadata value is not rewritten, so "
            "this document is left out (in a text, one becomes U+FFFD)"
        )
        return origin.failure(reason, "InvalidUnicode", line=line, id=scrub_surrogates(ident))
    url = meta.get("url")
    source = Source(
        path=origin.path, line=line, url=url if isinstance(url, str) and url else None, meta=meta
    )
    return Article(id=ident, text=text, source=source)


def _lone_surrogate_field(row: dict[str, Any], options: SourceOptions) -> str | None:
    """The name of the first field other than the text whose name or value holds a lone
    surrogate. Such an id or metadata value is refused rather than repaired: a record must not
    carry an id, or a value to join on, that differs from the source's."""
    for key, value in row.items():
        if key == options.text_field:
            continue
        if scrub_value(key) != key or scrub_value(value) != value:
            return scrub_surrogates(key)
    return None


# --- CSV ----------------------------------------------------------------------------------


def csv_articles(
    stream: Readable, *, origin: Origin, options: SourceOptions
) -> Iterator[Article | Failure]:
    """One article per row under a header row; the encoding is found from the first bytes.

    The csv module's field size limit (one for the whole process) is raised to ``max_bytes``.
    """
    csv.field_size_limit(max(csv.field_size_limit(), min(options.max_bytes, sys.maxsize)))
    sampled = _sample(stream, origin)
    if isinstance(sampled, Failure):
        yield sampled
        return
    try:
        encoding = detect_encoding(sampled.head, source=origin.path, partial=True)
    except InputError as exc:
        yield origin.failure(exc.reason, error_name(exc))
        return
    watched = io.BufferedReader(_BlankWatch(sampled.stream, options.max_bytes))
    reader = csv.reader(io.TextIOWrapper(watched, encoding=encoding, errors="strict", newline=""))
    header: list[str] | None = None
    blank_from = 1  # the first line after the last row that was not blank
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except TooMuchWithoutDocument:
            yield bomb_failure(origin, TooMuchWithoutDocument(blank_from, options.max_bytes))
            return
        except csv.Error as exc:
            yield origin.failure(f"invalid CSV: {exc}", error_name(exc), line=start)
            if reader.line_num < start or (sampled.compressed and "field limit" in str(exc)):
                return  # no way past this line, or not one worth unpacking a bomb for
            continue
        except (*GZIP_ERRORS, UnicodeDecodeError) as exc:
            reason = f"unreadable from line {start} on: {exc}"
            yield origin.failure(reason, error_name(exc), line=start)
            return
        if not any(row):  # a blank line, or one of empty fields only
            continue
        blank_from = reader.line_num + 1
        if header is None:
            header = row
            if options.text_field not in header:
                columns = ", ".join(header)
                reason = f"no {options.text_field!r} column in the header row (it has: {columns})"
                yield origin.failure(reason, "InvalidHeader", line=start)
                return
            continue
        if len(row) > len(header):
            reason = f"a row of {len(row)} fields under a header of {len(header)}"
            yield origin.failure(reason, "InvalidRecord", line=start)
            continue
        fields = dict(itertools.zip_longest(header, row, fillvalue=""))
        yield _row_article(fields, start, origin, options)
    if header is None:
        yield origin.failure("no header row", "InvalidHeader")


class _BlankWatch(io.RawIOBase):
    """A raw stream that raises :class:`TooMuchWithoutDocument` once more than ``limit``
    bytes in a row have been line ends and commas only: a CSV's blank rows, which would
    otherwise be read to the end however many gigabytes a small gzip holds of them."""

    def __init__(self, stream: Readable, limit: int) -> None:
        super().__init__()
        self._stream = stream
        self._limit = limit
        self._blank = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        view = memoryview(buffer).cast("B")
        data = self._stream.read(len(view))
        view[: len(data)] = data
        if data and not data.strip(b"\r\n,"):
            self._blank += len(data)
            if self._blank > self._limit:
                raise TooMuchWithoutDocument(0, self._limit)
        else:
            self._blank = 0
        return len(data)
