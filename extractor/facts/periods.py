"""Reporting periods: "Q3 2025", "the third quarter", "fiscal 2024", "quarterly", and
"for the years ended December 31, 2019 and 2020". Pure functions, no spaCy.

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
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..lexicon import Lexicon, PeriodRow, load_lexicon
from ..normalize.numbers import alternation

_UNITS = {
    "year": "year",
    "years": "year",
    "quarter": "quarter",
    "quarters": "quarter",
    "three months": "quarter",
    "six months": "half",
    "nine months": "nine months",
    "twelve months": "year",
}


@dataclass(frozen=True)
class FoundPeriod:
    """A period named in text; ``labels`` has one label per year it names, or none."""

    start: int
    end: int
    text: str
    kind: str
    labels: tuple[str, ...]


class PeriodGrammar:
    """The period phrases of one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(PeriodRow)
        self._rows = {" ".join(row.text.casefold().split()): row for row in rows}
        words = alternation((row.text, False) for row in rows)
        self.pattern = re.compile(
            rf"""(?<![\w-])(?:
                Q(?P<q>[1-4])(?:[ ]?(?:FY[ ]?)?'?(?P<q_year>\d{{4}}|\d{{2}}))?
              | (?P<nq>[1-4])Q(?P<nq_year>\d{{4}}|\d{{2}})?
              | H(?P<h>[12])(?:[ ]?(?:FY[ ]?)?'?(?P<h_year>\d{{4}}|\d{{2}}))?
              | 9M(?:[ ]?(?P<nm_year>\d{{4}}|\d{{2}}))?
              | (?i:FY|fiscal(?:[ ]year)?|financial[ ]year)[ ]?'?(?P<fy>\d{{4}}|\d{{2}})
                (?P<fy_more>(?:(?:,[ ]?|,?[ ]and[ ])(?:FY[ ]?)?(?:19|20)\d{{2}}){{0,5}})
              | (?<=(?i:\b(?:in|for|during|throughout))[ ])
                (?P<years_only>(?:19|20)\d{{2}}(?:(?:,[ ]?|,?[ ]and[ ])(?:19|20)\d{{2}}){{0,5}})
                (?![ ]?(?:%|\d|(?i:percent|per[ ]cent)\b))
              | (?i:(?:for[ ])?the[ ](?:fiscal[ ])?)
                (?P<unit>(?i:years?|quarters?|(?:three|six|nine|twelve)[ ]months))
                [ ](?i:ended|ending)[ ](?P<month>[A-Z][a-z]{{2,8}})\.?[ ]\d{{1,2}},[ ]
                (?P<years>\d{{4}}(?:(?:,[ ]?|,?[ ]and[ ])\d{{4}}){{0,5}})
              | (?i:the[ ])?(?P<ordinals>(?i:first|second|third|fourth)
                (?:(?:,[ ]|,?[ ]and[ ])(?i:first|second|third|fourth)){{1,3}})
                [ ](?P<ord_unit>(?i:quarters|halves))
                (?:[ ](?:of[ ])?(?P<ord_year>(?:19|20)\d{{2}}))?
              | (?P<word>{words})
                (?:[ ](?:of[ ])?(?:(?i:fiscal)[ ])?(?P<word_year>(?:19|20)\d{{2}}))?
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
        groups = match.groupdict()
        kind: str
        labels: tuple[str, ...] = ()
        if groups["q"] or groups["nq"]:
            number = groups["q"] or groups["nq"]
            kind, labels = "quarter", (_label(f"Q{number}", groups["q_year"] or groups["nq_year"]),)
        elif groups["h"]:
            kind, labels = "half", (_label(f"H{groups['h']}", groups["h_year"]),)
        elif match.group().upper().startswith("9M"):
            kind, labels = "nine months", (_label("9M", groups["nm_year"]),)
        elif groups["fy"]:
            more = re.findall(r"\d{4}", groups["fy_more"])
            kind, labels = "year", (f"FY{_year(groups['fy'])}", *(f"FY{year}" for year in more))
        elif groups["ordinals"]:
            kind = "quarter" if groups["ord_unit"].casefold() == "quarters" else "half"
            prefix = "Q" if kind == "quarter" else "H"
            labels = tuple(
                _label(f"{prefix}{_ORDINALS.index(word.casefold()) + 1}", groups["ord_year"])
                for word in re.findall(r"\w+", groups["ordinals"])
                if word.casefold() in _ORDINALS
            )
        elif groups["years_only"]:
            kind = "year"
            labels = tuple(f"FY{year}" for year in re.findall(r"\d{4}", groups["years_only"]))
        elif groups["unit"]:
            kind = _UNITS[" ".join(groups["unit"].casefold().split())]
            years = re.findall(r"\d{4}", groups["years"])
            labels = tuple(_ended_label(kind, groups["month"], year) for year in years)
        else:
            row = self._rows.get(" ".join(groups["word"].casefold().split()))
            if row is None:
                return None
            kind = row.kind
            year = groups["word_year"]
            if row.ordinal is not None:
                prefix = "Q" if kind == "quarter" else "H"
                labels = (_label(f"{prefix}{row.ordinal}", year),)
            elif kind == "year" and year:
                labels = (f"FY{year}",)
        return FoundPeriod(match.start(), match.end(), match.group(), kind, labels)


_ORDINALS = ("first", "second", "third", "fourth")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _ended_label(kind: str, month: str, year: str) -> str:
    """ "the quarter ended June 30, 2024" -> "Q2 2024": calendar quarters and halves."""
    number = _MONTHS.index(month[:3].casefold()) + 1 if month[:3].casefold() in _MONTHS else 12
    if kind == "quarter":
        return f"Q{(number + 2) // 3} {year}"
    if kind == "half":
        return f"H{1 if number <= 6 else 2} {year}"
    if kind == "nine months":
        return f"9M {year}"
    return f"FY{year}"


def _year(text: str) -> str:
    return text if len(text) == 4 else f"20{text}"


def _label(prefix: str, year: str | None) -> str:
    return f"{prefix} {_year(year)}" if year else prefix


@lru_cache(maxsize=4)
def period_grammar(extra_patterns: tuple[str, ...] = ()) -> PeriodGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return PeriodGrammar(load_lexicon(extra_patterns))
