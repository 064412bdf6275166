"""The inputs of a batch, read into articles: folders, files and standard input.

:func:`iter_articles` walks the inputs in the order given, folders recursively with their
entries sorted by name, and streams the articles of every file (see :mod:`.readers` for the
formats). It never raises for bad input: each unreadable file, line, row or record gives a
:class:`~extractor.batch.items.Failure`, and reading goes on with the next one.
"""

from __future__ import annotations

import codecs
import dataclasses
import errno
import gzip
import logging
import os
import stat
import sys
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, UsageError
from .items import Article, Failure
from .readers import (
    GZIP_MAGIC,
    Origin,
    Readable,
    error_name,
    oversized,
    read_stream,
    replay,
)

__all__ = [
    "FORMATS",
    "InputFile",
    "SourceOptions",
    "check_inputs",
    "detect_format",
    "file_articles",
    "input_files",
    "iter_articles",
    "read_document",
]

logger = logging.getLogger(__name__)

#: The input formats, as ``SourceOptions.input_format`` names them.
FORMATS = ("text", "jsonl", "csv", "html", "warc")

#: File name endings and their formats, longest first where one ends another.
_EXTENSIONS = (
    (".warc.gz", "warc"),
    (".warc", "warc"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".csv.gz", "csv"),
    (".csv", "csv"),
    (".html", "html"),
    (".htm", "html"),
    (".txt", "text"),
    (".text", "text"),
    (".md", "text"),
    (".markdown", "text"),
)

#: Formats read whole, so a file over ``max_bytes`` is refused before it is opened.
_WHOLE_FILE_FORMATS = frozenset({"text", "html"})


