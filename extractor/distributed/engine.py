"""The Dask engine of ``extractor batch --engine dask``: partitions planned here, extracted by
the workers of a Dask cluster, each into its own file of one output folder.

The client plans the partitions (:mod:`.partitions`), claims the output folder
(:mod:`.layout`) and submits one task per partition that is not complete; a task carries the
partition and the :class:`~extractor.distributed.tasks.Job`, never the spaCy pipeline, which
each worker process builds once (:func:`~extractor.distributed.extract.pipeline`). A task
whose worker dies is run again elsewhere by the scheduler; one that raises is retried
:data:`RETRIES` times. When every task has ended, ids repeated across partitions are dropped
(:mod:`.duplicates`), the failures are merged into the errors file and, when every partition
is complete, the ``_SUCCESS`` manifest is written.

Dask is optional (``pip install 'finnews-extractor[dask]'``): it is imported by
:func:`run_dask` only. Workers, and this client, must all see the inputs and the output
folder at the same paths (one machine, or a shared file system).
"""

from __future__ import annotations

import importlib
import logging
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from .._version import __version__
from ..batch.runner import BatchConfig, BatchSummary, Progress
from ..errors import BatchInterrupted, ExtractorError, OutputError, UsageError
from ..io import Failure, Inputs, ReadOptions
from ..output import OutputMode
from ..sinks import is_database_url
from .layout import ERRORS, PART_FORMATS, OutputFolder, PartitionMeta
from .partitions import SPLIT_BYTES, Partition, plan_partitions

if TYPE_CHECKING:
    from .tasks import PartitionResult

logger = logging.getLogger(__name__)

#: Times a task that raised is run again (a task whose worker died is run again by the
#: scheduler, up to its ``distributed.scheduler.allowed-failures`` times).
RETRIES = 2

_NEEDS_DASK = "the Dask engine needs dask.distributed: pip install 'finnews-extractor[dask]'"


def run_dask(
    inputs: Sequence[str],
    output: str,
    *,
    output_format: str | None = None,
    errors_path: str | None = None,
    resume: bool = False,
    force: bool = False,
    sources: ReadOptions | None = None,
    config: BatchConfig | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    split_bytes: int = SPLIT_BYTES,
) -> BatchSummary:
    """Extract ``inputs`` on a Dask cluster into the folder ``output``.

    The folder holds one Parquet (default) or JSONL file per partition, which read as one
    table (``pyarrow.dataset``, pandas, Spark and DuckDB leave out ``_`` and ``.`` names),
    with the same records as the local engine gives. ``scheduler`` is the address of a
    running scheduler (``tcp://host:8786``); without it a ``LocalCluster`` of
    ``config.workers`` processes is started and closed. Failures go to ``errors_path``
    (default ``OUTPUT/_errors.jsonl``); ``progress`` advances as partitions finish.

    Raises :class:`~extractor.errors.UsageError` for bad options and for an output that is
    there (without ``resume`` or ``force``), :class:`~extractor.errors.ExtractorError` when
    the scheduler cannot be reached, and :class:`~extractor.errors.OutputError` when some
    partitions failed (the others are kept: run again with ``resume``).
    """
    OutputMode.of(resume=resume, force=force)
    config = config or BatchConfig()
    progress = progress or Progress()
    folder = OutputFolder(Path(output).absolute(), _part_format(output, output_format))
    found = Inputs.scan(inputs, sources)  # walked once: checked, planned, counted
    options = found.options
    empty = found.check()  # a missing input is named before anything is made
    if inputs and len(empty) == len(inputs):
        return BatchSummary(empty_inputs=empty)
    distributed = _import_distributed()
    config.pipeline.check()  # bad pattern files or a missing model fail before any work
    from .tasks import Job

    started = time.perf_counter()
    summary = BatchSummary()
    try:
        # the cluster first: a scheduler that cannot be reached leaves no output behind
        with _client(distributed, scheduler, config.workers) as client:
            partitions, unlisted = plan_partitions(found, split_bytes=split_bytes)
            plan = {
                "engine": "dask",
                "format": folder.format,
                "inputs": list(inputs),
                "sources": asdict(options),
                "pipeline": asdict(config.pipeline),
                "partitions": [partition.to_dict() for partition in partitions],
            }
            folder.claim(plan, resume=resume, force=force)
            job = Job(
                str(folder.path),
                folder.format,
                options,
                config.pipeline,
                config.chunk_size,
                config.doc_timeout,
            )
            progress.start(found.count_documents() if progress.wants_total else None)
            failed, skipped = _run(distributed, client, folder, partitions, job, summary, progress)
    except BatchInterrupted:
        raise
    except KeyboardInterrupt as exc:  # complete partitions stay; --resume does the others
        raise BatchInterrupted(summary) from exc
    finally:
        progress.stop()
    metas = _finish(folder, partitions, summary, skipped=skipped)
    failures = [
        *(failure.to_dict() for failure in unlisted),
        *(entry for meta in metas for entry in meta.all_failures),
        *(failure.to_dict() for failure in failed),
    ]
    target = Path(errors_path) if errors_path else folder.path / ERRORS
    summary.errors = folder.write_errors(target, failures)
    summary.elapsed = time.perf_counter() - started
    if failed:
        raise OutputError(
            str(folder.path),
            f"{len(failed)} of {len(partitions)} partitions failed (the first: "
            f"{failed[0].reason}); the others are complete: run the same command with "
            f"--resume to do them again (failures are listed in {target})",
        )
    folder.write_manifest(_manifest(folder, metas, summary))
    logger.info("%s: complete, %s", folder.path, summary.to_text())
    summary.empty_inputs = empty
    return summary


