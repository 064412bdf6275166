"""Financial metrics in text: the taxonomy's phrases, with the modifiers that qualify them.

A metric is found at its head word ("revenue", "loss"): the longest phrase of the taxonomy
that ends there ("net loss", "cost of revenue") gives the canonical name, and the words
before it that still qualify it ("high-performance computing (HPC) lease") are kept in the
mention and give the segment. Pure functions, no spaCy.

>>> grammar = metric_grammar()
>>> [(m.text, m.name, m.segment) for m in grammar.find(
...     "a 117% surge in high-performance computing (HPC) lease revenue to $21 million")]
[('high-performance computing (HPC) lease revenue', 'revenue', 'HPC lease')]
>>> [(m.text, m.name) for m in grammar.find("posted a $427 million quarterly net loss")]
[('net loss', 'net_loss')]
>>> [(m.text, m.name) for m in grammar.find("Adjusted earnings per share were $1.71.")]
[('Adjusted earnings per share', 'adjusted_eps')]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..amounts.numbers import alternation
from ..lexicon import Lexicon, MetricModifierRow, MetricRow, MetricStopRow, load_lexicon
from ..spans import Occupied, SpanIndex, reach

#: How many words before a metric phrase may still qualify it.
MAX_MODIFIERS = 6
#: A word of a modifier: letters, digits, "&", "-", "'" inside; or an acronym in brackets.
_MODIFIER = re.compile(
    r"(?r)(?<![\w&'’.-])(?:\([A-Z][A-Za-z0-9&.-]{0,9}\)|[A-Za-z][\w&'’.-]{0,40})\s{0,3}\Z"
)
#: Period words, which end a metric's modifiers: "Q3", "3Q", "H1", "FY2024", "9M".
_PERIOD = re.compile(r"(?:[QH][1-4]|[1-4][QH]|9M|FY)\d*\Z", re.IGNORECASE)
#: A bank noun after a metric's words makes them a kind of bank: "the investment bank".
_BANK_AFTER = re.compile(r"[ \t]++(?i:bank|banks|banking|banker|bankers)\b")
#: A footnote number glued to a metric's last word: "EPS2", "Revenue1 ".
_NOTE_AFTER = re.compile(r"(?<=[A-Za-z])\d{1,2}(?![\w.,%])")
_ACRONYM_EXPANSION = re.compile(r"^(?P<expansion>.+?)\s*\((?P<acronym>[A-Z][A-Za-z0-9&.-]*)\)\s*")


@dataclass(frozen=True)
class FoundMetric:
    """A metric mention, before it becomes a record. Offsets are into the text."""

    start: int
    end: int
    text: str
    name: str
    family: str
    unit: str
    segment: str | None
    rule: str
    #: The phrase names a forecast of the metric: "revenue outlook".
    forecast: bool = False


class MetricGrammar:
    """The metric taxonomy of one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(MetricRow)
        self._by_surface: dict[tuple[str, bool], MetricRow] = {}
        #: Canonical name -> its family and unit.
        self.by_name: dict[str, MetricRow] = {}
        #: Rule id ("metric:metric.revenue") -> its row.
        self.by_rule: dict[str, MetricRow] = {}
        for row in rows:
            self.by_name.setdefault(row.name, row)
            self.by_rule[f"metric:{row.id}"] = row
            for surface in row.surfaces:
                self._by_surface[(_key(surface), row.line_start)] = row
        anywhere = [(s, False) for (s, line), _ in self._by_surface.items() if not line]
        line = [(s, False) for (s, line), _ in self._by_surface.items() if line]
        self._phrase = re.compile(
            rf"(?r)(?<![\w-])(?P<phrase>{alternation(anywhere, backwards=True)})\Z"
        )
        self._line_phrase = re.compile(
            rf"(?r)(?:^|(?<=\n))[ \t]*+(?P<phrase>{alternation(line, backwards=True)})\Z"
        )
        self.heads = frozenset(
            surface.split()[-1].casefold() for row in rows for surface in row.surfaces
        )
        self.stops = frozenset(row.text.casefold() for row in lexicon.rows(MetricStopRow))
        self.modifiers = frozenset(row.text.casefold() for row in lexicon.rows(MetricModifierRow))
        self._word_end = re.compile(r"[\w)]++")

    def find(
        self,
        text: str,
        *,
        heads: Sequence[tuple[int, int]] | None = None,
        blocked: Sequence[tuple[int, int]] = (),
    ) -> list[FoundMetric]:
        """Every metric in ``text``.

        ``heads`` are the (start, end) offsets of words that may end a metric phrase (a spaCy
        pipeline knows them from its tokens); without them the text is scanned. Modifiers stop
        at ``blocked`` spans: company names, amounts.
        """
        if heads is None:
            heads = [
                m.span()
                for m in self._word_end.finditer(text)
                if m.group().casefold() in self.heads
            ]
        spans = SpanIndex(blocked)
        found = [m for _, end in heads if (m := self._metric_ending_at(text, end, spans))]
        if len(found) < 2:
            return found
        kept: list[FoundMetric] = []
        taken = Occupied(len(text))
        for metric in sorted(found, key=lambda m: (m.start - m.end, m.start)):
            if not taken.overlaps(metric.start, metric.end):
                kept.append(metric)  # the longest reading wins: "cost of revenue", not "revenue"
                taken.add(metric.start, metric.end)
        return sorted(kept, key=lambda m: m.start)

    def _metric_ending_at(self, text: str, end: int, blocked: SpanIndex) -> FoundMetric | None:
        if (
            end < len(text)
            and (text[end].isalnum() or text[end] in "-'’")
            and not _NOTE_AFTER.match(text, end, reach(text, end, words=1, chars=3))
        ):
            return None  # "sales" in "salesforce", "loss" in "loss-making" is read elsewhere
        window = max(0, end - 90)
        line_match = self._line_phrase.search(text, window, end)
        match = line_match or self._phrase.search(text, window, end)
        if match is None:
            return None
        phrase = match.group("phrase")
        row = self._by_surface.get((_key(phrase), line_match is not None))
        if row is None:
            return None
        if _BANK_AFTER.match(text, end, reach(text, end, words=1, chars=8)):
            return None  # "investment bank", "savings banks": a kind of bank, no figure
        start = match.start("phrase")
        if blocked.overlaps(start, end):
            return None
        if row.bare and self._qualified(text, start):
            return None
        first = self._modifiers_start(text, start, end, blocked)
        modifiers = text[first:start].strip()
        return FoundMetric(
            start=first,
            end=end,
            text=text[first:end],
            name=row.name,
            family=row.family,
            unit=row.unit,
            segment=_segment(modifiers),
            rule=f"metric:{row.id}",
            forecast=row.forecast,
        )

    def _qualified(self, text: str, start: int) -> bool:
        """A word before a bare surface that is no stop word, number or owner qualifies it:
        "sublease income", "Other income"."""
        match = _MODIFIER.search(text, max(0, start - 40), start)
        if match is None:
            return False
        word = match.group().strip()
        if word.casefold().strip(".") in self.stops or _is_number(word) or _PERIOD.match(word):
            return False
        if word.endswith(".") and text[start : start + 1].isupper():
            return False  # "... compiled by the bank. Income at the investment bank rose"
        return not word.endswith(("'s", "’s", "'", "’"))

    def _modifiers_start(self, text: str, start: int, end: int, blocked: SpanIndex) -> int:
        """Where the words that qualify the phrase at ``start`` begin."""
        first = start
        for _ in range(MAX_MODIFIERS):
            match = _MODIFIER.search(text, max(0, first - 40), first)
            if match is None or match.start() == first:
                break
            word = match.group().strip()
            if word.casefold().strip(".") in self.stops or _is_number(word) or _PERIOD.match(word):
                break
            if not self._qualifies(word, shouting=text[start:end].isupper()):
                break
            if word.endswith(("'s", "’s", "'", "’")):
                break  # "TeraWulf's HPC revenue": the owner is no qualifier
            if blocked.overlaps(match.start(), first):
                break
            if "\n" in match.group()[len(word) :]:
                break
            first = match.start()
        return first

    def _qualifies(self, word: str, *, shouting: bool = False) -> bool:
        """A listed modifier, a capitalised word, an acronym or a hyphenated compound.

        In a headline in capitals ("ACME CORP Q3 NET PROFIT") capitals tell nothing, and only
        listed modifiers qualify.
        """
        if word.casefold() in self.modifiers:
            return True
        if shouting:
            return False
        return (
            word[0] in "("
            or word[0].isupper()
            or ("-" in word.strip("-") and not word.endswith(("-based", "-owned", "-backed")))
        )


def _key(surface: str) -> str:
    return " ".join(surface.casefold().replace("’", "'").split())


def _is_number(word: str) -> bool:
    return any(ch.isdigit() for ch in word) and not any(ch.isalpha() for ch in word[:1])


def _segment(modifiers: str) -> str | None:
    """ "high-performance computing (HPC) lease" -> "HPC lease": an acronym replaces its words."""
    if not modifiers:
        return None
    match = _ACRONYM_EXPANSION.match(modifiers)
    if match:
        modifiers = match.group("acronym") + " " + modifiers[match.end() :]
    return " ".join(modifiers.split()) or None


@lru_cache(maxsize=4)
def metric_grammar(extra_patterns: tuple[str, ...] = ()) -> MetricGrammar:
    """The grammar of our lexicon plus ``extra_patterns``, compiled once."""
    return MetricGrammar(load_lexicon(extra_patterns))
