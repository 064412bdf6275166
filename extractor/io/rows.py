"""One JSONL object or CSV row as an article: its text, id, URL, title and publication date
from the fields the options name; its other fields go to ``Source.meta`` as they are."""

from __future__ import annotations

import logging
from typing import Any

from ..errors import EmptyInputError
from ..records import Source
from ..sanitize import scrub_surrogates, scrub_value
from .dates import parse_date
from .items import Article, Failure
from .options import ReadOptions
from .streams import Origin, oversized

__all__ = ["DateWarnings", "row_article"]

logger = logging.getLogger(__name__)


class DateWarnings:
    """Says once per input, in the log, that its date field holds something that is not a
    date: the article is kept, without a publication date."""

    def __init__(self, origin: Origin) -> None:
        self.origin = origin
        self.told = False

    def unreadable(self, field: str, value: object, line: int) -> None:
        if not self.told:
            self.told = True
            shown = scrub_surrogates(repr(value)[:60])
            logger.warning(
                "%s:%d: the %r field holds %s, not a date (ISO 8601 or RFC 2822); its "
                "articles have no publication date where it is so (told once per input)",
                self.origin.path,
                line,
                field,
                shown,
            )


def row_article(
    row: dict[str, Any],
    line: int,
    origin: Origin,
    options: ReadOptions,
    dates: DateWarnings | None = None,
) -> Article | Failure:
    """The article of one JSONL object or CSV row; other fields go to its source's meta."""
    ident = _ident(row, line, origin, options)
    text = row.get(options.text_field)
    if not isinstance(text, str):
        reason = f"no {options.text_field!r} field holding a string"
        return origin.failure(reason, "InvalidRecord", line=line, id=ident)
    if not text.strip():
        reason = f"empty {options.text_field!r} field"
        return origin.failure(reason, EmptyInputError.code, line=line, id=ident)
    if len(text.encode("utf-8", "surrogatepass")) > options.max_bytes:
        reason = f"{options.text_field!r} field {oversized(None, limit=options.max_bytes)}"
        return origin.failure(reason, "OversizedInput", line=line, id=ident)
    broken = _lone_surrogate_field(row, options)
    if broken is not None:
        reason = (
            f"the {broken!r} field holds a lone surrogate (a \\ud800-\\udfff escape without "
            "its pair), which is not Unicode; an id or a metadata value is not rewritten, so "
            "this document is left out (in a text, one becomes U+FFFD)"
        )
        return origin.failure(reason, "InvalidUnicode", line=line, id=scrub_surrogates(ident))
    meta = {
        key: item for key, item in row.items() if key not in (options.text_field, options.id_field)
    }
    source = Source(
        path=origin.path,
        line=line,
        url=_string(meta.get("url")),
        title=_string(meta.get("title")),
        published=_published(row, line, options, dates),
        meta=meta,
    )
    return Article(id=ident, text=text, source=source)


def _ident(row: dict[str, Any], line: int, origin: Origin, options: ReadOptions) -> str:
    """The id field's value, or ``NAME:LINE`` when there is none."""
    value = row.get(options.id_field) if options.id_field is not None else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != "":
        return str(value)
    return f"{origin.name}:{line}"


def _published(
    row: dict[str, Any], line: int, options: ReadOptions, dates: DateWarnings | None
) -> Any:
    if options.date_field is None:
        return None
    value = row.get(options.date_field)
    if value is None or value == "":
        return None
    published = parse_date(value)
    if published is None and dates is not None:
        dates.unreadable(options.date_field, value, line)
    return published


def _string(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _lone_surrogate_field(row: dict[str, Any], options: ReadOptions) -> str | None:
    """The name of the first field other than the text whose name or value holds a lone
    surrogate. Such an id or metadata value is refused rather than repaired: a record must not
    carry an id, or a value to join on, that differs from the source's."""
    for key, value in row.items():
        if key == options.text_field:
            continue
        if scrub_value(key) != key or scrub_value(value) != value:
            return scrub_surrogates(key)
    return None
