"""The currency of an amount from the text around it. Pure functions, no spaCy.

An amount's own symbol, code or name decides its currency where it can. Where it cannot,
:class:`CurrencyContext` reads the text, in this order:

1. a minor unit ("90 cents") takes the currency of the nearest dollar or euro amount;
2. an ambiguous unit ("Rs", "francs") takes the one candidate that another amount in the text
   names ("₹24 billion");
3. a statement of the text's currency ("All figures are in Canadian dollars") decides any unit
   it fits, bare "$" included;
4. the places the text names ("India", "Sensex", the ".S" of a Sydney ticker) decide between
   the candidates; for a unit that has a usual reading (bare "$" is USD, "¥" is JPY), another
   country must be named clearly more often, or the text must write the usual one in full
   elsewhere ("US$"), which shows that its bare "$" is the local dollar;
5. Indian numbering ("lakh", "crore", "12,34,567") makes rupees Indian;
6. a number with a scale and no unit ("a loss of 12.3 million") is money in the currency of
   the amount before it, where the words around it say so (see :meth:`CurrencyContext.bare`).

Each amount so decided has the source ``context``.

>>> from extractor.money.grammar import parse_money_all
>>> [(m.text, m.currency, m.source) for m in parse_money_all(
...     "All figures are in Canadian dollars. Revenue was $5 million, or 25 cents a share.")]
[('$5 million', 'CAD', 'context'), ('25 cents', 'CAD', 'context')]
>>> [(m.text, m.currency) for m in parse_money_all("Mumbai: sales of Rs 2,400 crore")]
[('Rs 2,400 crore', 'INR')]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import regex as re

from ..amounts.numbers import alternation
from ..amounts.quantity import Quantity
from ..lexicon import CurrencyPlaceRow, CurrencyRow, Lexicon
from ..spans import reach
from ..types import CurrencySource

#: How a currency row says its currency.
_SOURCES: dict[str, CurrencySource] = {"symbol": "symbol", "code": "code", "name": "name"}

#: Scales of Indian numbering: lakh, crore, and lakh crore.
_INDIAN_SCALES = frozenset({Decimal(10) ** 5, Decimal(10) ** 7, Decimal(10) ** 12})

#: Digits grouped the Indian way ("12,34,567"), or lakh and crore in words ("three lakh").
_INDIAN_NUMBERING = re.compile(r"\d,\d\d,\d|(?i:lakhs?|lacs?|crores?)")

#: Words before a number with a scale and no unit that make it an amount of the money named
#: before it: "a loss of 12.3 million", "to 220.84 mln from 173.50 mln", "vs 67.42 mln".
CUE_BEFORE = re.compile(
    r"""(?r)(?<![^\W\d_])(?i:
        of|to|from|at|was|were|is|are|be|been|vs\.?|versus|against|than|and|or|with
      | totall?ed|reached|compared\s++(?:with|to)
      | (?:vs\.?|versus|against)\s++(?:a\s++)?(?:net\s++)?(?:profit|loss|gain)  # "vs loss two mln"
    )(?:\s++(?i:about|around|nearly|some|approximately|roughly|almost|just|only|over|under))?
    \s++\Z""",
    re.VERBOSE,
)

#: What may follow such a number: the end of a clause, or a word that is no noun of its own
#: ("12.3 million a year earlier", "8.73 mln in 1985"); "12.3 million shares" is no money.
_END_AFTER = re.compile(
    r"""\s*+(?:[.,;:!?)\]]|\Z) | [ \t]*+\n
    | \s++(?i:a|an|the|in|on|at|for|from|to|and|or|but|last|previous|prior|earlier|ago|
             compared|versus|vs|during|over|while|as|which|that|after|before|with|when|
             since|this|year|quarter|respectively)(?![^\W\d_])
    | \s*+[-–—]""",
    re.VERBOSE,
)

#: A sentence end between the amount that names the currency and the number.
_SENTENCE_END = re.compile(r"[.!?][\"')\]]?\s++(?=[\"'(]?[A-Z])|\n\s*+\n")

#: A percentage or a number between them: the number may be of another thing.
_OTHER_NUMBER = re.compile(
    r"[%％]|(?i:per\s?cent|percent|pct)(?![^\W\d_])|(?<![\d.,])(?!(?:1[89]|20)\d\d\b)\d"
)

#: How far back the amount that names the currency may be.
_WINDOW = 400


def source_of(row: CurrencyRow) -> CurrencySource:
    """How a row says its currency: a minor unit is a name ("cents") or a symbol ("¢", "p")."""
    if row.kind == "minor":  # "cents", "cts", "Australian cents"; "¢", "p", "c"
        letters = sum(ch.isalpha() for ch in row.text)
        spelled = all(ch.isalpha() or ch in " ." for ch in row.text)
        return "name" if letters >= 2 and spelled else "symbol"
    return _SOURCES[row.kind]


class CurrencyContext:
    """The currency lexicon's view of a whole text, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        currencies = lexicon.rows(CurrencyRow)
        places = lexicon.rows(CurrencyPlaceRow)
        self._place_of = {row.text: row for row in places if row.case_sensitive}
        self._place_of_folded = {
            row.text.casefold(): row for row in places if not row.case_sensitive
        }
        self._place_rows = places
        #: One pattern per set of currencies a unit may stand for, compiled here, once.
        self._places_of: dict[tuple[str, ...], re.Pattern[str]] = {}
        for row in currencies:
            if row.candidates:
                self._compile_places(_place_key(row.candidates, row.currency))
        #: The currencies whose hundredths are "cents": those a cent may stand for.
        self._cent_family = frozenset(
            code for row in currencies if row.family == "cent" for code in row.candidates
        )
        # the forms a statement names its currency by: English names, codes, "C$", "US$"
        stated = [
            row
            for row in currencies
            if row.currency
            and row.coin is None
            and not row.candidates
            and len(row.text) > 1
            and row.text.isascii()
            and (row.kind != "code" or row.text.isupper())
        ]
        self._stated = {
            row.text if row.case_sensitive else row.text.casefold(): row for row in stated
        }
        forms = alternation((row.text, row.case_sensitive) for row in stated)
        #: "in Canadian dollars", "in millions of euros": where a statement may end.
        self._in_currency = re.compile(
            rf"""(?<![^\W\d_])[Ii]n\s++(?:(?i:thousands|millions|billions)\s++(?i:of)\s++)?
            (?P<currency>{forms})(?![^\W\d_])""",
            re.VERBOSE,
        )
        #: What makes it a statement of the text's currency: "All figures are", "(".
        self._statement_cue = re.compile(
            r"""(?:
                (?<![^\W\d_])(?i:figures|amounts|numbers|values|prices|results|statements|
                    expressed|stated|denominated|presented|reported|shown|given)
                (?![^\W\d_])[^.;\n]{0,60}
              | \(\s*+
            )\Z""",
            re.VERBOSE,
        )

    # -- the passes -------------------------------------------------------------------------

    def resolve(self, text: str, found: Sequence[Quantity]) -> None:
        """Decide what the text decides: see the module's documentation for the order."""
        open_ = [q for q in found if q.candidates and "bare" not in q.flags]
        if open_:
            evidence = _Evidence(self, text, found)
            for quantity in open_:
                if quantity.family != "cent":
                    self._decide(quantity, evidence)
            self._minor_units(text, found)  # once the dollars around the cents are known
            for quantity in open_:
                if quantity.family == "cent" and quantity.source != "context":
                    self._decide(quantity, evidence)
        if any("bare" in q.flags for q in found):
            self.bare(text, found)

    def _decide(self, quantity: Quantity, evidence: _Evidence) -> None:
        # what the text says depends only on the unit and its candidates: read once for each
        key = (quantity.unit, quantity.candidates)
        if key in evidence.choices:
            choice = evidence.choices[key]
        else:
            choice = evidence.choices[key] = self._read_choice(quantity, evidence)
        if choice is None and quantity.unit is None and "INR" in quantity.candidates:
            choice = "INR" if _indian(quantity) else None
        if choice is not None:
            _decided(quantity, choice)

    def _read_choice(self, quantity: Quantity, evidence: _Evidence) -> str | None:
        """The currency that the other amounts, a statement or the places decide, if any."""
        choice = self._named(quantity, evidence.named)
        if choice is None:
            stated = evidence.stated
            choice = stated if stated in quantity.candidates else None
        if choice is None:
            places = evidence.places(quantity.candidates, quantity.unit)
            choice = self._by_place(quantity, places, evidence.explicit)
        return choice

    def _minor_units(self, text: str, found: Sequence[Quantity]) -> None:
        """ "C$1.34 a share, up from 90 cents": the cents are Canadian.

        Cents take the currency of the dollar or euro amount before them in their sentence,
        or else the one the text names most often.
        """
        dollars = [q.unit for q in found if q.family is None and q.unit in self._cent_family]
        if not dollars:
            return
        most = str(Counter(dollars).most_common(1)[0][0])
        near: str | None = None  # the dollar amount before, while in the same sentence
        previous_end = 0
        for quantity in found:
            if near is not None and _SENTENCE_END.search(text, previous_end, quantity.start):
                near = None
            previous_end = quantity.end
            if quantity.family is None and quantity.unit in self._cent_family and quantity.unit:
                near = quantity.unit
            elif quantity.family == "cent" and quantity.candidates:
                _decided(quantity, near or most)

    @staticmethod
    def _named(quantity: Quantity, named: set[str]) -> str | None:
        """ "Rs 2,400 crore" in a text that also writes "₹18,000 crore" is in Indian rupees."""
        if quantity.unit is not None:
            return None  # bare "$" stays USD beside "C$5": wires write both
        settled = named.intersection(quantity.candidates)
        return settled.pop() if len(settled) == 1 else None

    def _statement_of(self, text: str) -> str | None:
        """The currency of "All figures are in Canadian dollars", if the text says one."""
        for match in self._in_currency.finditer(text):
            start = match.start()
            if not self._statement_cue.search(text, max(0, start - 80), start):
                continue
            form = match.group("currency")
            row = self._stated.get(form) or self._stated.get(form.casefold())
            if row is not None:
                return row.currency
        return None

    def _compile_places(self, currencies: tuple[str, ...]) -> re.Pattern[str]:
        pattern = self._places_of.get(currencies)
        if pattern is None:
            rows = [r for r in self._place_rows if set(r.currencies) & set(currencies)]
            words = alternation((r.text, r.case_sensitive) for r in rows if r.text[0].isalpha())
            marks = alternation((r.text, r.case_sensitive) for r in rows if not r.text[0].isalpha())
            # "US" of "US$" is no place: the currency says it
            pattern = re.compile(
                rf"(?<![^\W\d_]){words}(?![^\W\d_]|\s?\p{{Sc}})|{marks}(?![^\W\d_])"
            )
            self._places_of[currencies] = pattern
        return pattern

    def _count_places(self, text: str, currencies: tuple[str, ...]) -> Counter[str]:
        """How often the text names the places of ``currencies``, by weight."""
        pattern = self._compile_places(currencies)
        counts: Counter[str] = Counter()
        for match in pattern.finditer(text):
            row = self._place_of.get(match.group()) or self._place_of_folded.get(
                match.group().casefold()
            )
            if row is not None:
                for code in row.currencies:
                    counts[code] += row.weight
        return counts

    @staticmethod
    def _by_place(quantity: Quantity, counts: Counter[str], named: set[str]) -> str | None:
        ranked = sorted(
            ((counts[code], code) for code in quantity.candidates if code != quantity.unit),
            reverse=True,
        )
        if not ranked or ranked[0][0] == 0 or (len(ranked) > 1 and ranked[0][0] == ranked[1][0]):
            return None
        best, code = ranked[0]
        if quantity.unit is None:
            return code
        usual = counts[quantity.unit]
        threshold = 1 if quantity.unit in named else 3
        return code if best >= threshold and best > 2 * usual else None

    # -- numbers with a scale and no unit ---------------------------------------------------

    def bare(self, text: str, found: Sequence[Quantity]) -> None:
        """ "Swiss Re made 500 million Swiss francs, after a loss of 12.3 million a year
        earlier": the loss is in francs.

        A number with a scale and no unit is money when the quantity right before it is an
        amount of money in this sentence or the one before, no percentage or other number
        stands between them, a word such as "of", "to", "from", "was" or "vs" leads to it, and
        no noun follows it ("12.3 million shares").
        """
        story = Counter(
            q.unit for q in found if q.unit is not None and "bare" not in q.flags
        ).most_common(1)
        previous: Quantity | None = None
        for quantity in found:
            if "bare" not in quantity.flags:
                previous = quantity
                continue
            if "table" in quantity.flags:  # "Net 412,000,000 vs 387,000,000": the story's
                row = previous if previous is not None and "bare" not in previous.flags else None
                if row is not None and "\n" not in text[row.end : quantity.start]:
                    # "Shr 21.6 H.K. Cents vs 12": the unit of the row's amount before it
                    _made_money(quantity, row.unit, _context_rule(row.rule))
                    quantity.factor, quantity.candidates = row.factor, row.candidates
                    quantity.scale = quantity.scale or elided_scale(row, quantity.number)
                else:  # a money metric's row: money, in the story's currency if it names one
                    _made_money(quantity, story[0][0] if story else None, "money.context:table")
                previous = quantity
                continue
            money = previous
            previous = quantity
            if money is None or "bare" in money.flags or quantity.start - money.end > _WINDOW:
                continue
            between = text[money.end : quantity.start]
            if len(_SENTENCE_END.findall(between)) > 1 or _OTHER_NUMBER.search(between):
                continue
            lo = max(money.end, quantity.start - 40)
            if not CUE_BEFORE.search(text, lo, quantity.start):
                continue
            if not _END_AFTER.match(
                text, quantity.end, reach(text, quantity.end, words=1, chars=13)
            ):
                continue
            _made_money(quantity, money.unit, _context_rule(money.rule))
            quantity.candidates, quantity.coin = money.candidates, money.coin
            quantity.flags |= money.flags & {"crypto"}
            previous = quantity


