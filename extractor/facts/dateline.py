"""The publication date a dateline gives at the top of an article. Pure functions.

"NEW YORK, March 3, 2025 /PRNewswire/ --", "LONDON, 3 March 2025 (Reuters) -",
"Published: 2025-03-03": a full date (with its year) near the start of the text. A dateline
without a year ("March 3 -") gives none.

>>> published_date("HOUSTON, Feb. 12, 2026 /PRNewswire/ -- Acme Corp (NYSE: ACM) reported")
datetime.date(2026, 2, 12)
>>> published_date("LONDON, 3 March 2025 (Reuters) - Harbourline said")
datetime.date(2025, 3, 3)
>>> published_date("Posted 2024-11-05T09:30:00Z\\nRevenue rose."), published_date("March 3 - Net")
(datetime.date(2024, 11, 5), None)
"""

from __future__ import annotations

from datetime import date

import regex as re

from .periods import MONTHS

#: How far into the text a dateline may start.
DATELINE_REACH = 300

_MONTH = r"(?P<month>(?i:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*+)\.?"
_DATE = re.compile(
    rf"""(?<![\w-])(?:
        {_MONTH}[ ]++(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?[ ]++(?P<year>(?:19|20)\d{{2}})
      | (?P<day2>\d{{1,2}})(?:st|nd|rd|th)?[ ]++{_MONTH.replace("month", "month2")}
        ,?[ ]++(?P<year2>(?:19|20)\d{{2}})
      | (?P<iso>(?:19|20)\d{{2}}-[01]\d-[0-3]\d)
    )(?!\d)""",
    re.VERBOSE,
)


def published_date(text: str) -> date | None:
    """The date of a dateline in the first lines of ``text``, or None."""
    match = _DATE.search(text, 0, min(len(text), DATELINE_REACH))
    if match is None:
        return None
    try:
        if match.group("iso"):
            return date.fromisoformat(match.group("iso"))
        month = match.group("month") or match.group("month2")
        day = match.group("day") or match.group("day2")
        year = match.group("year") or match.group("year2")
        number = next(
            n for n, m in enumerate(MONTHS, start=1) if m.startswith(month[:3].casefold())
        )
        return date(int(year), number, int(day))
    except (ValueError, StopIteration):
        return None
