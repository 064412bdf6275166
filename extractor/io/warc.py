"""WARC archives: one article per HTML response record, read with warcio.

Other records (requests, metadata, responses that are not HTML) are skipped. A damaged or
truncated archive gives one failure, at the offset reached, after the articles before it.
"""

from __future__ import annotations

import importlib
import io
import logging
from collections.abc import Iterator
from types import ModuleType
from typing import Any

from ..errors import EmptyInputError, InputError
from ..records import Source
from .dates import parse_date
from .decode import decode_text
from .html import html_page
from .items import Article, Failure
from .options import ReadOptions
from .streams import Origin, error_name, oversized

__all__ = ["HTML_TYPES", "warc_articles"]

logger = logging.getLogger(__name__)

#: HTTP content types of the WARC responses that are read as articles.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})


def warc_articles(
    stream: io.BufferedReader, *, origin: Origin, options: ReadOptions
) -> Iterator[Article | Failure]:
    """One article per HTML response record; other records are skipped.

    warcio reads a record cut short without complaint, so each record's remaining length is
    checked once it is read: a truncated archive gives a failure at the offset of the record
    it ends in, after the articles before it.
    """
    try:
        head = stream.peek(1)
    except OSError as exc:
        yield origin.failure(exc.strerror or str(exc), error_name(exc))
        return
    if not head:
        yield origin.failure("empty input", EmptyInputError.code)
        return
    archive_module: ModuleType = importlib.import_module("warcio.archiveiterator")
    counted = _Counted(stream)
    archive: Any = archive_module.ArchiveIterator(counted)
    records = iter(archive)
    count = 0
    while True:
        # warcio raises all kinds of errors on a damaged archive (ArchiveLoadFailed, zlib
        # errors, even AttributeError); each means that the rest of it cannot be read.
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as exc:
            yield _damaged(origin, exc, getattr(archive, "offset", None))
            return
        count += 1
        if record.format != "warc":  # warcio takes a line of five words for an ARC header
            reason = "not a WARC file: its first record has no WARC header"
            yield origin.failure(reason, "NotAWarc", offset=getattr(archive, "offset", None))
            return
        payload = _html_payload(record, origin, options)
        try:
            offset: int = archive.get_record_offset()  # reads the record to its end
        except Exception as exc:
            yield _damaged(origin, exc, getattr(archive, "offset", None))
            return
        if _cut_short(record):
            reason = f"truncated WARC: the record at offset {offset} is cut short"
            yield origin.failure(reason, "TruncatedInput", offset=offset)
            return
        if payload is not None:
            yield _warc_article(record, payload, offset, origin, options)
    if count == 0:
        yield origin.failure("no WARC records in it (not a WARC file?)", "InvalidRecord")
        return
    end = getattr(archive, "offset", None)  # where the next record would start
    if isinstance(end, int) and counted.count > end:
        reason = f"truncated WARC: the record at offset {end} is cut short"
        yield origin.failure(reason, "TruncatedInput", offset=end)


def _cut_short(record: Any) -> bool:
    """Whether a record read to its end has fewer bytes than its header promised, or none."""
    length: str | None = record.rec_headers.get_header("Content-Length")
    if length is None or not length.strip().isdigit():  # its header block was cut
        return True
    return getattr(record.raw_stream, "limit", 0) > 0


class _Counted:
    """A stream that counts the bytes read from it (a pipe cannot ``tell``)."""

    def __init__(self, stream: io.BufferedReader) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1, /) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data


#: What warcio raises for a bad archive on purpose; anything else it raises (AttributeError,
#: TypeError, ValueError on a header it did not expect) is told as a malformed record.
_WARCIO_ERRORS = ("ArchiveLoadFailed", "StatusAndHeadersParserException")


def _damaged(origin: Origin, exc: Exception, offset: int | None) -> Failure:
    where = f"offset {offset}" if offset is not None else "its start"
    if type(exc).__name__ in _WARCIO_ERRORS or isinstance(exc, OSError | EOFError):
        reason = f"corrupt or truncated WARC at {where}: {_first_line(exc)}"
        return origin.failure(reason, error_name(exc), offset=offset)
    logger.debug("%s: warcio raised %r at %s", origin.path, exc, where, exc_info=exc)
    reason = (
        f"malformed WARC record at {where}: its headers cannot be read (a WARC or HTTP "
        "header such as Content-Type or Content-Length is missing or not valid); the rest "
        "of the archive is not read"
    )
    return origin.failure(reason, "InvalidWarc", offset=offset)


def _html_payload(record: Any, origin: Origin, options: ReadOptions) -> bytes | Exception | None:
    """The HTTP payload of an HTML response record, at most ``max_bytes + 1`` of it."""
    content_type = _content_type(record)
    mime = content_type.partition(";")[0].strip().lower()
    if mime not in HTML_TYPES:
        logger.debug("%s: skipping a %s record (%s)", origin.path, record.rec_type, mime or "-")
        return None
    try:
        payload: bytes = record.content_stream().read(options.max_bytes + 1)
    except Exception as exc:  # corrupt chunked or compressed content, found by warcio
        return exc
    return payload


def _content_type(record: Any) -> str:
    if record.rec_type != "response" or record.http_headers is None:
        return ""
    value: str | None = record.http_headers.get_header("Content-Type")
    return value or ""


def _warc_article(
    record: Any, payload: bytes | Exception, offset: int, origin: Origin, options: ReadOptions
) -> Article | Failure:
    uri: str | None = record.rec_headers.get_header("WARC-Target-URI")
    name = uri or f"{origin.name}@{offset}"
    if isinstance(payload, Exception):
        reason = f"unreadable HTTP payload: {_first_line(payload)}"
        return origin.failure(reason, error_name(payload), offset=offset, id=name)
    if len(payload) > options.max_bytes:
        reason = f"HTTP payload {oversized(None, limit=options.max_bytes)}"
        return origin.failure(reason, "OversizedInput", offset=offset, id=name)
    content_type = _content_type(record)
    try:
        html = _decode_payload(payload, content_type, source=origin.path)
    except InputError as exc:
        return origin.failure(exc.reason, error_name(exc), offset=offset, id=name)
    page = html_page(html, origin, url=uri, offset=offset, id=name)
    if isinstance(page, Failure):
        return page
    warc_date: str | None = record.rec_headers.get_header("WARC-Date")
    meta = {"warc_date": warc_date, "content_type": content_type}
    source = Source(
        path=origin.path,
        offset=offset,
        url=uri or page.url,
        title=page.title,
        published=page.published or parse_date(warc_date),
        meta=meta,
    )
    return Article(id=name, text=page.text, source=source)


def _decode_payload(payload: bytes, content_type: str, *, source: str) -> str:
    """HTML in the charset that its Content-Type names, when that decodes it; else as found."""
    for parameter in content_type.split(";")[1:]:
        key, _, value = parameter.partition("=")
        if key.strip().lower() == "charset":
            try:
                return payload.decode(value.strip().strip("\"'"))
            except (LookupError, UnicodeDecodeError):
                logger.debug("%s: the payload is not in its declared charset %s", source, value)
    return decode_text(payload, source=source)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
