"""Parquet: one row per document, nested columns (:mod:`extractor.store.arrow`).

A Parquet file cannot be appended to, so each chunk becomes a part file of its own (the
commit protocol of :mod:`extractor.sinks.parts`), and ``close`` merges the parts into the
output: it copies them a few row groups at a time, joined into row groups of up to
:data:`ROW_GROUP_ROWS` rows (or :data:`ROW_GROUP_BYTES`), so memory stays within that.
The Dask engine writes its partitions with the same :class:`ParquetFormat`.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..errors import OutputError
from ..store.arrow import SCHEMA, ArrowRows
from ..store.rows import RecordRows
from .parts import PartedSink, PartFormat, PartWriter

logger = logging.getLogger(__name__)

#: Rows and bytes of a row group of a merged output or of a Dask partition: small row groups
#: are joined up to these, so that readers get row groups of a useful size.
ROW_GROUP_ROWS = 10_000
ROW_GROUP_BYTES = 64 * 2**20

Row = dict[str, Any]


class _ParquetWriter(PartWriter[Row]):
    """Rows of :data:`~extractor.store.arrow.SCHEMA`, in row groups of up to
    ``row_group_rows``; a part without records is a file without rows."""

    def __init__(self, path: Path, row_group_rows: int) -> None:
        super().__init__(path)
        self._writer = pq.ParquetWriter(path, SCHEMA)
        self._rows: list[Row] = []
        self._row_group_rows = row_group_rows

    def write(self, rows: Sequence[RecordRows[Row]]) -> None:
        self._rows.extend(row.rows for row in rows)
        if len(self._rows) >= self._row_group_rows:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self._rows = []

    def close(self) -> None:
        try:
            self._flush()
        finally:
            self._writer.close()

    def discard(self) -> None:
        self._rows = []
        super().discard()


class ParquetFormat(PartFormat[Row]):
    """Parts and outputs of Parquet rows."""

    name = "parquet"
    layout = ArrowRows()

    def __init__(self, *, row_group_rows: int = ROW_GROUP_ROWS) -> None:
        self.row_group_rows = max(1, row_group_rows)

    def writer(self, path: Path) -> PartWriter[Row]:
        return _ParquetWriter(path, self.row_group_rows)

    def ids(self, path: Path) -> Iterator[str]:
        """The ids in a Parquet file of our layout, one row group at a time."""
        try:
            with pq.ParquetFile(path) as parquet:
                if not parquet.schema_arrow.equals(SCHEMA, check_metadata=False):
                    raise OutputError(
                        str(path),
                        "has other columns than this version writes; "
                        "it cannot be continued (use --force to start over)",
                    )
                for group in range(parquet.num_row_groups):
                    table = parquet.read_row_group(group, columns=["id"])
                    yield from table.column("id").to_pylist()
        except (OSError, pa.ArrowException) as exc:
            raise OutputError(str(path), f"cannot be read as Parquet: {exc}") from exc

    def merge(self, sources: Sequence[Path], target: Path, *, base: Path | None) -> None:
        with pq.ParquetWriter(target, SCHEMA) as writer:
            buffer: list[pa.Table] = []
            for group in _row_groups([*([base] if base else []), *sources]):
                buffer.append(group)
                rows = sum(table.num_rows for table in buffer)
                if rows >= self.row_group_rows or sum(t.nbytes for t in buffer) >= ROW_GROUP_BYTES:
                    writer.write_table(pa.concat_tables(buffer), row_group_size=rows)
                    buffer = []
            if buffer:
                writer.write_table(pa.concat_tables(buffer))


def _row_groups(files: Sequence[Path]) -> Iterator[pa.Table]:
    """The rows of ``files``, one stored row group at a time."""
    for file in files:
        with pq.ParquetFile(file) as parquet:
            for group in range(parquet.num_row_groups):
                yield parquet.read_row_group(group)


class ParquetSink(PartedSink[Row]):
    """Records to a Parquet file through part files, atomically and resumably."""

    def __init__(
        self,
        path: str,
        *,
        resume: bool = False,
        force: bool = False,
        row_group_rows: int = ROW_GROUP_ROWS,
    ) -> None:
        part_format = ParquetFormat(row_group_rows=row_group_rows)
        super().__init__(path, part_format, resume=resume, force=force)
