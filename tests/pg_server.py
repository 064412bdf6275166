"""A throwaway PostgreSQL server for the tests: ``initdb`` in a temporary folder, a free port.

A test module that uses the fixtures names this module as a plugin::

    pytest_plugins = ["pg_server"]

(PYTEST_DONT_REWRITE: the modules import it before pytest registers it, and it has no asserts.)

``postgres`` (session-scoped) is the running :class:`PgServer`; ``pg_url`` (per test) is the
URL of a fresh, empty database on it. :func:`query`, :func:`table_counts` and :func:`stored_rows`
read one, :func:`execute` changes it, :func:`expected_rows` says what it should hold. The
superuser ``extractor`` has a random password, which connections over TCP to 127.0.0.1 must
give (scram-sha-256). As root, the server's programs run as the ``postgres`` system user,
since initdb and postgres refuse to run as root.

Without the server's programs the tests are skipped, unless ``EXTRACTOR_REQUIRE_POSTGRES=1``
(CI sets it), which makes their absence an error.
"""

from __future__ import annotations

import itertools
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from sink_helpers import TEXTS

from extractor.records import DocumentRecord
from extractor.store.rows import record_rows
from extractor.store.schema import ARTICLE_TABLES, Table

USER = "extractor"
#: Where Debian and Ubuntu install the server's programs, under VERSION/bin.
_PG_ROOT = "/usr/lib/postgresql"
_PROGRAMS = ("initdb", "pg_ctl", "postgres")


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: from PATH, else Debian's layout."""
    found = [shutil.which(name) for name in _PROGRAMS]
    if all(found):
        return Path(str(found[0])).resolve().parent
    versions = Path(_PG_ROOT).glob("*/bin")
    for folder in sorted(versions, key=lambda p: _version(p.parent.name), reverse=True):
        if all((folder / name).is_file() for name in _PROGRAMS):
            return folder
    return None


def _version(name: str) -> tuple[int, ...]:
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PgServer:
    """A PostgreSQL cluster in a temporary folder; ``url`` connects to its ``extractor`` db."""

    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.password = "pw-" + secrets.token_hex(8)
        self.port = free_port()
        self.base = Path(tempfile.mkdtemp(prefix="extractor-pg-", dir="/tmp"))
        self.data = self.base / "data"
        self.sockets = self.base / "sockets"
        self.log = self.base / "server.log"
        self.running = False
        self._names = itertools.count()
        self._as_postgres = os.geteuid() == 0
        self.sockets.mkdir()
        pwfile = self.base / "pwfile"
        pwfile.write_text(self.password + "\n", encoding="utf-8")
        pwfile.chmod(0o600)
        if self._as_postgres:
            owner = pwd.getpwnam("postgres")
            for path in (self.base, self.sockets, pwfile):
                os.chown(path, owner.pw_uid, owner.pw_gid)
        self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            USER,
            f"--pwfile={pwfile}",
            "--auth-host=scram-sha-256",
            "--auth-local=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        pwfile.unlink()

    def url_for(self, dbname: str, *, password: str | None = None) -> str:
        secret = self.password if password is None else password
        return f"postgresql://{USER}:{secret}@127.0.0.1:{self.port}/{dbname}"

    @property
    def url(self) -> str:
        """The URL of the ``extractor`` database, password included."""
        return self.url_for("extractor")

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.sockets} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off"  # a test server: the OS does not crash here
        )
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        """``pg_ctl stop -m MODE``: ``smart``, ``fast`` or ``immediate`` (a crash)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def ensure_running(self) -> None:
        if not self.running:
            self.start()

    def create_database(self) -> str:
        """A new empty database; its URL."""
        import psycopg

        name = f"t{next(self._names)}"
        with psycopg.connect(self.url_for("postgres"), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url_for(name)

    def remove(self) -> None:
        if self.running:
            self.stop("immediate")
        shutil.rmtree(self.base, ignore_errors=True)

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.base, check=False)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(
                f"{program} failed ({done.returncode}): {done.stderr.strip()}\n{log}".strip()
            )


@pytest.fixture(scope="session")
def postgres() -> Iterator[PgServer]:
    bindir = find_bindir()
    if bindir is None:
        reason = f"PostgreSQL's server programs ({', '.join(_PROGRAMS)}) are not installed"
        if os.environ.get("EXTRACTOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{reason}, and EXTRACTOR_REQUIRE_POSTGRES=1", pytrace=False)
        pytest.skip(reason)
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            pytest.fail("as root, PostgreSQL runs as the postgres user, and there is none")
        if shutil.which("runuser") is None:
            pytest.fail("as root, runuser is needed to run PostgreSQL as the postgres user")
    server = PgServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.remove()


@pytest.fixture
def pg_url(postgres: PgServer) -> str:
    """The URL (with the password) of a new, empty database; the server is running."""
    postgres.ensure_running()
    return postgres.create_database()


def query(url: str, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """The rows of one query."""
    import psycopg

    with psycopg.connect(url) as conn:
        return conn.execute(sql, params).fetchall()


def execute(url: str, sql: str, params: Sequence[Any] = ()) -> None:
    """Run one statement that returns no rows (DDL, an ``UPDATE``), committed."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql, params)


def table_counts(url: str, tables: Sequence[str]) -> dict[str, int]:
    return {name: int(query(url, f"SELECT count(*) FROM {name}")[0][0]) for name in tables}


def stored_rows(url: str) -> dict[str, Counter[tuple[Any, ...]]]:
    """Every row of each article table, as a multiset (a duplicate counts twice)."""
    found = {}
    for table in ARTICLE_TABLES:
        rows = query(url, f"SELECT {', '.join(table.column_names)} FROM {table.name}")
        found[table.name] = Counter(_comparable(table, row, parse=False) for row in rows)
    return found


def expected_rows(records: Iterable[dict[str, Any]]) -> dict[str, Counter[tuple[Any, ...]]]:
    """The rows the article tables should hold for ``records``, as :func:`stored_rows` reads
    them. Numbers compare by value (``Decimal("1.50") == 1.5``)."""
    found: dict[str, Counter[tuple[Any, ...]]] = {t.name: Counter() for t in ARTICLE_TABLES}
    for record in records:
        rows = record_rows(DocumentRecord.model_validate(record))
        for table in ARTICLE_TABLES:
            found[table.name].update(
                _comparable(table, row, parse=True) for row in rows[table.name]
            )
    return found


def _comparable(table: Table, row: tuple[Any, ...], *, parse: bool) -> tuple[Any, ...]:
    """``row`` with its JSON columns (data, or JSON text when ``parse``) as canonical text."""
    values = list(row)
    for n, column in enumerate(table.columns):
        if column.type == "json" and values[n] is not None:
            data = json.loads(values[n]) if parse else values[n]
            values[n] = json.dumps(data, sort_keys=True)
    return tuple(values)


def read_records(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL output, amounts as exact ``Decimal``."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line, parse_float=Decimal) for line in lines if line.strip()]


def own_texts(path: Path, *, copies: int) -> Path:
    """A JSONL input of our own short news texts, each under ``copies`` distinct ids."""
    rows = [
        {"id": f"own-{copy}-{n}", "text": text, "copy": copy}
        for copy in range(copies)
        for n, text in enumerate(TEXTS)
    ]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path
