"""``extractor extract``, ``extractor schema`` and ``extractor config``: one text to one
record, the records' JSON Schema, the pipeline's config."""

from __future__ import annotations

from typing import Annotated

import typer

from .base import QuietOption, VerboseOption
from .options import (
    DEFAULT_MAX_BYTES,
    ConfigOption,
    MaxBytesOption,
    ModelOption,
    PatternsOption,
    pipeline_spec,
    read_options,
)

__all__ = ["extract", "print_config", "schema"]


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
    input_format: Annotated[
        str | None,
        typer.Option(
            "--input-format",
            help="text or html: how to read standard input or a file with an odd name.",
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
    from ..io import read_document

    spec = pipeline_spec(model, patterns, config)
    article = read_document(file, read_options(locals()))
    if doc_id is None and file != "-":
        doc_id = article.id
    record = spec.build()(article.text, doc_id=doc_id, source=article.source)
    typer.echo(record.to_json(indent=2 if pretty else None))


def schema(_verbose: VerboseOption = 0, _quiet: QuietOption = False) -> None:
    """Print the JSON Schema of the records."""
    from ..records import json_schema_text

    typer.echo(json_schema_text())


def print_config(
    patterns: PatternsOption = None,
    model: ModelOption = None,
    _verbose: VerboseOption = 0,
    _quiet: QuietOption = False,
) -> None:
    """Print the pipeline's spaCy config.cfg, to edit and load with --config."""
    from ..pipeline import default_config

    spec = pipeline_spec(model, patterns, None)
    typer.echo(default_config(model=spec.model, extra_patterns=spec.patterns).to_str())
