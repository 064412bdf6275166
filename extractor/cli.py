"""The ``extractor`` command. It parses arguments and calls the library; nothing more.

Data goes to standard output or to files; progress, logs and errors go to standard error.
Exit codes: 0 success, 1 some input failed, 2 usage error.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from . import __version__
from .errors import ExtractorError, InputError

if TYPE_CHECKING:
    from .pipeline import Extractor

app = typer.Typer(
    name="extractor",
    help="Turn financial news into structured, validated data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

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
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="More log detail on stderr.")
    ] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only errors on stderr.")] = False,
) -> None:
    """Turn financial news into structured, validated data."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(levelname)s %(name)s: %(message)s"
    )


def _fail(error: ExtractorError, code: int) -> typer.Exit:
    typer.echo(f"extractor: error: {error}", err=True)
    return typer.Exit(code)


def _extractor(patterns: list[Path] | None, model: str | None = None) -> Extractor:
    from .pipeline import Extractor

    try:
        return Extractor(model=model, extra_patterns=[str(p) for p in patterns or []])
    except ExtractorError as exc:
        raise _fail(exc, 2) from exc


@app.command()
def extract(
    file: Annotated[str, typer.Argument(help="Text file to read, or - for standard input.")],
    pretty: Annotated[bool, typer.Option("--pretty", help="Indent the JSON.")] = False,
    doc_id: Annotated[
        str | None, typer.Option("--id", help="Document id (default: the file name's stem).")
    ] = None,
    patterns: PatternsOption = None,
    model: ModelOption = None,
) -> None:
    """Extract one text and print its record as JSON."""
    from .inputs import read_text

    try:
        text = read_text(file)
    except InputError as exc:
        raise _fail(exc, 1) from exc
    if doc_id is None and file != "-":
        doc_id = Path(file).stem
    record = _extractor(patterns, model)(text, doc_id=doc_id)
    typer.echo(record.to_json(indent=2 if pretty else None))


@app.command()
def schema() -> None:
    """Print the JSON Schema of the records."""
    from .records import json_schema_text

    typer.echo(json_schema_text())


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
) -> None:
    """Score the extractor against gold files: precision, recall and F1 per label."""
    from .evaluate import evaluate as run

    try:
        report = run(
            gold,
            extractor=_extractor(patterns, model),
            labels=label,
            exclude_flags=exclude_flag or (),
        )
    except InputError as exc:
        raise _fail(exc, 1) from exc
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())


def main() -> None:
    """Console entry point."""
    app()
