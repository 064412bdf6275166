"""Facts: a metric linked to its value, change, period and company, by rules. No parser.

An article goes through these stages, each its own module:

1. :mod:`~extractor.facts.segments`: sentences (a headline, a table row and a wrapped
   paragraph's sentence are each one), paragraphs and clauses. Facts never cross a sentence.
2. :mod:`~extractor.facts.tables` links the rows of earnings tables, and
   :mod:`~extractor.facts.sentence` the metrics of a sentence of prose to their values,
   prior values and changes, and finds the period and the company of each fact's clause.
3. :mod:`~extractor.facts.cues` marks forecasts and analysts' estimates.
4. :mod:`~extractor.facts.timeline` completes the periods: the table section or the article's
   period where the sentence names none, the quarter of "the quarter", the year.
5. :mod:`~extractor.facts.owners` gives the company to facts whose clause names none: the
   paragraph's company for "the company" or "it", else the article's.
6. Facts that repeat an earlier one of the article are merged into it.

Each stage goes once through the article's mentions in order.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from decimal import Decimal
from functools import lru_cache
from typing import TypeVar

import regex as re

from ..lexicon import Lexicon, load_lexicon
from ..metrics.finder import FoundMetric
from . import tables
from .cues import Cues
from .model import Amount, CompanySpan, FoundFact
from .owners import Owners
from .periods import FoundPeriod, PeriodGrammar
from .segments import clauses
from .sentence import SentenceLinker
from .timeline import Timeline
from .words import LinkWords

__all__ = ["Amount", "CompanySpan", "FactLinker", "FoundFact", "fact_linker"]

#: A sentence that is a table's section line: "Year", "Six mths", "Qtr ends Jan 31".
_SECTION_WORDS = 8
_SECTION_CHARS = 60
#: How far from a metric a sentence without figures is read for periods.
_PERIOD_REACH = 40
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
#: How many earlier facts of the same key a new fact is compared with when merging repeats.
_MERGE_WINDOW = 8

T = TypeVar("T")


class FactLinker(LinkWords):
    """Links metrics to values, periods and companies; one instance serves every document."""

    def __init__(self, lexicon: Lexicon, periods: PeriodGrammar) -> None:
        super().__init__(lexicon)
        self.periods = periods
        self.cues = Cues(lexicon)

    def link(
        self,
        text: str,
        *,
        sentences: Sequence[tuple[int, int]],
        paragraph_starts: Sequence[int] = (0,),
        metrics: Sequence[FoundMetric],
        amounts: Sequence[Amount],
        companies: Sequence[CompanySpan],
        main_company: str | None = None,
        published: date | Callable[[], date | None] | None = None,
    ) -> list[FoundFact]:
        """The facts of a document, in order, repeats merged."""
        if not sentences:
            return []
        by_metric = _grouped(sentences, metrics)
        by_amount = _grouped(sentences, amounts)
        by_company = _grouped(sentences, companies)
        headline = sentences[0] if is_headline(text, sentences[0], len(sentences)) else None
        timeline = Timeline(published=published)

        def periods_of(index: int) -> list[FoundPeriod]:
            """The periods a sentence names, read only where the facts may need them: with
            figures, in a headline or a short line, or near a metric while the article's period
            is not known yet."""
            start, end = sentences[index]
            metrics_here, figures = by_metric[index], bool(by_amount[index])
            if figures and not metrics_here:
                return []
            if metrics_here and not figures and timeline.article is not None:
                return []
            if metrics_here or index == 0 or _is_section(text, start, end):
                return self._periods_of(text, start, end, metrics_here, figures)
            return []

        if headline is not None:
            forecast = bool(self.cues.find(text, *headline).forecasts.items)
            timeline.headline(periods_of(0), forecast=forecast)
        owners = Owners(text, companies, headline=headline, fallback=main_company)
        starts_paragraph = set(paragraph_starts)
        money = next((a.currency for a in amounts if a.kind == "money" and a.currency), None)
        currency = money
        table_unit: tables.TableUnit | None = None
        facts: list[FoundFact] = []
        skip = 0
        for index, (start, end) in enumerate(sentences):
            if skip:
                skip -= 1
                continue
            found_metrics, found_amounts = by_metric[index], by_amount[index]
            if len(found_metrics) == 1 and not found_amounts:
                box = tables.box(text, sentences, by_amount, index, found_metrics[0])
                if box is not None:  # "Diluted EPS" / "$1.87" / "Up 10% YoY", a line each
                    end, found_amounts, skip = box
            periods = periods_of(index)
            table_line = _is_table_line(text, start, found_metrics, bool(periods))
            if start in starts_paragraph and not table_line:
                timeline.paragraph()  # a table's rows keep the section line's period
            if not found_metrics or not found_amounts:
                if not found_amounts and (unit := tables.line_unit(text, start, end)):
                    table_unit = unit  # "Key figures (in millions of U.S. dollars)"
                if periods and not found_amounts and _is_section(text, start, end):
                    timeline.section(periods[0])
                elif periods:
                    timeline.mention(periods, figures=bool(found_metrics))
                else:  # "results in 1986 were lower": the years an article reports on
                    timeline.years(int(y) for y in _YEAR.findall(text, start, end))
                owners.sentence(start, end)
                continue
            found, is_table = self._sentence_facts(
                text,
                (start, end),
                found_metrics,
                found_amounts,
                by_company[index],
                periods,
                currency=currency,
                unit=table_unit,
            )
            if not is_table and not table_line:
                table_unit = None  # prose: the table is over
            if is_table:
                currency = next(
                    (f.value.currency for f in found if f.value and f.value.currency), currency
                )
            if not found:
                owners.sentence(start, end)
                continue
            spans = clauses(text, start, end)
            clause_starts = [c[0] for c in spans]
            cues = self.cues.find(text, start, end)
            timeline.sentence()
            for fact in found:
                at = max(0, bisect.bisect_right(clause_starts, fact.metric.start) - 1)
                fact = cues.mark(fact, spans[at])
                row = self.metric_rows.get(fact.metric.name)
                resolved = timeline.resolve(fact, periodic=row.periodic if row else True)
                fact = replace(
                    fact,
                    period=resolved.period,
                    prior_period=resolved.prior_period,
                    headline=headline is not None and index == 0,
                )
                if resolved.earlier:
                    fact = _as_prior(fact)
                facts.append(owners.resolve(fact))
            owners.sentence(start, end)
        if timeline.article is not None:  # "Coinbase revenue jumps 55%": the article's period
            facts = [
                replace(f, period=timeline.article) if self._dated_by_article(f) else f
                for f in facts
            ]
        years = Timeline.fill_years([f.period for f in facts])
        facts = [
            f if p is f.period else replace(f, period=p) for f, p in zip(facts, years, strict=True)
        ]
        return _merge_repeats(facts)

    def _dated_by_article(self, fact: FoundFact) -> bool:
        """A headline's fact without a period of its own, of a metric that has periods."""
        row = self.metric_rows.get(fact.metric.name)
        return (
            fact.headline
            and fact.period is None
            and not fact.forecast
            and (row.periodic if row else True)
        )

    def _periods_of(
        self,
        text: str,
        start: int,
        end: int,
        metrics: Sequence[FoundMetric],
        amounts: bool,
    ) -> list[FoundPeriod]:
        """The periods a sentence names; in one with metrics but no figures ("reporting lower
        first-quarter profits"), only those near its metrics, which is all the article needs."""
        if amounts or not metrics or end - start < 2 * _PERIOD_REACH:
            return self.periods.find(text, start, end)
        found: list[FoundPeriod] = []
        position = start
        for metric in metrics:
            window = (
                max(position, metric.start - _PERIOD_REACH),
                min(end, metric.end + _PERIOD_REACH),
            )
            if window[0] < window[1]:
                found.extend(self.periods.find(text, *window))
                position = window[1]
        return found

    def _sentence_facts(
        self,
        text: str,
        span: tuple[int, int],
        metrics: list[FoundMetric],
        amounts: list[Amount],
        companies: list[CompanySpan],
        periods: list[FoundPeriod],
        *,
        currency: str | None,
        unit: tables.TableUnit | None = None,
    ) -> tuple[list[FoundFact], bool]:
        """The facts of one sentence: a table row's, or the prose linker's."""
        line_start = max(span[0], text.rfind("\n", 0, metrics[0].start) + 1)
        if tables.is_row_start(text, metrics[0], line_start):
            signs = tables.sign_words(text, metrics, amounts)
            kept = [m for i, m in enumerate(metrics) if i not in signs]
            row = tables.row_fact(
                text,
                span,
                kept[0],
                amounts,
                end=kept[1].start if len(kept) > 1 else span[1],
            )
            if row is not None and len(kept) == 1:
                own_unit = tables.row_unit(text, kept[0], row.value) if row.value else None
                if (own_unit or unit) is not None:
                    per_share = kept[0].family in _PER_SHARE_FAMILIES or bool(
                        _PER_SHARE.search(kept[0].text)
                    )
                    row = tables.in_unit(row, own_unit or unit, per_share=per_share)  # type: ignore[arg-type]
                if kept[0].family in tables.LOSS_FAMILIES:
                    row = tables.as_loss(row)
                if kept[0].unit == "money":
                    row = replace(
                        row,
                        value=tables.with_currency(row.value, currency) if row.value else None,
                        prior_value=tables.with_currency(row.prior_value, currency)
                        if row.prior_value
                        else None,
                    )
                change = row.change
                if change is not None and change.basis is None:
                    basis = self.basis_pattern.search(
                        text, change.end, min(span[1], change.end + 40)
                    )
                    if basis is not None:  # "Up 10% YoY"
                        row = replace(row, change=replace(change, basis=self.basis(basis.group())))
                return [row], True
            metrics = kept
        linker = SentenceLinker(self, text, span, metrics, amounts, companies, periods)
        return linker.facts(), False


