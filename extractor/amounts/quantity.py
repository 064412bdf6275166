"""What money and percentages share: the found quantity, and the passes that read its context.

The passes run over the quantities of one text in order:

* :func:`link_ranges` pairs the two ends of "$5-$6 billion", "between 5% and 6%" or
  "5-6 billion dollars", giving a bare first number the unit and scale of the second, and a
  bare second number the unit of the first ("EUR 7.1–7.6B");
* :meth:`Qualifiers.attach` reads "about", "more than", "up to" before an amount.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal

import regex as re

from ..lexicon import Lexicon, QualifierRow, TrendRow
from ..types import CurrencySource, QualifierMeaning, RangeRole
from .numbers import DIGITS, NotANumber, NumberWords, alternation, parse_digits, scaled


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
    #: Codes an ambiguous unit may stand for, when ``unit`` is None; beside a ``unit`` that is
    #: only the usual reading (bare "$"), the others a text may show it to be.
    candidates: tuple[str, ...] = ()
    #: How the currency was decided: symbol, code, name or context.
    source: CurrencySource | None = None
    #: Offsets of the amount inside its brackets, for "($790 million)".
    inner: tuple[int, int] | None = None
    #: The rate of "($1 = 83.12 Indian rupees)": (base, quote, quote units per base unit).
    rate: tuple[str | None, str | None, Decimal] | None = None
    #: The coin of a cryptocurrency amount ("BTC"), which has no ISO code.
    coin: str | None = None

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


def bare_first_end(scales: str, words: NumberWords | None = None) -> re.Pattern[str]:
    """A bare number (with an optional scale) and a range separator, ending where matched.

    The number is digits, or one number word ("nine to 10 mln dlrs", "twenty-five to 30")
    when ``words`` are given. Searched in reverse from the start of the second end, so it
    finds the nearest one.
    """
    if words is None:
        word = "(?!)"
    else:
        one = alternation(
            (text, False) for text, row in words.table.items() if row.role in ("unit", "ten")
        )
        # not "the one to 10": a determiner makes "one" a pronoun
        word = rf"(?<![^\W\d_])(?<!(?i:the|this|that|each|every|any|no)\s++){one}(?:-{one})?"
    return re.compile(
        rf"""(?r)
        (?:(?i:\b(?P<lead>between|from))\s++)?
        (?:(?<![\w.,$£€¥])(?P<num>{DIGITS})|(?P<words>{word}))
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
    bare_second: re.Pattern[str] | None = None,
    words: NumberWords | None = None,
    window: int = 48,
) -> list[Quantity]:
    """Mark range ends, and add the bare first end of "5-6 billion dollars".

    A quantity flagged ``bare`` (a number and a scale, no unit: "7.6B") right after a range
    separator takes the unit of the amount before it; ``bare_second`` finds a bare second end
    with no scale ("$5-6 a share").
    """
    found = sorted(found, key=lambda q: q.start)
    added: list[Quantity] = []
    for index, second in enumerate(found):
        first = found[index - 1] if index else None
        if "bare" in second.flags and first is not None and "bare" not in first.flags:
            gap = text[first.end : second.start]
            lead = _lead(text, first.start, change)
            if RANGE_GAP.match(gap) and first.range is None and _pair(first, second, gap, lead):
                _share_unit(first, second)
            continue
        if first is not None and first.unit == second.unit and "bare" not in first.flags:
            gap = text[first.end : second.start]
            if RANGE_GAP.match(gap):
                _pair(first, second, gap, _lead(text, first.start, change))
                continue
        if "bare" in second.flags:
            continue
        if first is not None and "bare" in first.flags:
            # "valued at 213 mln and 619 mln dlrs": the first end was found, with no unit
            gap = text[first.end : second.start]
            if RANGE_GAP.match(gap) and not ("-" in gap and gap.strip() != gap):
                scale = first.scale or second.scale or Decimal(1)
                if scaled(first.number, scale) <= scaled(second.number, second.scale or scale):
                    _share_unit(second, first)
                    _pair(first, second, gap, _lead(text, first.start, change))
                continue
        lo = max(first.end if first is not None else 0, second.start - window)
        match = bare.search(text, lo, second.start)
        if match is None:
            continue
        scale_text = match.group("scale")
        written = match.group("num") or match.group("words")
        number = _bare_number(match, words)
        if number is None:
            continue
        if scale_text is None and _looks_like_year(number) and "," not in written:
            continue  # "$87 million in 2020 and $92 million in 2019": 2020 is no amount
        start, end = match.span("num" if match.group("num") else "words")
        if scale_text:
            end = match.end("scale")
        partner = replace(
            second,
            start=start,
            end=end,
            number=number,
            amount_text=written,
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
    if bare_second is not None:
        added.extend(_bare_seconds(text, found, bare_second, change))
    return sorted(found + added, key=lambda q: q.start)


def _bare_number(match: re.Match[str], words: NumberWords | None) -> Decimal | None:
    if match.group("num"):
        try:
            return parse_digits(match.group("num"))
        except NotANumber:
            return None
    return words.parse(match.group("words")) if words is not None else None


def _share_unit(first: Quantity, second: Quantity) -> None:
    """The second end of "EUR 7.1–7.6B" is in euros: the unit is written once for both."""
    second.unit, second.factor, second.family = first.unit, first.factor, first.family
    second.candidates, second.source, second.coin = first.candidates, first.source, first.coin
    second.rule = f"range:{first.rule}"
    second.flags = (second.flags - {"bare"}) | (first.flags & {"crypto"})


def _bare_seconds(
    text: str, found: list[Quantity], pattern: re.Pattern[str], change: re.Pattern[str]
) -> list[Quantity]:
    """ "$5-6 a share": a number with no unit or scale after a dash is the high end."""
    added: list[Quantity] = []
    for index, first in enumerate(found):
        following = found[index + 1].start if index + 1 < len(found) else len(text)
        if first.range is not None or first.unit is None or "bare" in first.flags:
            continue
        if text[first.end : first.end + 1] not in ("-", "–", "—"):
            continue  # the quick test before the pattern
        match = pattern.match(text, first.end, following)
        if match is None:
            continue
        try:
            number = parse_digits(match.group("num"))
        except NotANumber:
            continue
        second = replace(
            first,
            start=match.start("num"),
            end=match.end("num"),
            number=number,
            amount_text=match.group("num"),
            negative=False,
            unit_text="",
            rule=f"range:{first.rule}",
            qualifier=None,
            flags=first.flags & {"crypto"},
            inner=None,
        )
        if second.value <= first.value:
            continue
        if _pair(first, second, match.group(0)[:1], _lead(text, first.start, change)):
            added.append(second)
    return added


def _lead(text: str, start: int, change: re.Pattern[str]) -> str | None:
    """ "between", "from" (a range), "change" (from after a trend verb) or None."""
    match = RANGE_LEAD.search(text, max(0, start - 12), start)
    if match is None:
        return None
    lead = str(match.group("lead")).casefold()
    if lead == "from" and change.search(text, max(0, match.start() - 60), match.start()):
        return "change"
    return lead


def _pair(first: Quantity, second: Quantity, separator: str, lead: str | None) -> bool:
    """Share the scale of two ends and mark them low and high; False where they are no pair."""
    word = separator.strip().casefold()
    if word == "and" and lead != "between":
        return False
    if first.scale is None and second.scale is not None:
        first.scale = second.scale
    if lead != "change":  # "rose from $5 to $6 billion" is a change, not a range
        first.range, second.range = "low", "high"
    return True


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
