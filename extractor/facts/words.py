"""The words the fact linker reads a sentence by: trends and their direction, change bases,
anaphors ("the company"), the words before a prior value, and the metrics' lexicon rows.

Compiled once from the lexicon; :class:`~extractor.facts.linker.FactLinker` is one, and
:class:`~extractor.facts.sentence.SentenceLinker` reads a sentence with it.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from ..amounts.numbers import alternation
from ..lexicon import AnaphorRow, ChangeBasisRow, Lexicon, MetricRow, TrendRow

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


class LinkWords:
    """The linker's word lists, compiled from a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
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
