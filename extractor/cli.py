"""The ``extractor`` command. It parses arguments and calls the library; nothing more.

Data goes to standard output or to files; progress, logs and errors go to standard error.
Exit codes: 0 success, 1 some input failed or the output did (a database that went away),
2 usage error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). What every command shares
(one-line errors, ``-v``/``-q``, signals) is in :mod:`extractor.cli_base`.
"""

from __future__ import annotations

import json
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .cli_base import (
    CommandGroup,
    QuietOption,
    VerboseOption,
    count,
    error_line,
    exit_code,
    handle_sigterm,
    is_quiet,
    seconds,
    signal_name,
    worker_count,
)
from .db_cli import db_app
from .errors import (
    BatchInterrupted,
    ExtractorError,
    InputError,
    OutputError,
    UsageError,
    WorkerStartError,
)

if TYPE_CHECKING:
    from .batch.items import Failure
    from .batch.runner import BatchSummary
    from .pipeline import Extractor

app = typer.Typer(
    name="extractor",
    cls=CommandGroup,
    help="Turn financial news into structured, validated data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

#: Larger inputs (a text, a JSONL line, a CSV field, a WARC payload) are refused.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


ModelOption = Annotated[
    str | None,
    typer.Option(
        "--model",
        help="A spaCy pipeline (package name or path) whose NER runs before our rules.",
    ),
]
PatternsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--patterns",
        help="Extra pattern file (JSONL) that extends or overrides ours. Repeatable.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        help="A spaCy config.cfg describing the whole pipeline (see `extractor config`).",
    ),
]


MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        parser=count(1, "bytes"),
        metavar="BYTES",
        help="Larger texts (a file, a JSONL line, a CSV field, a WARC payload) are refused.",
    ),
]

app.add_typer(db_app, name="db")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"extractor {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Turn financial news into structured, validated data."""


def _fail(error: ExtractorError, code: int) -> typer.Exit:
    error_line(str(error))
    return typer.Exit(code)


def _extractor(
    patterns: list[Path] | None, model: str | None = None, config: Path | None = None
) -> Extractor:
    from .pipeline import Extractor

    try:
        if config is not None:
            if model is not None or patterns:
                raise ExtractorError(
                    "--config describes the whole pipeline: name the model and the pattern "
                    "files in it, not with --model or --patterns"
                )
            return Extractor(config=config)
        return Extractor(model=model, extra_patterns=[str(p) for p in patterns or []])
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc


