"""The task a Dask worker runs for one partition: read it, extract it, write its file.

The task is idempotent. A partition already complete (an earlier attempt committed it before
its worker died) is not done again; an attempt that dies leaves at most a hidden temporary
file, which the next attempt does not touch (each attempt has its own name). The worker gives
back counts only; the records go to the partition's file, the failures to its meta file.
"""

from __future__ import annotations

import logging
import os
import time
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ..batch.runner import chunked, duplicate_failure
from ..batch.workers import PipelineSpec, peak_rss_mb
from ..io import Article, Failure, ReadOptions
from ..sinks._arrow import SCHEMA, to_row
from ..sinks._base import parse_record
from ..sinks.jsonl import one_line
from .extract import pipeline
from .layout import OutputFolder, PartitionMeta, temporary_name
from .partitions import Partition, partition_articles

logger = logging.getLogger(__name__)

#: Rows of a row group of a partition's Parquet file (as the Parquet sink's merged output).
ROW_GROUP_ROWS = 10_000


@dataclass(frozen=True)
class Job:
    """What every task of a run shares: the output folder (absolute), its format, how inputs
    are read, the pipeline, the documents per call of the pipeline, and the time limit of one
    document."""

    folder: str
    output_format: str
    options: ReadOptions
    spec: PipelineSpec
    chunk_size: int = 32
    #: Seconds one document may take (None: no limit); past it, a ``TimeLimit`` failure.
    doc_timeout: float | None = None


@dataclass(frozen=True)
class PartitionResult:
    """What a task gives back: the counts of its partition, and who did it."""

    partition: str
    documents: int
    facts: int
    errors: int
    seconds: float = 0.0
    pid: int = 0
    peak_mb: float | None = None
    #: The partition was complete before the task began: nothing was done.
    skipped: bool = False

    @classmethod
    def from_meta(
        cls, meta: PartitionMeta, *, skipped: bool, peak_mb: float | None = None
    ) -> PartitionResult:
        return cls(
            partition=meta.partition,
            documents=meta.kept,
            facts=meta.kept_facts,
            errors=len(meta.all_failures),
            seconds=meta.seconds,
            pid=meta.pid,
            peak_mb=peak_mb,
            skipped=skipped,
        )


def run_partition(partition: Partition, job: Job) -> PartitionResult:
    """Extract one partition into its file in ``job.folder``; the unit of work of a run."""
    folder = OutputFolder(job.folder, job.output_format)
    done = folder.completed(partition.id)
    if done is not None:
        logger.info("%s: complete already", partition.id)
        return PartitionResult.from_meta(done, skipped=True)
    started = time.perf_counter()
    failures: list[Failure] = []
    ids: list[str] = []
    facts = 0
    temporary = temporary_name(folder.data(partition.id))
    with _writer(job.output_format, temporary) as writer:
        articles = _fresh(partition_articles(partition, job.options), failures)
        for chunk in chunked(articles, job.chunk_size):
            with pipeline(job.spec) as processor:
                result = processor(chunk, timeout=job.doc_timeout)
            writer.write([done.json for done in result.done])
            ids.extend(done.id for done in result.done)
            facts += sum(done.facts for done in result.done)
            failures.extend(result.failures)
    meta = PartitionMeta(
        partition=partition.id,
        documents=len(ids),
        facts=facts,
        ids=ids,
        failures=[failure.to_dict() for failure in failures],
        seconds=round(time.perf_counter() - started, 3),
        pid=os.getpid(),
    )
    folder.commit(temporary, meta)
    logger.debug("%s: %d documents in %.1fs", partition.id, len(ids), meta.seconds)
    return PartitionResult.from_meta(meta, skipped=False, peak_mb=peak_rss_mb())


def _fresh(items: Iterable[Article | Failure], failures: list[Failure]) -> Iterator[Article]:
    """The articles of ``items``; failures, and articles whose id came before, to
    ``failures``. Ids are checked here within the partition; across partitions, by
    :func:`~extractor.distributed.duplicates.drop_duplicates` when every partition is done."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
        elif item.id in seen:
            failures.append(duplicate_failure(item))
        else:
            seen.add(item.id)
            yield item


class _Writer(ABC):
    """Records to a partition's temporary file; deleted if the task fails."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @abstractmethod
    def write(self, records: Sequence[str]) -> None: ...

    @abstractmethod
    def close(self, *, complete: bool) -> None: ...

    def __enter__(self) -> _Writer:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        try:
            self.close(complete=kind is None)
        finally:
            if kind is not None:
                self.path.unlink(missing_ok=True)


class _JsonlWriter(_Writer):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._handle: IO[str] = path.open("w", encoding="utf-8")

    def write(self, records: Sequence[str]) -> None:
        self._handle.write("".join(one_line(record) + "\n" for record in records))

    def close(self, *, complete: bool) -> None:
        self._handle.close()


class _ParquetWriter(_Writer):
    """Rows of :data:`~extractor.sinks._arrow.SCHEMA`, the Parquet sink's, in row groups of
    up to :data:`ROW_GROUP_ROWS`; a partition without records is a file without rows."""

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._writer = pq.ParquetWriter(path, SCHEMA)
        self._rows: list[dict[str, Any]] = []

    def write(self, records: Sequence[str]) -> None:
        self._rows.extend(to_row(parse_record(record)) for record in records)
        if len(self._rows) >= ROW_GROUP_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(pa.Table.from_pylist(self._rows, schema=SCHEMA))
            self._rows = []

    def close(self, *, complete: bool) -> None:
        try:
            if complete:
                self._flush()
        finally:
            self._writer.close()


def _writer(output_format: str, path: Path) -> _Writer:
    return _ParquetWriter(path) if output_format == "parquet" else _JsonlWriter(path)