class _Evidence:
    """What a text says of its currencies, read once and only when asked."""

    def __init__(self, context: CurrencyContext, text: str, found: Sequence[Quantity]) -> None:
        self._context, self._text = context, text
        decided = [q for q in found if q.unit is not None and "bare" not in q.flags]
        #: Currencies of the other amounts, and of those that leave no doubt ("US$", not "$").
        self.named = {q.unit for q in decided if q.unit is not None}
        self.explicit = {q.unit for q in decided if q.unit is not None and not q.candidates}
        self._stated: str | bool | None = False  # not read yet
        self._places: dict[tuple[str, ...], Counter[str]] = {}
        #: The choice the text makes for each (unit, candidates), once read.
        self.choices: dict[tuple[str | None, tuple[str, ...]], str | None] = {}

    @property
    def stated(self) -> str | None:
        """The currency of "All figures are in Canadian dollars", if the text says one."""
        if self._stated is False:
            self._stated = self._context._statement_of(self._text)
        return self._stated if isinstance(self._stated, str) else None

    def places(self, candidates: tuple[str, ...], usual: str | None) -> Counter[str]:
        """How often the text names the places of these currencies (read once per set)."""
        key = _place_key(candidates, usual)
        counts = self._places.get(key)
        if counts is None:
            counts = self._places[key] = self._context._count_places(self._text, key)
        return counts