@dataclass(frozen=True)
class SourceOptions:
    """How inputs are read.

    ``include`` and ``exclude`` are glob patterns matched against the path of a file relative
    to the folder given (``2024/jan/a.txt``) and against its bare name; with no ``include``,
    every file of a known format is read, and ``exclude`` wins. A folder that matches
    ``exclude`` is not entered. ``input_format`` forces one format on every file and on
    standard input; without it the format comes from the file name, and standard input is
    JSONL when it starts with ``{`` and one text otherwise. ``max_bytes`` bounds a text or
    HTML file, and each JSONL line, CSV text field and WARC payload.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str | None = "id"
    input_format: str | None = None
    max_bytes: int = 20 * 1024 * 1024

    def __post_init__(self) -> None:
        if self.input_format is not None and self.input_format not in FORMATS:
            known = ", ".join(FORMATS)
            raise UsageError(f"unknown input format {self.input_format!r}: use one of {known}")
        if self.max_bytes < 1:
            raise UsageError(f"--max-bytes must be positive, not {self.max_bytes}")


_DEFAULTS = SourceOptions()


def detect_format(path: str) -> str | None:
    """The format of a file by its name, or ``None`` when the name does not tell.

    >>> detect_format("news/2024/Day-1.JSONL.gz")
    'jsonl'
    >>> detect_format("crawl.warc.gz"), detect_format("notes.md"), detect_format("a.pdf")
    ('warc', 'text', None)
    """
    name = path.lower()
    for ending, input_format in _EXTENSIONS:
        if name.endswith(ending):
            return input_format
    return None


def iter_articles(
    inputs: Sequence[str],
    options: SourceOptions = _DEFAULTS,
    *,
    stdin: Readable | None = None,
) -> Iterator[Article | Failure]:
    """Every article of ``inputs``, and a failure for everything that could not be read.

    ``inputs`` are folders, files, or ``-`` for standard input (``stdin`` when given, else
    ``sys.stdin.buffer``).
    """
    for given in inputs:
        if given == "-":
            yield from _stdin_articles(sys.stdin.buffer if stdin is None else stdin, options)
            continue
        try:
            status = Path(given).stat()
        except OSError as exc:
            yield _os_failure(given, exc)
            continue
        if stat.S_ISDIR(status.st_mode):
            yield from _folder_articles(Path(given), options)
        else:
            input_format = options.input_format or detect_format(given) or "text"
            yield from _file_articles(given, given, status, input_format, options)


def check_inputs(inputs: Sequence[str], options: SourceOptions = _DEFAULTS) -> list[str]:
    """Look at ``inputs`` before any work: a :class:`~extractor.errors.UsageError` names the
    first one that does not exist; the list returned says which folders hold no file to read
    (none of a known format, or every one left out by ``include``/``exclude``).

    A folder is searched only until its first file, so this costs little.
    """
    empty: list[str] = []
    for given in inputs:
        if given == "-":
            continue
        try:
            status = Path(given).stat()
        except FileNotFoundError:
            raise UsageError(f"{given}: no such file or folder") from None
        except NotADirectoryError:
            raise UsageError(f"{given}: no such file or folder (a part of it is a file)") from None
        except OSError:  # unreadable, a symlink loop: a failure of this input, found when read
            continue
        if stat.S_ISDIR(status.st_mode) and next(_folder_files(Path(given), options), None) is None:
            known = ", ".join(sorted({ending for ending, _ in _EXTENSIONS}))
            filters = " with the --include/--exclude given" if options.include else ""
            empty.append(f"{given}: no file to read in it{filters} (read: {known})")
    return empty


#: The formats that hold one document per file.
DOCUMENT_FORMATS = ("text", "html")


def read_document(path: str, options: SourceOptions = _DEFAULTS) -> Article:
    """The one document of a text or HTML file (``-``: standard input, as text), read as
    :func:`iter_articles` reads it in a batch: the same id, text and source.

    Raises :class:`~extractor.errors.UsageError` for a path that does not exist or a file of
    many documents (JSONL, CSV, WARC), and :class:`~extractor.errors.InputError` naming the
    file and the reason when it cannot be read.
    """
    input_format = options.input_format or (
        "text" if path == "-" else detect_format(path) or "text"
    )
    if input_format not in DOCUMENT_FORMATS:
        raise UsageError(
            f"{path} holds many documents ({input_format}); extract reads one text: "
            "use `extractor batch` for it"
        )
    check_inputs([path], options)
    if Path(path).is_dir() and path != "-":
        raise UsageError(f"{path} is a folder; extract reads one file (batch reads folders)")
    single = dataclasses.replace(options, input_format=input_format)
    (item,) = iter_articles([path], single)  # a text or HTML input is one item
    if isinstance(item, Failure):
        raise InputError(item.path, item.reason)
    return item


def _stdin_articles(stream: Readable, options: SourceOptions) -> Iterator[Article | Failure]:
    origin = Origin(path="-", name="stdin")
    input_format = options.input_format
    if input_format is None:
        try:
            input_format, stream = _sniff(stream, limit=options.max_bytes)
        except OSError as exc:
            yield _os_failure(origin.path, exc)
            return
    yield from _guarded(stream, origin, input_format, options)


def _sniff(stream: Readable, *, limit: int) -> tuple[str, Readable]:
    """JSONL when the first non-blank byte is ``{``, else text; and the stream, unread."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        part = stream.read(4096)
        if not part:
            break
        parts.append(part)
        size += len(part)
        visible = part.removeprefix(codecs.BOM_UTF8) if len(parts) == 1 else part
        if visible.strip():
            break
    head = b"".join(parts)
    first = head.removeprefix(codecs.BOM_UTF8).lstrip()[:1]
    return ("jsonl" if first == b"{" else "text"), replay(head, stream)


def _folder_articles(root: Path, options: SourceOptions) -> Iterator[Article | Failure]:
    for entry in _folder_files(root, options):
        if isinstance(entry, Failure):
            yield entry
        else:
            yield from _file_articles(*entry, options)


def _folder_files(root: Path, options: SourceOptions) -> Iterator[_File | Failure]:
    try:
        status = root.stat()
    except OSError as exc:
        yield _os_failure(str(root), exc)
        return
    home = (status.st_dev, status.st_ino)
    visited = {home}
    yield from _walk(root, "", frozenset({home}), visited, options)


#: A file found in a folder: its path, its name relative to the folder, its status, its format.
_File = tuple[str, str, os.stat_result, str]


def _walk(
    folder: Path,
    relative: str,
    ancestors: frozenset[tuple[int, int]],
    visited: set[tuple[int, int]],
    options: SourceOptions,
) -> Iterator[_File | Failure]:
    """The files under ``folder``, in name order, every real folder entered once."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield _os_failure(str(folder), exc)
        return
    for entry in entries:
        path = str(folder / entry.name)
        name = f"{relative}/{entry.name}" if relative else entry.name
        if _is_folder(entry):
            if _matches(options.exclude, name, entry.name):
                continue
            try:
                status = entry.stat()
            except OSError as exc:
                yield _os_failure(path, exc)
                continue
            key = (status.st_dev, status.st_ino)
            if key in ancestors:
                yield Failure(
                    path, "symlink loop: it leads back to a folder above it", "SymlinkLoop"
                )
            elif key in visited:
                logger.debug("%s: skipped, a folder already read by another path", path)
            else:
                visited.add(key)
                yield from _walk(Path(path), name, ancestors | {key}, visited, options)
            continue
        input_format = options.input_format or detect_format(entry.name)
        if input_format is None:
            logger.debug("%s: skipped, not a known input format", path)
            continue
        if options.include and not _matches(options.include, name, entry.name):
            continue
        if _matches(options.exclude, name, entry.name):
            continue
        try:
            status = entry.stat()
        except OSError as exc:
            yield _os_failure(path, exc)
            continue
        yield path, name, status, input_format


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder, or a symlink to one; a symlink loop is not."""
    try:
        return entry.is_dir()
    except OSError:  # ELOOP; the entry is then reported as a file that cannot be read
        return False


def _matches(patterns: tuple[str, ...], relative: str, name: str) -> bool:
    return any(fnmatchcase(relative, pattern) or fnmatchcase(name, pattern) for pattern in patterns)


def _file_articles(
    path: str,
    name: str,
    status: os.stat_result,
    input_format: str,
    options: SourceOptions,
    *,
    location: str | None = None,
) -> Iterator[Article | Failure]:
    """The articles of one file; ``name`` is the base of its ids, ``location`` where to open it
    when not at ``path``."""
    origin = Origin(path=path, name=name)
    if not stat.S_ISREG(status.st_mode):  # a FIFO would block, a device never end
        yield origin.failure("not a regular file", "NotARegularFile")
        return
    if input_format in _WHOLE_FILE_FORMATS and status.st_size > options.max_bytes:
        reason = oversized(status.st_size, limit=options.max_bytes)
        yield origin.failure(reason, "OversizedInput", id=name)
        return
    handle = _open(location or path)
    if isinstance(handle, OSError):
        yield _os_failure(path, handle)
        return
    with handle:
        yield from _guarded(handle, origin, input_format, options)


def _guarded(
    stream: Readable, origin: Origin, input_format: str, options: SourceOptions
) -> Iterator[Article | Failure]:
    """The items of one input; an error that a reader did not expect (a library's, on input
    no one foresaw) ends this input with one failure, never the batch."""
    try:
        yield from read_stream(stream, origin=origin, input_format=input_format, options=options)
    except Exception as exc:
        logger.debug("%s: reading stopped", origin.path, exc_info=True)
        reason = f"reading stopped by an unexpected error: {type(exc).__name__}: {exc}"
        yield origin.failure(reason, error_name(exc))


@dataclass(frozen=True)
class InputFile:
    """One file of a batch's inputs, as :func:`iter_articles` finds it.

    ``path`` names the file in sources and failures (as given, or joined to the folder given),
    ``name`` is the base of its ids, ``location`` its absolute path (for a process that runs
    in another working folder), ``size`` its size in bytes when it was listed.
    """

    path: str
    name: str
    format: str
    location: str
    size: int


def input_files(
    inputs: Sequence[str], options: SourceOptions = _DEFAULTS
) -> Iterator[InputFile | Failure]:
    """The files that :func:`iter_articles` reads from ``inputs``, in the same order, and a
    failure for each input that cannot be listed. Standard input is no file: ``-`` is refused.
    """
    for given in inputs:
        if given == "-":
            raise UsageError("standard input (-) is not a file; give files or folders")
        try:
            status = Path(given).stat()
        except OSError as exc:
            yield _os_failure(given, exc)
            continue
        for entry in _given_files(given, status, options):
            if isinstance(entry, Failure):
                yield entry
            else:
                path, name, found, kind = entry
                yield InputFile(path, name, kind, str(Path(path).absolute()), found.st_size)


def _given_files(
    given: str, status: os.stat_result, options: SourceOptions
) -> Iterator[_File | Failure]:
    """The files of one input: those under a folder, or the file itself."""
    if stat.S_ISDIR(status.st_mode):
        return _folder_files(Path(given), options)
    kind = options.input_format or detect_format(given) or "text"
    return iter([(given, given, status, kind)])


def file_articles(
    file: InputFile, options: SourceOptions = _DEFAULTS
) -> Iterator[Article | Failure]:
    """The articles of one listed file, as :func:`iter_articles` reads them. The file is looked
    at afresh at its ``location``, so that another process, or another machine, can read it."""
    try:
        status = Path(file.location).stat()
    except OSError as exc:
        yield _os_failure(file.path, exc)
        return
    yield from _file_articles(
        file.path, file.name, status, file.format, options, location=file.location
    )


def _open(path: str) -> BinaryIO | OSError:
    try:
        return Path(path).open("rb")
    except OSError as exc:
        return exc


def _os_failure(path: str, exc: OSError) -> Failure:
    if exc.errno == errno.ELOOP:
        return Failure(path, f"symlink loop: {exc.strerror}", "SymlinkLoop")
    return Failure(path, exc.strerror or str(exc), error_name(exc))


def count_documents(
    inputs: Sequence[str], options: SourceOptions = _DEFAULTS, *, budget: float = 2.0
) -> int | None:
    """How many documents ``inputs`` hold, for a progress bar; None when it cannot be told
    within ``budget`` seconds (stdin, WARC, very large archives).

    A file of one document counts one; JSONL and CSV count their lines.
    """
    deadline = time.monotonic() + budget
    total = 0
    for given in inputs:
        if given == "-":
            return None
        try:
            status = Path(given).stat()
        except OSError:
            continue  # it will be a failure, counted as one when it comes
        for entry in _given_files(given, status, options):
            if isinstance(entry, Failure):
                total += 1
                continue
            path, _, _, input_format = entry
            if input_format == "warc":
                return None
            if input_format in _WHOLE_FILE_FORMATS:
                total += 1
            else:
                lines = _count_lines(path, deadline)
                if lines is None:
                    return None
                total += max(0, lines - (1 if input_format == "csv" else 0))
            if time.monotonic() > deadline:
                return None
    return total


def _count_lines(path: str, deadline: float) -> int | None:
    """Lines of a (maybe gzipped) file, or None when past ``deadline`` or unreadable."""
    try:
        with Path(path).open("rb") as raw:
            packed = raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            with gzip.GzipFile(fileobj=raw) if packed else nullcontext(raw) as stream:
                lines = 0
                while block := stream.read(1 << 20):
                    lines += block.count(b"\n")
                    if time.monotonic() > deadline:
                        return None
                return lines
    except (OSError, EOFError, zlib.error):
        return None
