"""HTML reports of what was extracted: one page per article, an index page for many.

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> article = folder / "wulf.txt"
>>> _ = article.write_text("TeraWulf posted a $427 million net loss.", encoding="utf-8")
>>> show([str(article)], folder / "wulf.html").name
'wulf.html'
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..durable import write_atomic
from ..errors import UsageError
from ..io import (
    DOCUMENT_FORMATS,
    Failure,
    Inputs,
    ReadOptions,
    is_records_file,
    iter_articles,
    read_document,
    read_records,
)
from ..pipeline import Extractor
from ..records import DocumentRecord
from .document import highlights, render_document, render_facts, render_text
from .index import Entry, Summary, histogram_svg, render_index
from .texts import TextFinder

logger = logging.getLogger(__name__)

__all__ = [
    "ReportPlan",
    "highlights",
    "histogram_svg",
    "plan_report",
    "render_document",
    "render_facts",
    "render_index",
    "render_text",
    "show",
]

#: At most this many document pages are written; the summary counts every document.
DEFAULT_PAGES = 1000


@dataclass(frozen=True)
class ReportPlan:
    """What a report will be, once its inputs and output are known to fit: one page
    (``single``) or a folder of pages at ``target``; the inputs read as articles, walked
    once, and the batch outputs whose records are shown."""

    single: bool
    target: Path
    articles: Inputs
    records: list[str] = field(default_factory=list)


def show(
    inputs: Sequence[str],
    output: Path | None = None,
    *,
    extractor: Extractor | None = None,
    sources: ReadOptions | None = None,
    pages: int = DEFAULT_PAGES,
    force: bool = False,
    texts: Sequence[str] = (),
    on_failure: Callable[[Failure], None] | None = None,
    plan: ReportPlan | None = None,
) -> Path:
    """Write the report of ``inputs``; returns the page to open.

    One text file gives one page (``output``, by default the file's name with ``.html``). A
    folder, an archive, several inputs, or a JSONL output of ``extractor batch`` give a folder
    (``output``, by default ``report``) with ``index.html`` and a page per document. An
    input that cannot be read is left out, logged and passed to ``on_failure``. An existing
    page or report is written over only with ``force`` (see :func:`plan_report`, whose
    ``plan`` may be given when it was made already).

    Inputs are read as ``extractor batch`` reads them, with ``sources``. The text of a batch
    output's record is read again only from the other ``inputs`` and from the ``texts``
    folders, never from whatever path a record names (see :mod:`.texts`).
    """
    plan = plan or plan_report(inputs, output, force=force, sources=sources)
    options = plan.articles.options
    if plan.single:
        article = read_document(inputs[0], options)
        record = (extractor or Extractor())(article.text, doc_id=article.id, source=article.source)
        write_atomic(plan.target, render_document(article.text, record))
        return plan.target
    folder = plan.target
    (folder / "docs").mkdir(parents=True, exist_ok=True)
    summary = Summary()
    entries: list[Entry] = []
    given = [i for i in inputs if i not in plan.records]
    documents = _documents(plan, TextFinder(given, texts, options), extractor, on_failure)
    for number, (text, record) in enumerate(documents):
        summary.add(record)
        if number < pages:
            href = f"docs/doc-{number + 1:06d}.html"
            write_atomic(folder / href, render_document(text, record, back="../index.html"))
            entries.append(Entry.of(record, href))
    written = {folder / entry.href for entry in entries if entry.href}
    for stale in (folder / "docs").glob("doc-*.html"):  # the pages of an earlier report
        if stale not in written:
            stale.unlink()
    title = "Extraction report: " + ", ".join(Path(i).name for i in inputs)
    index = folder / "index.html"
    write_atomic(index, render_index(summary, entries, title=title))
    return index


def plan_report(
    inputs: Sequence[str],
    output: Path | None,
    *,
    force: bool = False,
    sources: ReadOptions | None = None,
) -> ReportPlan:
    """What the report of ``inputs`` will be: one page (one text file) or a folder of pages,
    once they and ``output`` are known to fit; raises :class:`~extractor.errors.UsageError`
    otherwise, before anything is read or written:

    - an input that does not exist;
    - several documents with ``output`` named like a page (``report.html``): they need a
      folder;
    - an existing page, or a folder holding a report, without ``force``.
    """
    if not inputs:
        raise UsageError("show needs at least one input")
    options = sources or ReadOptions()
    records = [i for i in inputs if is_records_file(i)]
    articles = Inputs.scan([i for i in inputs if i not in records], options)
    articles.check()
    first = Path(inputs[0])
    single = (
        len(inputs) == 1
        and not records
        and inputs[0] != "-"
        and first.is_file()
        and (options.format_of(inputs[0]) or "text") in DOCUMENT_FORMATS
    )
    page_name = output is not None and output.suffix.lower() in (".html", ".htm")
    if single and (output is None or page_name):
        target = output or Path(first.name).with_suffix(".html")
        if target.is_dir():
            raise UsageError(f"{target} is a folder; name the page to write (-o page.html)")
        if target.exists() and not force:
            raise UsageError(f"{target} exists; use --force to write over it")
        return ReportPlan(single=True, target=target, articles=articles)
    folder = output or Path("report")
    if page_name:
        what = "several inputs" if len(inputs) > 1 else f"{inputs[0]}, which holds many documents,"
        raise UsageError(
            f"-o {output}: a report of {what} is a folder (index.html and a page per "
            "document); give a folder name, such as -o report/"
        )
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} is a file: a report of many documents needs a folder")
    if (folder / "index.html").exists() and not force:
        raise UsageError(f"{folder} holds a report already; use --force to write over it")
    return ReportPlan(single=False, target=folder, articles=articles, records=records)


def _documents(
    plan: ReportPlan,
    finder: TextFinder,
    extractor: Extractor | None,
    on_failure: Callable[[Failure], None] | None,
) -> Iterator[tuple[str | None, DocumentRecord]]:
    """(text, record) of every document: records of a batch output, whose texts ``finder``
    reads again only from the other inputs and the ``--texts`` folders (:mod:`.texts`), or
    texts extracted now."""
    articles = plan.articles
    for path in plan.records:
        for item in read_records(path, articles.options):
            if isinstance(item, Failure):
                _failed(item, on_failure)
            else:
                yield finder.text(item), item
    if not articles.entries:
        return
    extractor = extractor or Extractor()
    for article in iter_articles(articles):
        if isinstance(article, Failure):
            _failed(article, on_failure)
            continue
        yield article.text, extractor(article.text, doc_id=article.id, source=article.source)


def _failed(failure: Failure, on_failure: Callable[[Failure], None] | None) -> None:
    logger.warning("%s: %s", failure.path, failure.reason)
    if on_failure is not None:
        on_failure(failure)