def _manifest(
    folder: OutputFolder, metas: Sequence[PartitionMeta], summary: BatchSummary
) -> dict[str, Any]:
    """What ``_SUCCESS`` says of a complete output: its counts, and of the run that ended it."""
    return {
        "engine": "dask",
        "version": __version__,
        "format": folder.format,
        "partitions": len(metas),
        "documents": sum(meta.kept for meta in metas),
        "facts": sum(meta.kept_facts for meta in metas),
        "errors": summary.errors,
        "elapsed_seconds": round(summary.elapsed, 3),
        "completed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def _part_format(output: str, output_format: str | None) -> str:
    """The format of the partition files: ``parquet`` unless told, or ``output`` ends in
    ``.jsonl``.

    >>> _part_format("out", None), _part_format("out.jsonl", None), _part_format("x", "PQ")
    ('parquet', 'jsonl', 'parquet')
    """
    if output == "-" or is_database_url(output):
        raise UsageError("the Dask engine writes a folder: give one with --output")
    if output_format is None:
        return "jsonl" if output.lower().endswith((".jsonl", ".ndjson")) else "parquet"
    name = output_format.lower()
    name = {"pq": "parquet", "ndjson": "jsonl"}.get(name, name)
    if name not in PART_FORMATS:
        known = " or ".join(PART_FORMATS)
        raise UsageError(f"the Dask engine writes {known} partitions, not {output_format}")
    return name


def _import_distributed() -> Any:
    try:
        return importlib.import_module("distributed")
    except ImportError as exc:
        raise UsageError(_NEEDS_DASK) from exc


@contextmanager
def _client(distributed: Any, scheduler: str | None, workers: int) -> Iterator[Any]:
    """A client of the scheduler at ``scheduler``, or of a ``LocalCluster`` of ``workers``
    single-threaded processes started here (and closed after)."""
    if scheduler is None:
        logger.info("starting a LocalCluster of %d worker processes", workers)
        with _quiet_scheduler():  # it runs in this process, and tells a lot at INFO
            try:
                cluster = distributed.LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    dashboard_address="127.0.0.1:0",  # any free port, on this machine only
                )
            except (OSError, RuntimeError) as exc:
                raise ExtractorError(f"a Dask LocalCluster could not start: {exc}") from exc
            with cluster, distributed.Client(cluster, set_as_default=False) as client:
                logger.info("the cluster's dashboard: %s", client.dashboard_link)
                yield client
        return
    shown = redact(scheduler)
    try:
        client = distributed.Client(scheduler, set_as_default=False)
    except (OSError, ValueError, TypeError) as exc:  # refused, timed out, not an address
        reason = str(exc).replace(scheduler, shown)
        raise ExtractorError(f"cannot reach the Dask scheduler at {shown}: {reason}") from None
    logger.info("connected to the Dask scheduler at %s", shown)
    with client:
        yield client


@contextmanager
def _quiet_scheduler() -> Iterator[None]:
    """Dask's own records at INFO only when ours are shown at DEBUG (``-vv``)."""
    dask_logger = logging.getLogger("distributed")
    level = dask_logger.level
    if not logger.isEnabledFor(logging.DEBUG):
        dask_logger.setLevel(max(level, logging.WARNING))
    try:
        yield
    finally:
        dask_logger.setLevel(level)


