"""``extractor batch``: folders, archives or a stream of texts into JSONL, CSV, Parquet, SQLite
or PostgreSQL, locally or on a Dask cluster.

The command builds the library's configuration types from its options (which validate
them), runs :func:`extractor.batch.batch` or :func:`extractor.distributed.run_dask`, and says
how it went. Errors go to the one handler of :mod:`.base`; an interrupt is told here, with
how far the run got.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import BatchInterrupted, UsageError
from .base import (
    QuietOption,
    VerboseOption,
    error_line,
    exit_code,
    handle_sigterm,
    is_quiet,
    signal_name,
)
from .options import (
    DEFAULT_MAX_BYTES,
    ConfigOption,
    DateFieldOption,
    ExcludeOption,
    IdFieldOption,
    IncludeOption,
    InputFormatOption,
    MaxBytesOption,
    ModelOption,
    PatternsOption,
    TextFieldOption,
    count,
    pipeline_spec,
    read_options,
    seconds,
    worker_count,
)

if TYPE_CHECKING:
    from ..batch.progress import ProgressBar
    from ..batch.runner import BatchConfig, BatchSummary
    from ..io import ReadOptions

__all__ = ["batch"]

OutputOption = Annotated[
    str,
    typer.Option(
        "--output",
        "-o",
        help="JSONL, CSV, Parquet or SQLite file, by extension; - for stdout; "
        "postgresql://user@host/db for PostgreSQL.",
    ),
]
FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", help="jsonl, csv, parquet, sqlite or postgresql, whatever the extension."
    ),
]
TableOption = Annotated[
    str | None,
    typer.Option(
        "--table",
        help="CSV output only: one row per fact (the default), mention, company or article.",
    ),
]
CsvRawOption = Annotated[
    bool,
    typer.Option(
        "--csv-raw",
        help="CSV output only: write cells that begin with = + - @ (a formula to a "
        "spreadsheet) as they are, without the ' put before them by default.",
    ),
]
WorkersOption = Annotated[
    str | None,
    typer.Option(
        "--workers",
        "-w",
        parser=worker_count,
        metavar="N|auto",
        help="Worker processes: a number, or auto (one per CPU). Default 1.",
    ),
]
ErrorsOption = Annotated[
    str | None,
    typer.Option("--errors", help="Where failures go, as JSONL (default: OUTPUT.errors.jsonl)."),
]
ResumeOption = Annotated[
    bool, typer.Option("--resume", help="Continue an earlier run: skip documents written.")
]
ForceOption = Annotated[bool, typer.Option("--force", help="Overwrite an existing output.")]
DocTimeoutOption = Annotated[
    float | None,
    typer.Option(
        "--doc-timeout",
        parser=seconds,
        metavar="SECONDS",
        help="Seconds one document may take (default 60); past it, it is stopped and listed "
        "as a TimeLimit failure, and the batch goes on. 0 for no limit.",
    ),
]
ChunkSizeOption = Annotated[
    int,
    typer.Option(
        "--chunk-size",
        parser=count(1, "documents"),
        metavar="N",
        help="Documents per unit of work and per write.",
    ),
]
ProgressOption = Annotated[
    bool, typer.Option("--progress/--no-progress", help="The progress bar, on a terminal.")
]
SummaryOption = Annotated[
    Path | None, typer.Option("--summary", help="Also write the run's summary here, as JSON.")
]
EngineOption = Annotated[
    str,
    typer.Option(
        "--engine",
        help="local: worker processes on this machine; dask: a Dask cluster, writing a "
        "folder of Parquet (or JSONL) partitions.",
    ),
]
SchedulerOption = Annotated[
    str | None,
    typer.Option(
        "--scheduler",
        help="With --engine dask: the scheduler's address (default: a LocalCluster of "
        "--workers processes).",
    ),
]


def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Folders (searched recursively), files, or - for standard input."),
    ],
    output: OutputOption = "-",
    output_format: FormatOption = None,
    table: TableOption = None,
    csv_raw: CsvRawOption = False,
    workers: WorkersOption = None,
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    date_field: DateFieldOption = None,
    input_format: InputFormatOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    errors_path: ErrorsOption = None,
    resume: ResumeOption = False,
    force: ForceOption = False,
    doc_timeout: DocTimeoutOption = None,
    chunk_size: ChunkSizeOption = 32,
    progress: ProgressOption = True,
    summary_path: SummaryOption = None,
    engine: EngineOption = "local",
    scheduler: SchedulerOption = None,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config_path: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Extract a folder, archive or stream of texts into JSONL, CSV, Parquet, SQLite or
    PostgreSQL (-o postgresql://user@host/db), or with --engine dask into a folder."""
    from ..batch.progress import ProgressBar
    from ..batch.runner import BatchConfig
    from ..batch.workers import resolve_workers

    _check_engine(engine, scheduler=scheduler, workers=workers)
    _check_outputs(output, output_format, table=table, csv_raw=csv_raw, engine=engine)
    config = BatchConfig(
        workers=resolve_workers(workers or 1),
        chunk_size=chunk_size,
        pipeline=pipeline_spec(model, patterns, config_path, absolute=True),
        **({} if doc_timeout is None else {"doc_timeout": doc_timeout or None}),
    )
    sources = read_options(locals())
    run = _Run(inputs, output, output_format, table, csv_raw, errors_path, resume, force)
    bar = ProgressBar(enabled=None if progress and not is_quiet() else False)
    handle_sigterm()  # SIGTERM stops the workers and keeps the output resumable, as Ctrl-C
    with _told_interrupts(output):
        if engine == "dask":
            summary = run.on_dask(sources, config, scheduler, bar)
        else:
            summary = run.locally(sources, config, bar)
    raise typer.Exit(_report(summary, run, engine, summary_path))