#: Metrics counted per share, which a table's unit ("in millions") does not scale.
_PER_SHARE_FAMILIES = frozenset({"eps", "book_value_per_share", "share_price"})
_PER_SHARE = re.compile(r"(?i:\bper\s+(?:ordinary\s+)?share|\bshr\b)")


def _as_prior(fact: FoundFact) -> FoundFact:
    """A figure for an earlier year than the article reports is a prior figure; a list of
    figures for several years ("$87 million in 2020 and $92 million in 2019") stays as it is."""
    if fact.value is None or fact.prior_value is not None or fact.value_high is not None:
        return fact
    if fact.rule not in ("fact.sentence", "fact.per_share"):
        return fact
    if fact.change is not None and (fact.change.percent is not None or fact.change.amount):
        return fact
    period = fact.period
    return replace(fact, value=None, prior_value=fact.value, change=None, prior_period=period)


def is_headline(text: str, span: tuple[int, int], count: int) -> bool:
    """The first sentence is a headline when it is one line with no sentence end, followed by
    other sentences: "ACME CORP <ACME> 4TH QTR NET"."""
    line = text[span[0] : span[1]].strip()
    return count > 1 and "\n" not in line and not line.endswith((".", "!", "?", ":"))


def _is_table_line(text: str, start: int, metrics: Sequence[FoundMetric], has_period: bool) -> bool:
    """A row of a table (it opens with a metric) or a section line of one ("Six mths")."""
    if metrics and tables.is_row_start(
        text, metrics[0], max(start, text.rfind("\n", 0, metrics[0].start) + 1)
    ):
        return True
    line_end = text.find("\n", start)
    line = text[start : len(text) if line_end < 0 else line_end].strip()
    return has_period and 0 < len(line.split()) <= _SECTION_WORDS and not line.endswith("!?")


