"""The small types that several layers share: the words of the record format, and currency codes.

The records (:mod:`extractor.records`), the pattern lexicon (:mod:`extractor.lexicon`) and the
rules that find quantities and facts all speak of the same kinds of things: an organisation's
kind, a qualifier's meaning, which way a figure moved. Each such set of words is written once,
here, so that the public record types depend on nothing of the grammar layer.

A currency code is checked against ISO 4217 (current and historic codes) from
``patterns/iso4217.jsonl`` alone, not from the whole lexicon:

>>> from pydantic import TypeAdapter
>>> TypeAdapter(CurrencyCode).validate_python("GBP")
'GBP'
>>> TypeAdapter(CurrencyCode).validate_python("XYZ")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for ...
  Value error, 'XYZ' is not an ISO 4217 currency code ...
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .errors import PatternFileError
from .resources import patterns_dir

#: The file of ISO 4217 codes, in the pattern folder; one row per code.
ISO4217_FILE = "iso4217.jsonl"

#: What an organisation is; media, indices, exchanges and governments never own a fact.
OrgKind = Literal[
    "company",
    "bank",
    "exchange",
    "regulator",
    "central_bank",
    "government",
    "index",
    "media",
    "other",
]
#: What a word before an amount says of it: "about", "at least", "more than"...
QualifierMeaning = Literal[
    "approximately", "at_least", "at_most", "more_than", "less_than", "exactly"
]
#: Which end of a range an amount is.
RangeRole = Literal["low", "high"]
#: How an amount's currency was decided: by its own symbol, code or name, or by the text.
CurrencySource = Literal["symbol", "code", "name", "context"]
#: How a percentage is given: 17pc, 25 basis points, 2 percentage points.
PercentKind = Literal["percent", "basis_points", "percentage_points"]
#: What a fact's figure is, and what a metric is counted in.
ValueKind = Literal["money", "percent", "number"]
#: Which way a figure moved.
Direction = Literal["up", "down", "flat"]
#: What a change compares with.
ChangeBasis = Literal["year-over-year", "quarter-on-quarter", "sequential"]
#: How a change's figure is given: relative in percent, or absolute in points.
ChangeUnit = Literal["percent", "percentage_points", "basis_points"]
#: The kinds of reporting period a fact may have.
PeriodKind = Literal["quarter", "half", "nine months", "year", "month", "two months"]
#: Where the company of a fact comes from, most direct first.
CompanySource = Literal["clause", "subject", "anaphor", "article"]


@lru_cache(maxsize=1)
def iso4217_codes() -> frozenset[str]:
    """Every ISO 4217 code, current and historic, from ``patterns/iso4217.jsonl``."""
    path = patterns_dir() / ISO4217_FILE
    codes = set()
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if not isinstance(row, dict) or not isinstance(row.get("code"), str):
                    raise PatternFileError(path, "a row without a code", line=number)
                codes.add(row["code"])
    except (OSError, ValueError) as exc:
        raise PatternFileError(path, f"cannot be read: {exc}") from exc
    return frozenset(codes)


def _check_currency(code: str) -> str:
    if code not in iso4217_codes():
        raise ValueError(f"{code!r} is not an ISO 4217 currency code")
    return code


#: An ISO 4217 currency code, validated.
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_check_currency)]
