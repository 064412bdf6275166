"""What every sink shares: the open/close/abort life cycle, the ids it holds, claiming the output.

A sink is opened once, takes chunks of records with ``write`` (or, from a batch's workers,
rows already in its :attr:`~BaseSink.layout` with ``write_rows``), and ends with ``close``
(the output is complete) or ``abort`` (what was written stays on disk for a later resume).
A repeated id is dropped by the one policy of :mod:`extractor.duplicate_ids`: the first
record of an id is the one kept.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import Generic, Literal, TypeVar

from ..duplicate_ids import FirstWins
from ..durable import remove
from ..errors import OutputError, OutputExistsError
from ..records import DocumentRecord
from ..store.rows import Layout, RecordRows

logger = logging.getLogger(__name__)

State = Literal["open", "closed", "aborted"]
T = TypeVar("T")


class BaseSink(ABC, Generic[T]):
    """The life cycle of a sink; subclasses implement ``_write``, ``_close`` and ``_abort``.

    ``layout`` is what the sink takes: a batch's workers encode each record so, and hand the
    sink typed rows (:class:`~extractor.store.rows.RecordRows`), never JSON to parse.
    """

    def __init__(self, path: str, layout: Layout[T], *, done: Iterable[str] = ()) -> None:
        self.path = path
        self.layout = layout
        self._ids = FirstWins(done)
        self._state: State = "open"

    def done_ids(self) -> set[str]:
        """The ids of the records in the output so far (from an earlier run when resuming)."""
        return self._ids.seen()

    def write(self, records: Sequence[DocumentRecord]) -> None:
        """Write one chunk of records, durably."""
        self.write_rows([self.layout.rows(record) for record in records])

    def write_rows(self, rows: Sequence[RecordRows[T]]) -> None:
        """Write one chunk of records as rows of :attr:`layout`, durably. A record whose id
        the output holds, or an earlier one of the chunk has, is dropped (and logged)."""
        if self._state != "open":
            raise OutputError(self.path, f"the sink is {self._state}; it takes no more records")
        fresh = self._ids.fresh(row.id for row in rows)
        kept = [row for row, is_new in zip(rows, fresh, strict=True) if is_new]
        for row, is_new in zip(rows, fresh, strict=True):
            if not is_new:
                logger.warning("%s: record %r is already written; skipped", self.path, row.id)
        if kept:
            self._write(kept)
            self._ids.add(row.id for row in kept)

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

    def __enter__(self) -> BaseSink[T]:
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

    @abstractmethod
    def _write(self, rows: Sequence[RecordRows[T]]) -> None:
        """Write rows of distinct new ids, durably; raise and leave nothing of them otherwise."""

    @abstractmethod
    def _close(self) -> None: ...

    @abstractmethod
    def _abort(self) -> None: ...


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


def plain_number(value: Decimal | int) -> str:
    """A number as text without exponent: ``Decimal('4.27E+8')`` -> ``'427000000'``.

    >>> [plain_number(v) for v in (Decimal("4.27E+8"), Decimal("1e-7"), 12, Decimal("1.50"))]
    ['427000000', '0.0000001', '12', '1.50']
    """
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)
