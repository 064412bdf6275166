"""Facts: a metric linked to its value, change, period and company, by rules over a sentence.

No parser is used. Inside one sentence the linker reads, around each metric:

* to its right: a trend word ("rose", "more than doubled") gives the direction; a percentage
  after it, or after "by", is the change; an amount after "to", "of", "was", ":" or directly
  is the value; an amount after "from" is the prior value; "between $5bn and $6bn" gives a
  value and its high end;
* to its left: an amount right before it ("a $427 million quarterly net loss", "$21 million
  in HPC revenue") is the value; "117% quarter-on-quarter surge in ... revenue" gives the
  change;
* "A, B and C were $1, $2 and $3 million, respectively" pairs metrics and amounts in order,
  and one metric with amounts "for the years ended ... 2019 and 2020, respectively" gives one
  fact a year.

The company of a fact is the company named in its sentence (the owner in "TeraWulf's HPC
revenue" first); otherwise "the company", "the firm" or "it" resolve to the article's main
company; otherwise it is None. A fact needs a value or a percentage change: a trend with no
figure is no fact. Facts that repeat one another in an article are merged.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property, lru_cache

import regex as re

from ..lexicon import AnaphorRow, ChangeBasisRow, Lexicon, MetricRow, TrendRow, load_lexicon
from ..normalize.numbers import alternation
from ..spans import SpanIndex, starting_in
from .metrics import FoundMetric
from .periods import FoundPeriod, PeriodGrammar

#: A value link as the last words before an amount, an approximation allowed after it.
_VALUE_LINK_END = re.compile(
    r"(?i:\b(?:of|to|was|were|is|are|at|totall?ed|totall?ing|reached|hit|in|by\s+\w+\s+to|"
    r"came\s+in\s+at|stood\s+at|amounted\s+to|between|range\s+of|be|reach|to\s+between))"
    r"(?:\s+(?i:about|around|approximately|nearly|some|roughly|an\s+estimated|more\s+than|"
    r"less\s+than|over|under|almost|just\s+over|just\s+under|a\s+record))?[\s,]*\Z|:\s*\Z"
)
#: Words that put an amount as the prior value: "from $4.1bn", "versus", "vs".
_PRIOR_LINK = re.compile(
    r"(?i:\b(?:from|versus|vs\.?|against|compared\s+with|compared\s+to|up\s+from|down\s+from)\b)"
    r"[^\d$€£¥]{0,20}\Z"
)
#: A change given as "by": "increased by 5%".
_BY = re.compile(r"(?i:\bby)\s*\Z")
#: Between an amount and the metric it is the value of: "$427 million quarterly net loss".
_LEFT_VALUE_GAP = re.compile(r"\A[\s\-]*(?:(?i:in|of|for|worth\s+of|a|an|the)(?:\s+|\Z))?[\s\-]*\Z")
#: "up to" as a bound, not a rise: "a buyback of up to $3 billion", "to buy up to 5%".
_BOUND_UP_TO = re.compile(
    r"(?i:\b(?:of|for|by|buy|back|spend|repurchase|raise|borrow|invest|cut|sell|issue)\s+up\s+to\b)"
)
_RESPECTIVELY = re.compile(r"(?i:\brespectively\b)")
#: Between two amounts of one list, once periods are taken out: ", ", " and ", " in 2020 and ".
_LIST_GAP = re.compile(
    r"\A\s*+(?:(?i:in|for|at|during|as\s+of|on)\s*+)?(?:,\s*+)?(?:(?i:and|or)(?:\s++|\Z))?\Z"
)
#: A comma and a verb that wants a subject: ", was $105 million".
_CLAUSE_CLOSE = re.compile(r",\s*(?i:was|were|is|are|totall?ed)\b")
#: The last words before a value that its subject, not the nearest metric, takes: "was".
_COPULA_END = re.compile(
    r"(?i:\b(?:was|were|is|are|totall?ed|totall?ing|amounted\s+to|came\s+in\s+at|stood\s+at))"
    r"(?:\s+(?i:about|around|approximately|nearly|roughly|an\s+estimated|more\s+than|"
    r"less\s+than|over|under|almost))?[\s,]*\Z"
)
#: A metric that completes the one before it: "amortization expense for these capitalized costs",
#: "interest expense on the notes".
_COMPLEMENT_GAP = re.compile(
    r"\A\s++(?i:for|of|on|from|in|under|related\s+to|associated\s+with|attributable\s+to)"
    r"\s++(?:[\w-]++\s++){0,3}\Z"
)
#: A clause inside commas between a subject and its verb: "exposure to loss, including the
#: carrying value of the investments, was $105 million".
_CLAUSE_OPEN = re.compile(
    r"\A\s*+,\s*+(?i:including|excluding|net\s+of|such\s+as|primarily|mainly|largely|which|"
    r"consisting\s+of|comprising)\b[^;:]*\Z"
)
_FAMILIES_PER_SHARE = frozenset({"eps", "dividend", "share_price"})
#: The per-share figure given with a profit or loss: "$212 million, or $1.63 a diluted share".
_OR_PER_SHARE = re.compile(r"\s*+,?\s*+(?i:or)\s*+\Z")
_SHARE_WORDS = re.compile(
    r"\s++(?i:a|an|per)\s++(?P<kind>(?i:diluted|basic|adjusted)\s++)?(?i:share|shr)\b"
)
#: Which metric a per-share figure after a profit or a loss is, by the word before "share".
_PER_SHARE_METRIC = {
    None: "eps",
    "diluted": "diluted_eps",
    "basic": "eps",
    "adjusted": "adjusted_eps",
}


@dataclass(frozen=True)
class Amount:
    """An amount in the sentence: money, a percentage or a bare number."""

    start: int
    end: int
    text: str
    kind: str
    value: Decimal
    currency: str | None = None
    per_share: bool = False
    range: str | None = None
    #: For percentages: percent, percentage_points or basis_points.
    unit: str | None = None


@dataclass(frozen=True)
class Trend:
    start: int
    end: int
    direction: str


@dataclass(frozen=True)
class Change:
    start: int
    end: int
    text: str
    percent: Decimal | None
    direction: str
    basis: str | None
    amount: Amount | None = None


@dataclass(frozen=True)
class FoundFact:
    """A fact, before it becomes a record."""

    metric: FoundMetric
    value: Amount | None
    value_high: Amount | None
    prior_value: Amount | None
    change: Change | None
    period: FoundPeriod | None
    period_label: str | None
    company: str | None
    sentence: tuple[int, int]
    rule: str


@dataclass(frozen=True)
class CompanySpan:
    start: int
    end: int
    name: str


class FactLinker:
    """Links metrics to values within sentences; one instance serves every document."""

    def __init__(self, lexicon: Lexicon, periods: PeriodGrammar) -> None:
        trends = lexicon.rows(TrendRow)
        self._direction = {" ".join(row.text.casefold().split()): row.direction for row in trends}
        self._trend = re.compile(
            rf"(?<![\w-])(?:{alternation((r.text, False) for r in trends)})(?![\w-])"
        )
        bases = lexicon.rows(ChangeBasisRow)
        self._basis = {" ".join(row.text.casefold().split()): row.basis for row in bases}
        self._basis_pattern = re.compile(
            rf"(?<![\w-])(?:{alternation((r.text, False) for r in bases)})(?![\w-])"
        )
        self.metric_rows = {row.name: row for row in lexicon.rows(MetricRow)}
        anaphors = alternation((r.text, False) for r in lexicon.rows(AnaphorRow))
        self._anaphor = re.compile(rf"(?<![\w-]){anaphors}(?![\w-])")
        self.periods = periods

    def link(
        self,
        text: str,
        *,
        sentences: Sequence[tuple[int, int]],
        metrics: Sequence[FoundMetric],
        amounts: Sequence[Amount],
        companies: Sequence[CompanySpan],
        main_company: str | None,
    ) -> list[FoundFact]:
        """The facts of a document, sentence by sentence, repeats merged."""
        facts: list[FoundFact] = []
        metric_index = 0
        amounts = sorted(amounts, key=lambda a: a.start)
        amount_starts = [a.start for a in amounts]
        companies = sorted(companies, key=lambda c: c.start)
        company_starts = [c.start for c in companies]
        for start, end in sentences:
            in_sentence = []
            while metric_index < len(metrics) and metrics[metric_index].start < end:
                if metrics[metric_index].start >= start:
                    in_sentence.append(metrics[metric_index])
                metric_index += 1
            if not in_sentence:
                continue
            figures = [
                amounts[i]
                for i in starting_in(amount_starts, start, end + 1)
                if amounts[i].end <= end
            ]
            if not figures:
                continue  # a fact needs a value or a percentage change
            sentence = _Sentence(
                self,
                text,
                (start, end),
                in_sentence,
                figures,
                [
                    companies[i]
                    for i in starting_in(company_starts, start, end + 1)
                    if companies[i].end <= end
                ],
                main_company,
            )
            facts.extend(sentence.facts())
        return _merge_repeats(facts)

    def direction(self, text: str) -> str | None:
        return self._direction.get(" ".join(text.casefold().split()))

    def basis(self, text: str) -> str | None:
        return self._basis.get(" ".join(text.casefold().split()))


class _Sentence:
    """The linking work for one sentence."""

    def __init__(
        self,
        linker: FactLinker,
        text: str,
        span: tuple[int, int],
        metrics: list[FoundMetric],
        amounts: list[Amount],
        companies: list[CompanySpan],
        main_company: str | None,
    ) -> None:
        self.linker = linker
        self.text = text
        self.span = span
        self.metrics = metrics
        self.amounts = sorted(amounts, key=lambda a: a.start)
        self.companies = companies
        self.main_company = main_company
        start, end = span
        self.trends = [
            Trend(m.start(), m.end(), linker.direction(m.group()) or "up")
            for m in linker._trend.finditer(text, start, end)
            if not _BOUND_UP_TO.search(text, max(start, m.start() - 20), m.end() + 4)
        ]
        self.bases = [
            (m.start(), m.end(), linker.basis(m.group()))
            for m in linker._basis_pattern.finditer(text, start, end)
        ]
        taken = SpanIndex(
            [(s, e) for s, e, _ in self.bases] + [(a.start, a.end) for a in self.amounts]
        )
        self.periods = [
            p for p in linker.periods.find(text, start, end) if not taken.overlaps(p.start, p.end)
        ]
        # sorted offsets, for look-ups by binary search: a sentence may hold thousands of figures
        self._amount_starts = [a.start for a in self.amounts]
        self._metric_starts = [m.start for m in metrics]
        #: The least end of the metrics from each one on.
        self._least_end = _suffix_min([m.end for m in metrics])
        self._trend_starts = [t.start for t in self.trends]
        self._trend_ends = [t.end for t in self.trends]
        self._basis_starts = [b[0] for b in self.bases]
        self._first_basis = {b[2]: b for b in reversed(self.bases)}
        self._period_starts = [p.start for p in self.periods]
        self._company_starts = [c.start for c in companies]
        self.heads = self._heads()
        self.lists = self._lists()

    def _heads(self) -> list[int]:
        """For each metric, the index of the metric it completes, or its own index."""
        heads = list(range(len(self.metrics)))
        for index in range(1, len(self.metrics)):
            before, metric = self.metrics[index - 1], self.metrics[index]
            gap = self.text[before.end : metric.start]
            if _COMPLEMENT_GAP.match(gap) or (
                _CLAUSE_OPEN.match(gap) and self._clause_closes(metric.end)
            ):
                heads[index] = heads[index - 1]
        return heads

    def _clause_closes(self, position: int) -> bool:
        """A comma, then a verb that wants a subject, closes the clause: ", was $105 million"."""
        comma = self.text.find(",", position, self.span[1])
        return comma >= 0 and bool(_CLAUSE_CLOSE.match(self.text, comma, self.span[1]))

    def _lists(self) -> dict[Amount, list[Amount]]:
        """Amounts listed one after another: "$322 million, $298 million, and $262 million"."""
        lists: dict[Amount, list[Amount]] = {}
        current: list[Amount] = []
        for amount in self.amounts:
            if current and self._continues(current[-1], amount):
                current.append(amount)
                continue
            if len(current) > 1:
                lists[current[0]] = current
            current = [amount]
        if len(current) > 1:
            lists[current[0]] = current
        return lists

    def _continues(self, last: Amount, amount: Amount) -> bool:
        if (
            last.range
            or amount.range
            or last.kind != amount.kind
            or last.currency != amount.currency
        ):
            return False
        if last.per_share != amount.per_share:
            return False
        return bool(_LIST_GAP.match(self._without_periods(last.end, amount.start)))

    def facts(self) -> list[FoundFact]:
        if _RESPECTIVELY.search(self.text, *self.span):
            paired = self._respectively()
            if paired:
                return paired
        found: list[FoundFact] = []
        for index, metric in enumerate(self.metrics):
            found.extend(self._fact(metric, index))
        return found

    # -- one metric -------------------------------------------------------------------------

    def _fact(self, metric: FoundMetric, index: int) -> list[FoundFact]:
        """The facts of one metric: one, or one a value for a list of values."""
        following = next(
            (i for i in range(index + 1, len(self.metrics)) if self.heads[i] != index), None
        )
        right_end = self.metrics[following].start if following is not None else self.span[1]
        left_start = self.metrics[index - 1].end if index else self.span[0]
        value, value_high, prior, change = self._right(metric, right_end, index)
        if value is None:
            value = self._left_value(metric, left_start)
        if change is None:
            change = self._left_change(metric, left_start)
        if change is None and value is not None:
            trend = self._trend_after(metric.end, right_end) or self._trend_before(metric.start)
            if trend is not None:
                change = self._trend_change(trend)
            elif prior is not None:
                change = _compared(self.text, value, prior, self._basis_near(prior.end))
        if value is None and (change is None or change.percent is None):
            return []
        listed = self.lists.get(value) if value is not None and value_high is None else None
        if not listed:
            fact = self._make(metric, value, value_high, prior, change, "fact.sentence")
            per_share = self._per_share_after(fact)
            return [fact] if per_share is None else [fact, per_share]
        upcoming = self._next_metric(listed[-1].end)
        listed = [a for a in listed if a is value or not self._belongs_to_next(a, upcoming)]
        labels = self._labels_for(listed)
        return [
            self._make(
                metric,
                amount,
                None,
                None,
                change if amount is value else None,
                "fact.list",
                label=label,
            )
            for amount, label in zip(listed, labels, strict=True)
        ]

    def _per_share_after(self, fact: FoundFact) -> FoundFact | None:
        """ "net income of $212 million, or $1.63 a diluted share": the EPS comes with it."""
        if fact.metric.family not in ("profit", "loss"):
            return None
        after = self._or_per_share(fact.value)
        if after is None:
            return None
        # a bounded window: without an end, the regex module scans the rest of the text first
        words = _SHARE_WORDS.match(self.text, after.end, after.end + 64)
        if words is None:
            return None
        kind = words.group("kind")
        row = self.linker.metric_rows.get(
            _PER_SHARE_METRIC[kind.strip().casefold() if kind else None]
        )
        if row is None:
            return None
        start = words.start() + len(words.group()) - len(words.group().lstrip())
        metric = FoundMetric(
            start,
            words.end(),
            self.text[start : words.end()],
            row.name,
            row.family,
            row.unit,
            None,
            f"metric:{row.id}",
        )
        return replace(
            fact,
            metric=metric,
            value=after,
            value_high=None,
            prior_value=self._or_per_share(fact.prior_value),
            change=None,
            rule="fact.per_share",
        )

    def _or_per_share(self, amount: Amount | None) -> Amount | None:
        """The per-share amount given right after ``amount``, after "or"."""
        if amount is None or amount.per_share:
            return None
        at = bisect.bisect_left(self._amount_starts, amount.end)
        after = self.amounts[at] if at < len(self.amounts) else None
        if after is None or not after.per_share:
            return None
        return after if _OR_PER_SHARE.match(self.text[amount.end : after.start]) else None

    def _labels_for(self, listed: list[Amount]) -> list[str | None]:
        """One period label for each amount of a list, where the sentence gives them."""
        inside = [
            [
                self.periods[i]
                for i in starting_in(self._period_starts, amount.end, limit)
                if self.periods[i].end <= limit
            ]
            for amount, limit in zip(
                listed, [a.start for a in listed[1:]] + [self.span[1]], strict=True
            )
        ]
        if (
            all(len(found) >= 1 and len(found[0].labels) == 1 for found in inside[:-1])
            and inside[-1]
        ):
            labels = [found[0].labels[0] if found[0].labels else None for found in inside]
            if len(set(labels)) == len(labels):
                return labels
        matching = [p for p in self.periods if len(p.labels) == len(listed)]
        if matching:
            nearest = min(matching, key=lambda p: abs(p.start - listed[-1].end))
            return list(nearest.labels)
        return [None] * len(listed)

    def _right(
        self, metric: FoundMetric, end: int, index: int
    ) -> tuple[Amount | None, Amount | None, Amount | None, Change | None]:
        """Value, high end, prior value and change from the words after the metric."""
        value = value_high = prior = None
        completed = self.heads[index] != index
        change: Change | None = None
        trend: Trend | None = None
        position = metric.end
        upcoming = self._next_metric(end)
        after = bisect.bisect_left(self._metric_starts, metric.end)  # the metrics after it
        nearest_end = self._least_end[after] if after < len(self.metrics) else None
        for amount in (self.amounts[i] for i in starting_in(self._amount_starts, metric.end, end)):
            gap = self.text[position : amount.start]
            trend = trend or self._trend_in(position, amount.start)
            position = amount.end
            if not self._fits(metric, amount) or self._belongs_to_next(amount, upcoming):
                continue
            if _PRIOR_LINK.search(gap):
                if prior is None and (value is not None or change is not None):
                    prior = amount
                continue
            if (
                change is None
                and amount.kind == "percent"
                and self._is_change(metric, amount, gap, trend)
            ):
                trend = trend or self._trend_before(metric.start)
                start = (
                    trend.start if trend is not None and trend.start > metric.end else amount.start
                )
                change = Change(
                    start,
                    amount.end,
                    self.text[start : amount.end],
                    abs(amount.value),
                    trend.direction
                    if trend is not None
                    else ("down" if amount.value < 0 else "up"),
                    self._basis_near(amount.end),
                )
                continue
            if value is None and (_VALUE_LINK_END.search(gap) or not gap.strip(" :-—")):
                if amount.kind == "percent" and metric.unit != "percent":
                    continue  # "revenue of 5%" is no amount of revenue
                if completed and _COPULA_END.search(gap):
                    continue  # "expense for these costs was $3m": the subject takes it
                if (
                    not _COPULA_END.search(gap)
                    and nearest_end is not None
                    and nearest_end <= amount.start
                ):
                    continue  # "interest on debt of $5bn": the nearer metric takes it
                value = amount
            elif (
                value is not None
                and value_high is None
                and value.range == "low"
                and amount.range == "high"
            ):
                value_high = amount
        if change is None and trend is not None and value is not None:
            change = self._trend_change(trend)
        return value, value_high, prior, change

    def _is_change(
        self, metric: FoundMetric, amount: Amount, gap: str, trend: Trend | None
    ) -> bool:
        """ "rose 5%", "by 5%", "widened 120 basis points": a change, not the value."""
        if _BY.search(gap):
            return True
        points = amount.unit in ("basis_points", "percentage_points")
        if points and (metric.unit != "percent" or trend is not None):
            return True
        return trend is not None and not _VALUE_LINK_END.search(gap)

    def _next_metric(self, position: int) -> FoundMetric | None:
        """The first metric of the sentence that starts at or after ``position``."""
        at = bisect.bisect_left(self._metric_starts, position)
        return self.metrics[at] if at < len(self.metrics) else None

    def _belongs_to_next(self, amount: Amount, upcoming: FoundMetric | None) -> bool:
        """ "$427 million quarterly net loss": the amount is the value of the next metric."""
        if upcoming is None:
            return False
        gap = self._without_periods(amount.end, upcoming.start)
        return len(gap.split()) <= 2 and bool(_LEFT_VALUE_GAP.match(gap))

    def _without_periods(self, start: int, end: int) -> str:
        """The text between two offsets, with the periods it names taken out."""
        pieces, position = [], start
        for period in (self.periods[i] for i in starting_in(self._period_starts, start, end)):
            if period.end <= end:
                pieces.append(self.text[position : period.start])
                position = period.end
        pieces.append(self.text[position:end])
        return " ".join(" ".join(pieces).split())

    def _left_value(self, metric: FoundMetric, start: int) -> Amount | None:
        amount = self._last_amount(start, metric.start, percent=False)
        if amount is None:
            return None
        words = self.text[amount.end : metric.start].split()
        if (
            _LEFT_VALUE_GAP.match(self._without_periods(amount.end, metric.start))
            and len(words) <= 4
        ):
            return amount if self._fits(metric, amount) and amount.kind != "percent" else None
        return None

    def _left_change(self, metric: FoundMetric, start: int) -> Change | None:
        """ "a 117% quarter-on-quarter surge in ... revenue": the change stands before."""
        percent = self._last_amount(start, metric.start, percent=True)
        if percent is None:
            return None
        trend = self._trend_in(percent.end, metric.start)
        if trend is None:
            return None
        between = self.text[trend.end : metric.start]
        if not re.fullmatch(r"\s*(?i:in|of)\s+[^,;.]*", between):
            return None
        basis = self._basis_in(percent.end, trend.start)
        return Change(
            percent.start,
            trend.end,
            self.text[percent.start : trend.end],
            abs(percent.value),
            trend.direction,
            basis,
        )

    # -- respectively -----------------------------------------------------------------------

    def _respectively(self) -> list[FoundFact]:
        money = [a for a in self.amounts if a.kind != "percent" or len(self.metrics) > 1]
        labels = [label for p in self.periods for label in p.labels]
        if len(self.metrics) > 1 and len(money) == len(self.metrics):
            return [
                self._make(metric, amount, None, None, None, "fact.respectively")
                for metric, amount in zip(self.metrics, money, strict=True)
            ]
        if len(self.metrics) == 1 and len(money) > 1 and len(labels) == len(money):
            metric = self.metrics[0]
            return [
                self._make(metric, amount, None, None, None, "fact.respectively", label=label)
                for amount, label in zip(money, labels, strict=True)
            ]
        return []

    # -- parts ------------------------------------------------------------------------------

    def _make(
        self,
        metric: FoundMetric,
        value: Amount | None,
        value_high: Amount | None,
        prior: Amount | None,
        change: Change | None,
        rule: str,
        *,
        label: str | None = None,
    ) -> FoundFact:
        anchor = value.start if value else metric.start
        # "from $162 million in the same quarter of 2024": the prior value's period is not ours
        period = self._nearest_period(anchor, before=None if prior is None else prior.start)
        if label is None and period is not None and len(period.labels) == 1:
            label = period.labels[0]
        if (
            period is None
            and change is not None
            and change.basis in ("quarter-on-quarter", "sequential")
        ):
            basis_span = self._first_basis.get(change.basis)
            if basis_span is not None:
                start, end, _ = basis_span
                period = FoundPeriod(start, end, self.text[start:end], "quarter", ())
        return FoundFact(
            metric=metric,
            value=value,
            value_high=value_high,
            prior_value=prior,
            change=change,
            period=period,
            period_label=label,
            company=self._company(metric),
            sentence=self.span,
            rule=rule,
        )

    def _company(self, metric: FoundMetric) -> str | None:
        if self.companies:
            at = bisect.bisect_left(self._company_starts, metric.start)
            before = (self.companies[i] for i in reversed(range(at)))
            last = next((c for c in before if c.end <= metric.start), None)
            return (last or self.companies[0]).name
        if self.main_company and self._has_anaphor:
            return self.main_company
        return None

    @cached_property
    def _has_anaphor(self) -> bool:
        return bool(self.linker._anaphor.search(self.text, *self.span))

    def _last_amount(self, start: int, end: int, *, percent: bool) -> Amount | None:
        """The last amount (or percentage) that lies in ``[start, end)``."""
        for i in reversed(starting_in(self._amount_starts, start, end)):
            amount = self.amounts[i]
            if amount.end <= end and (not percent or amount.kind == "percent"):
                return amount
        return None

    def _nearest_period(self, anchor: int, *, before: int | None) -> FoundPeriod | None:
        """The period that starts nearest ``anchor`` (the earlier one on a tie), among those
        that start before ``before`` when it is given."""
        starts = self._period_starts
        count = len(starts) if before is None else bisect.bisect_left(starts, before)
        at = bisect.bisect_left(starts, anchor, 0, count)
        if at > 0 and (at == count or anchor - starts[at - 1] <= starts[at] - anchor):
            return self.periods[at - 1]
        return self.periods[at] if at < count else None

    def _fits(self, metric: FoundMetric, amount: Amount) -> bool:
        """Per-share amounts belong to per-share metrics; others may take any amount."""
        return not amount.per_share or metric.family in _FAMILIES_PER_SHARE

    def _trend_in(self, start: int, end: int) -> Trend | None:
        at = bisect.bisect_left(self._trend_starts, start)  # trends never overlap
        return self.trends[at] if at < len(self.trends) and self.trends[at].end <= end else None

    def _trend_before(self, position: int) -> Trend | None:
        """A trend verb shortly before the metric: "expect to lower borrowing costs by ..."."""
        at = bisect.bisect_right(self._trend_ends, position)  # trends never overlap
        if at and len(self.text[self.trends[at - 1].end : position].split()) <= 3:
            return self.trends[at - 1]
        return None

    def _trend_after(self, start: int, end: int) -> Trend | None:
        trend = self._trend_in(start, end)
        if trend is None or len(self.text[start : trend.start].split()) > 4:
            return None
        return trend

    def _basis_near(self, position: int) -> str | None:
        at = bisect.bisect_left(self._basis_starts, position)
        return (
            self.bases[at][2]
            if at < len(self.bases) and self.bases[at][0] - position < 80
            else self._basis_in(self.span[0], self.span[1])
        )

    def _basis_in(self, start: int, end: int) -> str | None:
        at = bisect.bisect_left(self._basis_starts, start)  # bases never overlap
        return self.bases[at][2] if at < len(self.bases) and self.bases[at][1] <= end else None

    def _trend_change(self, trend: Trend) -> Change:
        """A change that only a verb gives ("revenue rose to ..."): a direction, no percent."""
        return Change(
            trend.start,
            trend.end,
            self._t(trend),
            None,
            trend.direction,
            self._basis_near(trend.end),
        )

    def _t(self, span: Trend) -> str:
        return self.text[span.start : span.end]


def _suffix_min(values: list[int]) -> list[int]:
    """The least of ``values`` from each index on."""
    least = list(values)
    for index in range(len(least) - 2, -1, -1):
        least[index] = min(least[index], least[index + 1])
    return least


def _compared(text: str, value: Amount, prior: Amount, basis: str | None) -> Change | None:
    """ "to $3.2bn from $4.1bn" says the way without a verb: a change with no percentage."""
    if (value.kind, value.currency, value.unit) != (prior.kind, prior.currency, prior.unit):
        return None
    direction = (
        "up" if value.value > prior.value else "down" if value.value < prior.value else "flat"
    )
    start, end = min(value.start, prior.start), max(value.end, prior.end)
    return Change(start, end, text[start:end], None, direction, basis)


def _merge_repeats(facts: Iterable[FoundFact]) -> list[FoundFact]:
    """An article repeats its figures: a fact that agrees with an earlier one adds nothing."""
    kept: list[FoundFact] = []
    index: _KeptFacts | None = None  # built once there are more facts than a scan handles well
    for fact in facts:
        if index is None and len(kept) >= _FEW_FACTS:
            index = _KeptFacts()
            for number, other in enumerate(kept):
                index.add(number, other)
        for number in range(len(kept)) if index is None else index.candidates(fact):
            other = kept[number]
            if _agree(other, fact):
                kept[number] = _fill(other, fact)
                if index is not None:
                    index.add(number, kept[number], before=other)
                break
        else:
            if index is not None:
                index.add(len(kept), fact)
            kept.append(fact)
    return kept


#: Up to this many kept facts, each new fact is simply tried against all of them.
_FEW_FACTS = 16


class _KeptFacts:
    """The facts kept so far, by family and by every subset of the fields :func:`_keys` gives,
    so that the earlier facts a new one may agree with are found by look-ups: trying every kept
    fact took time quadratic in the facts of an article.

    Two facts agree only where each of these fields is equal or missing (None) in one of them,
    so a fact that gives fields F can agree only with facts whose values on F are its own or
    None: 2 ** len(F) look-ups. The candidates come in the order the facts were kept, and
    :func:`_agree` still decides.
    """

    def __init__(self) -> None:
        self._by: dict[tuple[object, ...], list[int]] = {}

    def add(self, number: int, fact: FoundFact, *, before: FoundFact | None = None) -> None:
        """Index kept fact ``number``; ``before`` is what it was before a later fact filled it."""
        keys, old = _keys(fact), _keys(before) if before is not None else None
        for mask in range(1 << len(keys)):
            key = self._key(fact, mask, keys)
            if old is not None and before is not None and key == self._key(before, mask, old):
                continue  # unchanged on these fields: indexed already
            numbers = self._by.setdefault(key, [])
            if numbers and numbers[-1] > number:
                bisect.insort(numbers, number)
            else:
                numbers.append(number)

    def candidates(self, fact: FoundFact) -> Iterator[int]:
        """The numbers of the kept facts that may agree with ``fact``, in order, each once."""
        keys = _keys(fact)
        mask = sum(1 << bit for bit, key in enumerate(keys) if key is not None)
        given = [(key, None) for key in keys if key is not None]
        lists = [
            self._by.get((fact.metric.family, mask, choice), [])
            for choice in itertools.product(*given)
        ]
        last = -1
        for number in heapq.merge(*lists):
            if number != last:  # a fact filled later may sit in two of the lists
                yield number
                last = number

    @staticmethod
    def _key(fact: FoundFact, mask: int, keys: tuple[object, ...]) -> tuple[object, ...]:
        chosen = tuple(key for bit, key in enumerate(keys) if mask >> bit & 1)
        return (fact.metric.family, mask, chosen)


def _keys(fact: FoundFact) -> tuple[object, ...]:
    """The fields of a fact that :func:`_agree` compares and that tell most facts apart."""
    return (
        fact.company,
        _amount(fact.value),
        fact.change.percent if fact.change else None,
        fact.period_label,
    )


def _agree(a: FoundFact, b: FoundFact) -> bool:
    if a.metric.family != b.metric.family:
        return False
    if a.company is not None and b.company is not None and a.company != b.company:
        return False
    pairs = [
        (_amount(a.value), _amount(b.value)),
        (a.change.percent if a.change else None, b.change.percent if b.change else None),
        (a.change.direction if a.change else None, b.change.direction if b.change else None),
        (a.period.kind if a.period else None, b.period.kind if b.period else None),
        (a.period_label, b.period_label),
    ]
    if a.value is None and b.value is None and (a.change is None or b.change is None):
        return False
    return all(x is None or y is None or x == y for x, y in pairs)


def _amount(amount: Amount | None) -> tuple[Decimal, str | None] | None:
    return None if amount is None else (amount.value, amount.currency)


def _fill(first: FoundFact, later: FoundFact) -> FoundFact:
    """The earlier fact, with what only the later one says."""
    return replace(
        first,
        value=first.value or later.value,
        change=first.change or later.change,
        period=first.period or later.period,
        period_label=first.period_label or later.period_label,
        company=first.company or later.company,
    )


@lru_cache(maxsize=4)
def fact_linker(extra_patterns: tuple[str, ...] = ()) -> FactLinker:
    """The linker of our lexicon plus ``extra_patterns``, compiled once."""
    from .periods import period_grammar

    return FactLinker(load_lexicon(extra_patterns), period_grammar(extra_patterns))
