"""What every sink shares: the open/close/abort life cycle, claiming the output, durable files.

A sink is opened once, takes chunks of records with ``write``, and ends with ``close`` (the
output is complete) or ``abort`` (what was written stays on disk for a later resume).
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from ..errors import OutputError, OutputExistsError

logger = logging.getLogger(__name__)

State = Literal["open", "closed", "aborted"]


class BaseSink(ABC):
    """The life cycle of a sink; subclasses implement ``_write``, ``_close`` and ``_abort``."""

    def __init__(self, path: str, *, done: Iterable[str] = ()) -> None:
        self.path = path
        self._done: set[str] = set(done)
        self._state: State = "open"

    def done_ids(self) -> set[str]:
        """The ids of the records in the output so far (from an earlier run when resuming)."""
        return set(self._done)

    def write(self, records: Sequence[str]) -> None:
        """Write one chunk of records (``DocumentRecord.to_json()`` strings), durably."""
        if self._state != "open":
            raise OutputError(self.path, f"the sink is {self._state}; it takes no more records")
        if records:
            self._write(records)

    def close(self) -> None:
        """Complete the output. On failure the partial state stays for a resume."""
        if self._state == "closed":
            return
        if self._state == "aborted":
            raise OutputError(self.path, "the sink was aborted; resume it to complete the output")
        try:
            self._close()
        except BaseException:
            self.abort()
            raise
        self._state = "closed"

    def abort(self) -> None:
        """Stop, leaving what was written on disk for ``resume``; the final output is untouched."""
        if self._state != "open":
            return
        self._state = "aborted"
        self._abort()

    def __enter__(self) -> BaseSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()

    def _fresh(self, ids: Iterable[str]) -> list[bool]:
        """For each id of a chunk, whether it is new; a repeated id is logged and left out.

        The sink adds the new ids to ``_done`` once they are written.
        """
        seen: set[str] = set()
        fresh: list[bool] = []
        for record_id in ids:
            is_new = record_id not in self._done and record_id not in seen
            if not is_new:
                logger.warning("%s: record %r is already written; skipped", self.path, record_id)
            seen.add(record_id)
            fresh.append(is_new)
        return fresh

    @abstractmethod
    def _write(self, records: Sequence[str]) -> None: ...

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def _abort(self) -> None: ...


def parse_record(record: str) -> dict[str, Any]:
    """A record's JSON as data, floats as :class:`~decimal.Decimal` so amounts stay exact."""
    data = json.loads(record, parse_float=Decimal)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ValueError(f"not a document record (a JSON object with a string id): {record[:80]!r}")
    return data


def claim(final: Path, partial: Sequence[Path], *, resume: bool, force: bool) -> None:
    """Make the output ours: refuse what is there, or remove it with ``force``.

    ``partial`` are the files and folders an interrupted run leaves. With ``resume`` nothing
    is touched here; the sink picks up what it finds.
    """
    if final.is_dir():
        raise OutputError(str(final), "is a folder; give a file name as output")
    if force:
        for path in (final, *partial):
            remove(path)
    elif not resume:
        if any(path.exists() for path in partial):
            raise OutputExistsError(str(final), interrupted=True)
        if final.exists():
            raise OutputExistsError(str(final))
    final.parent.mkdir(parents=True, exist_ok=True)


def sibling(path: Path, suffix: str) -> Path:
    """``path`` with ``suffix`` added to its full name: ``out.csv`` -> ``out.csv.part``."""
    return path.with_name(path.name + suffix)


def remove(path: Path) -> None:
    """Delete a file or a folder if it exists."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)


def fsync_dir(folder: Path) -> None:
    """Make renames and new files in ``folder`` durable."""
    if os.name == "nt":  # a folder cannot be opened there; NTFS journals its metadata
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with path.open("rb") as handle:
        os.fsync(handle.fileno())


def replace(source: Path, target: Path) -> None:
    """Atomically put the complete ``source`` (already fsynced) in place of ``target``."""
    source.replace(target)
    fsync_dir(target.parent)
    if source.parent != target.parent:
        fsync_dir(source.parent)


def plain_number(value: Decimal | int) -> str:
    """A number as text without exponent: ``Decimal('4.27E+8')`` -> ``'427000000'``.

    >>> [plain_number(v) for v in (Decimal("4.27E+8"), Decimal("1e-7"), 12, Decimal("1.50"))]
    ['427000000', '0.0000001', '12', '1.50']
    """
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` whole or not at all: a temporary file, fsynced, renamed."""
    temporary = sibling(path, ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    replace(temporary, path)
