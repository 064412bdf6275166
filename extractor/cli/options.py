"""The options that several commands share, the parsers of option values, and the library
configuration types they build (:class:`~extractor.io.ReadOptions`,
:class:`~extractor.batch.workers.PipelineSpec`), which validate them, once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Annotated, Any

import typer

from ..batch.workers import PipelineSpec
from ..io import DEFAULT_MAX_BYTES, ReadOptions

__all__ = [
    "DEFAULT_MAX_BYTES",
    "READ_PARAMETERS",
    "ConfigOption",
    "DateFieldOption",
    "ExcludeOption",
    "IdFieldOption",
    "IncludeOption",
    "InputFormatOption",
    "MaxBytesOption",
    "ModelOption",
    "PatternsOption",
    "TextFieldOption",
    "count",
    "pipeline_spec",
    "read_options",
    "seconds",
    "worker_count",
]

# --- option values ------------------------------------------------------------------------
# Parsers for ``typer.Option(parser=...)``: a BadParameter's message becomes the one-line error
# "Invalid value for '--OPTION': MESSAGE".


def count(minimum: int, what: str) -> Callable[[str], int]:
    """A parser of whole numbers of at least ``minimum``; the message says what they count."""
    takes = f"a number of {what}, at least {minimum}"

    def parse(value: str) -> int:
        try:
            number = int(str(value).strip().replace("_", ""))
        except ValueError:
            raise typer.BadParameter(f"{value!r} is not a whole number; give {takes}") from None
        if number < minimum:
            raise typer.BadParameter(f"{number} is too small; give {takes}")
        return number

    return parse


def worker_count(value: str) -> str | int:
    """A number of worker processes, at least 1, or ``auto``."""
    text = str(value).strip().lower()
    if text == "auto":
        return "auto"
    if text.isdigit() and int(text) >= 1:
        return int(text)
    raise typer.BadParameter(
        f"{value!r} is not a number of worker processes: give 1 or more, or auto"
    )


def seconds(value: str) -> float:
    """A number of seconds above 0, or 0 (``none``) for no limit."""
    text = str(value).strip().lower()
    if text in ("none", "off"):
        return 0.0
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if not 0 <= number < float("inf"):  # also NaN
        raise typer.BadParameter(
            f"{value!r} is not a number of seconds: give one above 0, or 0 for none"
        )
    return number


# --- the pipeline -------------------------------------------------------------------------

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


def pipeline_spec(
    model: str | None,
    patterns: list[Path] | None,
    config: Path | None,
    *,
    absolute: bool = False,
) -> PipelineSpec:
    """The pipeline the options describe; ``absolute`` makes the config's path absolute, for
    processes that run in another working folder."""
    if config is not None and absolute:
        config = config.resolve()
    return PipelineSpec(
        model=model,
        patterns=tuple(str(path) for path in patterns or ()),
        config=None if config is None else str(config),
    )


# --- reading inputs -----------------------------------------------------------------------

MaxBytesOption = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        parser=count(1, "bytes"),
        metavar="BYTES",
        help="Larger texts (a file, a JSONL line, a CSV field, a WARC payload) are refused, "
        "and no more than this is unpacked from an archive without a document.",
    ),
]
InputFormatOption = Annotated[
    str | None,
    typer.Option("--input-format", help="text, jsonl, csv, html or warc, for stdin and odd names."),
]
IncludeOption = Annotated[
    list[str] | None, typer.Option("--include", help="Only files matching this glob.")
]
ExcludeOption = Annotated[
    list[str] | None, typer.Option("--exclude", help="Leave out files matching this glob.")
]
TextFieldOption = Annotated[
    str, typer.Option("--text-field", help="JSONL/CSV field that holds the text.")
]
IdFieldOption = Annotated[
    str, typer.Option("--id-field", help="JSONL/CSV field that holds the document id.")
]
DateFieldOption = Annotated[
    str | None,
    typer.Option(
        "--date-field",
        help="JSONL/CSV field that holds the publication date (ISO 8601 or RFC 2822); a "
        "period without a year in the text takes its year from it.",
    ),
]


#: The parameters of a command that say how its inputs are read.
READ_PARAMETERS = (
    "include",
    "exclude",
    "text_field",
    "id_field",
    "date_field",
    "input_format",
    "max_bytes",
)


def read_options(given: Mapping[str, Any]) -> ReadOptions:
    """How the inputs are read, from a command's parameters (its ``locals()``): those of
    :data:`READ_PARAMETERS` that it has; an empty ``--id-field`` names none.

    >>> read_options({"id_field": "", "include": ["*.txt"], "pages": 3})
    ReadOptions(include=('*.txt',), exclude=(), text_field='text', id_field=None, \
date_field=None, input_format=None, max_bytes=20971520)
    """
    values = {name: given[name] for name in READ_PARAMETERS if name in given}
    for name in ("include", "exclude"):
        values[name] = tuple(values.get(name) or ())
    for name in ("id_field", "date_field"):
        if name in values:
            values[name] = values[name] or None
    return ReadOptions(**values)
