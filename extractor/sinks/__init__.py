"""Where batch records go: JSONL, CSV, Parquet, SQLite or PostgreSQL; streamed, atomic, resumable.

>>> sink_format("out/facts.CSV"), sink_format("-"), sink_format("x.db"), sink_format("x", "pq")
('csv', 'jsonl', 'sqlite', 'parquet')
>>> sink_format("postgresql://etl@db.internal/news")
'postgresql'

A sink takes chunks of records: :class:`~extractor.records.DocumentRecord` objects with
``write``, or, from a batch's workers, the typed rows its ``layout`` makes of them
(:mod:`extractor.store.rows`) with ``write_rows``. When a write returns, the chunk is on disk
and survives a crash of the process; ``close`` completes the output; ``abort`` (or an
exception in a ``with`` block) leaves the partial output for a later ``resume=True``, which
carries on from the records written, each exactly once (the first of an id is the one kept).
An existing output is refused unless ``resume`` or ``force`` is given.

>>> import tempfile, pathlib
>>> from extractor.records import DocumentRecord
>>> out = pathlib.Path(tempfile.mkdtemp()) / "records.jsonl"
>>> with open_sink(str(out)) as sink:
...     sink.write([DocumentRecord(id="a1")])
>>> open_sink(str(out)).close()  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
extractor.errors.OutputExistsError: ... already exists; use --resume to continue it or --force ...
>>> with open_sink(str(out), resume=True) as sink:
...     sorted(sink.done_ids())
['a1']
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePath
from types import TracebackType
from typing import Any, Protocol

from ..errors import OutputExistsError, UsageError
from ..output import OutputMode
from ..records import DocumentRecord
from ..store.rows import Layout, RecordRows
from .urls import DATABASE_URL_SCHEMES, is_database_url

__all__ = [
    "DATABASE_URL_SCHEMES",
    "FORMATS",
    "Sink",
    "check_sink",
    "is_database_url",
    "open_sink",
    "sink_format",
]

#: Output formats, and the file name endings that choose each.
FORMATS: dict[str, tuple[str, ...]] = {
    "jsonl": (".jsonl", ".ndjson", ".json"),
    "csv": (".csv",),
    "parquet": (".parquet", ".pq"),
    "sqlite": (".db", ".sqlite", ".sqlite3"),
    "postgresql": (),  # chosen by the URL: postgresql://... or postgres://...
}
_ALIASES = {
    "ndjson": "jsonl",
    "pq": "parquet",
    "sqlite3": "sqlite",
    "db": "sqlite",
    "postgres": "postgresql",
}


class Sink(Protocol):
    """An output that takes records chunk by chunk (see the module's documentation)."""

    #: The output as the user named it; ``-`` for standard output.
    path: str
    #: The rows it takes, which a batch's workers make.
    layout: Layout[Any]

    def done_ids(self) -> set[str]:
        """The ids already in the output; empty unless resuming."""
        ...

    def write(self, records: Sequence[DocumentRecord]) -> None:
        """Write one chunk of records; durable when this returns."""
        ...

    def write_rows(self, rows: Sequence[RecordRows[Any]]) -> None:
        """Write one chunk of records as rows of :attr:`layout`; durable when this returns."""
        ...

    def close(self) -> None:
        """Complete the output."""
        ...

    def abort(self) -> None:
        """Stop, keeping the partial output for a resume; the final output is not changed."""
        ...

    def __enter__(self) -> Sink: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None: ...


def sink_format(output: str, format: str | None = None) -> str:
    """The format of ``output``: ``format`` if given, else by the file name's ending."""
    if format is not None:
        name = _ALIASES.get(format.lower(), format.lower())
        if name not in FORMATS:
            raise UsageError(
                f"unknown output format {format!r}; choose one of {', '.join(FORMATS)}"
            )
        return name
    if output == "-":
        return "jsonl"
    if is_database_url(output):
        return "postgresql"
    suffix = PurePath(output).suffix.lower()
    for name, suffixes in FORMATS.items():
        if suffix in suffixes:
            return name
    endings = ", ".join(s for suffixes in FORMATS.values() for s in suffixes)
    raise UsageError(
        f"cannot tell the output format of {output!r} from its name; "
        f"end it in one of {endings}, or give the format (--format)"
    )


def check_sink(
    output: str,
    *,
    format: str | None = None,
    table: str = "facts",
    resume: bool = False,
    force: bool = False,
) -> str:
    """The format of ``output``, once the options are known to work with it; raises the
    :class:`UsageError` that :func:`open_sink` would, without making anything. A file that
    exists is refused here unless ``resume`` or ``force`` is given."""
    kind = sink_format(output, format)
    OutputMode.of(resume=resume, force=force)
    if output == "-":
        if kind != "jsonl":
            raise UsageError(f"standard output takes JSONL only, not {kind}")
        if resume or force:
            raise UsageError("standard output cannot be resumed or forced; give an output file")
    elif kind == "csv":
        from .csv import csv_table

        csv_table(table)
    file = kind != "postgresql" and output != "-"
    if file and not (resume or force) and Path(output).is_file():
        raise OutputExistsError(output)
    return kind


def open_sink(
    output: str,
    *,
    format: str | None = None,
    table: str = "facts",
    resume: bool = False,
    force: bool = False,
    csv_raw: bool = False,
) -> Sink:
    """Open ``output`` (``-`` for standard output, a ``postgresql://`` URL for a database).

    ``table`` chooses the rows of a CSV file: ``facts``, ``mentions``, ``companies`` or
    ``articles``; ``csv_raw`` writes its cells as they are, without the ``'`` that keeps a
    spreadsheet from running a cell as a formula (:mod:`.csv`). ``resume`` continues an
    earlier run, ``force`` starts over.
    """
    kind = check_sink(output, format=format, table=table, resume=resume, force=force)
    if output == "-":
        from .jsonl import StdoutSink

        return StdoutSink()
    if kind == "jsonl":
        from .jsonl import JsonlSink

        return JsonlSink(output, resume=resume, force=force)
    if kind == "csv":
        from .csv import CsvSink

        return CsvSink(output, table=table, resume=resume, force=force, raw=csv_raw)
    if kind == "parquet":
        from .parquet import ParquetSink

        return ParquetSink(output, resume=resume, force=force)
    if kind == "postgresql":
        from .postgres import PostgresSink

        return PostgresSink(output, resume=resume, force=force)
    from .sqlite import SqliteSink

    return SqliteSink(output, resume=resume, force=force)
