"""Percentages, percentage points and basis points. Pure functions, no spaCy.

Each value is in its own unit: "117%" is 117 percent, "50bps" is 50 basis points, "2
percentage points" is 2. A range ("5.25%-5.5%", "8-14%") is two quantities marked low and
high, the unit written once for both. A share written as a ratio or a fraction ("one in
two", "one out of three", "1/4 of") is a percentage too.

>>> [(p.text, str(p.value), p.kind) for p in parse_percent_all("up 117% after 50bps, or 5pc")]
[('117%', '117', 'percent'), ('50bps', '50', 'basis_points'), ('5pc', '5', 'percent')]
>>> [(p.text, p.value, p.range) for p in parse_percent_all("a range of 8-14%")]
[('8', Decimal('8'), 'low'), ('14%', Decimal('14'), 'high')]
>>> [(p.text, p.value) for p in parse_percent_all("fell 4 per cent, -4%, minus five percent")]
[('4 per cent', Decimal('4')), ('-4%', Decimal('-4')), ('minus five percent', Decimal('-5'))]
>>> [(p.text, p.value) for p in parse_percent_all("a margin of (12.5)%; one in four")]
[('(12.5)%', Decimal('-12.5')), ('one in four', Decimal('25'))]
>>> parse_percent_all("COVID-19 hit Q3 in 2020, the S&P 500 and the G7")
[]
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, localcontext
from functools import lru_cache

import regex as re

from ..amounts.numbers import (
    DIGITS,
    NotANumber,
    NumberWords,
    alternation,
    parse_digits,
    strip_zeros,
)
from ..amounts.quantity import Qualifiers, Quantity, bare_first_end, change_before, link_ranges
from ..lexicon import Lexicon, PercentUnitRow, load_lexicon

#: Significant digits of a share that does not end ("one out of three": 33.3333333333333).
_SHARE_DIGITS = 15

#: The fractions of "one quarter of", "two thirds of", by their denominator.
_DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
    "fourths": 4, "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip

#: Time units after "one in three": "one in three years" is no share.
_TIME_AFTER = r"(?i:years?|months?|weeks?|days?|hours?|decades?|quarters?|centuries|century)"


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
                \s?+(?P<symbol>{symbols})                  # "117%", "27 %"; not "%2D", but
                    (?:(?!\w)|(?=\p{{Lu}}\p{{Ll}})|(?=\d(?![\dA-Fa-f])))  # "5%The", "12%1"
              | (?P<tight>{tight})(?![^\W\d_])                   # "5pc"
              | \s?+(?P<word>{spaced})(?![^\W\d_])               # "5 per cent", "50bps"
            )"""
        self.digit_percent = re.compile(
            rf"""
            (?=[-−–(]?\.?\d)
            (?P<sign>(?<![\w%).,])[-−–])?                   # "-4%"; "+4%" is 4%, no "+"
            (?P<paren>\(\s?)?                                # "(12.5)%": a negative
            (?<![\w.,%/=&?#@])                             # not inside a word, URL or number
            (?P<num>{DIGITS})
            (?(paren)\s?\))
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
            rf"""(?<![\w.,%]\s*+)(?P<word>(?i:per\s?cent|percents?))\s++(?i:of)\s++
            (?:(?P<words>{self.words.pattern})|(?P<num>\d{{1,3}}+(?:\.\d++)?+)(?![\d.,]?\w))""",
            re.VERBOSE,
        )
        # one number word or a few digits: a run of number words tried at every word of a
        # long run of them would be quadratic
        one_word = alternation(
            (text, False) for text, row in self.words.table.items() if row.role != "article"
        )
        number = rf"(?:{one_word}(?![^\W\d_])|\d{{1,3}}+(?![\d.,]\d))"
        #: A share as a ratio ("one in two", "3 out of 4") or a fraction ("one quarter of",
        #: "1/4 of"): the share of a whole, as a percentage.
        self.share = re.compile(
            rf"""(?<![\w.,/])(?:
                (?P<part>{number})\s++(?:(?i:in)|(?i:out)\s++(?i:of))\s++
                (?P<whole>{number})(?!\s++{_TIME_AFTER}|[\d.,]?\d|\s*+[%])
              | (?P<numerator>(?i:one|two|three|\d{{1,2}}+))
                (?:\s++(?P<fraction>{alternation((f, False) for f in _DENOMINATORS)})
                  | /(?P<denominator>\d{{1,3}}+))
                \s++(?i:of)(?![^\W\d_])
                (?!\s++(?:(?:the|this|last|next|fiscal)\s++)?(?i:year|(?:19|20)\d\d))
            )""",
            re.VERBOSE,
        )
        self._word_start = re.compile(
            rf"(?<![^\W\d_])(?:(?i:minus|negative)\s++)?{self.words.pattern}"
        )
        #: Digits that may start a share: "1 in 5", "3 out of 4", "1/4 of".
        self._share_digits = re.compile(r"(?<![\w.,/])\d{1,3}+(?=\s++(?i:in|out)\s|/\d)")
        self.change_before = change_before(lexicon)
        self.bare_first_end = bare_first_end("(?!)", self.words)
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
        if word_anchors is None:
            word_anchors = [m.start() for m in self._word_start.finditer(text)]
        found.extend(self._from_words(text, word_anchors))
        found.extend(self._inverted(text, found))
        found.extend(self._shares(text, found, word_anchors))
        found.sort(key=lambda q: q.start)
        found = link_ranges(
            text,
            found,
            bare=self.bare_first_end,
            scale_of=lambda _: Decimal(1),
            change=self.change_before,
            words=self.words,
        )
        self.qualifiers.attach(text, found)
        return found

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
        taken = _Taken(found)
        result: list[Quantity] = []
        for match in self.inverted_percent.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            written = match.group("words") or match.group("num")
            number = self.words.parse(written) if match.group("words") else Decimal(written)
            if number is not None:
                result.append(self._quantity(match, written, number))
        return result

    def _shares(
        self, text: str, found: list[Quantity], word_anchors: Sequence[int]
    ) -> list[Quantity]:
        """ "one in two" is 50 percent, "one quarter of" 25, "one out of three" 33.33...

        Tried only at number words and at digits followed by "in", "out of" or "/".
        """
        taken = _Taken(found)
        starts = sorted({*word_anchors, *(m.start() for m in self._share_digits.finditer(text))})
        result: list[Quantity] = []
        reached = 0
        for start in starts:
            match = self.share.match(text, start) if start >= reached else None
            if match is None or taken.overlaps(match.start(), match.end()):
                continue
            share = self._share_value(match)
            if share is None:
                continue
            reached = match.end()
            result.append(
                Quantity(
                    start=match.start(),
                    end=match.end(),
                    number=share,
                    amount_text=match.group(),
                    scale=None,
                    factor=Decimal(1),
                    negative=False,
                    unit="percent",
                    unit_text="",
                    rule="percent:share",
                )
            )
        return result

    def _share_value(self, match: re.Match[str]) -> Decimal | None:
        if match.group("part"):
            part, whole = self._number(match.group("part")), self._number(match.group("whole"))
        else:
            part = self._number(match.group("numerator"))
            fraction = match.group("fraction")
            if fraction is not None:
                whole = Decimal(_DENOMINATORS[fraction.casefold()])
            else:
                whole = self._number(match.group("denominator"))
        if part is None or whole is None or not 0 < part <= whole:
            return None
        with localcontext() as ctx:
            ctx.prec = _SHARE_DIGITS
            return strip_zeros(part * 100 / whole)

    def _number(self, written: str) -> Decimal | None:
        return Decimal(written) if written.isdigit() else self.words.parse(written)

    def _quantity(self, match: re.Match[str], amount_text: str, number: Decimal) -> Quantity:
        groups = match.groupdict()
        unit_text = groups.get("symbol") or groups.get("tight") or groups["word"]
        row = self._units.get(unit_text) or self._units[" ".join(unit_text.casefold().split())]
        negative = groups.get("sign") in ("-", "−", "–") or bool(groups.get("minus"))
        negative = negative or bool(groups.get("paren"))
        return Quantity(
            start=match.start(),
            end=match.end(),
            number=number,
            amount_text=amount_text,
            scale=None,
            factor=Decimal(1),
            negative=negative,
            unit=row.kind,
            unit_text=unit_text,
            rule=f"percent:{row.id}",
        )


class _Taken:
    """The spans of quantities already found, to test a new one for overlap in log time."""

    def __init__(self, found: Sequence[Quantity]) -> None:
        spans = sorted((q.start, q.end) for q in found)
        self._starts = [start for start, _ in spans]
        self._ends = [end for _, end in spans]
        self._longest = max((end - start for start, end in spans), default=0)

    def overlaps(self, start: int, end: int) -> bool:
        first = bisect.bisect_left(self._starts, start - self._longest)
        last = bisect.bisect_left(self._starts, end)
        return any(self._ends[i] > start for i in range(first, last))


@lru_cache(maxsize=4)
def percent_grammar(extra_patterns: tuple[str, ...] = ()) -> PercentGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return PercentGrammar(load_lexicon(extra_patterns))


@dataclass(frozen=True)
class ParsedPercent:
    """A percentage found in a string, in the unit of its kind."""

    text: str
    start: int
    end: int
    value: Decimal
    kind: str
    range: str | None = None
    qualifier: str | None = None


def parse_percent_all(text: str) -> list[ParsedPercent]:
    """Every percentage in ``text``, normalised."""
    return [
        ParsedPercent(
            text=text[q.start : q.end],
            start=q.start,
            end=q.end,
            value=q.value,
            kind=q.unit or "percent",
            range=q.range,
            qualifier=q.qualifier,
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
