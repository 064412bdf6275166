"""What money and percentages share: the found quantity, and the passes that read its context.

The passes run over the quantities of one text in order:

* :func:`link_ranges` pairs the two ends of "$5-$6 billion", "between 5% and 6%" or
  "5-6 billion dollars", giving a bare first number the unit and scale of the second;
* :func:`attach_qualifiers` reads "about", "more than", "up to" before an amount.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex as re

from ..lexicon import Lexicon, QualifierRow, TrendRow
from ..types import QualifierMeaning, RangeRole
from .numbers import DIGITS, NotANumber, alternation, parse_digits, scaled


@dataclass
class Quantity:
    """An amount found in text, before it becomes a record. Offsets are into the text."""

    start: int
    end: int
    number: Decimal
    amount_text: str
    #: The multiplier of a written scale word ("million"), or None when there was none.
    scale: Decimal | None
    #: Unit multiplier: 0.01 for cents, 0.01 for basis points in percentage points.
    factor: Decimal
    negative: bool
    unit: str | None
    unit_text: str
    rule: str
    #: The family a minor unit belongs to ("cent"), for the context pass.
    family: str | None = None
    range: RangeRole | None = None
    qualifier: QualifierMeaning | None = None
    flags: set[str] = field(default_factory=set)
    #: Codes an ambiguous unit may stand for, when ``unit`` is None.
    candidates: tuple[str, ...] = ()
    #: Set on a range given as one quantity: its two ends, in the unit of ``value``.
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def value(self) -> Decimal:
        sign = Decimal(-1) if self.negative else Decimal(1)
        return scaled(sign, self.number, self.scale or Decimal(1), self.factor)


#: Separators between the two ends of a range.
_RANGE_SEPARATOR = r"(?:\s*+[-–—]\s*+|\s++(?i:to|and)\s++)"

#: The gap between two found quantities that makes them a range (the first end precedes it).
RANGE_GAP = re.compile(rf"\A{_RANGE_SEPARATOR}\Z")

#: "between" or "from" right before the first end of a range.
RANGE_LEAD = re.compile(r"(?i:\b(?P<lead>between|from))\s++\Z")


def change_before(lexicon: Lexicon) -> re.Pattern[str]:
    """A trend verb shortly before "from": "rose from 5% to 6%" is a change, not a range."""
    verbs = alternation(((row.text, False) for row in lexicon.rows(TrendRow)), backwards=True)
    return re.compile(rf"(?r)(?<![^\W\d_]){verbs}(?:\s++[^\W\d]++){{0,4}}\s++\Z")


def bare_first_end(scales: str) -> re.Pattern[str]:
    """A bare number (with an optional scale) and a range separator, ending where matched.

    Searched in reverse from the start of the second end, so it finds the nearest one.
    """
    return re.compile(
        rf"""(?r)
        (?:(?i:\b(?P<lead>between|from))\s++)?
        (?<![\w.,$£€¥])(?P<num>{DIGITS})
        (?:\s?+(?P<scale>{scales})(?![^\W\d_]))?
        (?P<sep>{_RANGE_SEPARATOR})\Z
        """,
        re.VERBOSE,
    )


def link_ranges(
    text: str,
    found: list[Quantity],
    *,
    bare: re.Pattern[str],
    scale_of: Callable[[str], Decimal],
    change: re.Pattern[str],
    window: int = 48,
) -> list[Quantity]:
    """Mark range ends, and add the bare first end of "5-6 billion dollars"."""
    found = sorted(found, key=lambda q: q.start)
    added: list[Quantity] = []
    for index, second in enumerate(found):
        first = found[index - 1] if index else None
        if first is not None and first.unit == second.unit:
            gap = text[first.end : second.start]
            if RANGE_GAP.match(gap):
                _pair(first, second, gap, _lead(text, first.start, change))
                continue
        lo = max(first.end if first is not None else 0, second.start - window)
        match = bare.search(text, lo, second.start)
        if match is None:
            continue
        scale_text = match.group("scale")
        try:
            number = parse_digits(match.group("num"))
        except NotANumber:
            continue
        if scale_text is None and _looks_like_year(number) and "," not in match.group("num"):
            continue  # "$87 million in 2020 and $92 million in 2019": 2020 is no amount
        start, end = match.span("num")
        if scale_text:
            end = match.end("scale")
        partner = replace(
            second,
            start=start,
            end=end,
            number=number,
            amount_text=match.group("num"),
            scale=scale_of(scale_text) if scale_text else None,
            negative=False,
            unit_text="",
            rule=f"range:{second.rule}",
            range=None,
            qualifier=None,
            flags=set(),
        )
        if partner.value > second.value or (
            "-" in match.group("sep") and match.group("sep").strip() != match.group("sep")
        ):
            continue  # ranges run low to high, and "50 - $2.00" is a price list
        lead = match.group("lead")
        if lead is not None:
            lead = _lead(text, match.start(), change) if lead.casefold() == "from" else lead
        _pair(partner, second, match.group("sep"), lead)
        added.append(partner)
    return sorted(found + added, key=lambda q: q.start)


def _lead(text: str, start: int, change: re.Pattern[str]) -> str | None:
    """ "between", "from" (a range), "change" (from after a trend verb) or None."""
    match = RANGE_LEAD.search(text, max(0, start - 12), start)
    if match is None:
        return None
    lead = str(match.group("lead")).casefold()
    if lead == "from" and change.search(text, max(0, match.start() - 60), match.start()):
        return "change"
    return lead


def _pair(first: Quantity, second: Quantity, separator: str, lead: str | None) -> None:
    word = separator.strip().casefold()
    if word == "and" and lead != "between":
        return
    if first.scale is None and second.scale is not None:
        first.scale = second.scale
    if lead == "change":
        return  # "rose from $5 to $6 billion" is a change, not a range
    first.range, second.range = "low", "high"


def merge_ranges(found: list[Quantity]) -> list[Quantity]:
    """Make each pair of range ends one quantity, valued at its midpoint: "5.25%-5.5%"."""
    merged: list[Quantity] = []
    for quantity in found:
        last = merged[-1] if merged else None
        if last is not None and last.range == "low" and quantity.range == "high":
            low, high = last.value, quantity.value
            merged[-1] = replace(
                quantity,
                start=last.start,
                number=(low + high) / 2 / quantity.factor,
                negative=False,
                amount_text=f"{last.amount_text}-{quantity.amount_text}",
                range=None,
                low=low,
                high=high,
                qualifier=last.qualifier,
            )
            continue
        merged.append(quantity)
    return merged


def _looks_like_year(number: Decimal) -> bool:
    return number == number.to_integral_value() and 1800 <= number <= 2100


class Qualifiers:
    """Hedges and bounds written before an amount."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(QualifierRow)
        self._meaning: dict[str, QualifierMeaning] = {row.key: row.meaning for row in rows}
        words = alternation(((row.text, False) for row in rows), backwards=True)
        self._before = re.compile(rf"(?r)(?<![^\W\d_])(?P<q>{words})\s++\Z")

    def attach(self, text: str, found: Iterable[Quantity]) -> None:
        for quantity in found:
            start = quantity.start
            match = self._before.search(text, max(0, start - 24), start)
            if match:
                key = " ".join(match.group("q").casefold().split())
                quantity.qualifier = self._meaning.get(key)