def redact(address: str) -> str:
    """``address`` without a user name or password, for messages.

    >>> redact("tls://admin:secret@scheduler.internal:8786"), redact("tcp://10.0.0.5:8786")
    ('tls://scheduler.internal:8786', 'tcp://10.0.0.5:8786')
    """
    try:
        parts = urlsplit(address)
    except ValueError:
        return "the address given"
    if "@" not in parts.netloc:
        return address
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def _run(
    distributed: Any,
    client: Any,
    folder: OutputFolder,
    partitions: Sequence[Partition],
    job: Any,
    summary: BatchSummary,
    progress: Progress,
) -> tuple[list[Failure], set[str]]:
    """Do the partitions that are not complete, one task each; the failures of the tasks
    that failed for good, and the partitions that were complete already."""
    from .tasks import PartitionResult, run_partition

    todo: list[Partition] = []
    skipped: set[str] = set()
    for partition in partitions:
        meta = folder.completed(partition.id)
        if meta is None:
            todo.append(partition)
        else:
            skipped.add(partition.id)
            _count(summary, PartitionResult.from_meta(meta, skipped=True))
            progress.advance(meta.kept + len(meta.all_failures))
    workers = len(client.scheduler_info().get("workers", ()))
    logger.info(
        "%d partitions, %d complete already: %d tasks on %d workers",
        len(partitions),
        len(partitions) - len(todo),
        len(todo),
        workers,
    )
    if not workers and todo:
        logger.warning("the scheduler has no workers yet: the tasks wait for some to join")
    run = uuid.uuid4().hex[:8]
    keys = [f"extract-{partition.id}-{run}" for partition in todo]
    futures = client.map(run_partition, todo, job=job, key=keys, pure=False, retries=RETRIES)
    by_key = dict(zip(keys, todo, strict=True))
    failed: list[Failure] = []
    try:
        for future in distributed.as_completed(futures, loop=client.loop):
            partition = by_key[future.key]
            if future.status != "finished":
                failed.append(_task_failure(partition, future))
                continue
            result: PartitionResult = future.result()
            if result.skipped:  # an attempt whose worker died after it committed the partition
                skipped.add(partition.id)
            _count(summary, result)
            progress.advance(result.documents + result.errors)
    except BaseException:  # interrupted: leave nothing running on a shared cluster
        client.cancel(futures)
        raise
    return failed, skipped


def _count(summary: BatchSummary, result: PartitionResult) -> None:
    if result.skipped:
        summary.skipped += result.documents
    else:
        summary.documents += result.documents
        summary.facts += result.facts
    if result.peak_mb is not None:
        summary.peak_mb[result.pid] = max(result.peak_mb, summary.peak_mb.get(result.pid, 0.0))


def _task_failure(partition: Partition, future: Any) -> Failure:
    """The failure of a partition whose task failed for good: it raised every time, its
    workers died too often (``KilledWorker``), or it was cancelled."""
    exc = future.exception() if future.status == "error" else None
    reason = f"{exc}" if exc is not None else f"the task was {future.status}"
    logger.error("%s (%s): %s", partition.id, partition.path, reason)
    where: dict[str, Any] = {"partition": partition.id}
    if partition.end is not None:
        where.update(start=partition.start, end=partition.end)
    return Failure(
        path=partition.path,
        reason=f"partition {partition.id} failed: {reason}",
        error=type(exc).__name__ if exc is not None else "Cancelled",
        line=partition.first_line if partition.end is not None else None,
        extra=where,
    )


def _finish(
    folder: OutputFolder,
    partitions: Sequence[Partition],
    summary: BatchSummary,
    *,
    skipped: set[str],
) -> list[PartitionMeta]:
    """The metas of the complete partitions after ids repeated across them are dropped, with
    ``summary`` counting the drop; temporary files of dead attempts are deleted."""
    from .duplicates import drop_duplicates

    folder.remove_temporaries()  # every task has ended: what is left is dead
    before = [meta for p in partitions if (meta := folder.completed(p.id)) is not None]
    after = drop_duplicates(folder, before)
    for old, new in zip(before, after, strict=True):
        if old.partition in skipped:
            summary.skipped -= old.kept - new.kept
        else:
            summary.documents -= old.kept - new.kept
            summary.facts -= old.kept_facts - new.kept_facts
    return after
