"""Numbers as news writes them: digits with separators, and number words.

Pure functions, no spaCy. The regex fragments here are shared by the money and percent grammars.

>>> parse_digits("1,234,567.89"), parse_digits("12,34,567.89")
(Decimal('1234567.89'), Decimal('1234567.89'))
>>> parse_digits("1.234.567,89")
Decimal('1234567.89')
>>> parse_digits("205,68")
Decimal('205.68')
>>> parse_digits("94,456")
Decimal('94456')
>>> parse_digits("1.727"), parse_digits("1.727", dot_groups=True)
(Decimal('1.727'), Decimal('1727'))
>>> parse_digits("1'049,95"), parse_digits("9\u202f800"), parse_digits(".75")
(Decimal('1049.95'), Decimal('9800'), Decimal('0.75'))
>>> parse_digits("37-1/2"), parse_digits("6 1/4"), parse_digits("5/8"), parse_digits("8-1/3")
(Decimal('37.5'), Decimal('6.25'), Decimal('0.625'), Decimal('8.33333333333333'))
>>> words = NumberWords.default()
>>> words.parse("twenty"), words.parse("forty-five"), words.parse("half a billion")
(Decimal('20'), Decimal('45'), Decimal('500000000'))
>>> words.parse("two and a half million"), words.parse("three quarters"), words.parse("a hundred")
(Decimal('2500000'), Decimal('0.75'), Decimal('100'))
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

import regex as re

from ..lexicon import Lexicon, NumberWordRow, load_lexicon

#: Separators that group thousands in typeset text: no-break and narrow no-break spaces.
_THIN_SPACES = "\u00a0\u202f\u2009"

#: Vulgar fraction characters and their values: "37½ cents".
_VULGAR = {
    "½": (1, 2), "⅓": (1, 3), "⅔": (2, 3), "¼": (1, 4), "¾": (3, 4), "⅕": (1, 5), "⅖": (2, 5),
    "⅗": (3, 5), "⅘": (4, 5), "⅙": (1, 6), "⅚": (5, 6), "⅛": (1, 8), "⅜": (3, 8), "⅝": (5, 8),
    "⅞": (7, 8),
}  # fmt: skip

#: Significant digits of a value that does not end ("8-1/3": 8.33333333333333).
INEXACT_DIGITS = 15

#: A number with a fraction, as markets and wires write prices and rates: "37-1/2", "6 1/4",
#: "5/8", "20-20/32", "37½". The denominators are those of market quotes (halves to 64ths,
#: thirds, fifths), so that "24/7" and dates such as "3/10" are no fractions.
FRACTION = rf"""
(?:
    (?:\d{{1,9}}+[-\u00a0 ])?+\d{{1,2}}+/(?:64|32|16|8|6|5|4|3|2)(?![\d/]|[.,]\d)
  | \d{{1,9}}+[{"".join(_VULGAR)}]
)
"""

#: A number written with digits. Every branch ends where the digits end, so "1.2345" is not
#: read as "1.234" followed by "5". Quantifiers on digit runs are possessive: linear on any input.
DIGITS = rf"""
(?:
    (?=\d{{1,9}}+(?:[-\u00a0 ]\d{{1,2}}+)?+[/{"".join(_VULGAR)}]){FRACTION}  # 37-1/2, 5/8
  |
    (?=\d{{1,3}}+[,.'{_THIN_SPACES}])   # digits grouped (a test that spares the five below):
    (?:\d{{1,2}}+(?:,\d{{2}}+(?=,))++,\d{{3}}+(?:\.\d++)?+(?!,?\d)  # 12,34,567.89 (India)
      | \d{{1,3}}+(?:,\d{{3}}+)++(?:\.\d++)?+(?!,?\d)            # 1,234,567.89
      | \d{{1,3}}+(?:\.\d{{3}}+)++(?:,\d++)?+(?!\.?\d)           # 1.234.567,89 and 1.727
      | \d{{1,3}}+(?:'\d{{3}}+)++(?:[.,]\d++)?+(?!'?\d)          # 1'049.95 (Swiss)
      | \d{{1,3}}+(?:[{_THIN_SPACES}]\d{{3}}+)++(?:,\d{{1,2}}+)?+(?!\d)  # 9 800, thin space
    )
  | \d++(?:[.,]\d++)?+(?![\d])                              # 1234.5 and 1234,5
  | (?<!\d)[.]\d++(?![\d])                                  # .75
)
"""

#: Digits grouped by plain spaces ("9 800 Kč"). Only trusted right before a currency after the
#: number, because "$5 100 times" must not read as 5100 dollars.
SPACE_GROUPED_DIGITS = r"\d{1,3}+(?:[ ]\d{3}+)++(?:,\d{1,2}+)?+(?!\d)"

_GROUP_SEPARATORS = str.maketrans("", "", " '" + _THIN_SPACES)

#: More digits than any amount has: "100 100 100 ..." run on for pages is not a number.
MAX_DIGITS = 30


class NotANumber(ValueError):
    """Digits that the number grammar matched but that are no plausible amount."""


def parse_digits(text: str, *, dot_groups: bool = False) -> Decimal:
    """The value of a number written with digits and separators.

    A comma followed by exactly three digits groups thousands; otherwise it is the decimal mark.
    A single dot followed by exactly three digits is a decimal point unless ``dot_groups`` says the
    currency writes thousands with dots (``Rp 169.000``, ``1.727 Ft``). Raises
    :class:`NotANumber` for more than :data:`MAX_DIGITS` digits.
    """
    if "/" in text or text[-1:] in _VULGAR:
        return _parse_fraction(text)
    body = text.translate(_GROUP_SEPARATORS)
    if len(body) > MAX_DIGITS + 8 and sum(ch.isdigit() for ch in body) > MAX_DIGITS:
        raise NotANumber(f"more than {MAX_DIGITS} digits")
    if "," in body and "." in body:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
    elif "," in body:
        parts = body.split(",")
        grouped = len(parts) > 2 or (len(parts[-1]) == 3 and parts[0] != "")
        decimal_mark = "." if grouped else ","
    elif "." in body:
        parts = body.split(".")
        grouped = len(parts) > 2 or (dot_groups and len(parts[-1]) == 3 and parts[0] != "")
        decimal_mark = "," if grouped else "."
    else:
        decimal_mark = "."
    group_mark = "," if decimal_mark == "." else "."
    plain = body.replace(group_mark, "").replace(decimal_mark, ".")
    try:
        return Decimal(plain)
    except InvalidOperation as exc:  # the DIGITS pattern never yields such text
        raise NotANumber(f"not a number: {text!r}") from exc


def _parse_fraction(text: str) -> Decimal:
    """ "37-1/2" is 37.5, "5/8" 0.625, "37½" 37.5; a share that does not end has 15 digits."""
    if text[-1:] in _VULGAR:
        whole, (numerator, denominator) = text[:-1], _VULGAR[text[-1]]
    else:
        head, _, tail = text.rpartition("/")
        whole, _, top = head.replace("-", " ").replace("\u00a0", " ").rpartition(" ")
        numerator, denominator = int(top), int(tail)
    if not 0 < numerator < denominator:
        raise NotANumber(f"not a fraction: {text!r}")
    with localcontext() as ctx:
        ctx.prec = INEXACT_DIGITS
        value = Decimal(int(whole or 0)) + Decimal(numerator) / Decimal(denominator)
    return strip_zeros(value)


def strip_zeros(value: Decimal) -> Decimal:
    """``Decimal('21000000.00')`` -> ``Decimal('21000000')``, never in exponent form."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


#: The context of exact products: 60 digits hold any product of an amount's number, scale and
#: factor. One shared context, not a ``localcontext()`` per call (a tenth of the time).
_EXACT = Context(prec=60)
_ONE = Decimal(1)


def scaled(*factors: Decimal) -> Decimal:
    """The exact product of ``factors``, with trailing zeros removed."""
    result = _ONE
    for factor in factors:
        result = _EXACT.multiply(result, factor)
    if result == _EXACT.to_integral_value(result):
        return _EXACT.quantize(result, _ONE)
    return _EXACT.normalize(result)


def alternation(
    surfaces: Iterable[tuple[str, bool]], *, backwards: bool = False, glued: bool = False
) -> str:
    r"""A regex that matches any of the literal surface forms, preferring the longest.

    Each item is ``(text, case_sensitive)``. Spaces inside a form match any run of white space;
    with ``glued`` also none, as scraped and chat text glue words ("42 egyptianpound").
    The forms are merged into a trie ("dlr(?:s)?", "U(?:S|\.S\.)..."), so the engine checks
    one character and follows one branch instead of trying hundreds of alternatives in turn.

    With ``backwards`` the trie is built from the ends of the forms, for use in a look-behind,
    which the engine matches from right to left.

    >>> alternation([("dlr", False), ("dlrs", False), ("$", True)])
    '(?:\\$|(?i:dlr(?:s)?))'
    >>> alternation([("$", True), ("US$", True), ("C$", True)], backwards=True)
    '(?:(?:C|US)?\\$)'
    """
    sensitive: set[str] = set()
    insensitive: set[str] = set()
    for text, case_sensitive in surfaces:
        (sensitive if case_sensitive else insensitive).add(text if case_sensitive else text.lower())
    parts = []
    if sensitive:
        parts.append(_trie_pattern(sensitive, backwards=backwards, glued=glued))
    if insensitive:
        parts.append(f"(?i:{_trie_pattern(insensitive, backwards=backwards, glued=glued)})")
    return "(?:" + "|".join(parts) + ")" if parts else "(?!)"


_END = ""


def _trie_pattern(words: set[str], *, backwards: bool = False, glued: bool = False) -> str:
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    for word in words:
        node = trie
        chars = " ".join(word.split())
        for char in reversed(chars) if backwards else chars:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _node_pattern(trie, backwards=backwards, space=r"\s*+" if glued else r"\s+")


def _node_pattern(node: dict[str, dict], *, backwards: bool, space: str) -> str:  # type: ignore[type-arg]
    def branch(char: str, child: dict) -> str:  # type: ignore[type-arg]
        literal = space if char == " " else re.escape(char)
        rest = _node_pattern(child, backwards=backwards, space=space)
        return rest + literal if backwards else literal + rest

    branches = [branch(char, child) for char, child in sorted(node.items()) if char != _END]
    optional = _END in node
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if optional:
        return f"(?:{body})?" if len(branches) == 1 else f"{body}?"
    return body


#: What separates number words: "forty-five", "two and a half".
_WORD_GAPS = re.compile(r"[\s-]+")


@dataclass(frozen=True)
class NumberWords:
    """Number words from the lexicon, with a regex for a run of them and a parser."""

    table: dict[str, NumberWordRow]
    pattern: str

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> NumberWords:
        table = {row.key: row for row in lexicon.rows(NumberWordRow)}
        words = alternation((text, False) for text, row in table.items() if row.role != "article")
        articles = alternation(
            (text, False) for text, row in table.items() if row.role == "article"
        )
        # "a" reads as one only before a fraction, "hundred" or a scale: "a quarter million"
        counted = alternation(
            (text, False)
            for text, row in table.items()
            if row.role in ("fraction", "hundred", "scale")
        )
        joint = rf"(?:\s*+-\s*+|\s++(?i:and)\s++(?:{articles}\s++)?|\s++{articles}\s++|\s++)"
        first = rf"(?:{articles}\s++(?={counted}(?![^\W\d_])))?{words}"
        pattern = rf"{first}(?:{joint}{words})*+(?![^\W\d_])"
        return cls(table=table, pattern=pattern)

    @classmethod
    def default(cls) -> NumberWords:
        return _default_number_words()

    def article_before(self, text: str, start: int) -> int:
        """Where "a quarter million" starts when a number word was found at "quarter"."""
        before = text[max(0, start - 3) : start]
        for article in ("an ", "a "):
            at = start - len(article)
            if before.endswith(article) and (at == 0 or not text[at - 1].isalnum()):
                return at
        return start

    def parse(self, text: str) -> Decimal | None:
        """The value of a run of number words, or None when it holds none."""
        total = Decimal(0)
        current: Decimal | None = None
        after_and = after_article = False
        seen_any = False
        for word in _WORD_GAPS.split(text.casefold()):
            if not word:
                continue
            if word == "and":
                after_and = True
                continue
            row = self.table.get(word)
            if row is None:
                return None
            if row.role == "article":
                after_article = True
                continue
            seen_any = True
            if row.role in ("unit", "ten"):
                current = (current or Decimal(0)) + row.value
            elif row.role == "hundred":
                current = (current if current is not None else Decimal(1)) * row.value
            elif row.role == "scale":
                total += (current if current is not None else Decimal(1)) * row.value
                current = None
            elif current is not None and not after_and and not after_article:
                current *= row.value  # "three quarters"
            else:
                current = (current or Decimal(0)) + row.value  # "half", "two and a half"
            after_and = after_article = False
        if not seen_any:
            return None
        return strip_zeros(total + (current or Decimal(0)))


@lru_cache(maxsize=1)
def _default_number_words() -> NumberWords:
    return NumberWords.from_lexicon(load_lexicon())


class BareNumbers:
    """Numbers with no unit ("466,140 vehicles", "Net 1,234,000 vs 987,000"), for facts.

    Years ("in 2019"), days of dates ("March 3") and times are left out.
    """

    def __init__(self, scales: str, months: str) -> None:
        self.pattern = re.compile(
            rf"""(?<![\w.,$€£¥%/:-])(?P<num>{DIGITS})
            (?:\s?+(?P<scale>{scales})(?![^\W\d_]))?
            (?![\w%]|[.,:/]\d|\s?(?:{months})\b)""",
            re.VERBOSE,
        )
        self._after_month = re.compile(rf"(?r)(?:{months})\.?\s++\Z")

    def find(self, text: str, start: int, end: int) -> list[tuple[int, int, str, str | None]]:
        """(start, end, digits, scale) of each bare number in ``text[start:end]``."""
        found = []
        for match in self.pattern.finditer(text, start, end):
            digits, scale = match.group("num"), match.group("scale")
            if scale is None and _looks_like_year_or_day(digits):
                continue
            if self._after_month.search(text, max(0, match.start() - 12), match.start()):
                continue
            found.append((match.start(), match.end(), digits, scale))
        return found


def _looks_like_year_or_day(digits: str) -> bool:
    if not digits.isdigit():
        return False
    number = int(digits)
    return (len(digits) == 4 and 1800 <= number <= 2100) or (len(digits) <= 2 and number <= 31)
