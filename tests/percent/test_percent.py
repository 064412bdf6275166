"""Golden cases for percentages, percentage points and basis points.

Each value is in the unit of its kind (50bps is 50 basis points); a range is two mentions
marked low and high, the unit written once for both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.percent.grammar import parse_percent_all


class Pct(NamedTuple):
    text: str
    value: str
    kind: str = "percent"
    range: str | None = None
    qualifier: str | None = None


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
    case("Revenue +8.1%, margin +40bps", Pct("8.1%", "8.1"), Pct("40bps", "40", "basis_points")),
    case("net interest income sank 27 % in the quarter", Pct("27 %", "27")),
    case("rose 12 pct", Pct("12 pct", "12")),
    case("three\npct", Pct("three\npct", "3")),
    # ranges: two mentions, the unit shared
    case(
        "a range of 5.25%-5.5%", Pct("5.25%", "5.25", range="low"), Pct("5.5%", "5.5", range="high")
    ),
    case("4.25%-4.50%", Pct("4.25%", "4.25", range="low"), Pct("4.50%", "4.5", range="high")),
    case("8-14%", Pct("8", "8", range="low"), Pct("14%", "14", range="high")),
    case("between 5% and 6%", Pct("5%", "5", range="low"), Pct("6%", "6", range="high")),
    case(
        "between 0.4% and 2.3%",
        Pct("0.4%", "0.4", range="low"),
        Pct("2.3%", "2.3", range="high"),
    ),
    case("15% to 22%", Pct("15%", "15", range="low"), Pct("22%", "22", range="high")),
    case("5 to 6 percent", Pct("5", "5", range="low"), Pct("6 percent", "6", range="high")),
    case(
        "cut by 25-50 bps",
        Pct("25", "25", "basis_points", range="low"),
        Pct("50 bps", "50", "basis_points", range="high"),
    ),
    case("yields rose from 4% to 5%", Pct("4%", "4"), Pct("5%", "5")),
    # basis points and percentage points keep their unit
    case("cut by 50 basis points", Pct("50 basis points", "50", "basis_points")),
    case("cut by 50bps", Pct("50bps", "50", "basis_points")),
    case("narrowed 23 bps", Pct("23 bps", "23", "basis_points")),
    case("widened 120 basis points", Pct("120 basis points", "120", "basis_points")),
    case("2 percentage points", Pct("2 percentage points", "2", "percentage_points")),
    case("half a percentage point", Pct("half a percentage point", "0.5", "percentage_points")),
    case("up 1.2 ppts", Pct("1.2 ppts", "1.2", "percentage_points")),
    # words
    case("twenty percent", Pct("twenty percent", "20")),
    case("one hundred percent", Pct("one hundred percent", "100")),
    case("just need minus five percent", Pct("minus five percent", "-5")),
    case("per cent of twenty-two", Pct("per cent of twenty-two", "22")),
    case("per cent of 210", Pct("per cent of 210", "210")),
    case("100 percentage", Pct("100 percentage", "100")),
    # accounting negatives, glued text and footnotes
    case("margin of (12.5)%", Pct("(12.5)%", "-12.5")),
    case("rose 5%The company", Pct("5%", "5")),
    case("margin rose to 12%1 in the year", Pct("12%", "12")),
    case("revenue rose $5m (12.5%)", Pct("12.5%", "12.5")),
    # shares written as ratios and fractions
    case("one in two", Pct("one in two", "50")),
    case("one out of three", Pct("one out of three", "33.3333333333333")),
    case("3 out of 4 analysts", Pct("3 out of 4", "75")),
    case("1/4 of", Pct("1/4 of", "25")),
    case("one quarter of", Pct("one quarter of", "25")),
    case("one half of the shares", Pct("one half of", "50")),
    # fractions as wires write rates, and number-word range ends
    case(
        "rates of 7-1/4 pct, 5/8 pct and 6 1/2 pct",
        Pct("7-1/4 pct", "7.25"),
        Pct("5/8 pct", "0.625"),
        Pct("6 1/2 pct", "6.5"),
    ),
    case(
        "a rise of nine to 10 pct", Pct("nine", "9", range="low"), Pct("10 pct", "10", range="high")
    ),
    # bounds keep the amount's span
    case("up to 5%", Pct("5%", "5", qualifier="at_most")),
    case("more than 10 per cent", Pct("10 per cent", "10", qualifier="more_than")),
]

NOT_PERCENT = [
    "COVID-19 in Q3",
    "the S&P 500 and the G7",
    "http://example.com/search?q=a%20b%2D9114%29",
    "https://www.test.com/search?q=30%25%2020%",
    "the 1990s, 3M and 10:30",
    "percentage of respondents",
    "one third",
    "one in three years",
    "in one quarter of 2024",
]


@pytest.mark.parametrize("case", CASES, ids=[c.text for c in CASES])
def test_percent(case: PercentCase) -> None:
    found = parse_percent_all(case.text)
    got = [(p.text, p.value, p.kind, p.range, p.qualifier) for p in found]
    expected = [(e.text, Decimal(e.value), e.kind, e.range, e.qualifier) for e in case.expected]
    assert got == expected
    for percent in found:
        assert case.text[percent.start : percent.end] == percent.text


@pytest.mark.parametrize("text", NOT_PERCENT)
def test_not_percent(text: str) -> None:
    assert parse_percent_all(text) == []