def _is_section(text: str, start: int, end: int) -> bool:
    """A short line of its own, which may name a period: a table's section line."""
    if end - start > _SECTION_CHARS:
        return False
    line = text[start:end].strip()
    return "\n" not in line and 0 < len(line.split()) <= _SECTION_WORDS


def _grouped(sentences: Sequence[tuple[int, int]], items: Iterable[T]) -> list[list[T]]:
    """Items (sorted by start, each with ``start``) grouped by the sentence they start in."""
    groups: list[list[T]] = [[] for _ in sentences]
    starts = [start for start, _ in sentences]
    for item in items:
        position: int = item.start  # type: ignore[attr-defined]
        index = bisect.bisect_right(starts, position) - 1
        if index >= 0 and position < sentences[index][1]:
            end: int = item.end  # type: ignore[attr-defined]
            if end <= sentences[index][1]:
                groups[index].append(item)
    return groups


def _merge_repeats(facts: Iterable[FoundFact]) -> list[FoundFact]:
    """An article repeats its figures: a fact that agrees with an earlier one adds nothing.

    Earlier facts are looked up by metric family and figure, so each fact is compared with a
    few others, not with every fact of the article. A headline's facts, and a table's rows
    that restate the prose, are kept as they are.
    """
    kept: list[FoundFact | None] = []
    index: dict[tuple[str, object], list[int]] = {}
    for fact in facts:
        keys = _keys(fact)
        merged = False
        for key in keys:
            for position in index.get(key, [])[-_MERGE_WINDOW:]:
                other = kept[position]
                if other is not None and _agree(other, fact):
                    kept[position] = _fill(other, fact)
                    merged = True
                    break
            if merged:
                break
        if not merged:
            kept.append(fact)
            for key in keys:
                index.setdefault(key, []).append(len(kept) - 1)
    return [fact for fact in kept if fact is not None]


