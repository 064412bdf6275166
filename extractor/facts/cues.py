"""Forecasts and estimates: figures that are not a company's reported results.

A fact is a ``forecast`` when its clause, before its figure, has a word of guidance, outlook,
a target or an expectation ("expects", "sees", "should rise", "forecast", "guidance"), when
its metric is guidance, or when its period is a future one ("next year"). It is an
``estimate`` when the clause gives it as analysts' or a consensus figure ("analysts had
expected", "the consensus estimate of"); the change of an estimate ("beat estimates by 6.2%")
is a margin over the estimate, never the metric's change. The cue words are rows of
``patterns/fact_cues.jsonl``.
"""

from __future__ import annotations

from dataclasses import replace

from ..lexicon import FactCueRow, Lexicon
from .model import FoundFact
from .ordered import Ordered
from .words import keyed, word_pattern


class Cues:
    """The cue words of one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(FactCueRow)
        self._kind = {keyed(row.text): row.kind for row in rows}
        self.pattern = word_pattern(row.text for row in rows)

    def find(self, text: str, start: int, end: int) -> SentenceCues:
        """The cue words of one sentence, by kind."""
        found: dict[str, list[tuple[int, int]]] = {"forecast": [], "estimate": []}
        for match in self.pattern.finditer(text, start, end):
            kind = self._kind.get(keyed(match.group()))
            if kind in found:
                found[kind].append(match.span())
        return SentenceCues(
            Ordered(found["forecast"], key=_first), Ordered(found["estimate"], key=_first)
        )


def _first(span: tuple[int, int]) -> int:
    return span[0]


class SentenceCues:
    """The cue words of a sentence, looked up by clause."""

    def __init__(
        self, forecasts: Ordered[tuple[int, int]], estimates: Ordered[tuple[int, int]]
    ) -> None:
        self.forecasts = forecasts
        self.estimates = estimates

    def mark(self, fact: FoundFact, clause: tuple[int, int]) -> FoundFact:
        """The fact with ``forecast``, ``estimate`` and ``cue`` set from its clause.

        An estimate cue before the figure makes the fact an estimate; one after it makes what
        follows (a prior value, a change) the estimate or the margin over it, which the fact
        leaves out.
        """
        anchor = fact.value or fact.change or fact.prior_value
        figure = max(anchor.start if anchor is not None else fact.metric.end, fact.metric.end)
        estimate = self.estimates.first_from(clause[0])
        if estimate is not None and estimate[0] >= figure:
            if estimate[0] < clause[1]:
                fact = _without_after(fact, estimate[0])
            estimate = None
        if estimate is not None:
            return replace(fact, estimate=True, cue=estimate)
        forecast = self.forecasts.first_from(clause[0])
        if forecast is not None and forecast[0] >= figure:
            forecast = None
        future = fact.period is not None and fact.period.relative == "next"
        named = fact.metric.family == "guidance" or fact.metric.forecast  # "revenue outlook"
        if forecast is not None or named or future:
            cue = forecast or ((fact.metric.start, fact.metric.end) if named else None)
            return replace(fact, forecast=True, cue=cue)
        return fact


def _without_after(fact: FoundFact, position: int) -> FoundFact:
    """ "beat estimates by 6.2%", "compared with analysts' forecasts of $4.8bn": what comes
    after the cue is the estimate or the margin over it, not the fact's prior or change."""
    prior = fact.prior_value
    change = fact.change
    if prior is not None and prior.start > position:
        prior = None
        if change is not None and change.percent is None and change.amount is None:
            change = None
    if change is not None and change.start > position:
        change = None
    return replace(fact, prior_value=prior, change=change)
