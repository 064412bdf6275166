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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..batch.runner import chunked, duplicate_failure
from ..batch.workers import PipelineSpec, peak_rss_mb
from ..duplicate_ids import FirstWins
from ..io import Article, Failure, ReadOptions
from .extract import pipeline
from .layout import OutputFolder, PartitionMeta
from .partitions import Partition, partition_articles

logger = logging.getLogger(__name__)


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
    layout = folder.parts.format.layout
    with folder.parts.open(partition.id) as writer:
        articles = _fresh(partition_articles(partition, job.options), failures)
        for chunk in chunked(articles, job.chunk_size):
            with pipeline(job.spec) as processor:
                result = processor(chunk, timeout=job.doc_timeout, layout=layout)
            writer.write([done.rows for done in result.done])
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
    folder.commit(writer.path, meta)
    logger.debug("%s: %d documents in %.1fs", partition.id, len(ids), meta.seconds)
    return PartitionResult.from_meta(meta, skipped=False, peak_mb=peak_rss_mb())


def _fresh(items: Iterable[Article | Failure], failures: list[Failure]) -> Iterator[Article]:
    """The articles of ``items``; failures, and articles whose id came before, to
    ``failures``. Ids are checked here within the partition; across partitions, by
    :func:`~extractor.distributed.duplicates.drop_duplicates` when every partition is done
    (the one policy of :mod:`extractor.duplicate_ids`: the first is kept)."""
    ids = FirstWins()
    for item in items:
        if isinstance(item, Failure):
            failures.append(item)
        elif not ids.claim(item.id):
            failures.append(duplicate_failure(item))
        else:
            yield item
