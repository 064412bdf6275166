"""Reporting periods: "Q3 2025", "the third quarter", "fiscal 2024", "quarterly", "4TH QTR",
"Six mths", "the year-ago quarter" and "for the years ended December 31, 2019 and 2020".
Pure functions, no spaCy.

A period is read into its kind (quarter, half, nine months, year, month, two months), the
quarter or half it names, its year where the text gives one, whether it is a fiscal period,
and whether it is relative to the period being reported ("the year-ago quarter" is prior,
"the latest quarter" current). Years that the text leaves out are filled in later, from the
article (:mod:`extractor.facts.timeline`).

>>> grammar = period_grammar()
>>> [(p.text, p.kind, p.labels) for p in grammar.find("third-quarter revenue of 2025 and Q4 25")]
[('third-quarter', 'quarter', ('Q3',)), ('Q4 25', 'quarter', ('Q4 2025',))]
>>> [(p.kind, p.labels) for p in grammar.find("for the years ended December 31, 2019 and 2020")]
[('year', ('FY2019', 'FY2020'))]
>>> [(p.text, p.labels) for p in grammar.find("a quarterly loss; fiscal 2024; H1 2025")]
[('quarterly', ()), ('fiscal 2024', ('FY2024',)), ('H1 2025', ('H1 2025',))]
>>> [p.labels for p in grammar.find("for fiscal 2021, 2020, and 2019; $87 million in 2020")]
[('FY2021', 'FY2020', 'FY2019'), ('FY2020',)]
>>> [p.labels for p in grammar.find("in the first, second and third quarters of 2024")]
[('Q1 2024', 'Q2 2024', 'Q3 2024')]
>>> [(p.text, p.labels) for p in grammar.find("Q3 FY2025 and the 1986 fourth quarter")]
[('Q3 FY2025', ('Q3 FY2025',)), ('1986 fourth quarter', ('Q4 1986',))]
>>> [(p.text, p.labels) for p in grammar.find("1986/87 net; the year ending March\\n31, 1988")]
[('1986/87', ('FY1987',)), ('the year ending March\\n31, 1988', ('FY1988',))]
>>> [(p.text, p.relative) for p in grammar.find("4TH QTR NET, up from the year-ago quarter")]
[('4TH QTR', None), ('the year-ago quarter', 'prior')]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..amounts.numbers import alternation
from ..lexicon import Lexicon, PeriodRow, load_lexicon
from ..spans import reach

_UNITS = {
    "year": "year",
    "years": "year",
    "quarter": "quarter",
    "quarters": "quarter",
    "three months": "quarter",
    "six months": "half",
    "nine months": "nine months",
    "twelve months": "year",
    "52 weeks": "year",
    "53 weeks": "year",
}
_ORDINALS = ("first", "second", "third", "fourth")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTH_NAMES = "|".join(m.capitalize() for m in MONTHS)


@dataclass(frozen=True)
class PeriodPart:
    """One period of a phrase: "the first, second and third quarters of 2024" has three."""

    number: int | None = None
    year: int | None = None


@dataclass(frozen=True)
class FoundPeriod:
    """A period named in text. ``kind`` is None for "the same period" (the article's kind)."""

    start: int
    end: int
    text: str
    kind: str | None
    parts: tuple[PeriodPart, ...] = (PeriodPart(),)
    relative: str | None = None
    fiscal: bool = False
    #: The month a period ends in, where the text gives it ("the quarter ended June 30").
    month: int | None = None
    #: Where the year comes from once it is known: the text, or the publication date.
    year_source: str | None = None

    @property
    def number(self) -> int | None:
        return self.parts[0].number if self.parts else None

    @property
    def year(self) -> int | None:
        return self.parts[0].year if self.parts else None

    @property
    def labels(self) -> tuple[str, ...]:
        """One label per part, where the part can be labelled: "Q3 2025", "FY2024", "Q3"."""
        found = (label(self.kind, p.number, p.year, fiscal=self.fiscal) for p in self.parts)
        return tuple(x for x in found if x)


def label(kind: str | None, number: int | None, year: int | None, *, fiscal: bool) -> str | None:
    """The normalised label of a period.

    >>> label("quarter", 3, 2025, fiscal=True), label("half", 1, 2025, fiscal=False)
    ('Q3 FY2025', 'H1 2025')
    >>> label("nine months", None, 2024, fiscal=False), label("year", None, 2026, fiscal=True)
    ('9M 2024', 'FY2026')
    >>> label("quarter", 3, None, fiscal=False), label("year", None, None, fiscal=False)
    ('Q3', None)
    """
    suffix = "" if year is None else (f" FY{year}" if fiscal else f" {year}")
    if kind in ("quarter", "half") and number is not None:
        return f"{'Q' if kind == 'quarter' else 'H'}{number}{suffix}"
    if kind == "nine months" and year is not None:
        return f"9M {year}"
    if kind == "year" and year is not None:
        return f"FY{year}"
    return None


class PeriodGrammar:
    """The period phrases of one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(PeriodRow)
        self._rows = {_key(row.text): row for row in rows}
        words = alternation((row.text, False) for row in rows)
        year = r"(?:19|20)\d{2}"
        starts = {row.text[0].casefold() for row in rows} | set("qh9ft") | set("0123456789")
        starts |= {name[0] for name in MONTHS}
        first = "".join(sorted(re.escape(c) + re.escape(c.upper()) for c in starts))
        self.pattern = re.compile(
            rf"""(?=[{first}])(?<![\w-])  # a period starts with one of these: a fast test
            (?:
                # Q3, Q3 2025, Q3 FY25, Q3'25; 3Q25; H1 2025; 9M 2024
                Q(?P<q>[1-4])(?:[ ]?(?P<q_fy>FY[ ]?)?'?(?P<q_year>\d{{4}}|\d{{2}}))?
              | (?P<nq>[1-4])Q(?:[ ]?(?P<nq_fy>FY[ ]?)?(?P<nq_year>\d{{4}}|\d{{2}}))?
              | H(?P<h>[12])(?:[ ]?(?P<h_fy>FY[ ]?)?'?(?P<h_year>\d{{4}}|\d{{2}}))?
              | 9M(?:[ ]?(?P<nm_year>\d{{4}}|\d{{2}}))?
                # FY2024, fiscal 2024, fiscal year 2024, FY25 Q3, fiscal 2021, 2020, and 2019
              | (?P<fy_word>(?i:FY|fiscal(?:[ ]year)?|financial[ ]year))[ ]?'?
                (?P<fy>\d{{4}}|\d{{2}})
                (?:[ ](?P<fy_q>Q[1-4]|H[12]|(?i:first|second|third|fourth)[ -](?i:quarter|half)))?
                (?P<fy_more>(?:(?:,[ ]?|,?[ ]and[ ])(?:FY[ ]?)?{year}){{0,5}})
                # for the (fiscal) quarter ended June 30, 2024
              | (?i:(?:for\s)?(?:the\s)?(?:fiscal\s)?)
                (?P<unit>(?i:years?|quarters?|(?:three|six|nine|twelve)\smonths|5[23]\sweeks))
                \s(?i:ended|ending)\s(?P<month>[A-Z][a-z]{{2,8}})\.?\s\d{{1,2}},?\s
                (?P<years>{year}(?:(?:,[ ]?|,?[ ]and[ ]){year}){{0,5}})
                # a fiscal year across two calendar years: 1986/87, 2025/26
              | (?P<split_from>{year})/(?P<split_to>\d{{2}}|{year})(?![\d/])
                # the 1986 fourth quarter, fourth quarter of fiscal 2025, 4TH QTR, six mths
              | (?:(?P<pre_year>{year})(?:['’]s)?[ ])?(?P<pre_fiscal>(?i:fiscal)[ ])?
                (?P<word>{words})
                (?:[ ](?:(?i:of|ended|ending)[ ])?(?P<word_fiscal>(?i:fiscal|FY)[ ]?)?
                   (?P<word_year>{year}))?
                # in 2019, for 2019 and 2020
              | (?<=(?i:\b(?:in|for|during|throughout))[ ])
                (?P<years_only>{year}(?:(?:,[ ]?|,?[ ]and[ ]){year}){{0,5}})
                (?![ ]?(?:%|\d|(?i:percent|per[ ]cent|pct)\b))
                # the first, second and third quarters of 2024
              | (?i:the[ ])?(?P<ordinals>(?i:first|second|third|fourth)
                (?:(?:,[ ]|,?[ ]and[ ])(?i:first|second|third|fourth)){{1,3}})
                [ ](?P<ord_unit>(?i:quarters|halves))
                (?:[ ](?:of[ ])?(?P<ord_year>{year}))?
                # March 2025, for February: a month
              | (?<=(?i:\b(?:in|for|during))[ ])(?P<month_word>{_MONTH_NAMES})
                (?:[ ](?P<month_year>{year}))?(?![ ]?\d)
            )(?![\w-])""",
            re.VERBOSE,
        )

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[FoundPeriod]:
        """Every period named in ``text[start:end]``, in order."""
        found = []
        for match in self.pattern.finditer(text, start, len(text) if end is None else end):
            period = self._read(match)
            if period is not None:
                found.append(period)
        return found

    def _read(self, match: re.Match[str]) -> FoundPeriod | None:
        g = match.groupdict()
        kind: str | None
        parts: tuple[PeriodPart, ...] = (PeriodPart(),)
        relative = None
        fiscal = False
        month = None
        if g["q"] or g["nq"]:
            kind, fiscal = "quarter", bool(g["q_fy"] or g["nq_fy"])
            parts = (PeriodPart(int(g["q"] or g["nq"]), _year(g["q_year"] or g["nq_year"])),)
        elif g["h"]:
            kind, fiscal = "half", bool(g["h_fy"])
            parts = (PeriodPart(int(g["h"]), _year(g["h_year"])),)
        elif match.group().upper().startswith("9M"):
            kind, parts = "nine months", (PeriodPart(None, _year(g["nm_year"])),)
        elif g["fy"]:
            fiscal = True
            years = [_year(g["fy"]), *(int(y) for y in re.findall(r"\d{4}", g["fy_more"]))]
            kind, parts = "year", tuple(PeriodPart(None, y) for y in years)
            if g["fy_q"]:
                kind, number = _quarter_or_half(g["fy_q"])
                parts = (PeriodPart(number, years[0]),)
        elif g["ordinals"]:
            kind = "quarter" if g["ord_unit"].casefold() == "quarters" else "half"
            year = _year(g["ord_year"])
            parts = tuple(
                PeriodPart(_ORDINALS.index(w.casefold()) + 1, year)
                for w in re.findall(r"\w+", g["ordinals"])
                if w.casefold() in _ORDINALS
            )
        elif g["split_from"]:
            start_year = int(g["split_from"])
            to = g["split_to"]
            end_year = int(to) if len(to) == 4 else start_year // 100 * 100 + int(to)
            if end_year < start_year:
                end_year += 100
            kind, fiscal, parts = "year", True, (PeriodPart(None, end_year),)
        elif g["years_only"]:
            kind = "year"
            parts = tuple(PeriodPart(None, int(y)) for y in re.findall(r"\d{4}", g["years_only"]))
        elif g["unit"]:
            kind = _UNITS[_key(g["unit"])]
            month = _month(g["month"])
            parts = tuple(_ended(kind, month, int(y)) for y in re.findall(r"\d{4}", g["years"]))
        elif g["month_word"]:
            kind, month = "month", _month(g["month_word"])
            parts = (PeriodPart(month, _year(g["month_year"])),)
        else:
            row = self._rows.get(_key(g["word"]))
            if row is None or (_key(g["word"]) == "half" and _fraction(match)):
                return None
            kind, relative = row.kind, row.relative
            fiscal = row.fiscal or bool(g["pre_fiscal"] or g["word_fiscal"])
            parts = (PeriodPart(row.ordinal, _year(g["word_year"] or g["pre_year"])),)
        return FoundPeriod(
            match.start(), match.end(), match.group(), kind, parts, relative, fiscal, month
        )


#: "half" as a fraction, not a half-year: "less than half its forecast", "half of sales".
_FRACTION_BEFORE = re.compile(
    r"(?i:\b(?:than|about|nearly|almost|roughly|some|over|under|by|around|just|in)\s++)\Z"
)
_FRACTION_AFTER = re.compile(r"\s++(?i:of|its|their|his|her|our|a|an)\b")


def _fraction(match: re.Match[str]) -> bool:
    text = match.string
    return bool(
        _FRACTION_BEFORE.search(text, max(0, match.start() - 20), match.start())
        or _FRACTION_AFTER.match(text, match.end(), reach(text, match.end(), words=1, chars=6))
    )


def _quarter_or_half(text: str) -> tuple[str, int]:
    """ "Q3" -> ("quarter", 3); "first half" -> ("half", 1)."""
    head = text[:1].upper()
    if head in "QH" and text[1:2].isdigit():
        return ("quarter" if head == "Q" else "half"), int(text[1])
    word, unit = re.split(r"[ -]", text.casefold(), maxsplit=1)
    return ("quarter" if unit == "quarter" else "half"), _ORDINALS.index(word) + 1


def _ended(kind: str, month: int | None, year: int) -> PeriodPart:
    """ "the quarter ended June 30, 2024" -> Q2 2024: calendar quarters and halves."""
    number = month or 12
    if kind == "quarter":
        return PeriodPart((number + 2) // 3, year)
    if kind == "half":
        return PeriodPart(1 if number <= 6 else 2, year)
    return PeriodPart(None, year)


def _month(name: str | None) -> int | None:
    if not name:
        return None
    prefix = name[:3].casefold()
    return next((n for n, m in enumerate(MONTHS, start=1) if m.startswith(prefix)), None)


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


def _year(text: str | None) -> int | None:
    if not text:
        return None
    return int(text) if len(text) == 4 else 2000 + int(text)


@lru_cache(maxsize=4)
def period_grammar(extra_patterns: tuple[str, ...] = ()) -> PeriodGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return PeriodGrammar(load_lexicon(extra_patterns))
