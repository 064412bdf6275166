"""``extractor db``: the database commands, mounted by :mod:`extractor.cli.app` as ``db``.

They parse arguments and call :mod:`extractor.sinks.postgres`; messages go to stderr and never
show a password. Exit codes (by the one error handler): 0 done, 1 the database failed or was
refused, 2 usage error.
"""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageError
from ..store.schema import STORE_SCHEMA_VERSION

__all__ = ["db_app"]

db_app = typer.Typer(
    help="Set up the PostgreSQL database that `extractor batch` loads.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

UrlArgument = Annotated[
    str,
    typer.Argument(
        help="postgresql://user@host:port/dbname. The password may be in the URL, but "
        "PGPASSWORD or ~/.pgpass keep it out of the process list.",
        show_default=False,
    ),
]


@db_app.callback()
def _db() -> None:
    """Set up the PostgreSQL database that `extractor batch` loads."""


@db_app.command("init")
def init(url: UrlArgument) -> None:
    """Create the tables and indexes of the store, if missing (safe to run again).

    A database whose tables were made by another version of the store is refused.
    """
    from ..sinks import postgres  # needs psycopg: a usage error without it

    if not postgres.is_database_url(url):
        raise UsageError(
            f"{postgres.redact_url(url)}: not a database URL; give postgresql://user@host/dbname"
        )
    created = postgres.init_schema(url)
    state = "created the tables" if created else "the tables are there already"
    typer.echo(
        f"{postgres.redact_url(url)}: {state} (store schema version {STORE_SCHEMA_VERSION})",
        err=True,
    )
