"""``extractor show``: an HTML report of texts, folders, archives or a batch's records."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import UsageError
from .base import QuietOption, VerboseOption, error_line, is_quiet
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
)

if TYPE_CHECKING:
    from ..io import Failure

__all__ = ["show"]


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
    include: IncludeOption = None,
    exclude: ExcludeOption = None,
    text_field: TextFieldOption = "text",
    id_field: IdFieldOption = "id",
    date_field: DateFieldOption = None,
    input_format: InputFormatOption = None,
    max_bytes: MaxBytesOption = DEFAULT_MAX_BYTES,
    patterns: PatternsOption = None,
    model: ModelOption = None,
    config: ConfigOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Write an HTML report: highlights with their values, and a table of facts."""
    from ..report import plan_report
    from ..report import show as run

    sources = read_options(locals())
    spec = pipeline_spec(model, patterns, config)
    plan = plan_report(inputs, output, force=force, sources=sources)
    folders = [str(folder) for folder in texts or []]
    for folder in folders:
        if not Path(folder).is_dir():
            raise UsageError(f"--texts {folder}: not a folder")
    failures: list[Failure] = []
    page = run(
        inputs,
        output,
        extractor=spec.build(),
        pages=pages,
        force=force,
        texts=folders,
        on_failure=failures.append,
        plan=plan,
    )
    for failure in failures:
        error_line(f"{failure.path}: {failure.reason}")
    if not is_quiet():
        typer.echo(f"wrote {page}", err=True)
    if failures:
        error_line(f"{len(failures):,} of the inputs could not be shown (above); the rest are")
    raise typer.Exit(1 if failures else 0)
