"""Turning chunks of articles into records, in this process or in a pool of worker processes.

Each worker process builds the pipeline once, in its initializer, and keeps it for every chunk
it is given; the spaCy ``nlp`` object never travels between processes. A chunk comes back as
record JSON strings (what every sink takes) and failures, never as ``Doc`` objects.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import spacy

from ..errors import ExtractorError
from ..lexicon import load_lexicon
from ..pipeline import Extractor
from .items import Article, Failure

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PipelineSpec:
    """How each worker builds its pipeline."""

    model: str | None = None
    patterns: tuple[str, ...] = ()
    batch_size: int = 64
    #: A ``config.cfg`` that describes the whole pipeline, instead of model and patterns.
    config: str | None = None

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


@dataclass(frozen=True)
class Done:
    """One article's record, as JSON, with what the summary counts."""

    id: str
    json: str
    facts: int


@dataclass(frozen=True)
class ChunkResult:
    done: list[Done]
    failures: list[Failure]
    pid: int = field(default_factory=os.getpid)
    #: Peak resident memory of the process that did the chunk, in MB, where Linux tells it.
    peak_mb: float | None = None


class ChunkProcessor:
    """Runs the pipeline over chunks; a failing article fails alone."""

    def __init__(self, spec: PipelineSpec) -> None:
        self.spec = spec
        self.extractor = spec.build()

    def __call__(self, articles: list[Article]) -> ChunkResult:
        try:
            records = list(
                self.extractor.pipe(
                    (a.text for a in articles),
                    doc_ids=(a.id for a in articles),
                    sources=(a.source for a in articles),
                    batch_size=self.spec.batch_size,
                )
            )
        except Exception:  # one bad article: find it by doing them one at a time
            return self._one_by_one(articles)
        done = [Done(r.id, r.to_json(), len(r.facts)) for r in records]
        return ChunkResult(done, [], peak_mb=peak_rss_mb())

    def _one_by_one(self, articles: list[Article]) -> ChunkResult:
        done, failures = [], []
        for article in articles:
            try:
                record = self.extractor(article.text, doc_id=article.id, source=article.source)
            except Exception as exc:
                logger.debug("extraction failed for %s", article.id, exc_info=True)
                failures.append(
                    Failure(
                        path=article.source.path or "-",
                        reason=f"extraction failed: {exc}",
                        error=type(exc).__name__,
                        line=article.source.line,
                        offset=article.source.offset,
                        id=article.id,
                    )
                )
            else:
                done.append(Done(record.id, record.to_json(), len(record.facts)))
        return ChunkResult(done, failures, peak_mb=peak_rss_mb())


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


def _init_worker(spec: PipelineSpec) -> None:
    global _processor
    _processor = ChunkProcessor(spec)
    gc.freeze()  # the pipeline's objects live as long as the process: keep them out of GC


def _run_chunk(articles: list[Article]) -> ChunkResult:
    if _processor is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker used before its initializer ran")
    return _processor(articles)


def resolve_workers(value: str | int) -> int:
    """ "auto" is the number of CPUs this process may use; otherwise a positive int."""
    if isinstance(value, str) and value.strip().lower() == "auto":
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # pragma: no cover - not Linux
            return max(1, os.cpu_count() or 1)
    number = int(value)
    if number < 1:
        raise ValueError(f"workers must be at least 1, or 'auto' (got {value!r})")
    return number


def process_chunks(
    chunks: Iterable[list[Article]],
    *,
    spec: PipelineSpec,
    workers: int,
    on_start: Callable[[], None] | None = None,
) -> Iterator[ChunkResult]:
    """Results of ``chunks`` in their order: in this process when ``workers`` is 1, else in a
    pool of ``workers`` processes with a bounded number of chunks in flight (memory stays flat
    however long the input)."""
    if workers == 1:
        processor = ChunkProcessor(spec)
        if on_start:
            on_start()
        for chunk in chunks:
            yield processor(chunk)
        return
    context = multiprocessing.get_context(
        "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(spec,)
    ) as pool:
        if on_start:
            on_start()
        pending: deque[Future[ChunkResult]] = deque()
        for chunk in chunks:
            pending.append(pool.submit(_run_chunk, chunk))
            if len(pending) >= workers * 3:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
