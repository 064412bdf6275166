"""Golden cases for percentages, percentage points and basis points."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.normalize.percent import parse_percent_all


class Pct(NamedTuple):
    text: str
    value: str
    kind: str = "percent"
    low: str | None = None
    high: str | None = None


class PercentCase(NamedTuple):
    text: str
    expected: tuple[Pct, ...]


def case(text: str, *expected: Pct) -> PercentCase:
    return PercentCase(text, expected)


CASES = [
    case("a 117% surge", Pct("117%", "117")),
    case("up 5 per cent", Pct("5 per cent", "5")),
    case("12.5 percent higher", Pct("12.5 percent", "12.5")),
    case("down 5pc", Pct("5pc", "5")),
    case("fell -4% today", Pct("-4%", "-4")),
    case("net interest income sank 27 % in the quarter", Pct("27 %", "27")),
    case("rose 12 pct", Pct("12 pct", "12")),
    case("a range of 5.25%-5.5%", Pct("5.25%-5.5%", "5.375", low="5.25", high="5.5")),
    case("between 5% and 6%", Pct("5% and 6%", "5.5", low="5", high="6")),
    case("5 to 6 percent", Pct("5 to 6 percent", "5.5", low="5", high="6")),
    case("yields rose from 4% to 5%", Pct("4%", "4"), Pct("5%", "5")),
    case("cut by 50 basis points", Pct("50 basis points", "0.5", "basis_points")),
    case("cut by 50bps", Pct("50bps", "0.5", "basis_points")),
    case("narrowed 23 bps", Pct("23 bps", "0.23", "basis_points")),
    case("2 percentage points", Pct("2 percentage points", "2", "percentage_points")),
    case("half a percentage point", Pct("half a percentage point", "0.5", "percentage_points")),
    case("twenty percent", Pct("twenty percent", "20")),
    case("one hundred percent", Pct("one hundred percent", "100")),
    case("just need minus five percent", Pct("minus five percent", "-5")),
    case("per cent of twenty-two", Pct("per cent of twenty-two", "22")),
]

NOT_PERCENT = [
    "COVID-19 in Q3",
    "the S&P 500 and the G7",
    "http://example.com/search?q=a%20b%2D9114%29",
    "the 1990s, 3M and 10:30",
    "percentage of respondents",
]


@pytest.mark.parametrize("case", CASES, ids=[c.text for c in CASES])
def test_percent(case: PercentCase) -> None:
    found = parse_percent_all(case.text)

    def dec(value: str | None) -> Decimal | None:
        return None if value is None else Decimal(value)

    got = [(p.text, p.value, p.kind, p.low, p.high) for p in found]
    expected = [(e.text, dec(e.value), e.kind, dec(e.low), dec(e.high)) for e in case.expected]
    assert got == expected
    for percent in found:
        assert case.text[percent.start : percent.end] == percent.text


@pytest.mark.parametrize("text", NOT_PERCENT)
def test_not_percent(text: str) -> None:
    assert parse_percent_all(text) == []
