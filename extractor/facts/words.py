"""The words the fact linker reads a sentence by: trends and their direction, change bases,
anaphors ("the company"), the words before a prior value, and the metrics' lexicon rows.

Compiled once from the lexicon; :class:`~extractor.facts.linker.FactLinker` is one, and
:class:`~extractor.facts.sentence.SentenceLinker` reads a sentence with it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex as re

from ..amounts.numbers import alternation
from ..lexicon import (
    AnaphorRow,
    ChangeBasisRow,
    Lexicon,
    LinkContext,
    MetricRow,
    QualifierRow,
    TrendRow,
)

#: The words that put the amount after them as a prior value.
_PRIOR_WORDS = re.compile(
    r"(?i:\b(?:from|versus|vs\.?|against|compared\s+with|compared\s+to|up\s+from|down\s+from|"
    r"(?<!\b(?:more|less|fewer|no|rather|other)\s+)than))(?=\s)"  # not "more than $5bn"
    # "EUR 3.1bn (Q3 2024: EUR 2.9bn)", "(prior year: 4.1%)"; not a ticker, "(NASDAQ: NWRB)"
    r"|\((?=[^()\n:]{0,30}(?:\d|(?i:prior|previous|last|year|quarter))[^()\n:]{0,30}:)"
)


def keyed(text: str) -> str:
    """``text`` as a word table's key: case folded, white space single."""
    return " ".join(text.casefold().split())


def word_pattern(texts: Iterable[str]) -> re.Pattern[str]:
    """Any of ``texts`` as whole words: no word character or hyphen on either side."""
    return re.compile(rf"(?<![\w-])(?:{alternation((text, False) for text in texts)})(?![\w-])")


@dataclass(frozen=True)
class LinkPatterns:
    """The links between a metric and its figure that may have a qualifier in them ("rose to
    about $5m"); the qualifiers are the lexicon's (``QualifierRow.links``)."""

    #: A value link as the last words before an amount, an approximation allowed after it.
    value_end: re.Pattern[str]
    #: The price of a deal: "for about $215 million", "at $36.50 a share".
    for_price: re.Pattern[str]
    #: Between a trend word and its figure: nothing, or "by".
    trend_to_figure: re.Pattern[str]
    #: A change told as a noun: "an increase of", "a decline of", "growth of about".
    change_noun: re.Pattern[str]
    #: The last words before a value that its subject, not the nearest metric, takes: "was".
    copula_end: re.Pattern[str]


def link_patterns(qualifiers: Iterable[QualifierRow]) -> LinkPatterns:
    """The :class:`LinkPatterns` with these qualifiers, each where its ``links`` allow it."""
    rows = list(qualifiers)

    def words(context: LinkContext, *more: str) -> str:
        found = [(r.text, False) for r in rows if r.links is None or context in r.links]
        return alternation([*found, *((word, False) for word in more)])

    return LinkPatterns(
        value_end=re.compile(
            r"(?i:\b(?:of|to|was|were|is|are|at|totall?ed|totall?ing|reached|hit|topped|in|"
            r"by\s+\w+\s+to|came\s+in\s+at|stood\s+at|amounted\s+to|between|range\s+of|be|"
            r"reach|to\s+between|valued\s+at|worth))"
            rf"(?:\s+{words('value', 'a record')})?"
            r"[\s,]*\Z|:\s*\Z"
        ),
        for_price=re.compile(rf"(?i:\b(?:for|at))(?:\s+{words('price')})?\s*+\Z"),
        trend_to_figure=re.compile(rf"\s*+(?:{words('trend', 'by')}\s++)?\Z"),
        change_noun=re.compile(
            r"(?i:\b(?:an?\s+)?(?:increase|rise|gain|jump|decrease|decline|drop|fall|reduction|"
            rf"growth)\s+of)(?:\s+{words('change')})?\s*\Z"
        ),
        copula_end=re.compile(
            r"(?i:\b(?:was|were|is|are|totall?ed|totall?ing|amounted\s+to|came\s+in\s+at|"
            rf"stood\s+at))(?:\s+{words('copula')})?[\s,]*\Z"
        ),
    )


class LinkWords:
    """The linker's word lists, compiled from a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.links = link_patterns(lexicon.rows(QualifierRow))
        trends = lexicon.rows(TrendRow)
        self._direction = {keyed(row.text): row.direction for row in trends}
        self.trend_pattern = word_pattern(row.text for row in trends)
        bases = lexicon.rows(ChangeBasisRow)
        self._basis = {keyed(row.text): row.basis for row in bases}
        self.basis_pattern = word_pattern(row.text for row in bases)
        self.metric_rows = {row.name: row for row in lexicon.rows(MetricRow)}
        rows = lexicon.rows(AnaphorRow)
        anaphors = alternation((r.text, False) for r in rows)
        heads = alternation(
            (r.text.split()[-1], False) for r in rows if r.text.casefold().startswith("the ")
        )
        #: "the company", "it", and "the Pittsburgh-based company", "the Santa Clara group".
        self.anaphor_pattern = re.compile(
            rf"(?<![\w-])(?:{anaphors}|(?i:the)\s++(?:[A-Z][\w.&'-]*+\s++){{0,3}}"
            rf"(?:[\w.]++-based\s++)?{heads})(?![\w-])"
        )
        self.prior_link_pattern = _PRIOR_WORDS

    def direction(self, text: str) -> str | None:
        return self._direction.get(keyed(text))

    def basis(self, text: str) -> str | None:
        return self._basis.get(keyed(text))
