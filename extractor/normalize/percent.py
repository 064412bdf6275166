"""Percentages, percentage points and basis points. Pure functions, no spaCy.

Values are in percentage points: "117%" is 117, "50bps" is 0.5. A range ("5.25%-5.5%") is one
quantity with its two ends and, as its value, their midpoint.

>>> [(p.text, str(p.value), p.kind) for p in parse_percent_all("up 117% after 50bps, or 5pc")]
[('117%', '117', 'percent'), ('50bps', '0.5', 'basis_points'), ('5pc', '5', 'percent')]
>>> [(p.text, p.low, p.high, p.value) for p in parse_percent_all("a range of 5.25%-5.5%")]
[('5.25%-5.5%', Decimal('5.25'), Decimal('5.5'), Decimal('5.375'))]
>>> [(p.text, p.value) for p in parse_percent_all("fell 4 per cent, -4%, minus five percent")]
[('4 per cent', Decimal('4')), ('-4%', Decimal('-4')), ('minus five percent', Decimal('-5'))]
>>> parse_percent_all("COVID-19 hit Q3 in 2020, the S&P 500 and the G7")
[]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex as re

from ..lexicon import Lexicon, PercentUnitRow, load_lexicon
from .numbers import DIGITS, NotANumber, NumberWords, alternation, parse_digits
from .quantity import Qualifiers, Quantity, bare_first_end, change_before, link_ranges, merge_ranges

#: Basis points are hundredths of a percentage point.
_FACTORS = {
    "percent": Decimal(1),
    "percentage_points": Decimal(1),
    "basis_points": Decimal("0.01"),
}


class PercentGrammar:
    """The compiled percent grammar of one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(PercentUnitRow)
        self.words = NumberWords.from_lexicon(lexicon)
        self.qualifiers = Qualifiers(lexicon)
        self._units = {
            (row.text if row.case_sensitive else row.text.casefold()): row for row in rows
        }
        symbols = alternation((r.text, r.case_sensitive) for r in rows if not r.text[0].isalpha())
        spaced = alternation(
            (r.text, r.case_sensitive) for r in rows if r.text[0].isalpha() and not r.attached
        )
        tight = alternation((r.text, r.case_sensitive) for r in rows if r.attached)
        unit = rf"""(?:
                \s?+(?P<symbol>{symbols})(?!\w)                 # "117%", "27 %"; not "%2D"
              | (?P<tight>{tight})(?![^\W\d_])                   # "5pc"
              | \s?+(?P<word>{spaced})(?![^\W\d_])               # "5 per cent", "50bps"
            )"""
        self.digit_percent = re.compile(
            rf"""
            (?=[-−–+]?\.?\d)
            (?P<sign>(?<![\w%).,])[-−–+])?
            (?<![\w.,%/=&?#@])                             # not inside a word, URL or number
            (?P<num>{DIGITS})
            {unit}
            """,
            re.VERBOSE,
        )
        self.word_percent = re.compile(
            rf"""
            (?:(?P<minus>(?i:minus|negative))\s++)?
            (?P<words>{self.words.pattern})
            (?:\s++(?i:of\s++)?(?i:a|an)(?=\s))?             # "half a percentage point"
            {unit}
            """,
            re.VERBOSE,
        )
        self.inverted_percent = re.compile(
            rf"(?<![\w.,%]\s*+)(?P<word>(?i:per\s?cent|percents?))\s++(?i:of)\s++(?P<words>{self.words.pattern})"
        )
        self._word_start = re.compile(
            rf"(?<![^\W\d_])(?:(?i:minus|negative)\s++)?{self.words.pattern}"
        )
        self.change_before = change_before(lexicon)
        self.bare_first_end = bare_first_end("(?!)")
        self._word_run = re.compile(self.words.pattern)

    def find(self, text: str, *, word_anchors: Sequence[int] | None = None) -> list[Quantity]:
        """Every percentage in ``text``, in order."""
        found: list[Quantity] = []
        for match in self.digit_percent.finditer(text):
            try:
                number = parse_digits(match.group("num"))
            except NotANumber:
                continue
            found.append(self._quantity(match, match.group("num"), number))
        found.extend(self._from_words(text, word_anchors))
        found.extend(self._inverted(text, found))
        found.sort(key=lambda q: q.start)
        found = link_ranges(
            text,
            found,
            bare=self.bare_first_end,
            scale_of=lambda _: Decimal(1),
            change=self.change_before,
        )
        self.qualifiers.attach(text, found)
        return merge_ranges(found)

    def _from_words(self, text: str, anchors: Sequence[int] | None) -> list[Quantity]:
        if anchors is None:
            anchors = [m.start() for m in self._word_start.finditer(text)]
        found: list[Quantity] = []
        reached = 0
        for anchor in anchors:
            # an anchor at "five" may follow "minus": look back one word for it
            start = anchor
            before = text.rfind(" ", 0, max(0, anchor - 1))
            if text[before + 1 : anchor].strip().casefold() in ("minus", "negative"):
                start = before + 1
            if start < reached:
                continue
            run = self._word_run.match(text, anchor)
            reached = run.end() if run else anchor  # later anchors in this run are inside it
            first = self.words.article_before(text, anchor) if start == anchor else start
            match = self.word_percent.match(text, first)
            if match is None and first != start:  # "a five percent": the article is no part of it
                match = self.word_percent.match(text, start)
            if match is None:
                continue
            number = self.words.parse(match.group("words"))
            if number is None:
                continue
            found.append(self._quantity(match, match.group("words"), number))
            reached = match.end()
        return found

    def _inverted(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """ "per cent of twenty-two": the percent word first, its number after."""
        taken = [(q.start, q.end) for q in found]
        result: list[Quantity] = []
        for match in self.inverted_percent.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            number = self.words.parse(match.group("words"))
            if number is not None:
                result.append(self._quantity(match, match.group("words"), number))
        return result

    def _quantity(self, match: re.Match[str], amount_text: str, number: Decimal) -> Quantity:
        groups = match.groupdict()
        unit_text = groups.get("symbol") or groups.get("tight") or groups["word"]
        row = self._units.get(unit_text) or self._units[" ".join(unit_text.casefold().split())]
        negative = groups.get("sign") in ("-", "−", "–") or bool(groups.get("minus"))
        return Quantity(
            start=match.start(),
            end=match.end(),
            number=number,
            amount_text=amount_text,
            scale=None,
            factor=_FACTORS[row.kind],
            negative=negative,
            unit=row.kind,
            unit_text=unit_text,
            rule=f"percent:{row.id}",
        )


@lru_cache(maxsize=4)
def percent_grammar(extra_patterns: tuple[str, ...] = ()) -> PercentGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return PercentGrammar(load_lexicon(extra_patterns))


@dataclass(frozen=True)
class ParsedPercent:
    """A percentage found in a string, in percentage points."""

    text: str
    start: int
    end: int
    value: Decimal
    kind: str
    low: Decimal | None
    high: Decimal | None


def parse_percent_all(text: str) -> list[ParsedPercent]:
    """Every percentage in ``text``, normalised."""
    return [
        ParsedPercent(
            text=text[q.start : q.end],
            start=q.start,
            end=q.end,
            value=q.value,
            kind=q.unit or "percent",
            low=q.low,
            high=q.high,
        )
        for q in percent_grammar().find(text)
    ]


def parse_percent(text: str) -> ParsedPercent | None:
    """The first percentage in ``text``, or None.

    >>> found = parse_percent("12.5 percent")
    >>> found.text, found.value, found.kind
    ('12.5 percent', Decimal('12.5'), 'percent')
    """
    found = parse_percent_all(text)
    return found[0] if found else None
