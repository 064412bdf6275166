"""Which outputs are databases: PostgreSQL is named by a URL, every other output by a path.

>>> is_database_url("postgres://localhost/news"), is_database_url("news.db")
(True, False)
"""

from __future__ import annotations

#: Outputs that start with these are PostgreSQL databases (URL schemes libpq takes).
DATABASE_URL_SCHEMES = ("postgresql://", "postgres://")


def is_database_url(output: str) -> bool:
    """Whether ``output`` names a PostgreSQL database by URL."""
    return output.lower().startswith(DATABASE_URL_SCHEMES)
