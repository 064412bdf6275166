"""Money: find amounts of money in text and normalise them. Pure functions, no spaCy.

The grammar is compiled from the currency, scale and number-word lexicons. Amounts written with
digits are found by one regex that only starts where a number starts; the currency before the
number is read by a look-behind, so no alternation of hundreds of currency names is tried at every
position. Amounts written in words ("twenty million dollars") are tried only where a number word
stands. What the text around an amount says about it (a range, a conversion in brackets, the
currency of the story) is read by the passes of :mod:`.quantity` and :mod:`.currency_context`.

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
>>> show("EUR 7.1–7.6B")
[('EUR 7.1', '7100000000', 'EUR'), ('7.6B', '7600000000', 'EUR')]
>>> show("Rs 1.7 lakh crore and 12,34,567 rupees")
[('Rs 1.7 lakh crore', '1700000000000', 'INR'), ('12,34,567 rupees', '1234567', 'INR')]
>>> show("700 million Swiss francs ($790 million)")
[('700 million Swiss francs', '700000000', 'CHF'), ('$790 million', '790000000', 'USD')]
>>> show("half a billion euros; $m 45.6")
[('half a billion euros', '500000000', 'EUR'), ('$m 45.6', '45600000', 'USD')]
>>> show("in 2019, Q3, COVID-19, the S&P 500, 3M and G7")
[]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import regex as re

from ..amounts.numbers import (
    DIGITS,
    SPACE_GROUPED_DIGITS,
    NotANumber,
    NumberWords,
    alternation,
    parse_digits,
    scaled,
)
from ..amounts.quantity import (
    Qualifiers,
    Quantity,
    bare_first_end,
    change_before,
    link_ranges,
)
from ..lexicon import (
    CurrencyRow,
    DotGroupingRow,
    Iso4217Row,
    Lexicon,
    PerShareRow,
    ScaleRow,
    load_lexicon,
)
from ..spans import reach
from .currency_context import CUE_BEFORE, CurrencyContext, source_of
from .in_text import YEAR, ElidedUnits, WireTables, brackets, exchange_rates, unitless

#: Not at the second group of digits grouped by spaces ("100 100 ... Kč"): the run is read from
#: its first group, and reading it again from every group took time quadratic in its length.
_NOT_AN_INNER_GROUP = r"(?<!(?<![\d.,])\d{1,3}+[ ])"


def per_share_after(rows: Iterable[PerShareRow]) -> re.Pattern[str]:
    """Per-share wording after an amount, from the lexicon: "$1.40 a share", "25 cts per shr",
    "C$1.34/share"; a space in a row's text is one space."""
    listed = list(rows)

    def words(role: str) -> str:
        texts = sorted({r.text for r in listed if r.role == role}, key=lambda t: (-len(t), t))
        return "|".join(re.escape(text) for text in texts) or "(?!)"

    return re.compile(
        rf"""\s?+(?:{words("marker")})\s?+
        (?:(?:{words("class")})\s++)?
        (?:{words("unit")})(?![^\W\d_])""",
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

#: A word :data:`PER_SHARE_BEFORE` holds: a test that spares the whole pattern before most
#: amounts.
_PER_SHARE_WORD = re.compile(r"(?i:share|eps)")

#: What may join an amount in major units to one in minor units: "20 dollars 43 cents".
MINOR_JOIN = re.compile(r"\A\s++(?:and\s++)?\Z", re.IGNORECASE)

#: A bare second end right after an amount: "$5-6 a share".
_BARE_SECOND_END = re.compile(
    rf"""[-–—](?P<num>{DIGITS})
    (?=\s?+(?:a|per|/|each)\s?+(?i:share|shr)|(?![\d%]|[.,]\d|\s?+[^\W\d_$€£¥]))""",
    re.VERBOSE,
)

#: The end of a unit or scale: no letter follows, unless the next word was glued on by a
#: scraper ("EUR 3.1BThe company").
_WORD_END = r"(?:(?![^\W\d_])|(?=\p{Lu}\p{Ll}))"

#: Words before a currency name that make it a noun, not the currency of the number after it:
#: "the dollar 143.80 yen".
_DETERMINERS = r"(?i:the|a|an|its|their|this|that|his|her|our|each|every|per|of)"

#: A percentage right after a number: a currency name before it is no currency of it.
_PERCENT_AFTER = re.compile(r"\s?+(?:[%％]|(?i:per\s?cent|percent|pct)(?![^\W\d_]))")

#: A number right before a symbol that is spaced on both sides takes it as its own, unless
#: that number has a currency before it or is a year: "10 $ 30 $", not "$ 791 $ 479".
_TAKEN_BY_NUMBER_BEFORE = (
    r"(?<![\d.,])(?<!\p{Sc}[ \t\u00a0]?)(?!(?:1[89]|20)\d\d[ \t\u00a0])[\d.,]*\d[ \t\u00a0]"
)

#: A letter ahead: every scale word and currency name starts with one.
_LETTER = r"(?=[^\W\d_])"
_STARTS_WITH_LETTER = re.compile(_LETTER)


def _starts_with_letter(text: str) -> bool:
    return bool(_STARTS_WITH_LETTER.match(text))


#: The groups of the digit grammar that hold a currency before or after the number.
_PRE_KINDS = ("pre_alpha", "pre_symbol", "pre_tight", "pre_name")
_POST_KINDS = ("post_tight", "post_alpha", "post_symbol")

#: What may lead to a number with a scale and no unit that is money: a dash (the second end
#: of a range, "EUR 7.1–7.6B"), or a word such as "of", "to", "vs" ("a loss of 12.3 million").
_BARE_LEAD = re.compile(
    r"(?r)(?:[-–—]\s*+\Z|" + CUE_BEFORE.pattern.removeprefix("(?r)") + ")", re.VERBOSE
)

#: A number that ends in a year: "in 2019 $ 5 million" has no "2019 $".
_YEAR_BEHIND = r"(?<=(?<![\d.,'])(?:1[89]|20)\d\d)"


@dataclass(frozen=True)
class _Lookup:
    """Surface forms to rows, exact for case-sensitive rows and case-folded for the others."""

    exact: dict[str, CurrencyRow | ScaleRow]
    folded: dict[str, CurrencyRow | ScaleRow]
    #: Forms of several words, written without their spaces: "egyptianpound".
    glued: dict[str, CurrencyRow | ScaleRow]

    @classmethod
    def of(cls, rows: Iterable[CurrencyRow | ScaleRow]) -> _Lookup:
        exact: dict[str, CurrencyRow | ScaleRow] = {}
        folded: dict[str, CurrencyRow | ScaleRow] = {}
        glued: dict[str, CurrencyRow | ScaleRow] = {}
        for row in rows:
            if row.case_sensitive:
                exact[row.text] = row
            else:
                folded[row.text.casefold()] = row
            if " " in row.text:
                glued.setdefault(row.text.replace(" ", "").casefold(), row)
        return cls(exact, folded, glued)

    def get(self, text: str) -> CurrencyRow | ScaleRow | None:
        key = " ".join(text.split())
        found = self.exact.get(key) or self.folded.get(key.casefold())
        return found or self.glued.get(key.replace(" ", "").casefold())


class MoneyGrammar:
    """The compiled money grammar of one lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        currencies = (*lexicon.rows(CurrencyRow), *qualified_cents(lexicon.rows(CurrencyRow)))
        scales = lexicon.rows(ScaleRow)
        self.words = NumberWords.from_lexicon(lexicon)
        self.qualifiers = Qualifiers(lexicon)
        self.context = CurrencyContext(lexicon)
        self._currency = _Lookup.of(currencies)
        self._scale = _Lookup.of(scales)
        self._scales_seen: dict[str, Decimal] = {}
        self._rows_seen: dict[str, CurrencyRow | None] = {}
        self._dot_grouping = {row.currency for row in lexicon.rows(DotGroupingRow)} | {
            row.code for row in lexicon.rows(Iso4217Row) if row.minor_units == 0
        }
        self._per_share_after = per_share_after(lexicon.rows(PerShareRow))
        spaced_scales = alternation((r.text, r.case_sensitive) for r in scales if not r.attached)
        tight_scales = alternation((r.text, r.case_sensitive) for r in scales if r.attached)
        self._scales_pattern = alternation((r.text, r.case_sensitive) for r in scales)
        self.digit_money = _digit_money(currencies, scales, spaced_scales, tight_scales)
        #: The names of the digit grammar's groups, in their order.
        self._digit_names = tuple(
            sorted(self.digit_money.groupindex, key=self.digit_money.groupindex.__getitem__)
        )
        after = [r for r in currencies if r.position in ("suffix", "both")]
        post_alpha = _forms(after, alpha=True, attached=False)
        self.word_money = _word_money(self.words, spaced_scales, post_alpha)
        self._word_start = re.compile(rf"(?<![^\W\d_]){self.words.pattern}")
        self._word_run = re.compile(self.words.pattern)
        self.minor_tail = _minor_tail(self.words)
        self.change_before = change_before(lexicon)
        self.bare_first_end = bare_first_end(self._scales_pattern, self.words)
        #: A bare second end right after an amount: "$5-6 a share".
        self.bare_second_end = _BARE_SECOND_END
        self.elided = ElidedUnits(self.words)
        #: "a dollar", "a penny", "a dlr a share": one unit, written with an article.
        self.article_money = _article_money(currencies)
        self.tables = WireTables(lexicon, tight_scales=tight_scales, spaced_scales=spaced_scales)

    # -- finding ----------------------------------------------------------------------------

    def find(
        self,
        text: str,
        *,
        word_anchors: Sequence[int] | None = None,
        with_crypto: bool = False,
    ) -> list[Quantity]:
        """Every amount of money in ``text``, in order.

        ``word_anchors`` are the offsets where number words start (a spaCy pipeline knows them
        from its tokens); without them the text is scanned for number words. Amounts of a
        cryptocurrency (flag ``crypto``) are left out, unless ``with_crypto``.
        """
        found = [q for m in self.digit_money.finditer(text) if (q := self._from_digits(m))]
        found.extend(self._from_words(text, word_anchors))
        found.extend(self._from_articles(text))
        found.extend(self.tables.rows(text, self._scale_value))
        found = _drop_overlaps(found)
        found = self._join_minor_units(text, found)
        found = link_ranges(
            text,
            found,
            bare=self.bare_first_end,
            scale_of=self._scale_value,
            change=self.change_before,
            bare_second=self.bare_second_end,
            words=self.words,
        )
        brackets(text, found)
        self.context.resolve(text, found)
        found = [q for q in found if "bare" not in q.flags]
        if elided := self.elided.find(text, found):
            found = sorted(found + elided, key=lambda q: q.start)
        exchange_rates(text, found)
        if not with_crypto:
            found = [q for q in found if "crypto" not in q.flags]
        self.qualifiers.attach(text, found)
        for quantity in found:
            start, end = quantity.start, quantity.end
            if self._per_share_after.match(text, end, reach(text, end, words=5, chars=16)) or (
                quantity.scale is None
                and _PER_SHARE_WORD.search(text, max(0, start - 60), start)
                and PER_SHARE_BEFORE.search(text, max(0, start - 60), start)
            ):
                quantity.flags.add("per_share")
        return found

    def _from_digits(self, match: re.Match[str]) -> Quantity | None:
        # the groups by name, from the tuple of groups: ``groupdict()`` takes ten times longer
        group = dict(zip(self._digit_names, match.groups(), strict=True))
        pre_kind = next((g for g in _PRE_KINDS if group[g]), None)
        post_kind = next((g for g in _POST_KINDS if group[g]), None)
        text = match.string
        start, end = match.span()
        if pre_kind is None and post_kind is None:  # "12.3 million": money only in context
            lo = max(0, start - 40)
            if not _BARE_LEAD.search(text, lo, start):
                return None  # no range before it, nor "of", "to", "vs": no money
        if pre_kind == "pre_name" and post_kind is not None:
            pre_kind = None  # "U.S. dollar 150 yen": the yen are the number's
        elif pre_kind == "pre_name" and not self._name_before_fits(match, group):
            return None
        pre = self._currency_row(group[pre_kind]) if pre_kind else None
        post = self._currency_row(group[post_kind]) if post_kind else None
        if pre is not None and group["pre_code"]:
            qualified = self._currency_row(group["pre_code"])
            if qualified is not None:
                pre = qualified.model_copy(update={"text": group["pre_code"]})
        pre_scale = group["pre_scale"]
        if pre_scale and pre is not None and pre.kind not in ("code", "symbol"):
            return None
        opened = bool(group["pre_open"]) and group["close"] is not None
        for name in ("pre_open" if opened else "", "pre_sign", "pre_code", pre_kind):
            if name and group[name]:
                start = min(start, match.start(name))
        if pre is not None and post is not None and post.kind != "code" and post_kind:
            end = _before_space(text, match.start(), match.start(post_kind))  # "$10 dollars":
            post = None  # the dollar sign already says it
        scale_text = group["scale"] or group["scale_tight"] or group["scale_after"] or pre_scale
        row = _choose(pre, post)
        currency = row.currency if row is not None else None
        continental = row is not None and row is post and row.kind == "symbol" and currency == "EUR"
        dot_groups = bool(group["dash"]) or (
            scale_text is None and (currency in self._dot_grouping or continental)
        )
        try:
            number = parse_digits(group["num"], dot_groups=dot_groups)
        except NotANumber:
            return None
        negative = bool(group["sign"] or group["pre_sign"] or group["paren"])
        scale = self._scale_value(scale_text) if scale_text else None
        if row is None:
            return unitless(start, end, group["num"], number, scale, negative=negative)
        flags: set[str] = {"crypto"} if row.coin is not None else set()
        inner: tuple[int, int] | None = None
        if opened:  # "($790 million)": a conversion or a negative, by context
            flags.add("bracketed")
            inner = (match.end("pre_open"), _before_space(text, match.start(), end - 1))
        written = group[pre_kind] if row is pre and pre_kind else group[post_kind or ""]
        return Quantity(
            start=start,
            end=end,
            number=number,
            amount_text=group["num"],
            scale=scale,
            factor=row.factor,
            negative=negative,
            unit=currency,
            unit_text=written or "",
            rule=f"money.{'suffix' if row is post else 'prefix'}:{row.id}",
            family=row.family,
            candidates=row.candidates,
            flags=flags,
            source=source_of(row) if currency else None,
            inner=inner,
            coin=row.coin,
        )

    @staticmethod
    def _name_before_fits(match: re.Match[str], group: dict[str, str | None]) -> bool:
        """ "ringgit 42", but not "dollar 5%" or "dollar 2019"."""
        text, end = match.string, match.end()
        if _PERCENT_AFTER.match(text, end, reach(text, end, words=2, chars=8)):
            return False
        scaled_ = group["scale"] or group["scale_tight"]
        return bool(scaled_) or not YEAR.fullmatch(group["num"] or "")

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
            scale_text = match.group("scale")
            scale = self._scale_value(scale_text) if scale_text else None
            if number is None:
                continue
            if match.group("post_alpha") is None:  # money only if its context says so
                start, end = match.span()
                found.append(unitless(start, end, match.group("words"), number, scale))
                reached = match.end()
                continue
            row = self._currency_row(match.group("post_alpha"))
            if row is None or row.homonym or _adjectival(row, number, text, match.end(), scale):
                continue
            found.append(
                Quantity(
                    start=match.start(),
                    end=match.end(),
                    number=number,
                    amount_text=match.group("words"),
                    scale=scale,
                    factor=row.factor,
                    negative=False,
                    unit=row.currency,
                    unit_text=match.group("post_alpha"),
                    rule=f"money.words:{row.id}",
                    family=row.family,
                    candidates=row.candidates,
                    source=source_of(row) if row.currency else None,
                    flags={"crypto"} if row.coin else set(),
                    coin=row.coin,
                )
            )
            reached = match.end()
        return found

    def _from_articles(self, text: str) -> list[Quantity]:
        """ "less than a dollar", "a dlr a share": one unit of the currency named."""
        found: list[Quantity] = []
        for match in self.article_money.finditer(text):
            row = self._currency_row(match.group("unit"))
            if row is None:
                continue
            found.append(
                Quantity(
                    start=match.start(),
                    end=match.end(),
                    number=Decimal(1),
                    amount_text=text[match.start() : match.start("unit")].rstrip(),
                    scale=None,
                    factor=row.factor,
                    negative=False,
                    unit=row.currency,
                    unit_text=match.group("unit"),
                    rule=f"money.words:{row.id}",
                    family=row.family,
                    candidates=row.candidates,
                    source=source_of(row) if row.currency else None,
                )
            )
        return found

    # -- normalising ------------------------------------------------------------------------

    def _currency_row(self, text: str) -> CurrencyRow | None:
        if text in self._rows_seen:
            return self._rows_seen[text]
        found = self._currency.get(text)
        row = found if isinstance(found, CurrencyRow) else None
        if len(self._rows_seen) < 4096:  # spellings of the currencies
            self._rows_seen[text] = row
        return row

    def _scale_value(self, text: str) -> Decimal:
        """The multiplier of a scale word, or of two: "lakh crore" is 10^12."""
        known = self._scales_seen.get(text)
        if known is None:
            known = self._multiply_scales(text)
            if len(self._scales_seen) < 4096:  # spellings of one or two scale words
                self._scales_seen[text] = known
        return known

    def _multiply_scales(self, text: str) -> Decimal:
        factors = []
        for word in text.replace("-", " ").split():
            row = self._scale.get(word)
            factors.append(row.multiplier if isinstance(row, ScaleRow) else Decimal(1))
        return scaled(*factors)

    def _join_minor_units(self, text: str, found: list[Quantity]) -> list[Quantity]:
        """ "20 dollars 43 cents" and "15 dollars 50" are one amount each. An amount takes
        one minor part at most: in "$1 25 cents 25 cents" the second "25 cents" is an amount
        of its own (joined again and again, a run of them made one amount of the whole run)."""
        joined: list[Quantity] = []
        takes_minor: Quantity | None = None
        for quantity in found:
            self._take_minor_tail(text, quantity)
            last, takes_minor = takes_minor, quantity
            if (
                last is not None
                and quantity.family is not None
                and last.family is None
                and last.unit is not None
                and last.scale is None
                and quantity.scale is None
                and not last.negative
                and MINOR_JOIN.match(text[last.end : quantity.start])
            ):
                last.number = last.number + quantity.number * quantity.factor / last.factor
                last.end = quantity.end
                takes_minor = None
                continue
            joined.append(quantity)
        return joined

    def _take_minor_tail(self, text: str, quantity: Quantity) -> None:
        if quantity.scale is not None or quantity.family is not None or quantity.negative:
            return
        if quantity.unit is None or quantity.number != quantity.number.to_integral_value():
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


#: A dollar named with its country: "Australian dollars", "H.K. dlrs", "NZ dollar".
_QUALIFIED_DOLLAR = re.compile(r"(?i)(?P<country>\S.*?)\s++(?:dollars?|dlrs?)")


def qualified_cents(rows: Sequence[CurrencyRow]) -> list[CurrencyRow]:
    """The cents of every dollar the lexicon names with its country: "42 Australian cents",
    "21.6 H.K. Cents", "5 Canadian cts". Each is in the currency of its dollar."""
    cents = [r for r in rows if r.kind == "minor" and r.family == "cent" and not r.attached]
    taken = {row.key for row in rows}
    derived: list[CurrencyRow] = []
    for row in rows:
        match = _QUALIFIED_DOLLAR.fullmatch(row.text)
        if row.kind != "name" or row.currency is None or row.coin is not None or not match:
            continue
        for cent in cents:
            text = f"{match.group('country')} {cent.text}"
            if text.casefold() in taken:
                continue
            taken.add(text.casefold())
            derived.append(
                cent.model_copy(
                    update={
                        "id": f"{row.id}+{cent.id.rsplit('.', 1)[-1]}",
                        "text": text,
                        "currency": row.currency,
                        "candidates": (),
                        "case_sensitive": False,
                        "note": None,
                    }
                )
            )
    return derived


def _by_script(forms: list[tuple[str, bool]]) -> str:
    """The alternation of ``forms``, those that start with an ASCII character apart.

    After most numbers of an English text comes an English word; one test of the next
    character spares the engine the names in other scripts ("원", "рублей").
    Spaces may be left out ("42 egyptianpound").
    """
    latin = [(text, sensitive) for text, sensitive in forms if text[:1].isascii()]
    other = [(text, sensitive) for text, sensitive in forms if not text[:1].isascii()]
    if not latin or not other:
        return alternation(forms, glued=True)
    return (
        f"(?:(?=[\\x00-\\x7f]){alternation(latin, glued=True)}"
        f"|(?![\\x00-\\x7f]){alternation(other, glued=True)})"
    )


def _choose(pre: CurrencyRow | None, post: CurrencyRow | None) -> CurrencyRow | None:
    """The currency row that decides: a code after "$1,190.00 AUD" beats the bare sign."""
    if pre is None:
        return post
    if post is not None and post.kind == "code" and pre.kind == "symbol":
        return post
    return pre


#: Singular names that an article before them does not make one unit of: "a sterling
#: performance", "a yen for risk".
_NOT_AFTER_ARTICLE = frozenset({"sterling", "stg", "stlg", "yen", "sen"})

#: A singular unit after a number word and before a noun is an adjective: "a twenty pound bag",
#: but not before a preposition: "nine mln stg of net property profits".
_NOUN_AFTER = re.compile(
    r"[\s-]++(?!(?:and|or|of|in|on|at|for|from|to|by|with|a|an|the)(?![^\W\d_]))[a-z]"
)


def _wordlike(text: str) -> bool:
    """Letters, spaces and dots only: "dlrs", "U.S. dlrs", "USD" (not "R$")."""
    return all(ch.isalpha() or ch in " ." for ch in text)


def _adjectival(
    row: CurrencyRow, number: Decimal, text: str, end: int, scale: Decimal | None
) -> bool:
    singular = not row.text.endswith("s") and row.kind == "name"
    return singular and number != 1 and scale is None and bool(_NOUN_AFTER.match(text, end))


def _before_space(text: str, start: int, end: int) -> int:
    """``len(text[:end].rstrip())`` where ``text[start]`` is no white space and ``start < end``:
    only the part from ``start`` is read, not a copy of the text before it per amount."""
    part = text[start:end]
    return end - (len(part) - len(part.rstrip()))


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
    source: str | None = None
    qualifier: str | None = None


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
            source=q.source,
            qualifier=q.qualifier,
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


def _forms(
    rows: Iterable[CurrencyRow],
    *,
    alpha: bool,
    attached: bool,
    wordlike: bool | None = None,
    backwards: bool = False,
) -> str:
    """An alternation of the currency forms of ``rows`` that start with a letter (``alpha``) or
    not, are written against the number (``attached``) or not, and are words or not."""
    chosen = [
        (row.text, row.case_sensitive)
        for row in rows
        if row.attached == attached
        and row.text[0].isalpha() == alpha
        and (wordlike is None or _wordlike(row.text) == wordlike)
    ]
    if backwards:
        return alternation(chosen, backwards=True)
    return _by_script(chosen)


def _digit_money(
    currencies: Sequence[CurrencyRow],
    scales: Sequence[ScaleRow],
    spaced_scales: str,
    tight_scales: str,
) -> re.Pattern[str]:
    """The grammar of amounts written in digits, with the currency before or after them."""
    before = [r for r in currencies if r.position in ("prefix", "both") and r.kind != "name"]
    names_before = [
        r
        for r in currencies
        if r.position in ("prefix", "both") and r.kind == "name" and not r.homonym
    ]
    after = [r for r in currencies if r.position in ("suffix", "both")]
    codes = alternation(((r.text, True) for r in currencies if r.kind == "code"), backwards=True)
    # one test of the next character spares the engine the scale words after most numbers
    letter = _LETTER if all(_starts_with_letter(r.text) for r in scales) else ""
    #: Scales written between a currency and its number: "$m 45.6", "€bn 1.2", "EURm 12".
    prefix_scales = alternation(
        ((r.text, r.case_sensitive) for r in scales if len(r.text) <= 3),
        backwards=True,
    )
    post_alpha = _forms(after, alpha=True, attached=False)
    post_word = _forms(after, alpha=True, attached=False, wordlike=True)
    post_mixed = _forms(after, alpha=True, attached=False, wordlike=False)
    post_symbol = _forms(after, alpha=False, attached=False)
    post_tight = alternation((r.text, r.case_sensitive) for r in after if r.attached)
    any_post = f"(?:{post_alpha}(?![^\\W\\d_])|{post_symbol}|{post_tight}(?![^\\W\\d_]))"
    # a symbol between two numbers belongs to the one it touches; spaced on both sides, to
    # the first, unless that one has a currency before it or is a year ("2019 $ 5")
    symbol_then_number = "(?(pre)(?!\\s?\\d)|(?(yearish)(?!\\s?\\d)|(?!\\d)))"
    tight_before = _forms(before, alpha=True, attached=True, backwards=True)
    pre_words = _forms(before, alpha=True, attached=False, wordlike=True, backwards=True)
    pre_mixed = _forms(before, alpha=True, attached=False, wordlike=False, backwards=True)
    pre_symbols = _forms(before, alpha=False, attached=False, backwards=True)
    pre_names = alternation(((r.text, r.case_sensitive) for r in names_before), backwards=True)
    return re.compile(
        rf"""
        (?=[-−–(]?\.?\d)                               # only where a number starts,
        (?!(?<=[\d.,])[.\d])                            # not inside one,
        (?<!\d\ \.\ )                                    # nor "1 . 8500" (tokenized text)
        (?:(?<=                                         # a currency before the number
            (?P<pre_open>\(\s?)?
            (?P<pre_sign>(?<![\w%).,])[-−–])?
            (?:
                (?<![^\W\d_])
                (?:(?<!\d\s?)(?P<pre_alpha>{pre_words})   # "3 UAH 4 kopiykas": UAH is 3's
                  |(?P<pre_alpha>{pre_mixed}))             # "R$ 139,99 R$ 135,99"
                (?:(?P<pre_scale>{prefix_scales})(?=[ \t\u00a0:]))??  # "EURm 12"
                (?:[ \t\u00a0]|:\s?)?
              | (?:(?<![^\W\d_])(?P<pre_code>{codes})\s)?
                (?:(?<!{_TAKEN_BY_NUMBER_BEFORE})          # "10 $ 30 $": the first $ is 10's
                   (?P<pre_symbol>{pre_symbols})
                   (?:(?P<pre_scale>{prefix_scales})(?=[ \t\u00a0:]))??  # "$m 45.6"
                   (?:[ \t\u00a0]|:\s?)
                  |(?P<pre_symbol>{pre_symbols}))          # "$5"
              | (?<![^\W\d_])(?P<pre_tight>{tight_before})
              | (?<![^\W\d_])(?<!\d\s?)(?<!{_DETERMINERS}\s++)
                (?P<pre_name>{pre_names})
                [ \t\u00a0]                               # "ringgit 42", "Rupees 500 crore"
            )
        )(?P<pre>))?
        (?P<sign>(?<![\w%).,])[-−–])?                   # "$-99.99", "-15€"
        (?P<paren>\(\s?)?                               # "$(1.3) million"
        (?<![\d.,])
        (?P<num>(?>
            (?=\d{{1,3}}+[ ]\d{{3}})                    # grouped by spaces (a test that
            (?:{_NOT_AN_INNER_GROUP}{SPACE_GROUPED_DIGITS}(?=\s?{any_post})  # spares these):
                                                        # "9 800 Kč"
              | (?(pre_alpha){_NOT_AN_INNER_GROUP}{SPACE_GROUPED_DIGITS}  # "DEM 250 000",
                |(?(pre_symbol)(?<!\$\s?){SPACE_GROUPED_DIGITS}|(?!)))  # "€ 3 250 000",
            )                                           # not "$5 100 times"
          | {DIGITS}
        ))
        (?P<dash>(?<=\d)[,.][-–—](?![-\w]))?              # "75,- Kč": no minor units
        (?(paren)\s?\))
        (?:
            {letter}(?P<scale_tight>{tight_scales}){_WORD_END}  # "1.2bn", "$5m", "10K"
          | (?:\s?+|-){letter}(?P<scale>{spaced_scales}   # "21 million", "1.7 lakh crore",
                                                        # "$1.2-billion" (Canada)
                (?:(?:\s++|-){spaced_scales}(?![^\W\d_]))?+){_WORD_END}
        )?
        (?:(?:
            (?P<post_tight>{post_tight})(?![^\W\d_])     # "2.5p", "43c"
          | (?=\s?{_LETTER})                             # (a name starts with a letter)
            \s?(?P<post_alpha>{post_word}(?![^\W\d_])     # "25 mln dlrs", "5 USD"
                             |{post_mixed}(?![^\W\d_])(?!\s?\d))  # "5 R$", "2.75US$"
          | (?P<post_symbol>{post_symbol}){symbol_then_number}  # "10k$", "35€ 99"
          | (?=\s{post_symbol})(?:{_YEAR_BEHIND}(?P<yearish>))?  # "2019 $ 5": no amount
            \s(?P<post_symbol>{post_symbol}){symbol_then_number}  # "49,96 €"
        )(?P<post>))?
        (?(scale)|(?(scale_tight)|(?(pre_scale)|
            (?:\s{letter}(?P<scale_after>{spaced_scales})(?![^\W\d_]))?)))  # "75 USD million"
        (?(pre_open)(?P<close>\s?\))?)                   # "($790 million)"; "($1 = ..."
        (?(pre)|(?(post)|(?(scale)|(?(scale_tight)|(?(scale_after)|(?!))))))  # a currency,
                                                        # or else a scale
        (?!(?<=[\d)])[^\W\d_])                          # "$5abc" is not money
        """,
        re.VERBOSE,
    )


def _word_money(words: NumberWords, spaced_scales: str, post_alpha: str) -> re.Pattern[str]:
    """The grammar of amounts written in words: "two million dollars", "a loss of two mln"."""
    scale_words = alternation(
        ((t, False) for t, row in words.table.items() if row.role == "scale"),
        backwards=True,
    )
    return re.compile(
        rf"""
        (?P<words>{words.pattern})
        (?:\s++(?P<scale>{spaced_scales}(?:\s++{spaced_scales}(?![^\W\d_]))?+)
            (?![^\W\d_]))?
        (?:(?:\s++|-)(?P<post_alpha>{post_alpha})(?![^\W\d_]))?  # "a loss of two mln":
        (?(post_alpha)|(?(scale)|(?<=(?i:{scale_words}))))       # a scale and no unit
        """,
        re.VERBOSE,
    )


def _minor_tail(words: NumberWords) -> re.Pattern[str]:
    """The minor units of "15 dollars 50" or "US$3 and fourteen": at the end of a clause, or
    before a word that no unit is ("15 USD 50 more")."""
    one_word = alternation(
        (text, False) for text, row in words.table.items() if row.role in ("unit", "ten")
    )
    return re.compile(
        rf"""\s++(?:(?i:and)\s++)?
        (?P<minor>\d{{1,2}}+(?![\d.,]\d)|{one_word}(?:[\s-]{one_word})?(?![^\W\d_]))
        (?=\s*+(?:[.,;:!?)]|$)
          |\s++(?i:more|less|extra|only|each|and|or|but|for|in|on|at|to)(?![^\W\d_]))""",
        re.VERBOSE,
    )


def _article_money(currencies: Sequence[CurrencyRow]) -> re.Pattern[str]:
    """One unit written with an article: "a dollar", "a penny", "a dlr a share"."""
    one = [
        (row.text, False)
        for row in currencies
        if row.id.startswith("news.")
        and row.kind in ("name", "minor")
        and row.text.isascii()
        and row.text.isalpha()
        and row.text.islower()
        and not row.text.endswith("s")
        and not (row.homonym or row.coin or row.text in _NOT_AFTER_ARTICLE)
    ]
    return re.compile(
        rf"""(?<![^\W\d_])(?:a|A|an|An)[ \t]++(?P<unit>{alternation(one)})
        (?![^\W\d_]|-|{_NOUN_AFTER.pattern})""",
        re.VERBOSE,
    )
