"""``extractor eval``: scores against gold files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from ..errors import UsageError
from .base import QuietOption, VerboseOption
from .options import ConfigOption, ModelOption, PatternsOption, pipeline_spec

__all__ = ["evaluate"]


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
    from ..evaluate import evaluate as run

    spec = pipeline_spec(model, patterns, config)
    missing = [str(path) for path in gold if not path.exists()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file")
    report = run(gold, extractor=spec.build(), labels=label, exclude_flags=exclude_flag or ())
    typer.echo(json.dumps(report.to_dict(), indent=2) if as_json else report.format_table())
