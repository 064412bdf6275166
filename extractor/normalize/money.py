"""Money: find amounts of money in text and normalise them. Pure functions, no spaCy.

The grammar is compiled from the currency, scale and number-word lexicons. Amounts written with
digits are found by one regex that only starts where a number starts; the currency before the
number is read by a look-behind, so no alternation of hundreds of currency names is tried at every
position. Amounts written in words ("twenty million dollars") are tried only where a number word
stands.

>>> def show(text):
...     return [(m.text, str(m.value), m.currency) for m in parse_money_all(text)]
>>> show("TeraWulf made a $427 million loss")
[('$427 million', '427000000', 'USD')]
>>> show("It raised 1.5 billion yen and 25 mln dlrs")
[('1.5 billion yen', '1500000000', 'JPY'), ('25 mln dlrs', '25000000', 'USD')]
>>> show("a loss of $(1.3) million, or 25 cents a share")
[('$(1.3) million', '-1300000', 'USD'), ('25 cents', '0.25', 'USD')]
>>> [(m.text, str(m.value), m.range) for m in parse_money_all("$5-$6 billion")]
[('$5', '5000000000', 'low'), ('$6 billion', '6000000000', 'high')]
>>> show("half a billion euros; 2.5p")
[('half a billion euros', '500000000', 'EUR'), ('2.5p', '0.025', 'GBP')]
>>> show("in 2019, Q3, COVID-19, the S&P 500, 3M and G7")
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex as re

from ..lexicon import CurrencyRow, Iso4217Row, Lexicon, ScaleRow, load_lexicon
from .numbers import (
    DIGITS,
    SPACE_GROUPED_DIGITS,
    NotANumber,
    NumberWords,
    alternation,
    parse_digits,
)
from .quantity import Qualifiers, Quantity, bare_first_end, change_before, link_ranges

#: Currencies that group thousands with dots when a single dot precedes three digits
#: ("Rp 169.000", "1.727 Ft"), beside those with no minor unit at all.
_DOT_GROUPING = frozenset({"IDR", "HUF", "BRL", "RSD", "COP", "ARS", "CLP", "VND", "ISK", "TRY"})

#: Not at the second group of digits grouped by spaces ("100 100 ... Kč"): the run is read from
#: its first group, and reading it again from every group took time quadratic in its length.
_NOT_AN_INNER_GROUP = r"(?<!(?<![\d.,])\d{1,3}+[ ])"

#: Per-share wording after an amount: "$1.40 a share", "25 cts per shr", "C$1.34/share".
PER_SHARE_AFTER = re.compile(
    r"""\s?+(?:a|per|/|each)\s?+
    (?:(?:diluted|basic|fully\ diluted|common|ordinary|class\ [AB])\s++)?
    (?i:share|shr|ads|adr|depositary\ share)(?![^\W\d_])""",
    re.VERBOSE | re.IGNORECASE,
)
#: Per-share wording before an amount: "earnings per share of $1.40", "EPS of 25 cents", and
#: the prior figure of a per-share amount: "$1.34 a share, up from 90 cents".
PER_SHARE_BEFORE = re.compile(
    r"""(?r)(?:
        (?i:\bper[-\s]share|\bEPS)\b(?:\s++[\w-]++){0,3}?\s++
        (?i:of|was|were|to|at|rose\s+to|fell\s+to)\s++
      | (?i:\ba\s+share|\bper\s+share),\s++(?i:up\s+from|down\s+from|from|versus|vs\.?)\s++
    )\Z""",
    re.VERBOSE,
)

#: What may join an amount in major units to one in minor units: "20 dollars 43 cents".
MINOR_JOIN = re.compile(r"\A\s++(?:and\s++)?\Z", re.IGNORECASE)


@dataclass(frozen=True)
class _Lookup:
    """Surface forms to rows, exact for case-sensitive rows and case-folded for the others."""

    exact: dict[str, CurrencyRow | ScaleRow]
    folded: dict[str, CurrencyRow | ScaleRow]

    @classmethod
    def of(cls, rows: Iterable[CurrencyRow | ScaleRow]) -> _Lookup:
        exact: dict[str, CurrencyRow | ScaleRow] = {}
        folded: dict[str, CurrencyRow | ScaleRow] = {}
        for row in rows:
            if row.case_sensitive:
                exact[row.text] = row
            else:
                folded[row.text.casefold()] = row
        return cls(exact, folded)

    def get(self, text: str) -> CurrencyRow | ScaleRow | None:
        key = " ".join(text.split())
        return self.exact.get(key) or self.folded.get(key.casefold())


class MoneyGrammar:
    """The compiled money grammar of one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        currencies = lexicon.rows(CurrencyRow)
        scales = lexicon.rows(ScaleRow)
        self.words = NumberWords.from_lexicon(lexicon)
        self.qualifiers = Qualifiers(lexicon)
        self._currency = _Lookup.of(currencies)
        self._scale = _Lookup.of(scales)
        self._dot_grouping = _DOT_GROUPING | {
            row.code for row in lexicon.rows(Iso4217Row) if row.minor_units == 0
        }
        self._cent_family = frozenset(
            row.currency
            for row in currencies
            if row.currency and ("$" in row.text or "dollar" in row.text.casefold())
        ) | {"EUR"}

        def forms(
            rows: Iterable[CurrencyRow],
            *,
            alpha: bool,
            attached: bool,
            wordlike: bool | None = None,
            backwards: bool = False,
        ) -> str:
            return alternation(
                (
                    (row.text, row.case_sensitive)
                    for row in rows
                    if row.attached == attached
                    and row.text[0].isalpha() == alpha
                    and (wordlike is None or _wordlike(row.text) == wordlike)
                ),
                backwards=backwards,
            )

        before = [r for r in currencies if r.position in ("prefix", "both")]
        after = [r for r in currencies if r.position in ("suffix", "both")]
        codes = alternation(
            ((r.text, True) for r in currencies if r.kind == "code"), backwards=True
        )
        spaced_scales = alternation((r.text, r.case_sensitive) for r in scales if not r.attached)
        tight_scales = alternation((r.text, r.case_sensitive) for r in scales if r.attached)
        self._scales_pattern = alternation((r.text, r.case_sensitive) for r in scales)
        post_alpha = forms(after, alpha=True, attached=False)
        post_word = forms(after, alpha=True, attached=False, wordlike=True)
        post_mixed = forms(after, alpha=True, attached=False, wordlike=False)
        post_symbol = forms(after, alpha=False, attached=False)
        post_tight = alternation((r.text, r.case_sensitive) for r in after if r.attached)
        any_post = f"(?:{post_alpha}(?![^\\W\\d_])|{post_symbol}|{post_tight}(?![^\\W\\d_]))"

        tight_before = forms(before, alpha=True, attached=True, backwards=True)
        self.digit_money = re.compile(
            rf"""
            (?=[-−–(]?\.?\d)                               # only where a number starts,
            (?!(?<=[\d.,])[.\d])                            # not inside one
            (?:(?<=                                         # a currency before the number
                (?P<pre_open>\(\s?)?
                (?P<pre_sign>(?<![\w%).,])[-−–])?
                (?:
                    (?<![^\W\d_])(?<!\d\s?)                    # "3 UAH 4 kopiykas": UAH is 3's
                    (?P<pre_alpha>{forms(before, alpha=True, attached=False, backwards=True)})
                    (?:[ \t\u00a0]|:\s?)?
                  | (?:(?<![^\W\d_])(?P<pre_code>{codes})\s)?
                    (?P<pre_symbol>{forms(before, alpha=False, attached=False, backwards=True)})
                    (?:[ \t\u00a0]|:\s?)?
                  | (?<![^\W\d_])(?P<pre_tight>{tight_before})
                )
            ))?
            (?P<sign>(?<![\w%).,])[-−–])?                   # "$-99.99", "-15€"
            (?P<paren>\(\s?)?                               # "$(1.3) million"
            (?<![\d.,])
            (?P<num>(?>{_NOT_AN_INNER_GROUP}{SPACE_GROUPED_DIGITS}(?=\s?{any_post})|{DIGITS}))
            (?(paren)\s?\))
            (?:
                (?P<scale_tight>{tight_scales})(?![^\W\d_])  # "1.2bn", "$5m", "10K"
              | \s?+(?P<scale>{spaced_scales})(?![^\W\d_])   # "21 million"
            )?
            (?:
                (?P<post_tight>{post_tight})(?![^\W\d_])     # "2.5p", "43c"
              | \s?(?P<post_alpha>{post_word}(?![^\W\d_])     # "25 mln dlrs", "5 USD"
                                 |{post_mixed}(?![^\W\d_])(?!\s?\d))  # "5 R$", not "5 R$ 6"
              | \s?(?P<post_symbol>{post_symbol})(?!\s?\d)   # "49,96 €", "10k$"
            )?
            (?(scale)|(?(scale_tight)|
                (?:\s(?P<scale_after>{spaced_scales})(?![^\W\d_]))?))  # "75 USD million"
            (?(pre_open)\s?\))
            (?(pre_alpha)|(?(pre_symbol)|(?(pre_tight)|
                (?(post_tight)|(?(post_alpha)|(?(post_symbol)|(?!)))))))
            (?!(?<=[\d)])[^\W\d_])                          # "$5abc" is not money
            """,
            re.VERBOSE,
        )
        self.word_money = re.compile(
            rf"""
            (?P<words>{self.words.pattern})
            (?:\s++(?P<scale>{spaced_scales})(?![^\W\d_]))?
            (?:\s++|-)
            (?P<post_alpha>{post_alpha})(?![^\W\d_])
            """,
            re.VERBOSE,
        )
        self._word_start = re.compile(rf"(?<![^\W\d_]){self.words.pattern}")
        self._word_run = re.compile(self.words.pattern)
        #: The minor units of "15 dollars 50" or "US$3 and fourteen", closing a clause.
        self.minor_tail = re.compile(
            rf"""\s++(?:(?i:and)\s++)?
            (?P<minor>\d{{1,2}}+(?![\d.,]\d)|{self.words.pattern})
            (?=\s*+(?:[.,;:!?)]|$))""",
            re.VERBOSE,
        )
        self.change_before = change_before(lexicon)
        self.bare_first_end = bare_first_end(self._scales_pattern)

    # -- finding ----------------------------------------------------------------------------

    def find(self, text: str, *, word_anchors: Sequence[int] | None = None) -> list[Quantity]:
        """Every amount of money in ``text``, in order.

        ``word_anchors`` are the offsets where number words start (a spaCy pipeline knows them
        from its tokens); without them the text is scanned for number words.
        """
        found = [q for m in self.digit_money.finditer(text) if (q := self._from_digits(m))]
        found.extend(self._from_words(text, word_anchors))
        found = _drop_overlaps(found)
        found = self._join_minor_units(text, found)
        found = link_ranges(
            text,
            found,
            bare=self.bare_first_end,
            scale_of=self._scale_value,
            change=self.change_before,
        )
        self._resolve_minor_families(found)
        _resolve_ambiguous(found)
        self.qualifiers.attach(text, found)
        for quantity in found:
            if PER_SHARE_AFTER.match(text, quantity.end) or (
                quantity.scale is None
                and PER_SHARE_BEFORE.search(text, max(0, quantity.start - 60), quantity.start)
            ):
                quantity.flags.add("per_share")
        return found

    def _from_digits(self, match: re.Match[str]) -> Quantity | None:
        pre_kind = next(
            (g for g in ("pre_alpha", "pre_symbol", "pre_tight") if match.group(g)), None
        )
        post_kind = next(
            (g for g in ("post_tight", "post_alpha", "post_symbol") if match.group(g)), None
        )
        pre = self._currency_row(match.group(pre_kind)) if pre_kind else None
        post = self._currency_row(match.group(post_kind)) if post_kind else None
        if pre is not None and match.group("pre_code"):
            qualified = self._currency_row(match.group("pre_code"))
            if qualified is not None:
                pre = qualified.model_copy(update={"text": match.group("pre_code")})
        row = self._choose(pre, post)
        start = match.start()
        for group in ("pre_open", "pre_sign", "pre_code", pre_kind):
            if group and match.group(group):
                start = min(start, match.start(group))
        end = match.end()
        if pre is not None and post is not None and post.kind != "code":
            end = match.start(post_kind)  # "$10 dollars": the dollar sign already says it
            end = len(match.string[:end].rstrip())
            post = None
        scale_text = (
            match.group("scale") or match.group("scale_tight") or match.group("scale_after")
        )
        currency = row.currency
        continental = row is post and row.kind == "symbol" and currency == "EUR"
        dot_groups = scale_text is None and (currency in self._dot_grouping or continental)
        try:
            number = parse_digits(match.group("num"), dot_groups=dot_groups)
        except NotANumber:
            return None
        negative = bool(match.group("sign") or match.group("pre_sign"))
        negative = negative or bool(
            match.group("paren") or (match.group("pre_open") and match.string[end - 1] == ")")
        )
        return Quantity(
            start=start,
            end=end,
            number=number,
            amount_text=match.group("num"),
            scale=self._scale_value(scale_text) if scale_text else None,
            factor=row.factor,
            negative=negative,
            unit=currency,
            unit_text=(match.group(pre_kind) if pre_kind else match.group(post_kind)) or "",
            rule=f"money.{'suffix' if row is post else 'prefix'}:{row.id}",
            family=row.family,
            candidates=row.candidates,
        )

    def _from_words(self, text: str, anchors: Sequence[int] | None) -> list[Quantity]:
        if anchors is None:
            anchors = [m.start() for m in self._word_start.finditer(text)]
        found: list[Quantity] = []
        reached = 0
        for anchor in anchors:
            if anchor < reached:
                continue
            run = self._word_run.match(text, anchor)
            reached = run.end() if run else anchor  # later anchors in this run are inside it
            start = self.words.article_before(text, anchor)
            match = self.word_money.match(text, start)
            if match is None and start != anchor:
                match = self.word_money.match(text, anchor)
            if match is None:
                continue
            number = self.words.parse(match.group("words"))
            row = self._currency_row(match.group("post_alpha"))
            if (
                number is None
                or row is None
                or row.homonym
                or _adjectival(row, number, text, match.end())
            ):
                continue
            scale_text = match.group("scale")
            found.append(
                Quantity(
                    start=match.start(),
                    end=match.end(),
                    number=number,
                    amount_text=match.group("words"),
                    scale=self._scale_value(scale_text) if scale_text else None,
                    factor=row.factor,
                    negative=False,
                    unit=row.currency,
                    unit_text=match.group("post_alpha"),
                    rule=f"money.words:{row.id}",
                    family=row.family,
                    candidates=row.candidates,
                )
            )
            reached = match.end()
        return found

    # -- normalising ------------------------------------------------------------------------

    def _currency_row(self, text: str) -> CurrencyRow | None:
        row = self._currency.get(text)
        return row if isinstance(row, CurrencyRow) else None

    def _scale_value(self, text: str) -> Decimal:
        row = self._scale.get(text)
        return row.multiplier if isinstance(row, ScaleRow) else Decimal(1)

    @staticmethod
    def _choose(pre: CurrencyRow | None, post: CurrencyRow | None) -> CurrencyRow:
        """The currency row that decides: a code after "$1,190.00 AUD" beats the bare sign."""
        if pre is None:
            if post is None:
                raise ValueError("a money match has no currency")  # the regex forbids it
            return post
        if post is not None and post.kind == "code" and pre.kind == "symbol":
            return post
        return pre

    def _join_minor_units(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """ "20 dollars 43 cents" and "15 dollars 50" are one amount each."""
        joined: list[Quantity] = []
        for quantity in found:
            self._take_minor_tail(text, quantity)
            last = joined[-1] if joined else None
            if (
                last is not None
                and quantity.family is not None
                and last.family is None
                and last.scale is None
                and quantity.scale is None
                and not last.negative
                and MINOR_JOIN.match(text[last.end : quantity.start])
            ):
                last.number = last.number + quantity.number * quantity.factor / last.factor
                last.end = quantity.end
                continue
            joined.append(quantity)
        return joined

    def _take_minor_tail(self, text: str, quantity: Quantity) -> None:
        if quantity.scale is not None or quantity.family is not None or quantity.negative:
            return
        if quantity.number != quantity.number.to_integral_value():
            return
        match = self.minor_tail.match(text, quantity.end)
        if match is None:
            return
        minor = match.group("minor")
        cents = Decimal(minor) if minor.isdigit() else self.words.parse(minor)
        if cents is None or not 0 < cents < 100:
            return
        quantity.number += cents / 100
        quantity.end = match.end()

    def _resolve_minor_families(self, found: list[Quantity]) -> None:
        """ "C$1.34 a share, up from 90 cents": the cents are Canadian."""
        previous: str | None = None
        for quantity in found:
            if quantity.family == "cent" and previous in self._cent_family:
                quantity.unit = previous
            elif quantity.family is None and quantity.unit is not None:
                previous = quantity.unit


#: A singular unit after a number word and before a noun is an adjective: "a twenty pound bag".
_NOUN_AFTER = re.compile(r"[\s-]++[a-z]")


def _wordlike(text: str) -> bool:
    """Letters, spaces and dots only: "dlrs", "U.S. dlrs", "USD" (not "R$")."""
    return all(ch.isalpha() or ch in " ." for ch in text)


def _adjectival(row: CurrencyRow, number: Decimal, text: str, end: int) -> bool:
    singular = not row.text.endswith("s") and row.kind == "name"
    return singular and number != 1 and bool(_NOUN_AFTER.match(text, end))


def _resolve_ambiguous(found: list[Quantity]) -> None:
    """ "Rs 2,400 crore" in a text that also writes "₹18,000 crore" is in rupees of India."""
    named = {q.unit for q in found if q.unit is not None}
    for quantity in found:
        if quantity.unit is None and quantity.candidates:
            settled = named.intersection(quantity.candidates)
            if len(settled) == 1:
                quantity.unit = settled.pop()


def _drop_overlaps(found: list[Quantity]) -> list[Quantity]:
    """Keep the earliest, then longest, of overlapping quantities."""
    kept: list[Quantity] = []
    for quantity in sorted(found, key=lambda q: (q.start, -(q.end - q.start))):
        if kept and quantity.start < kept[-1].end:
            continue
        kept.append(quantity)
    return kept


@lru_cache(maxsize=4)
def money_grammar(extra_patterns: tuple[str, ...] = ()) -> MoneyGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return MoneyGrammar(load_lexicon(extra_patterns))


@dataclass(frozen=True)
class ParsedMoney:
    """An amount of money found in a string."""

    text: str
    start: int
    end: int
    value: Decimal
    currency: str | None
    range: str | None
    per_share: bool


def parse_money_all(text: str) -> list[ParsedMoney]:
    """Every amount of money in ``text``, normalised."""
    return [
        ParsedMoney(
            text=text[q.start : q.end],
            start=q.start,
            end=q.end,
            value=q.value,
            currency=q.unit,
            range=q.range,
            per_share="per_share" in q.flags,
        )
        for q in money_grammar().find(text)
    ]


def parse_money(text: str) -> ParsedMoney | None:
    """The first amount of money in ``text``, or None.

    >>> found = parse_money("US$4.7 billion")
    >>> found.text, found.value, found.currency
    ('US$4.7 billion', Decimal('4700000000'), 'USD')
    """
    found = parse_money_all(text)
    return found[0] if found else None
