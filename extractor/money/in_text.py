"""What the text around amounts of money says of them. Pure functions, no spaCy.

* :func:`brackets` reads an amount in brackets as a conversion, an aside or a negative;
* :func:`exchange_rates` gives both amounts of "($1 = 83.12 Indian rupees)" their rate;
* :class:`ElidedUnits` finds the figure that leaves its unit to the amount before it ("six
  cents vs three");
* :class:`WireTables` finds the figures of a wire table of results ("Net 412,000,000 vs
  387,000,000"), which have no unit of their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from itertools import pairwise

import regex as re

from ..amounts.numbers import DIGITS, NotANumber, NumberWords, alternation, parse_digits, scaled
from ..amounts.quantity import Quantity
from ..lexicon import Lexicon, MetricRow
from .currency_context import elided_scale

#: A statement or a table before a bracketed amount: "loss was ($2.1 million)", "Net: (£3m)".
_STATEMENT_BEFORE = re.compile(
    r"""(?r)(?:
        (?<![^\W\d_])(?i:was|were|is|are|of|at|to|from|versus|vs\.?|against|totall?ed|reached)
      | [:=|]
      | ^ | \t | [ ]{2} | \n
    )[ \t]*+\Z""",
    re.VERBOSE | re.MULTILINE,
)

#: Two amounts that state a rate: "($1 = 83.1200 Indian rupees)", "1 dlr = 1.53 marks".
_RATE_GAP = re.compile(r"\A\s*+=\s*+\Z")


#: A year: "Year 1986" in a table row, "dollar 2019", are no amounts.
YEAR = re.compile(r"(?:1[89]|20)\d\d")


def unitless(
    start: int,
    end: int,
    digits: str,
    number: Decimal,
    scale: Decimal | None,
    *,
    negative: bool = False,
    table: bool = False,
) -> Quantity:
    """A number with no unit of its own (flag ``bare``), money only if its context says so."""
    return Quantity(
        start=start,
        end=end,
        number=number,
        amount_text=digits,
        scale=scale,
        factor=Decimal(1),
        negative=negative,
        unit=None,
        unit_text="",
        rule="money.context",
        flags={"bare", "table"} if table else {"bare"},
    )


class WireTables:
    """The rows of a wire table of results, by the metrics marked ``line_start``."""

    def __init__(self, lexicon: Lexicon, *, tight_scales: str, spaced_scales: str) -> None:
        labels = alternation(
            (surface, False)
            for row in lexicon.rows(MetricRow)
            if row.line_start and row.unit == "money"
            for surface in row.surfaces
        )
        # from a line break (a literal, which the engine finds fast), or the text's start
        self._row = re.compile(rf"\n[ \t]*+(?:{labels})(?:[ \t]*+:[ \t]*+|[ \t]++)(?=\d)")
        self._first_row = re.compile(self._row.pattern[2:])
        self._number = re.compile(
            rf"""(?<![\w.,$€£¥])(?P<num>{DIGITS})
            (?:(?P<scale_tight>{tight_scales})|[ \t]?+(?P<scale>{spaced_scales}))?
            (?![^\W\d_]|\s?[%％]|[.,]\d)""",
            re.VERBOSE,
        )

    def rows(self, text: str, scale_of: Callable[[str], Decimal]) -> list[Quantity]:
        """The numbers of the rows of a wire table ("Net 412,000,000 vs 387,000,000"), which
        take the currency of the story if it has one (flag ``table``)."""
        rows: list[Quantity] = []
        first = self._first_row.match(text)
        for row in [*([first] if first else []), *self._row.finditer(text)]:
            end = text.find("\n", row.end())
            end = len(text) if end < 0 else end
            for match in self._number.finditer(text, row.end(), end):
                digits = match.group("num")
                scale_text = match.group("scale") or match.group("scale_tight")
                if not scale_text and YEAR.fullmatch(digits):
                    continue
                try:
                    number = parse_digits(digits)
                except NotANumber:
                    continue
                scale = scale_of(scale_text) if scale_text else None
                start, end = match.span()
                rows.append(unitless(start, end, digits, number, scale, table=True))
        return rows


def brackets(text: str, found: list[Quantity]) -> None:
    """An amount in brackets is a conversion, an aside or an accounting negative.

    Right after an amount in another currency it is a conversion ("700 million Swiss francs
    ($790 million)"); after one in the same currency, a column of figures ("$1,234 ($567)");
    after a statement ("loss was ($2.1 million)", "Net: (£3m)") or at the start of a line or a
    table cell, a negative. Elsewhere it is an aside ("the fee ($5 million) was paid"). A
    conversion or an aside keeps its value and loses the brackets from its span.
    """
    previous: Quantity | None = None
    for quantity in found:
        if "bracketed" in quantity.flags and quantity.inner is not None:
            lo = max(0, quantity.start - 40)
            after = previous if previous is not None and "bare" not in previous.flags else None
            if after is not None and text[after.end : quantity.start].strip(" \t\u00a0"):
                after = None  # words between: no conversion of that amount
            if after is not None:
                negative = after.unit is not None and after.unit == quantity.unit
            else:
                negative = bool(_STATEMENT_BEFORE.search(text, lo, quantity.start))
            if negative:
                quantity.negative = True
            else:
                quantity.start, quantity.end = quantity.inner
                quantity.flags.add("aside" if after is None else "conversion")
        previous = quantity


class ElidedUnits:
    """A figure whose unit is left to the amount it is compared with: "Final div six cents vs
    three", "a dividend of nine marks after eight in 1985", "raised it to 25 cts from 20".

    Only a number right after a comparison word ("vs", "against", "from", "after", "compared
    with") that follows an amount of money, and that ends its clause or comes before "prior",
    "a year earlier" or a year, takes the amount's currency and minor unit; it takes the
    amount's scale too where the two numbers are within a factor of ten ("to 3.2 billion dlrs
    from 2.8"), not otherwise ("to 1.5 mln dlrs from 900,000").
    """

    def __init__(self, words: NumberWords) -> None:
        self._words = words
        self._after = re.compile(
            rf"""[ \t]*+,?\s*+(?i:vs\.?|versus|against|from|after|compared\s++with)\s++
            (?:(?i:a|an)\s++)?(?:(?i:net\s++)?(?i:profit|loss|gain)\s++)?
            (?<![\w.,$€£¥])(?:(?P<num>{DIGITS})|(?P<words>{words.pattern}))
            (?=[ \t]*+(?:[.,;:)]|\n|\Z)
              |\s++(?i:prior|previously|a\s++year\s++(?:ago|earlier|before)|last\s++year
                     |in\s++(?:19|20)\d\d(?!\d)|the\s++(?:previous|prior|year|quarter)
                     |(?:a|per)\s++share)(?![^\W\d_]))""",
            re.VERBOSE,
        )

    def find(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """The figures after the amounts of ``found`` that take their unit."""
        added: list[Quantity] = []
        starts = [q.start for q in found]
        for index, amount in enumerate(found):
            if "bare" in amount.flags:
                continue
            following = starts[index + 1] if index + 1 < len(found) else len(text)
            match = self._after.match(text, amount.end, following)
            if match is None:
                continue
            written = match.group("num") or match.group("words")
            number = self._number(match)
            if number is None or (match.group("num") and YEAR.fullmatch(written)):
                continue
            scale = elided_scale(amount, number)
            added.append(
                replace(
                    amount,
                    start=match.start("num" if match.group("num") else "words"),
                    end=match.end(),
                    number=number,
                    amount_text=written,
                    scale=scale,
                    negative=False,
                    unit_text="",
                    rule=f"money.context:{amount.rule}",
                    range=None,
                    qualifier=None,
                    flags=amount.flags & {"crypto"},
                    source="context" if amount.unit else None,
                    inner=None,
                    rate=None,
                )
            )
        return added

    def _number(self, match: re.Match[str]) -> Decimal | None:
        if match.group("words"):
            return self._words.parse(match.group("words"))
        try:
            return parse_digits(match.group("num"))
        except NotANumber:
            return None


def exchange_rates(text: str, found: list[Quantity]) -> None:
    """ "($1 = 83.1200 Indian rupees)": both amounts carry the rate, 83.12 INR per USD."""
    for first, second in pairwise(found):
        if _RATE_GAP.match(text[first.end : second.start]) and first.value:
            rate = (first.unit, second.unit, scaled(second.value / first.value))
            first.rate = second.rate = rate
