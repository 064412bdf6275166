"""The inputs of a run, walked once: folders (recursively, entries in name order, each real
folder entered once), files, and ``-`` for standard input.

:meth:`Inputs.scan` lists every file to read before any is read, so that the same walk tells
what is missing (a usage error, before anything is made), which folders hold nothing to
read, how many documents there are (for a progress bar), and the partitions of a Dask run.
A file that cannot be listed is a :class:`~extractor.io.items.Failure` in its place.
"""

from __future__ import annotations

import errno
import gzip
import logging
import os
import stat
import time
import zlib
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path

from ..errors import UsageError
from .items import Failure
from .options import DOCUMENT_FORMATS, EXTENSIONS, ReadOptions
from .streams import GZIP_MAGIC, error_name

__all__ = ["InputFile", "Inputs", "StandardInput"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class InputFile:
    """One file of the inputs.

    ``path`` names the file in sources and failures (as given, or joined to the folder given),
    ``name`` is the base of its ids (the path as given, or relative to the folder given),
    ``location`` its absolute path (for a process that runs in another working folder),
    ``size`` its size in bytes when it was listed.
    """

    path: str
    name: str
    format: str
    location: str
    size: int


@dataclass(frozen=True)
class StandardInput:
    """``-``: the process's standard input."""

    path: str = "-"
    name: str = "stdin"


#: What the walk finds, in reading order.
Entry = InputFile | StandardInput | Failure


@dataclass
class Inputs:
    """The inputs as given, walked once into ``entries`` (files, standard input, and a failure
    for each path that cannot be listed, in reading order).

    ``missing`` says which inputs do not exist (:meth:`check` makes the first a usage error);
    ``empty`` which folders hold no file to read.
    """

    options: ReadOptions
    entries: list[Entry] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)

    @classmethod
    def scan(cls, given: Sequence[str], options: ReadOptions | None = None) -> Inputs:
        """Walk ``given`` (folders, files, ``-``) once."""
        found = cls(options or ReadOptions())
        for path in given:
            found._add(path)
        return found

    @property
    def files(self) -> list[InputFile]:
        return [entry for entry in self.entries if isinstance(entry, InputFile)]

    @property
    def reads_stdin(self) -> bool:
        return any(isinstance(entry, StandardInput) for entry in self.entries)

    def check(self) -> list[str]:
        """Raise a :class:`~extractor.errors.UsageError` naming the first input that does not
        exist; the folders that hold no file to read, each with the reason."""
        if self.missing:
            raise UsageError(self.missing[0])
        return list(self.empty)

    def count_documents(self, *, budget: float = 2.0) -> int | None:
        """How many documents the inputs hold, for a progress bar; None when it cannot be told
        within ``budget`` seconds (stdin, WARC, very large archives).

        A file of one document counts one; JSONL and CSV count their lines; a failure counts
        one.
        """
        deadline = time.monotonic() + budget
        total = 0
        for entry in self.entries:
            if isinstance(entry, StandardInput):
                return None
            if isinstance(entry, Failure) or entry.format in DOCUMENT_FORMATS:
                total += 1
                continue
            if entry.format == "warc":
                return None
            lines = _count_lines(entry.location, deadline)
            if lines is None:
                return None
            total += max(0, lines - (1 if entry.format == "csv" else 0))
        return total

    def _add(self, given: str) -> None:
        if given == "-":
            self.entries.append(StandardInput())
            return
        try:
            status = Path(given).stat()
        except OSError as exc:
            self.entries.append(os_failure(given, exc))
            if isinstance(exc, FileNotFoundError):
                self.missing.append(f"{given}: no such file or folder")
            elif isinstance(exc, NotADirectoryError):
                self.missing.append(f"{given}: no such file or folder (a part of it is a file)")
            return
        if not stat.S_ISDIR(status.st_mode):
            input_format = self.options.format_of(given) or "text"
            self.entries.append(_file(given, given, status, input_format))
            return
        before = len(self.entries)
        self.entries.extend(_walk_folder(Path(given), status, self.options))
        if len(self.entries) == before:
            known = ", ".join(sorted({ending for ending, _ in EXTENSIONS}))
            filters = " with the --include/--exclude given" if self.options.include else ""
            self.empty.append(f"{given}: no file to read in it{filters} (read: {known})")


def _file(path: str, name: str, status: os.stat_result, input_format: str) -> InputFile:
    return InputFile(path, name, input_format, str(Path(path).absolute()), status.st_size)


def _walk_folder(
    root: Path, status: os.stat_result, options: ReadOptions
) -> Iterator[InputFile | Failure]:
    home = (status.st_dev, status.st_ino)
    yield from _walk(root, "", frozenset({home}), {home}, options)


def _walk(
    folder: Path,
    relative: str,
    ancestors: frozenset[tuple[int, int]],
    visited: set[tuple[int, int]],
    options: ReadOptions,
) -> Iterator[InputFile | Failure]:
    """The files under ``folder``, in name order, every real folder entered once."""
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as exc:
        yield os_failure(str(folder), exc)
        return
    for entry in entries:
        path = str(folder / entry.name)
        name = f"{relative}/{entry.name}" if relative else entry.name
        if _is_folder(entry):
            if not _matches(options.exclude, name, entry.name):
                yield from _subfolder(entry, path, name, ancestors, visited, options)
            continue
        input_format = options.format_of(entry.name)
        if input_format is None:
            logger.debug("%s: skipped, not a known input format", path)
            continue
        if options.include and not _matches(options.include, name, entry.name):
            continue
        if _matches(options.exclude, name, entry.name):
            continue
        try:
            yield _file(path, name, entry.stat(), input_format)
        except OSError as exc:
            yield os_failure(path, exc)


def _subfolder(
    entry: os.DirEntry[str],
    path: str,
    name: str,
    ancestors: frozenset[tuple[int, int]],
    visited: set[tuple[int, int]],
    options: ReadOptions,
) -> Iterator[InputFile | Failure]:
    try:
        status = entry.stat()
    except OSError as exc:
        yield os_failure(path, exc)
        return
    key = (status.st_dev, status.st_ino)
    if key in ancestors:
        yield Failure(path, "symlink loop: it leads back to a folder above it", "SymlinkLoop")
    elif key in visited:
        logger.debug("%s: skipped, a folder already read by another path", path)
    else:
        visited.add(key)
        yield from _walk(Path(path), name, ancestors | {key}, visited, options)


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether the entry is a folder, or a symlink to one; a symlink loop is not."""
    try:
        return entry.is_dir()
    except OSError:  # ELOOP; the entry is then reported as a file that cannot be read
        return False


def _matches(patterns: tuple[str, ...], relative: str, name: str) -> bool:
    return any(fnmatchcase(relative, pattern) or fnmatchcase(name, pattern) for pattern in patterns)


def os_failure(path: str, exc: OSError) -> Failure:
    """The failure of a path that cannot be listed or opened."""
    if exc.errno == errno.ELOOP:
        return Failure(path, f"symlink loop: {exc.strerror}", "SymlinkLoop")
    return Failure(path, exc.strerror or str(exc), error_name(exc))


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
