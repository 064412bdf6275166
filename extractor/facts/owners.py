"""The company of every fact, and how it was found (``company_source``).

In this order:

1. ``clause``: the company named in the fact's clause ("Woolworth's 1986 income", "operating
   profit at the company's Northwest Pipeline unit"); the linker finds it;
2. ``subject``: the subject of the sentence ("Hartford said it earned ..."); also the linker's;
3. ``anaphor``: "the company", "the group", "the bank", "it", "its" ... mean the company the
   paragraph is about: the last company that was the subject of a sentence, in this paragraph
   or before it, else the article's company;
4. ``article``: the company of the headline or the first sentence, for an article (or a table)
   that reports one company's figures;

and null where none applies, or where two companies have an equal claim on the article (a
headline that names two). Figures of an industry, a sector or a market ("industry revenue")
are no company's.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import replace

import regex as re

from .model import CompanySpan, FoundFact

#: Words before a company that make it an object rather than the subject of its sentence.
_OBJECT_BEFORE = re.compile(
    r"(?i:\b(?:to|from|for|with|by|against|than|into|of|on|over|under|including|like|via|"
    r"as|about|between|toward|towards|versus|vs|buy|acquire|acquiring|sell|selling|in|at|"
    r"told|tell)\s++(?:(?:the|its|their|[\w.]+-(?:based|owned)|[A-Z][\w.&-]*+)\s++){0,3})\Z"
    r"|[<(]\s*+\Z"
)
#: A company that opens a clause of contrast is no subject of its sentence for the sentences
#: after it: "Income at the investment bank rose, while Barclays UK ... posted ...".
_SUBORDINATE_BEFORE = re.compile(r"(?i:\b(?:while|whereas|although|though)\s++)\Z")
#: Two companies joined in a headline: an equal claim on the article.
_JOINED = re.compile(r"\A\s*+(?:,|and|&|AND)\s*+\Z")
#: Segments that are nobody's: "Industry revenue", "sector profits", "market share".
AGGREGATES = frozenset({"industry", "sector", "market", "economy", "nationwide", "retail"})


class Owners:
    """Walks an article's sentences in order, keeping the company each paragraph is about."""

    def __init__(
        self,
        text: str,
        companies: Sequence[CompanySpan],
        *,
        headline: tuple[int, int] | None,
        fallback: str | None = None,
    ) -> None:
        self.text = text
        self.companies = list(companies)
        self._starts = [c.start for c in self.companies]
        self._recent: str | None = None
        #: Sentences not yet read for their subject: read only when an anaphor needs one.
        self._pending: list[tuple[int, int]] = []
        self._headline = headline
        self._fallback = fallback
        self._article_name: str | None = None
        self._article_known = False

    @property
    def article(self) -> str | None:
        """The article's company, worked out when a fact first needs it."""
        if not self._article_known:
            name = self._article(self._headline)
            if name is None and self.companies:
                name = self._fallback
            self._article_name = name or None  # "" is an equal claim: no company
            self._article_known = True
        return self._article_name

    def _in(self, start: int, end: int) -> list[CompanySpan]:
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [c for c in self.companies[first:last] if c.end <= end]

    def subject(self, start: int, end: int) -> str | None:
        """The subject company of a sentence: the first company not after a preposition."""
        for company in self._in(start, end):
            window = max(start, company.start - 25)
            if not (
                _OBJECT_BEFORE.search(self.text, window, company.start)
                or _SUBORDINATE_BEFORE.search(self.text, window, company.start)
            ):
                return company.name
        return None

    def _article(self, headline: tuple[int, int] | None) -> str | None:
        """The subject of the first sentence, else of the headline; none for an equal claim.

        A headline in capitals that no rule read ("ACME INDUSTRIES INC <ACME> 4TH QTR NET")
        gives the name before its ticker, and a wire note ("Full name is Acme Industries
        Holdings Inc") the full name.
        """
        start = headline[1] if headline is not None else 0
        if headline is not None:
            named = self._in(*headline)
            distinct = list(dict.fromkeys(c.name for c in named))
            if len(distinct) > 1:
                first, second = (next(c for c in named if c.name == n) for n in distinct[:2])
                if _JOINED.match(self.text[first.end : second.start]):
                    return ""  # "ACME AND ZENITH REPORT ...": an equal claim
        following = self._in(start, len(self.text))
        body = None
        if following:
            end = _sentence_end(self.text, following[0].end)
            body = self.subject(max(start, following[0].start - 200), end)
            if body is not None and following[0].start - start > 400:
                body = None  # too far down to be the article's subject
        name = body
        if name is None and headline is not None:
            name = self.subject(*headline) or headline_name(self.text, headline)
        full = _FULL_NAME.search(self.text)
        if full is not None:
            given = full.group("name") or full.group("name2")
            if name is None or _simple(name) in _simple(given):
                name = given.strip()
        return name

    def sentence(self, start: int, end: int) -> None:
        """Note a sentence once its facts are resolved; its subject is read when needed."""
        self._pending.append((start, end))

    @property
    def recent(self) -> str | None:
        """The subject of the latest sentence that has one: the latest sentences are read
        first, and each sentence once."""
        for start, end in reversed(self._pending):
            subject = self.subject(start, end)
            if subject is not None:
                self._recent = subject
                break
        self._pending.clear()
        return self._recent

    def resolve(self, fact: FoundFact) -> FoundFact:
        """The fact with its company and ``company_source``."""
        if fact.company is not None:
            return fact
        segment = (fact.metric.segment or "").casefold().split()
        if any(word in AGGREGATES for word in segment):
            return fact
        if fact.anaphor:
            name = self.recent or self.article
            if name is not None:
                return replace(fact, company=name, company_source="anaphor")
        if self.article is not None and not _aggregate_before(self.text, fact):
            return replace(fact, company=self.article, company_source="article")
        return fact


