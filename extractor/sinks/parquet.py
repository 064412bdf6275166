"""Parquet: one row per document, nested columns (:mod:`extractor.sinks._arrow`).

A Parquet file cannot be appended to, so each chunk becomes a part file of its own, and
``close`` merges the parts into the output. For an output ``OUT``:

- ``OUT.parts/part-NNNNNN.parquet``: one per ``write``, written as ``*.tmp``, fsynced and
  renamed, so a part that has its name is complete. The done ids are read from the parts.
- ``close`` copies the parts, a few row groups at a time (joined into row groups of up to
  :data:`ROW_GROUP_ROWS` rows), into ``OUT.parts/merged.parquet.tmp``,
  fsyncs it, marks the merge done with ``OUT.parts/COMMITTED``, renames the merged file to
  ``OUT``, renames the parts folder to ``OUT.parts.trash`` and deletes that.
- A resumed complete ``OUT`` is the base: its rows come first in the merge, and it stays as
  it is until the merged file replaces it.

On resume, a parts folder with ``COMMITTED`` is a merge to finish (rename the merged file if
it is still there); one without is an interrupted run, whose ``*.tmp`` files are deleted.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ..errors import OutputError
from ._arrow import SCHEMA, to_row
from ._base import (
    BaseSink,
    claim,
    fsync_dir,
    fsync_file,
    parse_record,
    remove,
    replace,
    sibling,
)

logger = logging.getLogger(__name__)

#: Rows and bytes of a row group of the merged output: the parts' small row groups are joined
#: up to these, so that readers get row groups of a useful size; memory stays within them.
ROW_GROUP_ROWS = 10_000
ROW_GROUP_BYTES = 64 * 2**20

_PART = "part-{:06d}.parquet"
_MERGED = "merged.parquet.tmp"
_COMMITTED = "COMMITTED"


class ParquetSink(BaseSink):
    """Records to a Parquet file through part files, atomically and resumably."""

    def __init__(
        self,
        path: str,
        *,
        resume: bool = False,
        force: bool = False,
        row_group_rows: int = ROW_GROUP_ROWS,
    ) -> None:
        super().__init__(path)
        self._row_group_rows = max(1, row_group_rows)
        self._final = Path(path)
        self._parts = sibling(self._final, ".parts")
        self._trash = sibling(self._final, ".parts.trash")
        remove(self._trash)  # what a completed run had not finished deleting
        claim(self._final, [self._parts], resume=resume, force=force)
        if not (resume and self._recover()):
            self._parts.mkdir()
            fsync_dir(self._parts.parent)
        # Without parts, OUT can only be here when resuming; with parts and no COMMITTED mark,
        # OUT is the complete output this run started from.
        self._base = self._final if self._final.exists() else None
        parts = self._part_files()
        self._next = _number(parts[-1]) + 1 if parts else 1
        for file in ([self._base] if self._base else []) + parts:
            self._done.update(_ids(file, path=self.path))
        if self._done:
            logger.info("%s: resuming with %d records written", self.path, len(self._done))

    def _write(self, records: Sequence[str]) -> None:
        data = [parse_record(record) for record in records]
        fresh = self._fresh(d["id"] for d in data)
        rows = [to_row(d) for d, is_new in zip(data, fresh, strict=True) if is_new]
        if not rows:
            return
        table = pa.Table.from_pylist(rows, schema=SCHEMA)
        part = self._parts / _PART.format(self._next)
        temp = sibling(part, ".tmp")
        pq.write_table(table, temp)
        fsync_file(temp)
        temp.replace(part)
        fsync_dir(self._parts)
        self._next += 1
        self._done.update(row["id"] for row in rows)

    def _close(self) -> None:
        merged = self._parts / _MERGED
        with pq.ParquetWriter(merged, SCHEMA) as writer:
            buffer: list[pa.Table] = []
            for group in self._row_groups():
                buffer.append(group)
                rows = sum(table.num_rows for table in buffer)
                if rows >= self._row_group_rows or sum(t.nbytes for t in buffer) >= ROW_GROUP_BYTES:
                    writer.write_table(pa.concat_tables(buffer), row_group_size=rows)
                    buffer = []
            if buffer:
                writer.write_table(pa.concat_tables(buffer))
        fsync_file(merged)
        (self._parts / _COMMITTED).touch()
        fsync_dir(self._parts)  # the mark is on disk before OUT changes
        replace(merged, self._final)
        self._discard_parts()
        logger.debug("%s: complete, %d records", self.path, len(self._done))

    def _row_groups(self) -> Iterator[pa.Table]:
        """The rows of the base output and of the parts, one stored row group at a time."""
        for file in ([self._base] if self._base else []) + self._part_files():
            with pq.ParquetFile(file) as parquet:
                for group in range(parquet.num_row_groups):
                    yield parquet.read_row_group(group)

    def _abort(self) -> None:
        logger.info("%s: stopped; %s is kept for --resume", self.path, self._parts)

    def _recover(self) -> bool:
        """Pick up an interrupted run's parts; False when there are none to continue."""
        if not self._parts.is_dir():
            return False
        if (self._parts / _COMMITTED).exists():  # a merge that was done: finish it
            merged = self._parts / _MERGED
            if merged.exists():
                replace(merged, self._final)
            self._discard_parts()
            return False
        for temp in self._parts.glob("*.tmp"):
            temp.unlink()
        return True

    def _discard_parts(self) -> None:
        self._parts.replace(self._trash)
        fsync_dir(self._trash.parent)
        remove(self._trash)

    def _part_files(self) -> list[Path]:
        return sorted(self._parts.glob("part-*.parquet"), key=_number)


def _number(part: Path) -> int:
    return int(part.name.removeprefix("part-").removesuffix(".parquet"))


def _ids(file: Path, *, path: str) -> Iterator[str]:
    """The ids in a Parquet file of our layout, one row group at a time."""
    try:
        with pq.ParquetFile(file) as parquet:
            if not parquet.schema_arrow.equals(SCHEMA, check_metadata=False):
                raise OutputError(
                    path,
                    f"{file} has other columns than this version writes; "
                    "it cannot be continued (use --force to start over)",
                )
            for group in range(parquet.num_row_groups):
                yield from parquet.read_row_group(group, columns=["id"]).column("id").to_pylist()
    except (OSError, pa.ArrowException) as exc:
        raise OutputError(path, f"{file} cannot be read as Parquet: {exc}") from exc