def _keys(fact: FoundFact) -> list[tuple[str, object]]:
    family = fact.metric.family
    keys: list[tuple[str, object]] = []
    if fact.value is not None:
        keys.append((family, ("value", fact.value.value, fact.value.currency)))
    if fact.change is not None and fact.change.percent is not None:
        keys.append((family, ("change", fact.change.percent)))
    return keys


def _agree(a: FoundFact, b: FoundFact) -> bool:
    if a.metric.family != b.metric.family or a.headline or b.headline:
        return False
    if (a.rule == "fact.table_row") != (b.rule == "fact.table_row"):
        return False  # a table restates the prose with its prior column: both are kept
    if a.company is not None and b.company is not None and a.company != b.company:
        return False
    if (a.forecast, a.estimate) != (b.forecast, b.estimate):
        return False
    pairs = [
        (_amount(a.value), _amount(b.value)),
        (_amount(a.prior_value), _amount(b.prior_value)),
        (a.change.percent if a.change else None, b.change.percent if b.change else None),
        (a.change.direction if a.change else None, b.change.direction if b.change else None),
        (a.period.kind if a.period else None, b.period.kind if b.period else None),
        (_label(a.period), _label(b.period)),
    ]
    return all(x is None or y is None or x == y for x, y in pairs)


def _label(period: FoundPeriod | None) -> str | None:
    return period.labels[0] if period is not None and period.labels else None


def _amount(amount: Amount | None) -> tuple[Decimal, str | None] | None:
    return None if amount is None else (amount.value, amount.currency)


def _fill(first: FoundFact, later: FoundFact) -> FoundFact:
    """The earlier fact, with what only the later one says."""
    return replace(
        first,
        value=first.value or later.value,
        prior_value=first.prior_value or later.prior_value,
        change=first.change or later.change,
        period=first.period or later.period,
        company=first.company or later.company,
        company_source=first.company_source or later.company_source,
    )


@lru_cache(maxsize=4)
def fact_linker(extra_patterns: tuple[str, ...] = ()) -> FactLinker:
    """The linker of our lexicon plus ``extra_patterns``, compiled once."""
    from .periods import period_grammar

    return FactLinker(load_lexicon(extra_patterns), period_grammar(extra_patterns))
