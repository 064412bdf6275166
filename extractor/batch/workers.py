"""Turning chunks of articles into records, in this process or in a pool of worker processes.

Each worker process builds the pipeline once, in its initializer, and keeps it for every chunk
it is given; the spaCy ``nlp`` object never travels between processes. A chunk comes back as
typed rows in the layout the sink takes (:mod:`extractor.store.rows`), made from each record
in the worker, and failures; never as ``Doc`` objects, and never as JSON to parse again.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import spacy

from ..errors import ExtractorError, UsageError, WorkerStartError
from ..io import Article, Failure
from ..lexicon import load_lexicon
from ..pipeline import Extractor, check_pipeline_choice
from ..store.rows import JsonLines, Layout, RecordRows
from .timelimit import TimeLimitExceeded, time_limit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PipelineSpec:
    """How each worker (or a command) builds its pipeline: a ``config.cfg`` that describes the
    whole pipeline, or a model and extra pattern files; not both.

    >>> PipelineSpec(model="en_core_web_sm", config="config.cfg")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    extractor.errors.UsageError: --config describes the whole pipeline: name the model and ...
    """

    model: str | None = None
    patterns: tuple[str, ...] = ()
    batch_size: int = 64
    #: A ``config.cfg`` that describes the whole pipeline, instead of model and patterns.
    config: str | None = None

    def __post_init__(self) -> None:
        check_pipeline_choice(model=self.model, extra_patterns=self.patterns, config=self.config)

    def build(self) -> Extractor:
        if self.config is not None:
            return Extractor(config=self.config)
        return Extractor(model=self.model, extra_patterns=self.patterns)

    def check(self) -> None:
        """Raise the error that building would raise for bad pattern files or a missing model,
        without building the pipeline (a config is built once, to be checked)."""
        if self.config is not None:
            self.build()
            return
        load_lexicon(self.patterns)
        if self.model is not None and not (
            spacy.util.is_package(self.model) or Path(self.model).is_dir()
        ):
            raise ExtractorError(
                f"no spaCy pipeline {self.model!r}: neither an installed package nor a folder"
            )


#: The layout of records unless a sink asks for another: the record's JSON.
JSON = JsonLines()


@dataclass(frozen=True)
class Done:
    """One article's record, as the rows of the sink's layout, with what the summary counts
    and where the article was (for the failure to report if the output cannot take it)."""

    rows: RecordRows[Any]
    facts: int
    path: str = "-"
    line: int | None = None
    offset: int | None = None

    @property
    def id(self) -> str:
        return self.rows.id

    def failure(self, reason: str, error: str) -> Failure:
        return Failure(self.path, reason, error, line=self.line, offset=self.offset, id=self.id)


@dataclass(frozen=True)
class ChunkResult:
    done: list[Done]
    failures: list[Failure]
    pid: int = field(default_factory=os.getpid)
    #: Peak resident memory of the process that did the chunk, in MB, where Linux tells it.
    peak_mb: float | None = None


class ChunkProcessor:
    """Runs the pipeline over chunks. Everything done for one article (the pipeline, its
    record's JSON) is inside that article's guard and its time limit: a failing article fails
    alone, as one :class:`Failure` naming it, and the others of the chunk are done."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        self.extractor = spec.build()

    def __call__(
        self,
        articles: list[Article],
        *,
        timeout: float | None = None,
        layout: Layout[Any] = JSON,
    ) -> ChunkResult:
        """The records of ``articles`` as rows of ``layout``; each may take at most ``timeout``
        seconds (None: no limit), past which it becomes a ``TimeLimit`` failure."""
        done: list[Done] = []
        failures: list[Failure] = []
        position = 0
        while position < len(articles):
            rest = articles[position:]
            # Our components work one document at a time, so the stream gives each record
            # as its document is done, and each can be timed and guarded on its own. Once one
            # fails, the stream is over: a new one takes the articles after it.
            records = self.extractor.pipe(
                (a.text for a in rest),
                doc_ids=(a.id for a in rest),
                sources=(a.source for a in rest),
                batch_size=1 if timeout else self.spec.batch_size,
            )
            try:
                for article in rest:
                    position += 1
                    try:
                        with time_limit(timeout):
                            record = next(records)
                            rows = layout.rows(record)
                    except TimeLimitExceeded as exc:
                        failures.append(_failure(article, exc, timeout=timeout))
                        break
                    except Exception as exc:
                        failures.append(_failure(article, exc))
                        break
                    where = article.source
                    done.append(
                        Done(rows, len(record.facts), where.path or "-", where.line, where.offset)
                    )
            finally:
                close = getattr(records, "close", None)
                if close is not None:  # a generator: let it end now
                    close()
        return ChunkResult(done, failures, peak_mb=peak_rss_mb())


def _failure(article: Article, exc: BaseException, *, timeout: float | None = None) -> Failure:
    """The failure of one article: its path, line or offset and id, and why."""
    if isinstance(exc, TimeLimitExceeded):
        reason = (
            f"stopped: it took longer than the limit of {timeout:g}s per document (--doc-timeout)"
        )
        error = "TimeLimit"
    else:
        logger.debug("extraction failed for %s", article.id, exc_info=exc)
        reason, error = f"extraction failed: {exc}", type(exc).__name__
    return Failure(
        path=article.source.path or "-",
        reason=reason,
        error=error,
        line=article.source.line,
        offset=article.source.offset,
        id=article.id,
    )


def peak_rss_mb() -> float | None:
    """Peak resident memory of this process in MB (``VmHWM``), or None off Linux."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# -- worker processes ---------------------------------------------------------------------

_processor: ChunkProcessor | None = None
#: Why this worker process could not build its pipeline, if it could not.
_init_error: str | None = None


def _init_worker(spec: PipelineSpec) -> None:
    global _processor, _init_error
    # Ctrl-C reaches every process of the terminal's group: the main process alone handles it
    # (it stops the workers), so that the workers do not die with tracebacks of their own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        _processor = ChunkProcessor(spec)
    except Exception as exc:  # told to the main process by _ping, which reports it
        _init_error = f"{type(exc).__name__}: {exc}"
        return
    gc.freeze()  # the pipeline's objects live as long as the process: keep them out of GC


def _ping() -> tuple[int, str | None]:
    """This worker's process id, and why it has no pipeline (None when it has one)."""
    return os.getpid(), _init_error


def _run_chunk(articles: list[Article], timeout: float | None, layout: Layout[Any]) -> ChunkResult:
    if _processor is None:  # pragma: no cover - the main process checked every worker
        raise RuntimeError(f"this worker has no pipeline: {_init_error}")
    return _processor(articles, timeout=timeout, layout=layout)


def resolve_workers(value: str | int) -> int:
    """ "auto" is the number of CPUs this process may use; otherwise a positive int."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)
    try:
        number = int(value)
    except ValueError:
        raise UsageError(f"workers is a number of at least 1, or auto, not {value!r}") from None
    if number < 1:
        raise UsageError(f"workers is a number of at least 1, or auto, not {value!r}")
    return number


#: Seconds that worker processes may take to start and build their pipelines.
START_TIMEOUT = 300.0

_START_HINT = (
    'if batch() is called from a script, call it under `if __name__ == "__main__":`, since '
    "each worker process imports the script again"
)


class Workers:
    """The processes that run the pipeline: this one when ``workers`` is 1, else a pool.

    ``doc_timeout`` is the time limit of one document in seconds (None or 0: none), enforced
    in the process that does it (:mod:`.timelimit`). Used as a context manager. On entering,
    every worker is started and has built its pipeline, or
    :class:`~extractor.errors.WorkerStartError` says why not; so a run can start its workers
    before it creates any output. Leaving on an exception (Ctrl-C, SIGTERM, a
    failed write) stops the worker processes at once, without waiting for their chunks.
    """

    def __init__(
        self, spec: PipelineSpec, workers: int = 1, *, doc_timeout: float | None = None
    ) -> None:
        if workers < 1:
            raise UsageError(f"workers is a number of at least 1, not {workers}")
        if doc_timeout is not None and not doc_timeout >= 0:
            raise UsageError(f"the time limit per document is 0 (none) or more, not {doc_timeout}")
        self.spec = spec
        self.workers = workers
        self.doc_timeout = doc_timeout or None
        self._processor: ChunkProcessor | None = None
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Workers:
        if self.workers == 1:
            self._processor = ChunkProcessor(self.spec)
        else:
            self.spec.check()  # bad pattern files or a missing model: the error itself
            self._pool = self._start_pool()
        return self

    def _start_pool(self) -> ProcessPoolExecutor:
        context = multiprocessing.get_context(
            "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        )
        pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=context,
            initializer=_init_worker,
            initargs=(self.spec,),
        )
        try:
            pings = [pool.submit(_ping) for _ in range(self.workers)]
            for ping in pings:
                _, error = ping.result(timeout=START_TIMEOUT)
                if error is not None:
                    raise WorkerStartError(f"a worker could not build the pipeline: {error}")
        except WorkerStartError:
            _stop_now(pool)
            raise
        except TimeoutError:
            _stop_now(pool)
            raise WorkerStartError(
                f"the worker processes did not start within {START_TIMEOUT:.0f}s"
            ) from None
        except BrokenProcessPool:
            _stop_now(pool)
            raise WorkerStartError(f"a worker process ended as it started; {_START_HINT}") from None
        except Exception as exc:  # the forkserver could not start, a pipe broke...
            _stop_now(pool)
            raise WorkerStartError(
                f"multiprocessing failed to start them ({type(exc).__name__}: {exc})"
            ) from exc
        except BaseException:  # Ctrl-C while they start
            _stop_now(pool)
            raise
        return pool

    def run(
        self, chunks: Iterable[list[Article]], layout: Layout[Any] = JSON
    ) -> Iterator[ChunkResult]:
        """Results of ``chunks`` in their order, each record as rows of ``layout``, with a
        bounded number of chunks in flight (so memory stays flat however long the input)."""
        if self._processor is not None:
            for chunk in chunks:
                yield self._processor(chunk, timeout=self.doc_timeout, layout=layout)
            return
        if self._pool is None:
            raise RuntimeError("Workers.run outside its with block")
        pending: deque[Future[ChunkResult]] = deque()
        for chunk in chunks:
            pending.append(self._pool.submit(_run_chunk, chunk, self.doc_timeout, layout))
            if len(pending) >= self.workers * 3:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        pool, self._pool = self._pool, None
        self._processor = None
        if pool is None:
            return
        if kind is None:
            pool.shutdown(wait=True)
        else:
            _stop_now(pool)


def _stop_now(pool: ProcessPoolExecutor) -> None:
    """Stop a pool without waiting for the chunks its workers are doing: they are killed."""
    found = dict(getattr(pool, "_processes", None) or {})
    pool.shutdown(wait=False, cancel_futures=True)
    for process in found.values():
        if process.is_alive():
            process.kill()
    for process in found.values():
        process.join(timeout=2)
    logger.debug("stopped %d worker processes", len(found))
    _stop_helpers()


def _stop_helpers() -> None:
    """Stop multiprocessing's forkserver now, and reap it, rather than at this process's exit
    (where init would be left to reap it); it starts again when a pool next needs one. The
    resource tracker is left to end with this process: stopped before the pool's queues are
    collected, it would warn of leaked semaphores. ``_stop`` is private: best effort."""
    from multiprocessing import forkserver

    stop = getattr(getattr(forkserver, "_forkserver", None), "_stop", None)
    if callable(stop):
        try:
            stop()
        except Exception:  # not running, or another Python's internals
            logger.debug("could not stop the forkserver", exc_info=True)
