"""The article texts of a batch's records, read again for their report pages, safely.

A records file is data from elsewhere: its ``source.path`` may name any file. So a text is
read only from a file the user named for it, never from what a record names alone: a file
given on the command line, or a file under a folder given there or with ``--texts``. The path
is resolved (``..`` and symbolic links followed) before that check, and the file must be a
regular file (a FIFO would hang the report, a device never end). It is read as the batch read
it (:func:`~extractor.io.iter_articles`), and a row or WARC record found there is
used only if it has the record's id, so that a record never gets another document's text.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..io import Article, Failure, ReadOptions, iter_articles
from ..records import DocumentRecord, Source

logger = logging.getLogger(__name__)

__all__ = ["TextFinder"]


class TextFinder:
    """Finds the texts of records in the files and folders the user allowed.

    ``allowed`` are files and folders named on the command line; ``folders`` are ``--texts``
    folders, under which a record's relative ``source.path`` is also looked for (as well as
    under the current folder).

    >>> TextFinder([], []).text(DocumentRecord(id="x", source=Source(path="/etc/passwd")))
    """

    def __init__(
        self,
        allowed: Sequence[str],
        folders: Sequence[str] = (),
        options: ReadOptions | None = None,
    ) -> None:
        self.options = options or ReadOptions()
        self._bases = [Path(folder) for folder in folders]
        self._files: set[str] = set()
        self._folders: list[str] = []
        for name in [*allowed, *folders]:
            real = os.path.realpath(name)
            if Path(real).is_dir():
                self._folders.append(real.rstrip(os.sep) + os.sep)
            elif Path(real).is_file():
                self._files.add(real)
        self._cursor: tuple[str, Iterator[Article | Failure]] | None = None
        self._last: Article | None = None

    def text(self, record: DocumentRecord) -> str | None:
        """The record's article text, or None when it is not in an allowed, readable file."""
        source = record.source
        if source is None or not source.path or source.path == "-":
            return None
        real = self._locate(source.path)
        if real is None:
            logger.debug("%s: %s is not among the texts given; not read", record.id, source.path)
            return None
        article = self._article(real, source)
        if article is None or not _same_document(article, record):
            logger.debug("%s: its text is not in %s (any longer)", record.id, source.path)
            return None
        return article.text

    def _locate(self, path: str) -> str | None:
        """The real path of ``path`` (as given, or under a ``--texts`` folder) when it is an
        allowed regular file."""
        candidates = [Path(path)]
        if not Path(path).is_absolute():
            candidates += [base / path for base in self._bases]
        for candidate in candidates:
            real = os.path.realpath(candidate)
            if not (real in self._files or real.startswith(tuple(self._folders))):
                continue
            try:
                mode = Path(real).stat().st_mode
            except OSError:
                continue
            if stat.S_ISREG(mode):
                return real
        return None

    def _article(self, real: str, source: Source) -> Article | None:
        """The article of ``real`` at the source's line or offset (the only one, for a file of
        one text). Records come in the order of their files, so one pass over a file serves
        them all; a record that goes back starts the file again."""
        want = _position(source)
        behind = self._last is not None and _position(self._last.source) > want
        if self._cursor is None or self._cursor[0] != real or behind:
            # iter_articles checks again that it is a regular file before it opens it
            self._cursor = (real, iter(iter_articles([real], self.options)))
            self._last = None
        if self._last is not None and _position(self._last.source) == want:
            return self._last
        for item in self._cursor[1]:
            if isinstance(item, Failure):
                continue
            self._last = item
            if _position(item.source) == want:
                return item
            if _position(item.source) > want:
                return None
        self._cursor = None
        return None


def _position(source: Source) -> tuple[int, int]:
    """Where a document is in its file: its line or its offset (0 for a file of one)."""
    return source.line or 0, source.offset or 0


def _same_document(article: Article, record: DocumentRecord) -> bool:
    """Whether the article read again is the record's: a file of one text is (its id is its
    path, which was given otherwise then); a row or WARC record must have the record's id, or
    both the ids made of the line number when the row had none."""
    if article.source.line is None and article.source.offset is None:
        return True
    if article.id == record.id:
        return True
    line = article.source.line
    return line is not None and all(i.endswith(f":{line}") for i in (article.id, record.id))
