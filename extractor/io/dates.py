"""Publication dates as inputs give them: ISO 8601 dates and times, and the dates of e-mail
and HTTP headers (RFC 2822), as in RSS feeds."""

from __future__ import annotations

import email.utils
from datetime import date, datetime

import regex as re

__all__ = ["parse_date"]

ISO_DATE = re.compile(
    r"""
    \s*
    (?P<year>\d{4}+) (?P<dash>-?)    # a year, and a dash or none
    (?P<month>\d{2}) (?P=dash)       # a month, with the same separator
    (?P<day>\d{2})                   # a day
    (?: [T\s] \d | \s* $ )           # a time after it, or the end
    """,
    re.VERBOSE,
)


def parse_date(value: object) -> date | None:
    """The date of ``value`` (an ISO date or time, or an RFC 2822 date), None when it holds
    none. A time's date is the date where it was given, as its offset says.

    >>> parse_date("2025-10-30"), parse_date("2025-10-30T23:30:00-05:00")
    (datetime.date(2025, 10, 30), datetime.date(2025, 10, 30))
    >>> parse_date("Thu, 30 Oct 2025 08:15:00 GMT"), parse_date("20251030")
    (datetime.date(2025, 10, 30), datetime.date(2025, 10, 30))
    >>> parse_date("last Thursday"), parse_date("2025-13-01"), parse_date(20251030)
    (None, None, None)
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip() or len(value) > 100:
        return None
    match = ISO_DATE.match(value)
    if match is not None:
        try:
            return date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError:
            return None
    try:
        return email.utils.parsedate_to_datetime(value).date()
    except (TypeError, ValueError, IndexError):
        return None
