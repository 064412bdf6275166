"""One output file written through a temporary file and a journal, so that any crash resumes.

For an output ``OUT`` the data goes to ``OUT.part`` and the journal to ``OUT.part.journal``.
The journal's first line names the layout (``{"layout": "csv:facts"}``); then, after each chunk's
data is flushed and fsynced, one line ``{"size": <bytes of OUT.part>, "ids": [...]}`` is
appended and fsynced. ``close`` fsyncs and renames ``OUT.part`` to ``OUT`` and then deletes the
journal. Every state a crash can leave is read back this way on ``resume``:

- journal and data file: an interrupted run. The data file is cut back to the size of the last
  complete journal line, so a chunk whose line was not written (or half written) is dropped and
  redone; the done ids are those of the journal.
- journal without data file: ``close`` had renamed the data file; the output is complete.
- data file without journal (or a journal without a chunk line): nothing of it is known to be
  whole, so it is deleted.

A complete ``OUT`` that is resumed is copied to ``OUT.part`` and extended there, so ``OUT``
stays valid until the new one replaces it.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from abc import abstractmethod
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from ._base import BaseSink, claim, fsync_dir, fsync_file, replace, sibling

logger = logging.getLogger(__name__)


class JournaledSink(BaseSink):
    """A sink that writes one file of lines: subclasses say how records become bytes."""

    #: Names the data layout; a partial output of another layout is not continued.
    layout: str = ""
    #: Written once at the start of the file (a CSV header).
    preamble: bytes = b""

    def __init__(self, path: str, *, resume: bool, force: bool) -> None:
        super().__init__(path)
        self._final = Path(path)
        self._temp = sibling(self._final, ".part")
        self._journal_path = sibling(self._final, ".part.journal")
        claim(self._final, [self._temp, self._journal_path], resume=resume, force=force)
        if not (resume and self._recover()):
            self._start()
        self._data: BinaryIO = self._temp.open("ab")
        self._journal: BinaryIO = self._journal_path.open("ab")
        self._broken = False

    @abstractmethod
    def _encode(self, records: Sequence[str]) -> list[tuple[str, bytes]]:
        """Each record's id and its bytes in the file (empty when it gives no rows)."""

    @abstractmethod
    def _ids_in(self, output: Path) -> Iterator[str]:
        """The ids of a complete output; raises :class:`OutputError` on another layout."""

    def _write(self, records: Sequence[str]) -> None:
        if self._broken:
            raise OutputError(self.path, "an earlier write failed; resume to continue")
        encoded = self._encode(records)
        fresh = self._fresh(record_id for record_id, _ in encoded)
        kept = [item for item, is_new in zip(encoded, fresh, strict=True) if is_new]
        data = b"".join(chunk for _, chunk in kept)
        ids = [record_id for record_id, _ in kept]
        if not ids:
            return
        self._broken = True  # until both the data and its journal line are on disk
        self._data.write(data)
        self._data.flush()
        os.fsync(self._data.fileno())
        self._size += len(data)
        append_entry(self._journal, self._size, ids)
        self._done.update(ids)
        self._broken = False

    def _close(self) -> None:
        if self._broken:
            raise OutputError(self.path, "an earlier write failed; resume to complete the output")
        self._data.close()
        self._journal.close()
        replace(self._temp, self._final)
        self._journal_path.unlink()
        fsync_dir(self._final.parent)
        logger.debug("%s: complete, %d records", self.path, len(self._done))

    def _abort(self) -> None:
        self._data.close()
        self._journal.close()
        logger.info("%s: stopped; %s and its journal are kept for --resume", self.path, self._temp)

    def _start(self) -> None:
        """Begin the partial output: empty, or a copy of the complete output when resuming."""
        self._journal_path.unlink(missing_ok=True)
        self._temp.unlink(missing_ok=True)
        ids: list[str] = []
        if self._final.exists():  # only with resume: claim refused it otherwise
            ids = list(self._ids_in(self._final))
            shutil.copyfile(self._final, self._temp)
            _end_with_newline(self._temp)
            logger.info("%s: complete output of %d records reopened", self.path, len(ids))
        else:
            self._temp.write_bytes(self.preamble)
        fsync_file(self._temp)
        fsync_dir(self._temp.parent)
        self._size = self._temp.stat().st_size
        self._done = set(ids)
        with self._journal_path.open("wb") as journal:
            journal.write((json.dumps({"layout": self.layout}) + "\n").encode("utf-8"))
            append_entry(journal, self._size, ids)
        fsync_dir(self._journal_path.parent)

    def _recover(self) -> bool:
        """Pick up an interrupted run's partial output; False when there is none to continue."""
        if not self._journal_path.exists():
            return False
        if not self._temp.exists():  # close() had renamed it: the output is complete
            self._journal_path.unlink()
            return False
        read = read_journal(self._journal_path, layout=self.layout, path=self.path)
        if read is None:
            return False
        size, done = read
        if self._temp.stat().st_size < size:
            raise OutputError(
                self.path,
                f"{self._temp} is shorter than its journal says; it cannot be continued "
                "(use --force to start over)",
            )
        with self._temp.open("r+b") as handle:
            handle.truncate(size)
            os.fsync(handle.fileno())
        self._size = size
        self._done = done
        logger.info("%s: resuming an interrupted run of %d records", self.path, len(done))
        return True


def append_entry(journal: BinaryIO, size: int, ids: Sequence[str]) -> None:
    """Journal a chunk: the data file's size once it is on disk, and the chunk's ids."""
    line = json.dumps({"size": size, "ids": list(ids)}, ensure_ascii=False) + "\n"
    journal.write(line.encode("utf-8"))
    journal.flush()
    os.fsync(journal.fileno())


def _end_with_newline(path: Path) -> None:
    """A file from elsewhere may lack its last newline; the next line must not join it."""
    with path.open("r+b") as handle:
        size = handle.seek(0, os.SEEK_END)
        if size:
            handle.seek(size - 1)
            if handle.read(1) != b"\n":
                handle.write(b"\n")


def read_journal(journal: Path, *, layout: str, path: str) -> tuple[int, set[str]] | None:
    """The size and done ids of a journal's complete lines, cutting off an incomplete tail.

    None when it holds no complete chunk line. A journal of another layout is an error.
    """
    size: int | None = None
    done: set[str] = set()
    valid = 0
    with journal.open("rb") as handle:
        for number, line in enumerate(handle):
            entry = _parse_line(line)
            if entry is None:
                break
            if number == 0:
                if entry.get("layout") != layout:
                    raise OutputError(
                        path,
                        f"the interrupted run wrote {entry.get('layout')!r}, not {layout!r} "
                        "(another --format, --table or --csv-raw?); use --force to start over",
                    )
            else:
                entry_size, ids = entry.get("size"), entry.get("ids")
                if not isinstance(entry_size, int) or not isinstance(ids, list):
                    break
                if size is not None and entry_size < size:
                    break
                size = entry_size
                done.update(ids)
            valid += len(line)
    if valid < journal.stat().st_size:
        logger.info("%s: the last, incomplete journal line is dropped", path)
        with journal.open("r+b") as handle:
            handle.truncate(valid)
            os.fsync(handle.fileno())
    return None if size is None else (size, done)


def _parse_line(line: bytes) -> dict[str, object] | None:
    if not line.endswith(b"\n"):
        return None
    try:
        entry = json.loads(line)
    except ValueError:
        return None
    return entry if isinstance(entry, dict) else None
