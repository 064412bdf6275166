"""The ``fin_facts`` component: metrics linked to values, changes, periods and companies.

It reads what ``fin_money``, ``fin_percent``, ``fin_company`` and ``fin_metric`` found, so it
runs after them; see :mod:`extractor.facts.linker` for the rules.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from decimal import Decimal

from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..errors import ExtractorError
from ..extensions import register_extensions
from ..facts.linker import Amount, CompanySpan, FoundFact, fact_linker
from ..facts.metrics import FoundMetric, metric_grammar
from ..lexicon import OrgStopRow, ScaleRow, load_lexicon, pipeline_patterns
from ..normalize.numbers import BareNumbers, NotANumber, alternation, parse_digits, scaled
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
from ._common import doc_text, lexeme_flag
from .sentences import is_sentence_end, sentence_starts


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
        sentences = self._sentences(doc, text)
        found_companies: tuple[Company, ...] = ext.fin_companies or ()
        amounts = self._amounts(
            text,
            sentences,
            metrics,
            money=ext.fin_money or (),
            percentages=ext.fin_percentages or (),
            companies=found_companies,
        )
        companies = [
            CompanySpan(m.start, m.end, c.name) for c in found_companies for m in c.mentions
        ]
        facts = self.linker.link(
            text,
            sentences=sentences,
            metrics=metrics,
            amounts=amounts,
            companies=sorted(companies, key=lambda c: c.start),
            main_company=ext.fin_main_company,
        )
        ext.fin_facts = tuple(to_fact(text, fact) for fact in facts)
        return doc

    def _found(self, mention: MetricMention) -> FoundMetric:
        row = self.metrics.by_name.get(mention.name)
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
        )

    def _sentences(self, doc: Doc, text: str) -> list[tuple[int, int]]:
        table = doc.to_array([SENT_START, IDX])
        if doc.has_annotation("SENT_START"):
            starts = table[:, 0] == 1
        else:
            starts = sentence_starts(doc, self._end_flag) == 1
        offsets = table[starts, 1].tolist()
        if not offsets or offsets[0] != 0:
            offsets.insert(0, 0)
        ends = [*offsets[1:], len(text)]
        return [(int(s), int(e)) for s, e in zip(offsets, ends, strict=True)]

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
            Amount(p.start, p.end, p.text, "percent", p.value, None, False, None, p.kind)
            for p in percentages
        ]
        taken = [(a.start, a.end) for a in amounts]
        taken += [(m.start, m.end) for m in metrics]
        taken += [(m.start, m.end) for c in companies for m in c.mentions]
        taken.sort()
        taken_starts = [start for start, _ in taken]
        longest = max((end - start for start, end in taken), default=0)
        sentence_starts = [start for start, _ in sentences]
        with_metric = sorted({bisect.bisect_right(sentence_starts, m.start) - 1 for m in metrics})
        for start, end in (sentences[i] for i in with_metric if i >= 0):
            for n_start, n_end, digits, scale in self.numbers.find(text, start, end):
                first = bisect.bisect_left(taken_starts, n_start - longest)
                last = bisect.bisect_left(taken_starts, n_end)
                if any(taken[i][1] > n_start for i in range(first, last)):
                    continue
                multiplier = Decimal(1)
                if scale:
                    row = self._scales.get(scale) or self._scales.get(scale.casefold())
                    multiplier = row.multiplier if row else Decimal(1)
                try:
                    value = scaled(parse_digits(digits), multiplier)
                except NotANumber:
                    continue  # more digits than any amount has
                amounts.append(Amount(n_start, n_end, text[n_start:n_end], "number", value))
        return sorted(amounts, key=lambda a: a.start)


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


def _value(amount: Amount | None) -> FactValue | None:
    if amount is None:
        return None
    return FactValue(
        text=amount.text,
        start=amount.start,
        end=amount.end,
        kind=amount.kind,
        amount=amount.value,
        currency=amount.currency,
    )


def to_fact(text: str, fact: FoundFact) -> Fact:
    change = fact.change
    period = fact.period
    return Fact(
        metric=fact.metric.name,
        metric_span=TextSpan(text=fact.metric.text, start=fact.metric.start, end=fact.metric.end),
        segment=fact.metric.segment,
        value=_value(fact.value),
        value_high=_value(fact.value_high),
        prior_value=_value(fact.prior_value),
        change=None
        if change is None
        else FactChange(
            text=change.text,
            start=change.start,
            end=change.end,
            percent=change.percent,
            direction=change.direction,
            basis=change.basis,
        ),
        period=None
        if period is None
        else FactPeriod(
            text=period.text,
            start=period.start,
            end=period.end,
            kind=period.kind,
            label=fact.period_label,
        ),
        company=fact.company,
        sentence=SentenceSpan(start=fact.sentence[0], end=fact.sentence[1]),
        rule=fact.rule,
    )