#: "Speed-O-Print Business Machines Corp is full name of company", "Full name is ...".
_FULL_NAME = re.compile(
    r"(?i:full\s+name\s+(?:of\s+(?:the\s+)?company\s+)?is)\s+(?P<name>[A-Z][^.\n<]{2,60}?)"
    r"(?:\s*<[^<>\n]{1,12}>)?\s*\.|(?<![\w])(?P<name2>[A-Z][\w&,.'’ -]{2,60}?)\s+is\s+(?:the\s+)?"
    r"full\s+name"
)
#: A headline's name before its ticker: "ACME INDUSTRIES INC <ACME> 4TH QTR NET", or a private
#: company in angle brackets: "<SUN HUNG KAI CO LTD> YEAR 1986".
_HEADLINE_NAME = re.compile(
    r"\A\s*+(?:<(?P<private>[A-Z][^<>\n]{1,60})>|(?P<name>[A-Z0-9][A-Z0-9&.,'’ -]{1,60}?)"
    r"(?:['’]S)?\s*+<[A-Z0-9.]{1,12}>)"
)
_CONNECTORS = frozenset({"and", "of", "the", "for", "de", "du", "des", "la"})


def headline_name(text: str, headline: tuple[int, int]) -> str | None:
    """The company name a wire headline gives before its ticker, in the body's spelling if
    the body has it, else in title case (acronyms kept).

    >>> headline_name("NWA INC <NWA> 4TH QTR NET", (0, 25))
    'NWA INC'
    >>> text = "SCOTT AND STRINGFELLOW <SCOT.O> 3RD QTR\\n\\nShr 37 cts"
    >>> headline_name(text, (0, 40))
    'Scott and Stringfellow'
    """
    match = _HEADLINE_NAME.match(text, headline[0], headline[1])
    if match is None:
        return None
    name: str = (match.group("private") or match.group("name")).strip(" ,")
    found = text.casefold().find(name.casefold(), headline[1])
    spelled = text[found : found + len(name)] if found >= 0 else ""
    if spelled and not spelled.isupper() and len(spelled.casefold()) == len(name.casefold()):
        return spelled
    return " ".join(_title(word, first=i == 0) for i, word in enumerate(name.split()))


def _title(word: str, *, first: bool) -> str:
    if word.casefold() in _CONNECTORS and not first:
        return word.casefold()
    if len(word) <= 3 and word.isalpha() and word.isupper():
        return word  # "NWA", "CPI", "INC": acronyms and suffixes as they are
    return "-".join(part.capitalize() for part in word.split("-"))


def _simple(name: str) -> str:
    return " ".join(re.findall(r"\w+", name.casefold()))


def _sentence_end(text: str, position: int) -> int:
    found = text.find(". ", position)
    return len(text) if found < 0 else found


def _aggregate_before(text: str, fact: FoundFact) -> bool:
    """ "Industry revenue rose": a word before the metric says it is nobody's figure."""
    before = text[max(fact.sentence[0], fact.metric.start - 20) : fact.metric.start]
    words = before.casefold().split()
    return bool(words) and words[-1] in AGGREGATES
