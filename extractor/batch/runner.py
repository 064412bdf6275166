"""A batch run: articles from the inputs, through the workers, into a sink; failures to a log.

The run streams: articles are grouped into chunks as they are read, at most a few chunks are
in flight, and each chunk's records are written (durably) before the next ones are read. A
run that is interrupted is continued with ``resume``: the sink knows which ids it holds, and
those articles are skipped.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import IO, Any

from ..duplicate_ids import DUPLICATE_ERROR, FirstWins, duplicate_reason
from ..durable import settle
from ..errors import BatchInterrupted, OutputError
from ..io import Article, Failure, Inputs, ReadOptions, iter_articles
from ..output import OutputMode
from ..sinks import Sink, check_sink, open_sink, sink_format
from .timelimit import DEFAULT_DOC_TIMEOUT
from .workers import Done, PipelineSpec, Workers

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BatchConfig:
    """How the work is done: worker processes, chunk size, the pipeline, and the time one
    document may take (seconds; None or 0 for no limit)."""

    workers: int = 1
    chunk_size: int = 32
    pipeline: PipelineSpec = field(default_factory=PipelineSpec)
    doc_timeout: float | None = DEFAULT_DOC_TIMEOUT


@dataclass
class BatchSummary:
    """What a run did."""

    documents: int = 0
    skipped: int = 0
    facts: int = 0
    errors: int = 0
    elapsed: float = 0.0
    #: Peak resident memory of each process that ran the pipeline, in MB, by process id.
    peak_mb: dict[int, float] = field(default_factory=dict)
    #: Inputs that held nothing to read (a folder without a file of a known format), each
    #: with the reason; a run that has some did not do all it was asked.
    empty_inputs: list[str] = field(default_factory=list)

    @property
    def documents_per_second(self) -> float:
        return self.documents / self.elapsed if self.elapsed else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "facts": self.facts,
            "errors": self.errors,
            "elapsed_seconds": round(self.elapsed, 3),
            "documents_per_second": round(self.documents_per_second, 2),
            "peak_mb_per_worker": sorted(round(mb, 1) for mb in self.peak_mb.values()),
            "empty_inputs": list(self.empty_inputs),
        }

    def to_text(self) -> str:
        line = (
            f"{self.documents:,} documents, {self.facts:,} facts, {self.errors:,} errors "
            f"in {self.elapsed:.1f}s ({self.documents_per_second:,.1f} documents/s)"
        )
        if self.skipped:
            line += f"; {self.skipped:,} already done, skipped"
        return line


class Progress:
    """What the run tells about its progress; the CLI shows it as a progress bar."""

    #: Whether the documents should be counted first, for a total and a time left.
    wants_total: bool = False

    def start(self, total: int | None) -> None:
        """The run begins; ``total`` is the number of documents when known."""

    def advance(self, documents: int) -> None:
        """``documents`` more are done (written, skipped or failed)."""

    def stop(self) -> None:
        """The run has ended."""


class ErrorLog:
    """Failures as JSON lines, written under a temporary name and renamed when the run ends.

    Each run writes its own log: a resumed run tries again what failed before, so a failure
    that persists is logged again, once. Without a path, failures only go to ``echo``.
    """

    def __init__(
        self, path: str | None, *, echo: Callable[[dict[str, Any]], None] | None = None
    ) -> None:
        self.path = Path(path) if path else None
        self.count = 0
        self._echo = echo
        self._stack = ExitStack()
        self._handle: IO[str] | None = None

    def __enter__(self) -> ErrorLog:
        if self.path is not None:
            self._handle = self._stack.enter_context(self._temp.open("w", encoding="utf-8"))
        return self

    @property
    def _temp(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + ".part")

    def write(self, failure: Failure) -> None:
        self.count += 1
        entry = failure.to_dict()
        logger.debug("failed: %s", entry)
        if self._echo is not None:
            self._echo(entry)
        if self._handle is not None:
            self._handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            self._handle.flush()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            handle.flush()
            os.fsync(handle.fileno())
        self._stack.close()
        if self.path is None or handle is None:
            return
        settle(self._temp, self.path, keep=self.count > 0)


def run_batch(
    inputs: Sequence[str] | Inputs,
    *,
    sink: Sink,
    errors: ErrorLog,
    sources: ReadOptions | None = None,
    config: BatchConfig | None = None,
    progress: Progress | None = None,
    workers: Workers | None = None,
) -> BatchSummary:
    """Extract every article of ``inputs`` (paths, or :class:`~extractor.io.Inputs` walked
    already, with their options) into ``sink``; failures go to ``errors``.

    The caller opens and closes the sink (``with open_sink(...) as sink``), so that an
    exception leaves it resumable. ``workers`` are running workers (``with Workers(...)``);
    without them, those of ``config`` are started here. Ctrl-C raises
    :class:`~extractor.errors.BatchInterrupted`, which carries the summary so far.
    """
    config = config or BatchConfig()
    progress = progress or Progress()
    summary = BatchSummary()
    started = time.perf_counter()
    done = sink.done_ids()
    ids = FirstWins()

    def fresh_articles() -> Iterator[Article]:
        for item in iter_articles(found):
            if isinstance(item, Failure):
                errors.write(item)
                progress.advance(1)
            elif item.id in done:
                summary.skipped += 1
                progress.advance(1)
            elif not ids.claim(item.id):
                errors.write(duplicate_failure(item))
                progress.advance(1)
            else:
                yield item

    found = inputs if isinstance(inputs, Inputs) else Inputs.scan(inputs, sources)
    total = found.count_documents() if progress.wants_total else None
    chunks = chunked(fresh_articles(), config.chunk_size)
    running = (
        nullcontext(workers)
        if workers is not None
        else Workers(config.pipeline, config.workers, doc_timeout=config.doc_timeout)
    )
    try:
        with running as pool:
            progress.start(total)
            for result in pool.run(chunks, sink.layout):
                written = write_chunk(sink, result.done, errors)
                summary.documents += len(written)
                summary.facts += sum(d.facts for d in written)
                for failure in result.failures:
                    errors.write(failure)
                if result.peak_mb is not None:
                    summary.peak_mb[result.pid] = result.peak_mb
                progress.advance(len(result.done) + len(result.failures))
    except BatchInterrupted:
        raise
    except KeyboardInterrupt as exc:  # what was written stays, resumable
        raise BatchInterrupted(summary) from exc
    finally:
        progress.stop()
        summary.errors = errors.count
        summary.elapsed = time.perf_counter() - started
    return summary


def write_chunk(sink: Sink, done: list[Done], errors: ErrorLog) -> list[Done]:
    """Write a chunk's records; those written. If the sink refuses the chunk for its data
    (a value it cannot store) rather than for itself (:class:`OutputError`, ``OSError``), the
    records are written one at a time and each that is refused becomes one failure, so that
    one record cannot stop the batch. Every sink leaves nothing of a refused write."""
    try:
        sink.write_rows([d.rows for d in done])
    except (OutputError, OSError):
        raise
    except Exception as exc:
        logger.info(
            "%s: a chunk was refused (%s); writing its records one at a time", sink.path, exc
        )
    else:
        return done
    written: list[Done] = []
    refused: list[tuple[Done, Exception]] = []
    for item in done:
        try:
            sink.write_rows([item.rows])
        except (OutputError, OSError):
            raise
        except Exception as exc:
            refused.append((item, exc))
        else:
            written.append(item)
    if len(refused) > 1 and not written:  # every record alike: the sink is at fault
        raise OutputError(sink.path, f"the output refused a whole chunk: {refused[0][1]}")
    for item, problem in refused:
        reason = f"the output cannot take its record: {type(problem).__name__}: {problem}"
        errors.write(item.failure(reason, "OutputRefused"))
    return written


def duplicate_failure(article: Article) -> Failure:
    """The failure of an article whose id an earlier document of the run has (the policy of
    :mod:`extractor.duplicate_ids`: the first is kept)."""
    return Failure(
        path=article.source.path or "-",
        reason=duplicate_reason(article.id),
        error=DUPLICATE_ERROR,
        line=article.source.line,
        offset=article.source.offset,
        id=article.id,
    )


#: A chunk ends at this many characters of text too, so that long articles travel few at a time.
CHUNK_CHARS = 2_000_000


def chunked(articles: Iterable[Article], size: int) -> Iterator[list[Article]]:
    """``articles`` in lists of ``size``, or fewer where their texts reach :data:`CHUNK_CHARS`."""
    chunk: list[Article] = []
    chars = 0
    for article in articles:
        chunk.append(article)
        chars += len(article.text)
        if len(chunk) >= size or chars >= CHUNK_CHARS:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def batch(
    inputs: Sequence[str],
    output: str = "-",
    *,
    output_format: str | None = None,
    table: str = "facts",
    csv_raw: bool = False,
    errors_path: str | None = None,
    resume: bool = False,
    force: bool = False,
    sources: ReadOptions | None = None,
    config: BatchConfig | None = None,
    progress: Progress | None = None,
    echo_failure: Callable[[dict[str, Any]], None] | None = None,
) -> BatchSummary:
    """What ``extractor batch`` does: extract ``inputs`` into ``output``.

    ``errors_path`` defaults to ``OUTPUT.errors.jsonl``; with output on stdout and no errors
    path, failures go to ``echo_failure`` only. Raises :class:`~extractor.errors.UsageError`
    for an input that does not exist, an output that exists (without ``resume`` or
    ``force``) and bad options, before anything is written;
    :class:`~extractor.errors.WorkerStartError` when worker processes cannot start (nothing
    is written then either); :class:`~extractor.errors.BatchInterrupted` on Ctrl-C.

    With ``config.workers`` above 1 the work is done in worker processes, which import the
    calling script again: call this under ``if __name__ == "__main__":`` in a script.
    Folders that hold no file to read are listed in the summary's ``empty_inputs``.
    """
    OutputMode.of(resume=resume, force=force)
    config = config or BatchConfig()
    found = Inputs.scan(inputs, sources)  # walked once: checked, counted, read
    empty = found.check()  # a missing input is named before anything is made
    if inputs and len(empty) == len(inputs):  # nothing at all to read: no output is made
        return BatchSummary(empty_inputs=empty)
    check_sink(output, format=output_format, table=table, resume=resume, force=force)
    errors_path = errors_path or default_errors_path(output, output_format)
    # The workers start (and build their pipelines) before the output is made, so that a
    # failed start leaves nothing behind.
    with Workers(config.pipeline, config.workers, doc_timeout=config.doc_timeout) as workers:
        sink = open_sink(
            output,
            format=output_format,
            table=table,
            resume=resume,
            force=force,
            csv_raw=csv_raw,
        )
        errors = ErrorLog(errors_path, echo=echo_failure)
        with sink, errors:
            summary = run_batch(
                found,
                sink=sink,
                errors=errors,
                config=config,
                progress=progress,
                workers=workers,
            )
    summary.empty_inputs = empty
    return summary


def default_errors_path(output: str, output_format: str | None = None) -> str | None:
    """Where failures go unless told: beside an output file; nowhere for standard output or
    a database (the CLI then writes them to standard error)."""
    if output == "-" or sink_format(output, output_format) == "postgresql":
        return None
    return f"{output}.errors.jsonl"