@dataclass
class _Run:
    """What a run reads and writes, as the options say."""

    inputs: list[str]
    output: str
    output_format: str | None
    table: str | None
    csv_raw: bool
    errors_path: str | None
    resume: bool
    force: bool

    def locally(self, sources: ReadOptions, config: BatchConfig, bar: ProgressBar) -> BatchSummary:
        from ..batch.runner import batch as run_local
        from ..batch.runner import default_errors_path

        self.errors_path = self.errors_path or default_errors_path(self.output, self.output_format)
        return run_local(
            self.inputs,
            self.output,
            output_format=self.output_format,
            table=self.table or "facts",
            csv_raw=self.csv_raw,
            errors_path=self.errors_path,
            resume=self.resume,
            force=self.force,
            sources=sources,
            config=config,
            progress=bar,
            echo_failure=None if self.errors_path else _echo_failure,
        )

    def on_dask(
        self, sources: ReadOptions, config: BatchConfig, scheduler: str | None, bar: ProgressBar
    ) -> BatchSummary:
        from ..distributed import run_dask
        from ..distributed.layout import ERRORS

        summary = run_dask(
            self.inputs,
            self.output,
            output_format=self.output_format,
            errors_path=self.errors_path,
            resume=self.resume,
            force=self.force,
            sources=sources,
            config=config,
            scheduler=scheduler,
            progress=bar,
        )
        self.errors_path = self.errors_path or str(Path(self.output) / ERRORS)
        return summary


def _check_engine(engine: str, *, scheduler: str | None, workers: str | int | None) -> None:
    """Refuse an engine option that would do nothing for the engine chosen."""
    if engine not in ("local", "dask"):
        raise UsageError(f"--engine is local or dask, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if scheduler is not None and workers is not None:
        raise UsageError(
            "--workers sets the size of the LocalCluster started without --scheduler; the "
            "cluster at --scheduler has its own workers"
        )


def _check_outputs(
    output: str, output_format: str | None, *, table: str | None, csv_raw: bool, engine: str
) -> None:
    """Refuse CSV options for an output that is not CSV."""
    from ..sinks import sink_format

    if table is None and not csv_raw:
        return
    kind = "a Dask output folder" if engine == "dask" else sink_format(output, output_format)
    for given, option, what in (
        (table is not None, "--table", "chooses the rows of"),
        (csv_raw, "--csv-raw", "is about"),
    ):
        if given and kind != "csv":
            raise UsageError(f"{option} {what} a CSV output, and {output} is {kind}; leave it out")


@contextmanager
def _told_interrupts(output: str) -> Iterator[None]:
    """Ctrl-C or SIGTERM: one line that says how far the run got, and 130 or 143."""
    try:
        yield
    except BatchInterrupted as exc:
        written = exc.summary.documents if exc.summary is not None else 0
        again = "" if output == "-" else "; run the same command with --resume to continue"
        typer.echo(f"{signal_name(exc)} after {written:,} documents{again}", err=True)
        raise typer.Exit(exit_code(exc)) from None
    except KeyboardInterrupt as exc:  # before any document: while the workers started
        typer.echo(f"{signal_name(exc)} before any document was written", err=True)
        raise typer.Exit(exit_code(exc)) from None


def _report(summary: BatchSummary, run: _Run, engine: str, summary_path: Path | None) -> int:
    """Say how the run went, on stderr; the exit code."""
    if summary_path is not None:
        try:
            summary_path.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", "utf-8")
        except OSError as exc:
            error_line(f"{summary_path}: the summary cannot be written: {exc.strerror or exc}")
            return 1
    if not is_quiet() and (summary.documents or summary.skipped or summary.errors):
        shown = run.output if engine == "dask" else _shown(run.output, run.output_format)
        typer.echo(f"{summary.to_text()}; output: {shown}", err=True)
    for reason in summary.empty_inputs:
        typer.echo(f"extractor: warning: {reason}", err=True)
    if summary.errors:
        where = f"listed in {run.errors_path}" if run.errors_path else "listed above"
        what = "input or document" if summary.errors == 1 else "inputs or documents"
        error_line(f"{summary.errors:,} {what} failed; they are {where}")
    elif summary.empty_inputs and not summary.documents:
        error_line("nothing was read, so no output was made")
    return 1 if summary.errors or summary.empty_inputs else 0


def _shown(output: str, output_format: str | None) -> str:
    """``output`` as it may be shown: a database URL without its password."""
    from ..sinks import sink_format

    if sink_format(output, output_format) != "postgresql":
        return output
    from ..sinks.postgres import redact_url

    return redact_url(output)


def _echo_failure(entry: dict[str, object]) -> None:
    typer.echo(json.dumps(entry, ensure_ascii=False), err=True)
