"""Binary streams as the readers take them: buffered (so that ``peek`` looks ahead without
reading), unpacked when gzipped, cut into numbered lines, and capped.

The one cap is ``ReadOptions.max_bytes``: no document may be larger, and no more than that
may go by without a document (blank lines, blank CSV rows), so that a small gzip that unpacks
to gigabytes of nothing is one failure, found within seconds.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, BinaryIO

from .items import Failure

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer

__all__ = [
    "GZIP_ERRORS",
    "GZIP_MAGIC",
    "SAMPLE_BYTES",
    "BlankWatch",
    "Origin",
    "Unpacked",
    "buffered",
    "error_name",
    "numbered_lines",
    "oversized",
    "unpack",
]

GZIP_MAGIC = b"\x1f\x8b"

#: Bytes looked at ahead (``peek``) to find a stream's encoding, or that it is empty or
#: binary; the buffer size of every input stream.
SAMPLE_BYTES = 64 * 1024

#: What a damaged gzip stream raises: bad header, cut short, corrupt deflate data.
GZIP_ERRORS = (OSError, EOFError, zlib.error)


@dataclass(frozen=True)
class Origin:
    """Where an input is: ``path`` as found (``-`` for stdin), ``name`` the base of its ids."""

    path: str
    name: str

    def failure(self, reason: str, error: str, **where: Any) -> Failure:
        return Failure(path=self.path, reason=reason, error=error, **where)


def error_name(exc: BaseException) -> str:
    """The ``error`` of a failure: our short code, or the exception's class name.

    >>> import zlib; error_name(zlib.error("bad")), error_name(ValueError())
    ('zlib.error', 'ValueError')
    """
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


def buffered(stream: BinaryIO) -> io.BufferedReader:
    """``stream`` with a buffer of :data:`SAMPLE_BYTES`, whose ``peek`` shows what comes next
    without reading it: the standard library's own look-ahead. ``peek`` fills the buffer
    from ``stream`` until it is full or the stream ends, so it sees the same bytes whether
    they come from a file, a pipe or a ``BytesIO``."""
    return io.BufferedReader(stream, buffer_size=SAMPLE_BYTES)  # type: ignore[arg-type]


@dataclass(frozen=True)
class Unpacked:
    """A stream as its documents are read from it: through gzip when it starts as gzip data
    does, and its first :data:`SAMPLE_BYTES` bytes (unpacked), to tell its encoding or that
    it is binary."""

    stream: io.BufferedIOBase
    head: bytes
    compressed: bool


def unpack(stream: io.BufferedReader) -> Unpacked:
    """The stream, unpacked when gzipped, and its first bytes.

    A gzip stream damaged at its start raises one of :data:`GZIP_ERRORS`; damage further on
    is met where the reading gets to it, after the documents before it.
    """
    ahead = stream.peek(SAMPLE_BYTES)
    if not ahead.startswith(GZIP_MAGIC):
        return Unpacked(stream, ahead[:SAMPLE_BYTES], compressed=False)
    unpacked = gzip.GzipFile(fileobj=stream, mode="rb")
    try:  # the sample is unpacked from the compressed bytes ahead, which stay unread
        head = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS).decompress(ahead, SAMPLE_BYTES)
    except zlib.error:  # damaged early: what one read gives, or the error at the start
        head = b""
    return Unpacked(unpacked, head or unpacked.peek(SAMPLE_BYTES)[:SAMPLE_BYTES], compressed=True)


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


def cut_failure(origin: Origin, line: int, limit: int) -> Failure:
    """A compressed input is not read past a line over the limit: unpacking the rest of it
    to find where it ends is what a decompression bomb wants."""
    reason = (
        f"line {line} is {oversized(None, limit=limit)}; a compressed input is not read past "
        "such a line"
    )
    return origin.failure(reason, "OversizedInput", line=line)


def numbered_lines(
    stream: io.BufferedIOBase,
    limit: int,
    *,
    skip_long: bool = True,
    end: int | None = None,
) -> Iterator[tuple[int, bytes | None]]:
    """``(line number, line)`` pairs, ``None`` for a line over ``limit`` (whose rest is read
    and dropped, unless ``skip_long`` is false). Blank lines are skipped in bulk, and more than
    ``limit`` bytes of them in a row raise :class:`TooMuchWithoutDocument`. With ``end``, the
    lines end at that position of the stream (``tell``), where a line ends.

    >>> list(numbered_lines(io.BufferedReader(io.BytesIO(b"a\\n\\n\\nbb\\ncc\\n")), 5, end=7))
    [(1, b'a\\n'), (4, b'bb\\n')]
    """
    number = 0
    blank = _BlankRun(limit)
    while True:
        most = limit - blank.size + 1
        if end is not None:
            most = min(most, end - stream.tell())
        skipped, newlines = _skip_line_ends(stream, most=most)
        if skipped:
            blank.add(skipped, first_line=number + 1)
            number += newlines
        if end is not None and stream.tell() >= end:
            return
        line = stream.readline(limit + 1)
        if not line:
            return
        number += 1
        if len(line) > limit and not line.endswith(b"\n"):
            if skip_long:
                while (rest := stream.readline(SAMPLE_BYTES)) and not rest.endswith(b"\n"):
                    pass
            blank.size = 0
            yield number, None
        elif line.strip():
            blank.size = 0
            yield number, line
        else:
            blank.add(len(line), first_line=number)


class _BlankRun:
    """Bytes of blank lines in a row, from line ``first``; more than ``limit`` of them raise
    :class:`TooMuchWithoutDocument`."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.size = 0
        self.first = 1

    def add(self, size: int, *, first_line: int) -> None:
        if self.size == 0:
            self.first = first_line
        self.size += size
        if self.size > self.limit:
            raise TooMuchWithoutDocument(self.first, self.limit)


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


class BlankWatch(io.RawIOBase):
    """A raw stream that raises :class:`TooMuchWithoutDocument` once more than ``limit``
    bytes in a row have been line ends and commas only: a CSV's blank rows, which would
    otherwise be read to the end however many gigabytes a small gzip holds of them."""

    def __init__(self, stream: io.BufferedIOBase, limit: int) -> None:
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
