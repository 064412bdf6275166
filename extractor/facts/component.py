"""The ``fin_facts`` component: metrics linked to values, changes, periods and companies.

It reads what ``fin_money``, ``fin_percent``, ``fin_company`` and ``fin_metric`` found, so it
runs after them, and the article's publication date from ``doc._.fin_published`` (a date or an
ISO string; :class:`~extractor.pipeline.Extractor` sets it from ``Source.published``, or from a
dateline at the top of the text). See :mod:`extractor.facts.linker` for the rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

import regex as re
from spacy.attrs import IDX
from spacy.language import Language
from spacy.tokens import Doc

from ..amounts.numbers import BareNumbers, NotANumber, alternation, parse_digits, scaled
from ..doc.extensions import register_extensions
from ..doc.sentences import is_sentence_end
from ..doc.tokens import doc_text, lexeme_flag
from ..errors import ExtractorError
from ..facts.dateline import published_date
from ..facts.linker import fact_linker
from ..facts.model import Amount, Change, CompanySpan, FoundFact
from ..facts.periods import FoundPeriod
from ..facts.segments import layout
from ..lexicon import CountUnitRow, OrgStopRow, ScaleRow, load_lexicon, pipeline_patterns
from ..metrics.finder import FoundMetric, metric_grammar
from ..records import (
    Company,
    Fact,
    FactChange,
    FactPeriod,
    FactValue,
    MetricMention,
    MoneyMention,
    PercentMention,
    SentenceSpan,
    TextSpan,
)
from ..spans import SpanIndex

#: Organisations that own no facts: publishers, exchanges, indices.
_NOT_OWNERS = frozenset({"media", "exchange", "index"})
#: "nil" as a figure: "Final div nil vs 110 francs".
_NIL = re.compile(r"(?<![\w-])(?i:nil)(?![\w-])")


@Language.factory("fin_facts", default_config={"extra_patterns": []})
def make_facts_component(nlp: Language, name: str, extra_patterns: list[str]) -> FactsComponent:
    return FactsComponent(nlp, name, extra_patterns=extra_patterns)


class FactsComponent:
    """Sets ``doc._.fin_facts``."""

    def __init__(self, nlp: Language, name: str, *, extra_patterns: list[str]) -> None:
        register_extensions()
        self.name = name
        patterns = pipeline_patterns(nlp, extra_patterns)
        self.linker = fact_linker(patterns)
        self.metrics = metric_grammar(patterns)
        _check_metrics(nlp, self.metrics.by_name, patterns)
        lexicon = load_lexicon(patterns)
        scales = lexicon.rows(ScaleRow)
        self._scales = {
            row.text if row.case_sensitive else row.text.casefold(): row for row in scales
        }
        months = [row.text for row in lexicon.rows(OrgStopRow) if row.reason == "month"]
        self.numbers = BareNumbers(
            alternation((r.text, r.case_sensitive) for r in scales),
            alternation((m, True) for m in months),
        )
        self._end_flag = lexeme_flag(nlp.vocab, is_sentence_end)
        self._units = {name: row.value_unit for name, row in self.linker.metric_rows.items()}
        counted = lexicon.rows(CountUnitRow)
        self._count_units = {_fold(row.text): row.unit for row in counted}
        self._count_unit = re.compile(
            rf"\s{{0,2}}(?P<unit>{alternation((row.text, False) for row in counted)})(?![\w/])"
        )

    def __call__(self, doc: Doc) -> Doc:
        ext = doc._  # each ``doc._`` builds an accessor object
        if ext.fin_metrics is None:
            raise ExtractorError(
                "fin_facts needs fin_metric (and fin_money, fin_percent, fin_company) before it"
            )
        if not ext.fin_metrics:
            ext.fin_facts = ()
            return doc
        text = doc_text(doc)
        metrics = [self._found(m) for m in ext.fin_metrics]
        spans, paragraph_starts = self._layout(doc, text)
        found_companies: tuple[Company, ...] = ext.fin_companies or ()
        amounts = self._amounts(
            text,
            spans,
            metrics,
            money=ext.fin_money or (),
            percentages=ext.fin_percentages or (),
            companies=found_companies,
        )
        companies = [
            CompanySpan(m.start, m.end, c.name)
            for c in found_companies
            if c.kind not in _NOT_OWNERS
            for m in c.mentions
        ]
        facts = self.linker.link(
            text,
            sentences=spans,
            paragraph_starts=paragraph_starts,
            metrics=metrics,
            amounts=amounts,
            companies=sorted(companies, key=lambda c: c.start),
            main_company=ext.fin_main_company,
            published=_published(ext.fin_published) or (lambda: published_date(text)),
        )
        ext.fin_facts = tuple(
            to_fact(text, fact, unit=self._units.get(fact.metric.name)) for fact in facts
        )
        return doc

    def _found(self, mention: MetricMention) -> FoundMetric:
        row = self.metrics.by_rule.get(mention.rule) or self.metrics.by_name.get(mention.name)
        if row is None:
            raise ExtractorError(
                f"fin_facts does not know the metric {mention.name!r} of {mention.text!r}: give "
                "the pattern file that defines it to the component that finds it"
            )
        return FoundMetric(
            mention.start,
            mention.end,
            mention.text,
            mention.name,
            row.family,
            row.unit,
            mention.segment,
            mention.rule,
            forecast=row.forecast,
        )

    def _layout(self, doc: Doc, text: str) -> tuple[list[tuple[int, int]], list[int]]:
        """Sentences for facts (after sentence-ending tokens, and at line breaks that end a
        line of its own) and paragraph starts: :func:`extractor.facts.segments.layout`."""
        if not len(doc):
            return ([(0, len(text))] if text.strip() else []), [0]
        table = doc.to_array([self._end_flag, IDX])
        after_ends = table[1:, 1][table[:-1, 0] == 1]
        return layout(text, after_ends.tolist())

    def _amounts(
        self,
        text: str,
        sentences: list[tuple[int, int]],
        metrics: list[FoundMetric],
        *,
        money: Sequence[MoneyMention],
        percentages: Sequence[PercentMention],
        companies: Sequence[Company],
    ) -> list[Amount]:
        amounts = [
            Amount(m.start, m.end, m.text, "money", m.value, m.currency, m.per_share, m.range)
            for m in money
        ]
        amounts += [
            Amount(
                p.start, p.end, p.text, "percent", p.percentage_points, None, False, p.range, p.kind
            )
            for p in percentages
        ]
        taken = SpanIndex(
            [(a.start, a.end) for a in amounts]
            + [(m.start, m.end) for m in metrics]
            + [(m.start, m.end) for c in companies for m in c.mentions]
        )
        sentence_starts = [start for start, _ in sentences]
        with_metric = sorted({bisect.bisect_right(sentence_starts, m.start) - 1 for m in metrics})
        for start, end in (sentences[i] for i in with_metric if i >= 0):
            for n_start, n_end, digits, scale in self.numbers.find(text, start, end):
                if taken.overlaps(n_start, n_end):
                    continue
                multiplier = Decimal(1)
                if scale:
                    row = self._scales.get(scale) or self._scales.get(scale.casefold())
                    multiplier = row.multiplier if row else Decimal(1)
                try:
                    value = scaled(parse_digits(digits), multiplier)
                except NotANumber:
                    continue  # more digits than any amount has
                if _bracketed(text, n_start, n_end, digits, scale):  # "(18.4)" in a table
                    n_start, n_end, value = n_start - 1, n_end + 1, -value
                counted = self._count_unit.match(text, n_end, end)
                unit = self._count_units.get(_fold(counted.group("unit"))) if counted else None
                amounts.append(
                    Amount(n_start, n_end, text[n_start:n_end], "number", value, count_unit=unit)
                )
            for match in _NIL.finditer(text, start, end):
                if not taken.overlaps(match.start(), match.end()):
                    amounts.append(
                        Amount(match.start(), match.end(), match.group(), "number", Decimal(0))
                    )
        return sorted(amounts, key=lambda a: a.start)


def _bracketed(text: str, start: int, end: int, digits: str, scale: str | None) -> bool:
    """A figure in brackets is negative, as accounts write it: "(18.4)", "(1,204)"; a short
    whole number in brackets is a footnote ("Revenue (1)")."""
    return (
        text[start - 1 : start] == "("
        and text[end : end + 1] == ")"
        and scale is None
        and ("." in digits or "," in digits or len(digits) >= 3)
    )


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _value(amount: Amount | None, *, unit: str | None = None) -> FactValue | None:
    if amount is None:
        return None
    return FactValue(
        text=amount.text,
        start=amount.start,
        end=amount.end,
        kind=amount.kind,
        amount=amount.value,
        currency=amount.currency,
        unit=amount.count_unit or (unit if amount.kind == "number" else None),
        per_share=amount.per_share,
    )


def _change(change: Change | None, *, unit: str | None) -> FactChange | None:
    if change is None:
        return None
    return FactChange(
        text=change.text,
        start=change.start,
        end=change.end,
        percent=change.percent,
        unit=change.unit if change.percent is not None else None,
        percent_high=change.percent_high,
        amount=_value(change.amount, unit=unit),
        direction=change.direction,
        basis=change.basis,
    )


def _period(period: FoundPeriod | None) -> FactPeriod | None:
    if period is None:
        return None
    number = period.number
    kind = period.kind
    return FactPeriod(
        text=period.text,
        start=period.start,
        end=period.end,
        kind=kind,
        label=period.labels[0] if period.labels else None,
        fiscal_year=period.year,
        quarter=number if kind == "quarter" else None,
        half=number if kind == "half" and number in (1, 2) else None,
        year_source=period.year_source if period.year is not None else None,
    )


def _published(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def to_fact(text: str, fact: FoundFact, *, unit: str | None = None) -> Fact:
    """The record of a linked fact; ``unit`` is what the metric counts, for plain numbers."""
    cue = fact.cue
    return Fact(
        metric=fact.metric.name,
        metric_span=TextSpan(text=fact.metric.text, start=fact.metric.start, end=fact.metric.end),
        segment=fact.metric.segment,
        value=_value(fact.value, unit=unit),
        value_high=_value(fact.value_high, unit=unit),
        prior_value=_value(fact.prior_value, unit=unit),
        change=_change(fact.change, unit=unit),
        period=_period(fact.period),
        prior_period=_period(fact.prior_period),
        company=fact.company,
        company_source=fact.company_source if fact.company else None,
        forecast=fact.forecast,
        estimate=fact.estimate,
        cue=None if cue is None else TextSpan(text=text[cue[0] : cue[1]], start=cue[0], end=cue[1]),
        sentence=SentenceSpan(start=fact.sentence[0], end=fact.sentence[1]),
        rule=fact.rule,
    )


def _check_metrics(nlp: Language, known: Mapping[str, object], patterns: Sequence[str]) -> None:
    """Every metric the pipeline's ``fin_metric`` can find must be one this component knows."""
    for name in nlp.pipe_names:
        finder = nlp.get_pipe(name)
        grammar = getattr(finder, "grammar", None)
        if nlp.get_pipe_meta(name).factory != "fin_metric" or grammar is None:
            continue
        unknown = sorted(set(grammar.by_name) - set(known))
        if unknown:
            files = ", ".join(getattr(finder, "pattern_files", ())) or "none"
            raise ExtractorError(
                f"fin_facts does not know the metrics {', '.join(unknown)} that {name} finds "
                f"(pattern files of {name}: {files}; of fin_facts: {', '.join(patterns) or 'none'}"
                "): a file given to fin_facts may not remove them; name metric files once, "
                "for fin_metric"
            )