@app.command()
def extract(
    file: Annotated[
        str, typer.Argument(help="A text or HTML file to read, or - for standard input.")
    ],
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    doc_id: Annotated[
        str | None,
        typer.Option(
            "--id",
            help="Document id (default: the file's path as given, the id `extractor batch "
            "FILE` gives it; for standard input, a hash of the text).",
        ),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Extract one text and print its record as JSON."""
    from .batch.sources import SourceOptions, read_document

    try:
        article = read_document(file, SourceOptions(max_bytes=max_bytes))
    except UsageError as exc:
        raise _fail(exc, 2) from exc
    except InputError as exc:
        raise _fail(exc, 1) from exc
    if doc_id is None and file != "-":
        doc_id = article.id
    record = _extractor(patterns, model, config)(article.text, doc_id=doc_id, source=article.source)
    typer.echo(record.to_json(indent=2 if pretty else None))


@app.command()
def schema(_verbose: VerboseOption = 0, _quiet: QuietOption = False) -> None:
    """Print the JSON Schema of the records."""
    from .records import json_schema_text

    typer.echo(json_schema_text())


@app.command("config")
def print_config(
    patterns: PatternsOption = None,
    model: ModelOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Print the pipeline's spaCy config.cfg, to edit and load with --config."""
    from .pipeline import default_config

    try:
        config = default_config(model=model, extra_patterns=[str(p) for p in patterns or []])
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc
    typer.echo(config.to_str())


@app.command()
def show(
    inputs: Annotated[
        list[str],
        typer.Argument(help="A text file, folders or archives of texts, or a batch JSONL output."),
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="One text: the page (default NAME.html). Several documents: the report's "
            "folder (default report/).",
        ),
    ] = None,
    pages: Annotated[
        int,
        typer.Option(
            "--pages",
            parser=count(0, "pages"),
            metavar="N",
            help="At most this many document pages in a report.",
        ),
    ] = 1000,
    force: Annotated[
        bool, typer.Option("--force", help="Write over an existing page or report.")
    ] = False,
    texts: Annotated[
        list[Path] | None,
        typer.Option(
            "--texts",
            help="For a batch output: a folder that holds its input texts (the records' "
            "source paths are looked up in it). Texts are read only from there and from the "
            "other inputs. Repeatable.",
        ),
    ] = None,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Write an HTML report: highlights with their values, and a table of facts."""
    from .report import check_report
    from .report import show as run

    folders = [str(folder) for folder in texts or []]
    try:
        check_report(inputs, output, force=force)
        for folder in folders:
            if not Path(folder).is_dir():
                raise UsageError(f"--texts {folder}: not a folder")
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc
    extractor = _extractor(patterns, model, config)
    failures: list[Failure] = []
    try:
        page = run(
            inputs,
            output,
            extractor=extractor,
            pages=pages,
            force=force,
            texts=folders,
            on_failure=failures.append,
        )
    except UsageError as exc:
        raise _fail(exc, 2) from exc
    except ExtractorError as exc:
        raise _fail(exc, 1) from exc
    for failure in failures:
        error_line(f"{failure.path}: {failure.reason}")
    if not is_quiet():
        typer.echo(f"wrote {page}", err=True)
    if failures:
        error_line(f"{len(failures):,} of the inputs could not be shown (above); the rest are")
    raise typer.Exit(1 if failures else 0)


@app.command("eval")
def evaluate(
    gold: Annotated[list[Path], typer.Argument(help="Gold JSONL files in the corpora format.")],
    label: Annotated[
        list[str] | None, typer.Option("--label", help="Score only this label. Repeatable.")
    ] = None,
    exclude_flag: Annotated[
        list[str] | None,
        typer.Option(
            "--exclude-flag",
            help="Leave out records with a meta.flags entry matching this glob. Repeatable.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the scores as JSON.")] = False,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Score the extractor against gold files: precision, recall and F1 per label."""
    from .evaluate import evaluate as run

    missing = [str(path) for path in gold if not path.exists()]
    if missing:
        raise _fail(UsageError(f"{missing[0]}: no such file"), 2)
    try:
        report = run(
            gold,
            extractor=_extractor(patterns, model, config),
            labels=label,
            exclude_flags=exclude_flag or (),
        )
    except InputError as exc:
        raise _fail(exc, 1) from exc
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())


@app.command()
def batch(
    inputs: Annotated[
        list[str],
        typer.Argument(help="Folders (searched recursively), files, or - for standard input."),
    ],
    output: Annotated[
        str,
        typer.Option(
            "--output",
            "-o",
            help="JSONL, CSV, Parquet or SQLite file, by extension; - for stdout; "
            "postgresql://user@host/db for PostgreSQL.",
        ),
    ] = "-",
    output_format: Annotated[
        str | None,
        typer.Option(
            "--format", help="jsonl, csv, parquet, sqlite or postgresql, whatever the extension."
        ),
    ] = None,
    table: Annotated[
        str | None,
        typer.Option(
            "--table",
            help="CSV output only: one row per fact (the default), mention, company or article.",
        ),
    ] = None,
    csv_raw: Annotated[
        bool,
        typer.Option(
            "--csv-raw",
            help="CSV output only: write cells that begin with = + - @ (a formula to a "
            "spreadsheet) as they are, without the ' put before them by default.",
        ),
    ] = False,
    workers: Annotated[
        str | None,
        typer.Option(
            "--workers",
            "-w",
            parser=worker_count,
            metavar="N|auto",
            help="Worker processes: a number, or auto (one per CPU). Default 1.",
        ),
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option("--include", help="Only files matching this glob.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option("--exclude", help="Leave out files matching this glob.")
    ] = None,
    text_field: Annotated[
        str, typer.Option("--text-field", help="JSONL/CSV field that holds the text.")
    ] = "text",
    id_field: Annotated[
        str, typer.Option("--id-field", help="JSONL/CSV field that holds the document id.")
    ] = "id",
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format", help="text, jsonl, csv, html or warc, for stdin and odd names."
        ),
    ] = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    errors_path: Annotated[
        str | None,
        typer.Option(
            "--errors", help="Where failures go, as JSONL (default: OUTPUT.errors.jsonl)."
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue an earlier run: skip documents written.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing output.")] = False,
    doc_timeout: Annotated[
        float | None,
        typer.Option(
            "--doc-timeout",
            parser=seconds,
            metavar="SECONDS",
            help="Seconds one document may take (default 60); past it, it is stopped and listed "
            "as a TimeLimit failure, and the batch goes on. 0 for no limit.",
        ),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(
            "--chunk-size",
            parser=count(1, "documents"),
            metavar="N",
            help="Documents per unit of work and per write.",
        ),
    ] = 32,
    progress: Annotated[
        bool, typer.Option("--progress/--no-progress", help="The progress bar, on a terminal.")
    ] = True,
    summary_path: Annotated[
        Path | None, typer.Option("--summary", help="Also write the run's summary here, as JSON.")
    ] = None,
    engine: Annotated[
        str,
        typer.Option(
            "--engine",
            help="local: worker processes on this machine; dask: a Dask cluster, writing a "
            "folder of Parquet (or JSONL) partitions.",
        ),
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            help="With --engine dask: the scheduler's address (default: a LocalCluster of "
            "--workers processes).",
        ),
    ] = None,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config_path: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Extract a folder, archive or stream of texts into JSONL, CSV, Parquet, SQLite or
    PostgreSQL (-o postgresql://user@host/db), or with --engine dask into a folder."""
    from .batch.progress import ProgressBar
    from .batch.runner import BatchConfig, default_errors_path
    from .batch.runner import batch as run_local
    from .batch.sources import SourceOptions
    from .batch.workers import PipelineSpec, resolve_workers

    try:
        _check_batch_options(
            output,
            output_format=output_format,
            table=table,
            csv_raw=csv_raw,
            engine=engine,
            scheduler=scheduler,
            workers=workers,
        )
        if config_path is not None and (model is not None or patterns):
            raise UsageError(
                "--config describes the whole pipeline: name the model and the pattern files "
                "in it, not with --model or --patterns"
            )
        spec = PipelineSpec(
            model=model,
            patterns=tuple(str(p) for p in patterns or []),
            config=None if config_path is None else str(config_path.resolve()),
        )
        config = BatchConfig(
            workers=resolve_workers(workers or 1),
            chunk_size=chunk_size,
            pipeline=spec,
            **({} if doc_timeout is None else {"doc_timeout": doc_timeout or None}),
        )
        sources = SourceOptions(
            include=tuple(include or ()),
            exclude=tuple(exclude or ()),
            text_field=text_field,
            id_field=id_field or None,
            input_format=input_format,
            max_bytes=max_bytes,
        )
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc
    quiet = is_quiet()
    bar = ProgressBar(enabled=None if progress and not quiet else False)
    handle_sigterm()  # SIGTERM stops the workers and keeps the output resumable, as Ctrl-C
    try:
        if engine == "dask":
            from .distributed import run_dask
            from .distributed.layout import ERRORS

            summary = run_dask(
                inputs,
                output,
                output_format=output_format,
                errors_path=errors_path,
                resume=resume,
                force=force,
                sources=sources,
                config=config,
                scheduler=scheduler,
                progress=bar,
            )
            errors_path = errors_path or str(Path(output) / ERRORS)
        else:
            errors_path = errors_path or default_errors_path(output, output_format)
            summary = run_local(
                inputs,
                output,
                output_format=output_format,
                table=table or "facts",
                csv_raw=csv_raw,
                errors_path=errors_path,
                resume=resume,
                force=force,
                sources=sources,
                config=config,
                progress=bar,
                echo_failure=None if errors_path else _echo_failure,
            )
    except BatchInterrupted as exc:
        written = exc.summary.documents if exc.summary is not None else 0
        again = "" if output == "-" else "; run the same command with --resume to continue"
        typer.echo(f"{signal_name(exc)} after {written:,} documents{again}", err=True)
        raise typer.Exit(exit_code(exc)) from None
    except KeyboardInterrupt as exc:  # before any document: while the workers started
        typer.echo(f"{signal_name(exc)} before any document was written", err=True)
        raise typer.Exit(exit_code(exc)) from None
    except (OutputError, WorkerStartError) as exc:  # what was written is kept
        raise _fail(exc, 1) from exc
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc
    except BrokenProcessPool as exc:
        error_line(
            f"a worker process died ({exc}); what was written is kept: "
            "run the same command with --resume to go on"
        )
        raise typer.Exit(1) from exc
    raise typer.Exit(_report(summary, output, output_format, engine, errors_path, summary_path))


def _check_batch_options(
    output: str,
    *,
    output_format: str | None,
    table: str | None,
    csv_raw: bool,
    engine: str,
    scheduler: str | None,
    workers: str | int | None,
) -> None:
    """Refuse options that would do nothing for the output and engine chosen."""
    from .sinks import sink_format

    if engine not in ("local", "dask"):
        raise UsageError(f"--engine is local or dask, not {engine!r}")
    if scheduler is not None and engine != "dask":
        raise UsageError("--scheduler needs --engine dask")
    if scheduler is not None and workers is not None:
        raise UsageError(
            "--workers sets the size of the LocalCluster started without --scheduler; the "
            "cluster at --scheduler has its own workers"
        )
    kind = "a Dask output folder" if engine == "dask" else sink_format(output, output_format)
    for given, option, what in (
        (table is not None, "--table", "chooses the rows of"),
        (csv_raw, "--csv-raw", "is about"),
    ):
        if given and kind != "csv":
            raise UsageError(f"{option} {what} a CSV output, and {output} is {kind}; leave it out")


def _report(
    summary: BatchSummary,
    output: str,
    output_format: str | None,
    engine: str,
    errors_path: str | None,
    summary_path: Path | None,
) -> int:
    """Say how the run went, on stderr; the exit code."""
    if summary_path is not None:
        try:
            summary_path.write_text(json.dumps(summary.to_dict(), indent=2) + "\n", "utf-8")
        except OSError as exc:
            error_line(f"{summary_path}: the summary cannot be written: {exc.strerror or exc}")
            return 1
    if not is_quiet() and (summary.documents or summary.skipped or summary.errors):
        shown = output if engine == "dask" else _shown(output, output_format)
        typer.echo(f"{summary.to_text()}; output: {shown}", err=True)
    for reason in summary.empty_inputs:
        typer.echo(f"extractor: warning: {reason}", err=True)
    if summary.errors:
        where = f"listed in {errors_path}" if errors_path else "listed above"
        what = "input or document" if summary.errors == 1 else "inputs or documents"
        error_line(f"{summary.errors:,} {what} failed; they are {where}")
    elif summary.empty_inputs and not summary.documents:
        error_line("nothing was read, so no output was made")
    return 1 if summary.errors or summary.empty_inputs else 0


def _shown(output: str, output_format: str | None) -> str:
    """``output`` as it may be shown: a database URL without its password."""
    from .sinks import sink_format

    if sink_format(output, output_format) != "postgresql":
        return output
    from .sinks.postgres import redact_url

    return redact_url(output)


def _echo_failure(entry: dict[str, object]) -> None:
    typer.echo(json.dumps(entry, ensure_ascii=False), err=True)


def main() -> None:
    """Console entry point."""
    app()
