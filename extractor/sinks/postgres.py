"""PostgreSQL: the normalised tables of :mod:`extractor.store.schema` in a server's database.

The output is a URL, ``postgresql://user[:password]@host[:port]/dbname[?params]`` (or
``postgres://``, or with ``--format postgresql`` any libpq connection string). It is handed
to libpq as it is, so the password may come from the URL, from the ``PG*`` environment
variables (``PGPASSWORD``...) or from ``~/.pgpass``; the last two keep it out of the process
list. The tables go to the connection's current schema: ``?options=-csearch_path%3Dnews``
chooses another. A password is never logged nor put in a message or in ``path``: those show
:func:`redact_url`'s form, and messages from the server pass through :func:`sanitize`.

The tables are made by :func:`init_schema` (``extractor db init URL``) or by the sink when
they are missing; a database holding another version of the layout is refused.

Each ``write`` is one transaction: the chunk's ids are deleted from every article table and
their rows (typed rows from :mod:`extractor.store.rows`) loaded with ``COPY``. Measured on a
local server with chunks of 32, 128 and 256 documents (15 mentions and 3.5 facts each),
``COPY`` loaded 1,600, 6,000 and 7,000 documents/s where psycopg's pipelined ``executemany``
of the ``INSERT`` statements loaded 1,100, 3,000 and 3,000. The ``COPY`` statements are made
from the tables of the schema module, like the rest. PostgreSQL's text cannot hold the
character U+0000, which an input may carry into a mention or a metadata field: it is stored
as U+FFFD.

Running again into the same database (a database is shared and long-lived, so unlike a file
it is not refused when it holds articles):

* without options, articles are *upserted* by document id: an article written again has
  its old rows replaced, never duplicated; other articles are left alone;
* ``resume=True`` (``--resume``): the ids in ``articles`` are :meth:`~PostgresSink.done_ids`,
  so the batch run skips them;
* ``force=True`` (``--force``): every row of the article tables is deleted first (a warning
  is logged), as if the database were new.

When the connection is lost in the middle of a write (the server restarts, the network is
cut) the transaction is rolled back, the sink connects again and writes the same chunk, with
waits from ``retry_initial`` seconds doubling up to ``retry_max``, for ``retry_total`` seconds
in all. That is safe even when the ``COMMIT`` had reached the server before the cut, since
writing a chunk twice leaves the same rows. If it gives up it raises
:class:`~extractor.errors.DatabaseConnectionError`, which says how many documents the run
committed; ``--resume`` then goes on from there.

>>> redact_url("postgresql://etl:s3cret@db.internal:5433/news?sslmode=require&password=x")
'postgresql://etl@db.internal:5433/news?sslmode=require'
>>> sanitize('FATAL: bad "postgresql://etl:s3cret@db/news" password=s3cret')
'FATAL: bad "postgresql://etl@db/news" password=***'
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit, urlunsplit

import regex as re

from ..errors import DatabaseConnectionError, OutputError, UsageError
from ..output import OutputMode
from ..store.rows import RecordRows, Row, Rows, TableRows
from ..store.schema import (
    ARTICLE_TABLES,
    ARTICLES,
    SCHEMA_TABLE,
    STORE_SCHEMA_VERSION,
    TABLES,
    Table,
    create_statements,
    delete_statement,
    insert_statement,
    layout_differences,
)
from ._base import BaseSink
from .urls import is_database_url

try:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo
    from psycopg.pq import TransactionStatus
except ImportError as exc:  # pragma: no cover - the package is an optional dependency
    raise UsageError(
        "PostgreSQL output needs psycopg: pip install 'finnews-extractor[postgres]'"
    ) from exc

__all__ = ["PostgresSink", "init_schema", "is_database_url", "redact_url", "sanitize"]

logger = logging.getLogger(__name__)

#: Query parameters that hold secrets.
_SECRET_PARAMS = frozenset({"password", "sslpassword"})
#: Ids per ``DELETE``, well under PostgreSQL's 65535 parameters.
_DELETE_BATCH = 1000
#: Serialises schema creation between processes that start at the same time.
_SCHEMA_LOCK = 0x65787472  # "extr"
#: Connection parameters set unless the URL gives them: a cut network fails in seconds
#: rather than after the operating system's TCP timeouts (minutes).
_CONNECT_DEFAULTS = {
    "connect_timeout": "10",
    "keepalives": "1",
    "keepalives_idle": "10",
    "keepalives_interval": "5",
    "keepalives_count": "3",
    "tcp_user_timeout": "30000",
}
#: SQLSTATE classes and codes after which a chunk is written again on a new connection.
_TRANSIENT_STATES = ("08", "57P01", "57P02", "57P03", "40001", "40P01")

#: Secrets in a message: a conninfo ``password=...`` (quoted or not), a URL's
#: ``user:password@``, and libpq's quote of a URL part it could not decode. Each part starts
#: at a fixed string and its repeats are possessive and end at a separator, so it is linear.
SECRETS = re.compile(
    r"""
    (?P<key>\b(?:pg|ssl)?password\s*+=\s*+)         # password= in a conninfo or a query
    (?:'(?:[^'\\]|\\.)*+'?|[^\s&'"]*+)            # its value, quoted or up to a separator
    | (?P<user>://[^\s:/@"']*+)                     # a URL's scheme separator and user name
    :[^\s@/"']*+@                                   # :password@
    | (?P<token>percent-encoded\ token:\ ")[^"]*+"?  # libpq quotes what it cannot decode
    """,
    re.VERBOSE | re.IGNORECASE,
)


def redact_url(url: str) -> str:
    """``url`` without its password (in the user part or in the query); safe to show.

    A libpq connection string (``host=... password=...``) is shown without ``password=``.

    >>> redact_url("postgres://etl@[::1]/news"), redact_url("host=db password='a b' dbname=n")
    ('postgres://etl@[::1]/news', 'host=db password=*** dbname=n')
    """
    if not is_database_url(url):
        return sanitize(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return f"{url.split('://', 1)[0]}://(a URL that cannot be read)"
    user, at, hosts = parts.netloc.rpartition("@")
    netloc = f"{user.partition(':')[0]}@{hosts}" if at else hosts
    params = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(key, value) for key, value in params if key.lower() not in _SECRET_PARAMS]
    query = parts.query if len(kept) == len(params) else urlencode(kept)
    return sanitize(urlunsplit((parts.scheme, netloc, parts.path, query, "")))


def sanitize(message: str, *, secrets: Sequence[str] = ()) -> str:
    """``message`` with passwords taken out: ``password=***``, URLs without ``:password@``,
    and each of ``secrets`` (the exact passwords, when known) replaced by ``***``."""
    for secret in secrets:
        if secret:
            message = message.replace(secret, "***")
    return str(SECRETS.sub(_hide, message))


def _hide(match: re.Match[str]) -> str:
    if match["key"] is not None:
        return f"{match['key']}***"
    if match["user"] is not None:
        return f"{match['user']}@"
    return f'{match["token"]}***"'


def _secrets(url: str) -> list[str]:
    """The passwords written in ``url`` (raw and decoded), to take out of messages."""
    if not is_database_url(url):
        return []
    try:
        parts = urlsplit(url)
    except ValueError:
        return []
    userinfo = parts.netloc.rpartition("@")[0]
    found = [userinfo.partition(":")[2]]
    found += [
        v for k, v in parse_qsl(parts.query, keep_blank_values=True) if k.lower() in _SECRET_PARAMS
    ]
    found += [unquote(s) for s in found]
    return sorted({s for s in found if s}, key=len, reverse=True)


def connect(url: str, *, path: str | None = None) -> psycopg.Connection[Any]:
    """A connection to ``url`` in autocommit mode (transactions are explicit).

    Raises :class:`~extractor.errors.OutputError` with the server's message, without secrets.
    """
    try:
        return _open(url)
    except psycopg.Error as exc:
        reason = sanitize(str(exc).strip(), secrets=_secrets(url))
        raise OutputError(path or redact_url(url), f"cannot connect: {reason}") from None


def _open(url: str) -> psycopg.Connection[Any]:
    given = conninfo_to_dict(url)
    extra = {k: v for k, v in _CONNECT_DEFAULTS.items() if k not in given}
    return psycopg.connect(make_conninfo(url, **extra), autocommit=True)


def init_schema(url: str) -> bool:
    """Create the tables and indexes in the database at ``url``; ``True`` if it was new.

    Idempotent. Raises :class:`~extractor.errors.OutputError` when the database holds
    another version of the layout, or tables of the same names that this package did not make.
    """
    path = redact_url(url)
    with connect(url, path=path) as conn:
        return ensure_schema(conn, path=path, secrets=_secrets(url))


def ensure_schema(conn: psycopg.Connection[Any], *, path: str, secrets: Sequence[str] = ()) -> bool:
    """Create what is missing of the tables, in one transaction; ``True`` if none was there."""
    names = [table.name for table in TABLES]
    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK,))
            present = {
                name
                for (name,) in conn.execute(
                    "SELECT table_name FROM information_schema.tables "
                    "WHERE table_schema = current_schema() AND table_name = ANY(%s)",
                    (names,),
                )
            }
            versions: list[int] = []
            if SCHEMA_TABLE.name in present:
                query = f"SELECT version FROM {SCHEMA_TABLE.name} ORDER BY version"
                versions = [int(v) for (v,) in conn.execute(query)]
            _check_layout(path, present, versions)
            _check_columns(conn, path, present)
            for statement in create_statements("postgresql"):
                conn.execute(statement)
            if not versions:
                conn.execute(
                    insert_statement(SCHEMA_TABLE, "postgresql"),
                    (STORE_SCHEMA_VERSION, datetime.now(timezone.utc).isoformat()),
                )
    except psycopg.Error as exc:
        reason = sanitize(str(exc).strip(), secrets=secrets)
        raise OutputError(path, f"cannot create the tables: {reason}") from None
    if not present:
        logger.info("%s: created the tables (store schema version %d)", path, STORE_SCHEMA_VERSION)
    return not present


def _check_layout(path: str, present: set[str], versions: list[int]) -> None:
    if present and SCHEMA_TABLE.name not in present:
        raise OutputError(
            path,
            f"has tables named {', '.join(sorted(present))} but no {SCHEMA_TABLE.name} table: "
            "they were not made by this package; use another database or schema",
        )
    if SCHEMA_TABLE.name in present and versions != [STORE_SCHEMA_VERSION]:
        raise OutputError(
            path,
            f"has store schema version {', '.join(map(str, versions)) or 'none'}, "
            f"this version writes {STORE_SCHEMA_VERSION}; use another database or schema "
            "(or drop its tables first)",
        )


def _check_columns(conn: psycopg.Connection[Any], path: str, present: set[str]) -> None:
    """Refuse tables whose columns are not those the records give."""
    for table in ARTICLE_TABLES:
        if table.name not in present:
            continue
        found = [
            name
            for (name,) in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                "current_schema() AND table_name = %s ORDER BY ordinal_position",
                (table.name,),
            )
        ]
        differs = layout_differences(table, found)
        if differs is not None:
            raise OutputError(
                path,
                f"{differs}: it was made for records of other fields; use another database "
                "or schema (or drop its tables first)",
            )


class PostgresSink(BaseSink[Rows]):
    """Records to the normalised tables of a PostgreSQL database, one transaction per chunk.

    ``retry_initial``, ``retry_max`` and ``retry_total`` (seconds) bound the attempts to
    write a chunk again after the connection was lost (see the module's documentation).
    """

    def __init__(
        self,
        url: str,
        *,
        resume: bool = False,
        force: bool = False,
        retry_initial: float = 0.5,
        retry_max: float = 8.0,
        retry_total: float = 60.0,
    ) -> None:
        super().__init__(redact_url(url), TableRows())
        OutputMode.of(resume=resume, force=force)
        self._url = url
        self._secrets = _secrets(url)
        self._retry = (retry_initial, retry_max, retry_total)
        #: Documents this sink has committed.
        self.committed = 0
        self._conn: psycopg.Connection[Any] | None = connect(url, path=self.path)
        try:
            ensure_schema(self._conn, path=self.path, secrets=self._secrets)
            self._start(resume=resume, force=force)
        except BaseException:
            self._conn.close()
            raise

    def _start(self, *, resume: bool, force: bool) -> None:
        conn = self._connection()
        key, table = ARTICLES.article_key, ARTICLES.name
        try:
            if resume:
                self._ids.add(row[0] for row in conn.execute(f"SELECT {key} FROM {table}"))
                logger.info("%s: resuming with %d articles written", self.path, len(self._ids))
                return
            row = conn.execute(f"SELECT count(*) FROM {table}").fetchone()
            existing = int(row[0]) if row else 0
            if existing and force:
                logger.warning(
                    "%s: --force: deleting the %d articles in the database", self.path, existing
                )
                conn.execute(f"TRUNCATE {', '.join(t.name for t in ARTICLE_TABLES)}")
            elif existing:
                logger.info(
                    "%s: holds %d articles; those written again are replaced "
                    "(--resume skips them, --force deletes all first)",
                    self.path,
                    existing,
                )
        except psycopg.Error as exc:
            raise self._error(exc, "cannot read the articles") from None

    def _write(self, rows: Sequence[RecordRows[Rows]]) -> None:
        ids = [row.id for row in rows]
        tables = {
            table.name: _adapt(table, [r for row in rows for r in row.rows[table.name]])
            for table in ARTICLE_TABLES
        }
        self._with_retries(lambda conn: _load(conn, ids, tables), documents=len(ids))
        self.committed += len(ids)

    def _with_retries(
        self, work: Callable[[psycopg.Connection[Any]], None], *, documents: int
    ) -> None:
        """Run ``work`` in a transaction; on a lost connection, connect again and repeat it."""
        delay, longest, total = self._retry
        deadline = time.monotonic() + total
        while True:
            conn = self._conn
            try:
                conn = self._connection()
                with conn.transaction():
                    work(conn)
                return
            except psycopg.Error as exc:
                if not _transient(exc, conn):
                    raise self._error(exc, "the chunk was rolled back") from None
                reason = sanitize(str(exc).strip(), secrets=self._secrets) or type(exc).__name__
                self._disconnect()
                if time.monotonic() + delay > deadline:
                    raise self._gave_up(reason, documents=documents, seconds=total) from None
                logger.warning(
                    "%s: lost the connection (%s); writing the chunk of %d documents again "
                    "in %.1fs",
                    self.path,
                    reason,
                    documents,
                    delay,
                )
                time.sleep(delay)
                delay = min(delay * 2, longest)

    def _connection(self) -> psycopg.Connection[Any]:
        if self._conn is None or self._conn.closed:
            self._conn = None
            self._conn = _open(self._url)
            logger.info("%s: connected again", self.path)
        return self._conn

    def _disconnect(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            with contextlib.suppress(psycopg.Error):  # closing a broken connection
                conn.close()

    def _error(self, exc: psycopg.Error, what: str) -> OutputError:
        reason = sanitize(str(exc).strip(), secrets=self._secrets)
        return OutputError(self.path, f"{what}: {reason}")

    def _gave_up(self, reason: str, *, documents: int, seconds: float) -> DatabaseConnectionError:
        return DatabaseConnectionError(
            self.path,
            f"lost the connection to the database and could not write for {seconds:g}s "
            f"({reason}); this run committed {self.committed} documents, the last chunk "
            f"({documents} documents) was rolled back; run the same command again with "
            "--resume to continue",
            committed=self.committed,
        )

    def _close(self) -> None:
        self._disconnect()
        logger.debug("%s: done, %d documents committed", self.path, self.committed)

    def _abort(self) -> None:
        conn = self._conn
        if conn is not None and not conn.closed:
            try:
                if conn.info.transaction_status != TransactionStatus.IDLE:
                    conn.rollback()
            except psycopg.Error as exc:
                logger.debug("%s: rollback failed: %s", self.path, type(exc).__name__)
        self._disconnect()


def _adapt(table: Table, rows: list[Row]) -> list[Row]:
    r"""Rows as PostgreSQL takes them: U+0000, which its text and JSONB cannot hold, as U+FFFD
    (one character for one, so offsets into the article's text stay true), in text and in
    the JSON text of JSON columns (where it is the escape ``\u0000``).

    >>> from extractor.store.schema import ARTICLES
    >>> names = ARTICLES.column_names
    >>> values = {"id": "a\x00", "meta": '{"k": ["\\u0000"]}'}
    >>> row = _adapt(ARTICLES, [tuple(values.get(name) for name in names)])[0]
    >>> row[names.index("id")] == "a\ufffd"
    True
    >>> json.loads(row[names.index("meta")])
    {'k': ['\ufffd']}
    """
    texts = [n for n, column in enumerate(table.columns) if column.type == "text"]
    documents = [n for n, column in enumerate(table.columns) if column.type == "json"]
    adapted = []
    for row in rows:
        values: list[Any] | None = None
        for n in texts:
            value = row[n]
            if isinstance(value, str) and "\x00" in value:
                values = values or list(row)
                values[n] = value.replace("\x00", "\ufffd")
        for n in documents:
            value = row[n]
            if value is not None and "\\u0000" in value:
                values = values or list(row)
                values[n] = json.dumps(_without_nul(json.loads(value)), ensure_ascii=False)
        adapted.append(row if values is None else tuple(values))
    return adapted


def _without_nul(data: Any) -> Any:
    """JSON data with U+0000 in its strings (keys too) replaced by U+FFFD."""
    if isinstance(data, str):
        return data.replace("\x00", "\ufffd")
    if isinstance(data, dict):
        return {_without_nul(key): _without_nul(item) for key, item in data.items()}
    if isinstance(data, list):
        return [_without_nul(item) for item in data]
    return data


def _load(conn: psycopg.Connection[Any], ids: list[str], rows: dict[str, list[Row]]) -> None:
    """Replace the articles ``ids`` by ``rows``, inside the caller's transaction."""
    with conn.cursor() as cursor:
        for table in ARTICLE_TABLES:
            for start in range(0, len(ids), _DELETE_BATCH):
                batch = ids[start : start + _DELETE_BATCH]
                cursor.execute(delete_statement(table, "postgresql", count=len(batch)), batch)
            if rows[table.name]:
                with cursor.copy(copy_statement(table)) as copy:
                    for row in rows[table.name]:
                        copy.write_row(row)


def copy_statement(table: Table) -> str:
    """``COPY ... FROM STDIN`` for the rows of ``table``, columns in the schema's order.

    >>> from extractor.store.schema import COMPANIES
    >>> copy_statement(COMPANIES)
    'COPY companies (article_id, name, kind, ticker, exchange, n_mentions, is_main) FROM STDIN'
    """
    return f"COPY {table.name} ({', '.join(table.column_names)}) FROM STDIN"


def _transient(exc: psycopg.Error, conn: psycopg.Connection[Any] | None) -> bool:
    """Whether ``exc`` is a lost connection (or a lost race), worth a new attempt."""
    if (exc.sqlstate or "").startswith(_TRANSIENT_STATES):
        return True
    lost = conn is None or conn.closed or conn.broken
    return lost and isinstance(exc, psycopg.OperationalError | psycopg.InterfaceError)
