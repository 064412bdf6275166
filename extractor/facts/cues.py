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

import regex as re

from ..lexicon import FactCueRow, Lexicon
from ..normalize.numbers import alternation
from .model import FoundFact


class Cues:
    """The cue words of one lexicon, compiled once."""

    def __init__(self, lexicon: Lexicon) -> None:
        rows = lexicon.rows(FactCueRow)
        self._kind = {" ".join(row.text.casefold().split()): row.kind for row in rows}
        self.pattern = re.compile(
            rf"(?<![\w-])(?:{alternation((row.text, False) for row in rows)})(?![\w-])"
        )

    def mark(self, text: str, fact: FoundFact, clause: tuple[int, int]) -> FoundFact:
        """The fact with ``forecast``, ``estimate`` and ``cue`` set from its clause.

        An estimate cue before the figure makes the fact an estimate; one after it makes what
        follows (a prior value, a change) the estimate or the margin over it, which the fact
        leaves out.
        """
        anchor = fact.value or fact.change or fact.prior_value
        figure = max(anchor.start if anchor is not None else fact.metric.end, fact.metric.end)
        forecast = estimate = None
        after: int | None = None
        for match in self.pattern.finditer(text, clause[0], clause[1]):
            kind = self._kind.get(" ".join(match.group().casefold().split()))
            if kind == "estimate":
                if match.start() < figure:
                    estimate = estimate or match
                elif after is None:
                    after = match.start()
            elif kind == "forecast" and match.start() < figure and forecast is None:
                forecast = match
        if after is not None:
            fact = _without_after(fact, after)
        if estimate is not None:
            return replace(fact, estimate=True, cue=(estimate.start(), estimate.end()))
        future = fact.period is not None and fact.period.relative == "next"
        named = fact.metric.family == "guidance" or fact.metric.forecast  # "revenue outlook"
        if forecast is not None or named or future:
            cue = (fact.metric.start, fact.metric.end) if named else None
            if forecast is not None:
                cue = (forecast.start(), forecast.end())
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
