"""The ``extractor`` command: the app, its commands, and the entry point. It parses arguments
and calls the library; nothing more.

Data goes to standard output or to files; progress, logs and errors go to standard error.
Exit codes: 0 success, 1 some input failed or the output did (a database that went away),
2 usage error, 130 interrupted (Ctrl-C), 143 terminated (SIGTERM). What every command shares
(the one error handler, ``-v``/``-q``, signals) is in :mod:`.base`, the shared options in
:mod:`.options`.
"""

from __future__ import annotations

from typing import Annotated

import typer

from .._version import __version__
from .base import CommandGroup, QuietOption, VerboseOption
from .batch import batch
from .db import db_app
from .evaluate import evaluate
from .extract import extract, print_config, schema
from .show import show

__all__ = ["app", "main"]

app = typer.Typer(
    name="extractor",
    cls=CommandGroup,
    help="Turn financial news into structured, validated data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


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


app.command()(extract)
app.command()(schema)
app.command("config")(print_config)
app.command()(show)
app.command("eval")(evaluate)
app.command()(batch)
app.add_typer(db_app, name="db")


def main() -> None:
    """Console entry point."""
    app()
