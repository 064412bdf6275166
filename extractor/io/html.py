"""HTML pages: the article's text, title, URL and publication date, by trafilatura.

trafilatura (and warcio, for WARC) are optional: :func:`missing_dependency` tells, for a
format, why a package it needs cannot be imported, so that each file of that format is one
failure that says what to install.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from datetime import date
from typing import Any

from .dates import parse_date
from .items import Failure
from .streams import Origin, error_name

__all__ = ["MIN_ARTICLE_CHARS", "Page", "html_page", "import_problem", "missing_dependency"]

#: Shorter main text of an HTML page is no article.
MIN_ARTICLE_CHARS = 20

#: The optional packages each format needs, with the extra that installs them.
_NEEDS = {
    "html": (("trafilatura", "html"),),
    "warc": (("warcio", "warc"), ("trafilatura", "html")),
}


@dataclass(frozen=True)
class Page:
    """What an HTML page gives: its article's text, and what its metadata says."""

    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None


def html_page(html: str, origin: Origin, *, url: str | None, **where: Any) -> Page | Failure:
    """The article of an HTML page, by trafilatura: the main text only (no tables, no
    comments), with its title, URL and publication date from the page's metadata (meta tags,
    structured data; no guess from the text). ``url`` is where the page came from, when
    known.

    A page whose main text is shorter than :data:`MIN_ARTICLE_CHARS` (a menu, a bare "Home"
    link) has no article.
    """
    trafilatura: Any = importlib.import_module("trafilatura")
    try:
        found: Any = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            config=_trafilatura_config(),
        )
    # trafilatura and lxml raise assorted errors on hostile markup; one bad page must not
    # stop a batch.
    except Exception as exc:
        return origin.failure(f"the HTML cannot be parsed: {exc}", error_name(exc), **where)
    text = getattr(found, "text", None)
    if not isinstance(text, str) or not text.strip():
        return origin.failure("no article text found in the HTML", "NoArticleText", **where)
    return Page(
        text=text,
        title=_string(found.title),
        url=_string(found.url),
        published=parse_date(found.date),
    )


def _string(value: object) -> str | None:
    return value.strip() if isinstance(value, str) and value.strip() else None


@functools.cache
def _trafilatura_config() -> Any:
    settings: Any = importlib.import_module("trafilatura.settings")
    config = settings.use_config()
    config.set("DEFAULT", "MIN_OUTPUT_SIZE", str(MIN_ARTICLE_CHARS))
    # the date of the page's metadata only: a date guessed from its text may be any date
    config.set("DEFAULT", "EXTENSIVE_DATE_SEARCH", "off")
    return config


def missing_dependency(input_format: str) -> tuple[str, str] | None:
    """``(reason, error)`` when an optional package that ``input_format`` needs cannot be
    imported: missing (the reason names the extra to install), or installed but broken (the
    reason is the real import error)."""
    for module, extra in _NEEDS.get(input_format, ()):
        problem = import_problem(module, extra=extra)
        if problem is not None:
            kind = "HTML" if input_format == "html" else "WARC"
            return f"{kind} input: {problem[0]}", problem[1]
    return None


def import_problem(module: str, *, extra: str) -> tuple[str, str] | None:
    """Why ``module`` cannot be imported, as ``(reason, exception class)``; None when it can.

    A package that is not installed gets the advice to install the extra; one that is
    installed but fails to import (a dependency of its own is missing or broken) gets the
    real exception, since installing it again would not help.
    """
    try:
        importlib.import_module(module)
    except Exception as exc:  # an ImportError, or whatever a broken package raises
        if isinstance(exc, ModuleNotFoundError) and exc.name == module:
            reason = f"{module} is not installed: pip install 'finnews-extractor[{extra}]'"
        else:
            reason = f"{module} is installed but cannot be imported: {type(exc).__name__}: {exc}"
        return reason, type(exc).__name__
    return None