def _made_money(quantity: Quantity, currency: str | None, rule: str) -> None:
    """A number with no unit of its own becomes an amount of ``currency``."""
    quantity.flags.discard("bare")
    quantity.unit, quantity.family, quantity.rule = currency, None, rule
    quantity.source = "context" if currency is not None else None


def elided_scale(amount: Quantity, number: Decimal) -> Decimal | None:
    """The scale of ``amount`` for a number compared with it that writes none, where the two
    are within a factor of ten: "4,214.9 billion won vs 3,779.2" (billions), not "1.5 mln dlrs
    vs 900,000"."""
    if amount.scale is None or not amount.number / 10 <= number <= amount.number * 10:
        return None
    return amount.scale


def _context_rule(rule: str) -> str:
    """The rule of an amount that took its unit from ``rule``'s amount."""
    return rule if rule.startswith("money.context") else f"money.context:{rule}"


def _place_key(candidates: tuple[str, ...], usual: str | None) -> tuple[str, ...]:
    return tuple(sorted({*candidates, *([usual] if usual else [])}))


def _decided(quantity: Quantity, currency: str) -> None:
    """The text decided the currency (even where it is the usual reading of the unit)."""
    if currency != quantity.unit:
        quantity.unit, quantity.source = currency, "context"


def _indian(quantity: Quantity) -> bool:
    """Lakh and crore, or digits grouped in twos: Indian numbering."""
    return quantity.scale in _INDIAN_SCALES or bool(_INDIAN_NUMBERING.search(quantity.amount_text))
