"""Linking inside one sentence: which amount is each metric's value, prior value and change.

No parser is used. Around each metric the linker reads:

* to its right: a trend word ("rose", "more than doubled") gives the direction; a percentage
  after it, or after "by", is the change; an amount after "by" or right after a trend verb is
  an absolute change ("rose $3.2 million, or 21.5%", "an increase of $3.2 million"); an amount
  after "to", "of", "was", ":" or directly is the value; an amount after "from", "vs" or
  "compared with" is the prior value; "between $5bn and $6bn" gives a value and its high end;
* to its left: an amount right before it ("a $427 million quarterly net loss") is the value;
  "a 117% quarter-on-quarter surge in ... revenue" gives the change;
* a metric after "from", "against" or "compared with" ("up from earnings of $63.2 million")
  names the prior figure: its amount is a prior value, and the period near it the prior
  period;
* "A, B and C were $1, $2 and $3 million, respectively" pairs metrics and amounts (or
  percentage changes) in order; one metric with amounts "for the years ended ... 2019 and
  2020, respectively" gives one fact a year;
* a per-share figure after a profit or loss ("$212 million, or $1.63 a diluted share") is a
  second fact of the same metric phrase.

Each fact takes the period of its own clause (not a prior period, not another clause's), or
one that leads the sentence. Its company is the one named in its clause, else the subject of
the sentence; an anaphor is noted for :mod:`extractor.facts.owners` to resolve.
"""

from __future__ import annotations

import bisect
from dataclasses import replace

import regex as re

from ..metrics.finder import FoundMetric
from ..spans import SpanIndex, reach
from .model import Amount, Change, CompanySpan, FoundFact, Trend
from .ordered import Ordered
from .periods import FoundPeriod, PeriodPart
from .segments import clauses, hard_cuts
from .words import LinkWords

#: Words that put an amount as the prior value: "from $4.1bn", "versus", "vs", an earlier
#: forecast ("previous guidance of", "(previously: 4% to 6%)") and a comparison figure in
#: brackets with its period ("EUR 3.1bn (Q3 2024: EUR 2.9bn)").
_PRIOR_LINK = re.compile(
    r"(?i:\b(?:from|versus|vs\.?|against|compared\s+with|compared\s+to|up\s+from|down\s+from|"
    r"than\s+(?:the|a|its|last\s+year's)|(?:higher|lower|better|worse)\s+than))"
    r"[^\d$€£¥]{0,24}\Z"
    r"|(?i:\b(?:previous|prior|earlier|original|initial)\s++"
    r"(?:guidance|forecasts?|outlook|projections?|estimates?|targets?|view)"
    r"(?:\s++(?:of|was|had\s+been|for))?|\bpreviously)[\s:,]*+\Z"
    r"|\((?=[^()\n:]{0,30}(?:\d|(?i:prior|previous|last|year|quarter)))[^()\n:]{1,30}:\s*+\Z"
)
#: The word before a forecast that makes it an earlier one: "its previous forecast of".
_EARLIER = re.compile(r"(?i:\b(?:previous|prior|earlier|original|initial)\s++)\Z")
#: The same words before a metric that names the prior figure: "up from earnings of".
_PRIOR_BEFORE_METRIC = re.compile(
    r"(?i:\b(?:from|versus|vs\.?|against|compared\s+with|compared\s+to|in\s+contrast\s+to|"
    r"than|after(?=\s+an?\s)))\s++(?:(?i:a|an|the|its|their|year-ago|year-earlier|prior-year|"
    r"last\s+year's|"
    r"(?:the\s+)?(?:previous|prior)\s+year's|(?:19|20)\d\d(?:['’]s)?|(?:19|20)\d\d\s+"
    r"(?:first|second|third|fourth)\s+quarter|restated|reported|net|operating)\s++){0,4}\Z"
)
#: A trend verb after "from": "revenue from operations rose 6.2%" is no prior link.
_TREND_AFTER_LINK = re.compile(
    r"(?i:\bfrom)\s++[^\d$€£¥]*?\b(?i:rose|fell|grew|increased|decreased|declined|climbed|"
    r"jumped|dropped|slipped|gained|was|were|is|are|totall?ed)\b"
)
#: Years, which a prior link may name: "compared with 1985 fourth quarter results of".
_YEARS = re.compile(r"(?<!\d)(?:19|20)\d\d(?:['’]s)?(?!\d)")
#: A clause that gives the prior figures: "This compares with ...", "compared with ...".
_COMPARES = re.compile(r"\s*+(?:(?i:this|that|it)\s++)?(?i:compares|compared)\s++(?i:with|to)\b")
#: From one prior figure on to the next: " on revenues of", ", and a".
_GOES_ON = re.compile(r"\A[\s,]*+(?i:on|and|with)\s++(?:(?i:a|an|the)\s++)?\Z")
#: A change given as "by": "increased by 5%".
_BY = re.compile(r"(?i:\bby)\s*\Z")
#: Growth named right after a metric: "same-store sales growth to 3.5% to 4%", "NII growth
#: was 5%": the percentage is the metric's change, whatever the link word.
_GROWTH_AFTER = re.compile(r"\A\s*+(?i:growth)\b")
#: Between an amount and the metric it is the value of: "$427 million quarterly net loss".
_LEFT_VALUE_GAP = re.compile(
    r"\A[\s\-]*(?:(?i:in|of|for|worth\s+of|a|an|the|from\s+the(?:\s+proposed)?)(?:\s+|\Z))?"
    r"[\s\-]*\Z"
)
#: "up to" as a bound, not a rise: "a buyback of up to $3 billion", "to buy up to 5%".
_BOUND_UP_TO = re.compile(
    r"(?i:\b(?:of|for|by|buy|back|spend|repurchase|raise|borrow|invest|cut|sell|issue|advance)"
    r"\s+up\s+to\b)"
)
_RESPECTIVELY = re.compile(r"(?i:\brespectively\b)")
#: Between a metric and a forecast word that makes it the metric's forecast: " ".
_FORECAST_OF = re.compile(r"[ \t]++")
#: A metric's abbreviation in brackets after it: "Net interest income (NII)".
_ABBREVIATION_OPEN = re.compile(r"[ \t]*+\([ \t]*+")
#: A metric's other name after it: "revenue backlog, or remaining performance obligations,".
_ALIAS_GAP = re.compile(r"\s*+,\s*+(?i:or|also\s+known\s+as|known\s+as|i\.e\.)\s++")
_ALIAS_CLOSE = re.compile(r"\s*+[,)]")
#: A figure of a whole sector or market: "growth of 5% across the sector".
_AGGREGATE_AFTER = re.compile(
    r"\s++(?i:across\s+the\s+(?:sector|industry|market|economy|country|region))\b"
)
#: Between two metrics named together: ", ", " and ", ", and the ".
_METRIC_LIST_GAP = re.compile(
    r"\s*+(?:,\s*+)?(?:(?i:and|or|as\s+well\s+as)\s++)?(?:[a-z][\w-]*+\s++){0,2}\Z"
)
#: Between a list of figures and the metric after it: ", respectively, of our", " of".
_OF_AFTER = re.compile(
    r"\A[\s,]*+(?:(?i:respectively)[\s,]*+)?(?i:of|in)\s++(?:(?i:our|its|the|their)\s++)?"
    r"(?:[\w-]++\s++){0,3}\Z"
)
#: Between guidance figures and the metric they are of: " in revenue", " of full-year sales".
_GUIDED_METRIC = re.compile(r"\s*+,?\s*+(?i:in|of|for)\s++(?:[\w-]++\s++){0,2}?\Z")
#: A relative clause between a subject and its verb: ", which were included in ..., were".
_RELATIVE = re.compile(
    r"\A\s*+,\s*+(?i:which|that|who)\b[^,;]*+,\s*+(?i:was|were|is|are|totall?ed|amounted)\b"
)
#: Between two amounts of one list, once periods are taken out: ", ", " and ", " in 2020 and ".
_LIST_GAP = re.compile(
    r"\A\s*+(?:(?i:in|for|at|during|as\s+of|on)\s*+)?(?:,\s*+)?(?:(?i:and|or)(?:\s++|\Z))?\Z"
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
    r"\A(?:\s*+[\w'’-]++){0,5}\s*+,\s*+(?i:including|excluding|net\s+of|such\s+as|primarily|"
    r"mainly|largely|which|consisting\s+of|comprising|the|a|an)\b[^;:]*\Z"
)
_FAMILIES_PER_SHARE = frozenset({"eps", "dividend", "share_price", "deal"})
#: Profits and losses, whose figure per share is an EPS.
_PROFIT_FAMILIES = frozenset({"profit", "loss", "operating_profit", "operating_loss"})
#: The per-share figure given with a profit or loss: "$212 million, or $1.63 a diluted share".
_OR_PER_SHARE = re.compile(r"\s*+,?\s*+(?i:or)\s*+\Z")
#: How far after an amount its per-share words are looked for. Needed, not only tidy: with no
#: end, the regex module scans the rest of the text for a required literal before matching.
_SHARE_WINDOW = 64
_SHARE_WORDS = re.compile(
    r"\s++(?:(?i:a|an|per)\s++)?(?P<kind>(?i:diluted|basic|adjusted|fully\s+diluted)\s++)?"
    r"(?i:share|shr)\b"
)
_PER_SHARE_METRIC = {
    None: "eps",
    "diluted": "diluted_eps",
    "fully diluted": "diluted_eps",
    "basic": "eps",
    "adjusted": "adjusted_eps",
}
#: The year of a figure right before its metric: "its 1986 income", "1985's profit".
_YEAR_BEFORE = re.compile(
    r"(?<![\w.,$-])(?P<year>(?:19|20)\d\d)(?:['’]s)?\s++(?:[\w-]++\s++){0,2}\Z"
)
#: Words before a company that make it an object, not the owner of a figure.
_OBJECT_BEFORE = re.compile(
    r"(?i:\b(?:to|from|for|with|by|against|than|into|of|on|over|under|including|like|via|"
    r"as|about|between|toward|towards|versus|vs|buy|acquire|acquiring|sell|selling|in)\s++"
    r"(?:(?:the|its|their|[\w.]+-(?:based|owned)|[A-Z][\w.&-]*+)\s++){0,3})\Z|[<(]\s*+\Z"
)
#: A broker or bank an analyst speaks for owns none of the figures she quotes: "said Evan
#: Seidel, an analyst at Leerink Partners, who noted that sales rose 64%".
_ANALYST_AT = re.compile(
    r"(?i:\b(?:analysts?|economists?|strategists?|researchers?)\s++(?:at|with|from)\s++)\Z"
)
#: A unit named after its metric: "operating profit at the company's Northwest Pipeline unit".
_UNIT_AFTER = re.compile(
    r"\A\s++(?i:at|of|from|in)\s++(?:(?i:the\s+company's|the\s+group's|its|their|the)\s++)?"
    r"(?:[\w.-]++\s++){0,2}?\Z"
)
_UNIT_WORD = re.compile(r"(?:['’]s)?\s++(?i:unit|subsidiary|division|arm|business|affiliate)\b")


#: How many companies before a metric in its clause are looked at for its owner.
_OWNER_REACH = 4
#: How many metrics before a list of figures may be listed with them.
_LIST_REACH = 24
_COMMA_VERB = re.compile(
    r",\s*+(?i:was|were|is|are|totall?ed|amounted|came|stood|reached|rose|fell|grew|increased|"
    r"decreased|declined|climbed|jumped|dropped|slipped|gained|widened|narrowed|improved)\b"
)


def _start(item: Amount | FoundMetric | FoundPeriod | Trend | CompanySpan) -> int:
    return item.start


def _inside(item: FoundMetric | FoundPeriod | None, position: int) -> bool:
    return item is not None and item.start <= position < item.end


class SentenceLinker:
    """The linking work for one sentence."""

    def __init__(
        self,
        linker: LinkWords,
        text: str,
        span: tuple[int, int],
        metrics: list[FoundMetric],
        amounts: list[Amount],
        companies: list[CompanySpan],
        periods: list[FoundPeriod],
    ) -> None:
        self.linker = linker
        self.text = text
        self.span = span
        # "compared with prior guidance of $1.59 billion": an earlier forecast is no metric of
        # its own; its figure is the prior value of the metric before it
        metrics = [
            m
            for m in metrics
            if m.family != "guidance"
            or not _EARLIER.search(text, max(span[0], m.start - 20), m.start)
        ]
        metrics = _with_aliases(text, metrics)
        self.metrics = metrics
        self.amounts = amounts
        self.companies = companies
        start, end = span
        self._metrics = Ordered(metrics, key=_start)
        self._amounts = Ordered(amounts, key=_start)
        self._companies = Ordered(companies, key=_start)
        self.trends = [
            Trend(m.start(), m.end(), linker.direction(m.group()) or "up")
            for m in linker.trend_pattern.finditer(text, start, end)
            if not _BOUND_UP_TO.search(text, max(start, m.start() - 20), m.end() + 4)
            and not _inside(self._metrics.last_before(m.start() + 1), m.start())
        ]
        self._trends = Ordered(self.trends, key=_start)
        self.bases = [
            (m.start(), m.end(), linker.basis(m.group()))
            for m in linker.basis_pattern.finditer(text, start, end)
        ]
        self._bases = Ordered(self.bases, key=lambda b: b[0])
        taken = SpanIndex([(s, e) for s, e, _ in self.bases] + [(a.start, a.end) for a in amounts])
        named = [p for p in periods if not taken.overlaps(p.start, p.end)]
        self.periods = sorted(named + self._years_before_metrics(named), key=_start)
        self._periods = Ordered(self.periods, key=_start)
        self.clauses = clauses(text, start, end)
        self._hard = hard_cuts(text, start, end)
        self._clause_starts = [c[0] for c in self.clauses]
        #: Metrics inside a clause set off by commas, which make no fact of their own.
        self.aside: set[int] = set()
        self.heads = self._heads()
        self._index = {id(m): i for i, m in enumerate(metrics)}
        self.lists = self._lists()
        self.prior_metric = self._prior_metrics()
        self.prior_periods = self._prior_periods()
        first_metric = metrics[0].start if metrics else end
        leading = [
            p
            for p in self._periods.between(start, first_metric)
            if p.end <= first_metric and p.start not in self.prior_periods
        ]
        #: A period before the sentence's first metric leads the sentence: "For 1986, ...".
        self._leading = leading[-1] if leading else None
        self.anaphor = bool(linker.anaphor_pattern.search(text, start, end))
        #: The sentence's subject: its first company that is not after a preposition.
        self._subject = next((c for c in companies if not self._is_object(c)), None)

    # -- the sentence's structure -----------------------------------------------------------

    def _years_before_metrics(self, named: list[FoundPeriod]) -> list[FoundPeriod]:
        """ "its 1986 income", "1985's profit": a year right before a metric is its period."""
        found = []
        named_starts = [p.start for p in named]
        for metric in self.metrics:
            start = max(self.span[0], metric.start - 30)
            match = _YEAR_BEFORE.search(self.text, start, metric.start)
            covering = (
                named[bisect.bisect_right(named_starts, match.start()) - 1]
                if (match is not None and named and named_starts[0] <= match.start())
                else None
            )
            if match is not None and not _inside(covering, match.start()):
                year = int(match.group("year"))
                found.append(
                    FoundPeriod(
                        match.start(),
                        match.end("year"),
                        match.group("year"),
                        "year",
                        (PeriodPart(None, year),),
                    )
                )
        return found

    def _heads(self) -> list[int]:
        """For each metric, the index of the metric it completes, or its own index.

        Every metric inside a clause between commas that a verb closes completes the metric
        before the clause: "Net interest income (NII), the difference between what a bank
        earns on loans and pays out on deposits, increased 7%".
        """
        heads = list(range(len(self.metrics)))
        inside_until = -1
        for index in range(1, len(self.metrics)):
            before, metric = self.metrics[index - 1], self.metrics[index]
            if metric.start < inside_until:
                heads[index] = heads[index - 1]
                self.aside.add(index)
                continue
            gap = self.text[before.end : metric.start]
            if _COMPLEMENT_GAP.match(gap):
                heads[index] = heads[index - 1]
            elif _CLAUSE_OPEN.match(gap) and (close := self._clause_close(metric.start)) >= 0:
                heads[index] = heads[index - 1]
                self.aside.add(index)
                inside_until = close
        return heads

    def _clause_close(self, position: int) -> int:
        """Where a comma, then a verb that wants a subject, closes the clause that holds
        ``position`` (", was $105 million", ", increased 7%"); -1 when none does."""
        comma = self.text.find(",", position, self.span[1])
        if comma >= 0 and _COMMA_VERB.match(self.text, comma, self.span[1]):
            return comma
        return -1

    def _clause_closes(self, position: int) -> bool:
        return self._clause_close(position) >= 0

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
        gap = self._without_periods(last.end, amount.start)
        if last.per_share != amount.per_share and (last.per_share or " or" in f" {gap}"):
            return False  # "$212 million, or $1.63 a share"; but "$0.96, $0.81 and $0.76 a share"
        return bool(_LIST_GAP.match(gap))

    def _prior_metrics(self) -> list[bool]:
        """Which metrics name a prior figure: "from net income of $36.7 million", "This
        compares with 122.9 mln stg pretax profits", and a metric that goes on from one
        ("compared with a loss of $163,932 on revenues of $665,800")."""
        flags: list[bool] = []
        for index, metric in enumerate(self.metrics):
            clause = self.clause_of(metric.start)
            start = max(clause[0], metric.start - 60)
            prior = bool(_PRIOR_BEFORE_METRIC.search(self.text, start, metric.start))
            # bounded by what the pattern reads (three words): up to the metric, the regex
            # module scans for "compare" on every call, quadratic in a long clause's metrics
            limit = min(metric.start, reach(self.text, clause[0], words=3, chars=8))
            prior = prior or bool(_COMPARES.match(self.text, clause[0], limit))
            if not prior and index and flags[-1]:
                previous = self.metrics[index - 1]
                between = self._amounts.between(previous.end, metric.start)
                gap = self.text[between[-1].end : metric.start] if between else ""
                prior = bool(between) and bool(_GOES_ON.match(gap))
            flags.append(prior)
        return flags

    def _prior_periods(self) -> set[int]:
        """Starts of the periods that belong to a prior value: "from $4.1bn in 2023"."""
        prior = {p.start for p in self.periods if p.relative == "prior"}
        for link in self.linker.prior_link_pattern.finditer(self.text, *self.span):
            after = self._amounts.first_from(link.end())
            if after is None or after.start - link.end() > 60:
                continue
            clause_end = self.clause_of(link.start())[1]
            companion = self._or_per_share(after)  # "46.4 mln dlrs, or 56 cts a share, in 1985"
            last = companion or after
            following = self._amounts.first_from(last.end)
            limit = min(clause_end, following.start if following else clause_end)
            prior.update(p.start for p in self._periods.between(link.end(), after.start))
            prior.update(p.start for p in self._periods.between(last.end, limit))
        return prior

    def clause_of(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._clause_starts, position) - 1
        if index >= 0 and position < self.clauses[index][1]:
            return self.clauses[index]
        return self.span

    # -- facts ------------------------------------------------------------------------------

    def facts(self) -> list[FoundFact]:
        if _RESPECTIVELY.search(self.text, *self.span):
            paired = self._respectively()
            if paired:
                return paired
        found: list[FoundFact] = []
        skip: set[int] = set()
        for index, metric in enumerate(self.metrics):
            if index in skip or index in self.aside:
                continue
            guided = self._guidance_of(index) if metric.family == "guidance" else None
            if guided is not None:
                fact, target = guided
                found.append(fact)
                skip.add(target)
                continue
            found.extend(self._fact(metric, index))
        return found

    def _guidance_of(self, index: int) -> tuple[FoundFact, int] | None:
        """ "guidance of $7.2 billion to $7.4 billion in revenue": one fact of revenue, its
        value and high end, marked a forecast by :mod:`~extractor.facts.cues`."""
        if index + 1 >= len(self.metrics):
            return None
        guidance, target = self.metrics[index], self.metrics[index + 1]
        figures = self._amounts.between(guidance.end, target.start)
        if not figures or len(figures) > 2 or target.family == "guidance":
            return None
        if not _GUIDED_METRIC.match(self.text, figures[-1].end, target.start):
            return None
        if not self.linker.links.value_end.search(self.text, guidance.end, figures[0].start):
            return None
        low, high = figures[0], figures[-1] if len(figures) == 2 else None
        if high is not None and not (low.range == "low" and high.range == "high"):
            return None
        metric = replace(target, forecast=True)
        return self._make(metric, low, high, None, None, "fact.guidance"), index + 1

    def _fact(self, metric: FoundMetric, index: int) -> list[FoundFact]:
        """The facts of one metric: one, or one a value for a list of values."""
        following = index + 1
        while following < len(self.metrics) and self.heads[following] == index:
            following += 1  # the metrics that complete this one: "expense for these costs"
        right_end = self.metrics[following].start if following < len(self.metrics) else self.span[1]
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
        if value is None and (change is None or (change.percent is None and change.amount is None)):
            return []
        figure_end = value.end if value is not None else change.end if change is not None else 0
        if _AGGREGATE_AFTER.match(
            self.text, figure_end, reach(self.text, figure_end, words=3, chars=9)
        ):
            return []  # "growth of 5% across the sector": no company's figure
        if (
            value is not None
            and prior is None
            and (self.prior_metric[index] or (change is None and self._dated_prior(value)))
        ):
            fact = self._make(metric, None, None, value, None, "fact.prior_metric")
            per_share = self._per_share_after(fact, value)
            return [fact] if per_share is None else [fact, per_share]
        listed = self.lists.get(value) if value is not None and value_high is None else None
        if not listed:
            fact = self._make(metric, value, value_high, prior, change, "fact.sentence")
            per_share = self._per_share_after(fact, value)
            return [fact] if per_share is None else [fact, per_share]
        upcoming = self._metrics.first_from(listed[-1].end)
        listed = [a for a in listed if a is value or not self._belongs_to_next(a, upcoming)]
        parts = self._parts_for(listed)
        return [
            self._make(
                metric,
                amount,
                None,
                None,
                change if amount is value else None,
                "fact.list",
                part=part,
            )
            for amount, part in zip(listed, parts, strict=True)
        ]

    def _dated_prior(self, amount: Amount) -> bool:
        """A figure dated by a prior period alone: "a net profit of Rs 981 crore in the same
        quarter last year", "$5 million in the year-ago period"."""
        clause = self.clause_of(amount.start)
        after = self._periods.first_from(amount.end)
        if after is None or after.start >= clause[1] or after.start - amount.end > 12:
            return False
        if after.start not in self.prior_periods or after.relative != "prior":
            return False
        near = self._periods.between(
            max(clause[0], amount.start - 100), min(clause[1], after.end + 100)
        )
        return all(p.start in self.prior_periods for p in near)

    def _per_share_after(self, fact: FoundFact, amount: Amount | None) -> FoundFact | None:
        """ "net income of $212 million, or $1.63 a diluted share": the EPS comes with it.

        The per-share fact keeps the metric phrase of the profit ("net income"), with the
        per-share metric its words name.
        """
        if fact.metric.family not in ("profit", "loss", "operating_profit", "operating_loss"):
            return None
        after = self._or_per_share(amount)
        if after is None:
            return None
        words = _SHARE_WORDS.match(self.text, after.end, after.end + _SHARE_WINDOW)
        if words is None and not after.per_share and after.value * 1000 > (amount or after).value:
            return None  # "or 92 cts" after "31.6 mln dlrs" is per share without saying so
        metric = self._per_share_metric(fact.metric, after)
        if metric is fact.metric:
            return None
        prior_after = self._or_per_share(fact.prior_value)
        if fact.value is None:  # a prior figure: "against earnings of $31.6m or 92 cts"
            return replace(fact, metric=metric, prior_value=after, rule="fact.per_share")
        return replace(
            fact,
            metric=metric,
            value=after,
            value_high=None,
            prior_value=prior_after,
            change=None,
            rule="fact.per_share",
        )

    def _per_share_metric(self, metric: FoundMetric, figure: Amount) -> FoundMetric:
        """The EPS of a profit given per share: "earnings of $2.10 a share" (metric phrase kept)."""
        words = _SHARE_WORDS.match(self.text, figure.end, figure.end + _SHARE_WINDOW)
        kind = words.group("kind") if words else None
        key = " ".join(kind.casefold().split()) if kind else None
        row = self.linker.metric_rows.get(_PER_SHARE_METRIC.get(key, "eps"))
        if row is None:
            return metric
        return replace(metric, name=row.name, family=row.family, unit=row.unit)

    def _or_per_share(self, amount: Amount | None) -> Amount | None:
        """The per-share amount given right after ``amount``, after "or"."""
        if amount is None or amount.per_share:
            return None
        after = self._amounts.first_from(amount.end)
        if after is None or after.kind != "money":
            return None
        if not _OR_PER_SHARE.match(self.text[amount.end : after.start]):
            return None
        if (
            after.per_share
            or _SHARE_WORDS.match(self.text, after.end, after.end + _SHARE_WINDOW)
            or after.value < 100
        ):
            return after
        return None

    def _parts_for(self, listed: list[Amount]) -> list[FoundPeriod | None]:
        """One period for each amount of a list, where the sentence gives them."""
        inside = [
            [p for p in self._periods.between(amount.end, limit) if p.end <= limit]
            for amount, limit in zip(
                listed, [a.start for a in listed[1:]] + [self.span[1]], strict=True
            )
        ]
        if (
            all(len(found) >= 1 and len(found[0].parts) == 1 for found in inside[:-1])
            and inside[-1]
        ):
            chosen = [found[0] for found in inside]
            labels = [p.labels for p in chosen]
            if len(set(labels)) == len(labels):
                return [replace(p, parts=p.parts[:1]) for p in chosen]
        matching = [p for p in self.periods if len(p.parts) == len(listed) > 1]
        if matching:
            nearest = min(matching, key=lambda p: abs(p.start - listed[-1].end))
            return [replace(nearest, parts=(part,)) for part in nearest.parts]
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
        upcoming = self._metrics.first_from(end)
        before = self._trend_before(metric.start)
        for amount in self._amounts.between(metric.end, end):
            if change is not None and amount.start < change.end:
                position = max(position, amount.end)
                continue  # the high end of a change given as a range
            gap = self.text[position : amount.start]
            trend = trend or self._trend_in(position, amount.start)
            position = amount.end
            if not self._fits(metric, amount) or self._belongs_to_next(amount, upcoming):
                continue
            link = _PRIOR_LINK.search(_YEARS.sub("", gap))
            if link is not None and not _TREND_AFTER_LINK.search(gap):
                if prior is None and (value is not None or change is not None):
                    prior = amount
                continue
            if (
                change is not None
                and change.percent is None
                and change.amount is not None
                and amount.kind == "percent"
                and _OR_PER_SHARE.match(gap)
            ):  # "rose $3.2 million, or 21.5%"
                change = replace(change, percent=abs(amount.value), unit=amount.unit or "percent")
                continue
            if (
                change is None
                and amount.kind != "percent"
                and self._is_amount_change(gap, trend or before, amount)
            ):
                change = self._amount_change(amount, trend or before)
                continue
            if (
                change is None
                and amount.kind == "percent"
                and self._is_change(metric, amount, gap, trend)
            ):
                change = self._percent_change(metric, amount, trend)
                continue
            linked = self.linker.links.value_end.search(gap) or not gap.strip(" :-—")
            if metric.family == "deal" and self.linker.links.for_price.search(gap):
                linked = True  # "the sale of its unit to Itel Corp for about $215 million"
            if value is None and linked:
                if amount.kind == "percent" and metric.unit != "percent":
                    continue  # "revenue of 5%" is no amount of revenue
                if completed and self.linker.links.copula_end.search(gap):
                    continue  # "expense for these costs was $3m": the subject takes it
                nearer = self._metrics.first_from(metric.end)
                if (
                    not self.linker.links.copula_end.search(gap)
                    and nearer is not None
                    and nearer.end <= amount.start
                    and self._index.get(id(nearer)) not in self.aside
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

    def _is_amount_change(self, gap: str, trend: Trend | None, amount: Amount) -> bool:
        """ "increased by $2bn", "rose $3.2 million, or 21.5%", "an increase of $3.2 million",
        "reduced the quarter's net income by $20 million"."""
        if _BY.search(gap) and trend is not None:
            return True
        if self.linker.links.change_noun.search(gap):
            return True
        return trend is not None and not self.text[trend.end : amount.start].strip()

    def _amount_change(self, amount: Amount, trend: Trend | None) -> Change:
        noun = self.linker.links.change_noun.search(self.text, self.span[0], amount.start)
        direction = trend.direction if trend is not None else "up"
        if noun is not None and trend is None:
            word = noun.group().casefold()
            direction = (
                "down" if any(w in word for w in ("decr", "decl", "drop", "fall", "redu")) else "up"
            )
        start = trend.start if trend is not None and trend.start < amount.start else amount.start
        return Change(
            start,
            amount.end,
            self.text[start : amount.end],
            None,
            direction,
            self._basis_near(amount.end),
            amount=amount,
        )

    def _percent_change(self, metric: FoundMetric, amount: Amount, trend: Trend | None) -> Change:
        low, high = self._range_of(amount)
        trend = trend or self._trend_before(metric.start)
        start = low.start
        if (
            trend is not None
            and trend.start > metric.end
            and self.linker.links.trend_to_figure.match(self.text, trend.end, low.start)
        ):
            start = trend.start  # "rose 5%", "up by 5%": the words of the change
        end = (high or low).end
        return Change(
            start,
            end,
            self.text[start:end],
            abs(low.value),
            trend.direction if trend is not None else ("down" if low.value < 0 else "up"),
            self._basis_near(end),
            unit=low.unit or "percent",
            percent_high=abs(high.value) if high is not None else None,
        )

    def _range_of(self, amount: Amount) -> tuple[Amount, Amount | None]:
        """The two ends of the range ``amount`` is an end of ("grow 8-14%"), or it alone."""
        if amount.range == "low":
            after = self._amounts.first_from(amount.end)
            if after is not None and after.range == "high" and after.kind == amount.kind:
                return amount, after
        elif amount.range == "high":
            before = self._amounts.last_before(amount.start)
            if before is not None and before.range == "low" and before.kind == amount.kind:
                return before, amount
        return amount, None

    def _is_change(
        self, metric: FoundMetric, amount: Amount, gap: str, trend: Trend | None
    ) -> bool:
        """ "rose 5%", "by 5%", "widened 120 basis points", "an increase of 10.5 pct": a
        change, not the value."""
        if _BY.search(gap) or self.linker.links.change_noun.search(gap):
            return True
        if _GROWTH_AFTER.match(gap) or metric.text.casefold().endswith("growth"):
            return True  # "organic growth of 5.8%", "sales growth to 3.5%"
        points = amount.unit in ("basis_points", "percentage_points")
        if points and (metric.unit != "percent" or trend is not None):
            return True
        return trend is not None and not self.linker.links.value_end.search(gap)

    def _belongs_to_next(self, amount: Amount, upcoming: FoundMetric | None) -> bool:
        """ "$427 million quarterly net loss": the amount is the value of the next metric."""
        if upcoming is None:
            return False
        gap = self._without_periods(amount.end, upcoming.start)
        return len(gap.split()) <= 2 and bool(_LEFT_VALUE_GAP.match(gap))

    def _without_periods(self, start: int, end: int) -> str:
        """The text between two offsets, with the periods it names taken out."""
        pieces, position = [], start
        for period in self._periods.between(start, end):
            if period.end <= end and period.start >= position:
                pieces.append(self.text[position : period.start])
                position = period.end
        pieces.append(self.text[position:end])
        return " ".join(" ".join(pieces).split())

    def _left_value(self, metric: FoundMetric, start: int) -> Amount | None:
        amount = self._amounts.last_before(metric.start)
        if amount is None or amount.start < start or amount.end > metric.start:
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
        percents = [
            a
            for a in self._amounts.between(start, metric.start)
            if a.kind == "percent" and a.end <= metric.start
        ]
        if not percents:
            return None
        percent = percents[-1]
        trend = self._trend_in(percent.end, metric.start)
        if trend is None:
            return None
        between = self.text[trend.end : metric.start]
        if not re.fullmatch(r"\s*(?i:in|of)\s+[^,;.]*", between):
            return None
        basis = self._basis_in(percent.end, trend.start)
        low, high = self._range_of(percent)
        return Change(
            low.start,
            trend.end,
            self.text[low.start : trend.end],
            abs(low.value),
            trend.direction,
            basis,
            unit=low.unit or "percent",
            percent_high=abs(high.value) if high is not None else None,
        )

    # -- respectively -----------------------------------------------------------------------

    def _respectively(self) -> list[FoundFact]:
        """Lists of figures paired "respectively": with metrics listed together in their
        clause ("A, B and C were $1, $2 and $3 million, respectively"), or all of one metric,
        a value for each period or date ("$92 million, $167 million and $218 million for the
        years ended ... 2018, 2019 and 2020, respectively"). Metrics no list takes are linked
        as usual."""
        made: list[FoundFact] = []
        used: set[int] = set()
        #: Metrics listed together get a value and a change from the lists paired with them.
        paired: dict[int, tuple[FoundMetric, Amount | None, Change | None]] = {}
        for group in self._groups():
            listed = self._listed_metrics(group[0])
            if len(listed) == len(group) > 1:
                trend = self._trend_before(group[0].start)
                for metric, amount in zip(listed, group, strict=True):
                    _, value, change = paired.get(id(metric), (metric, None, None))
                    grows = metric.text.casefold().endswith("growth")  # "sales growth ... was"
                    if amount.kind == "percent" and (trend is not None or grows):
                        change = change or self._percent_change(metric, amount, trend)
                    else:
                        value = value or amount
                    paired[id(metric)] = (metric, value, change)
                used.update(id(m) for m in listed)
                continue
            subject = self._subject_metric(group[0]) or self._metric_after(group[-1])
            if subject is None:
                continue
            used.add(id(subject))
            periods = self._periods_for(group, subject)
            made.extend(
                self._make(subject, amount, None, None, None, "fact.respectively", part=period)
                for amount, period in zip(group, periods, strict=True)
            )
        made.extend(
            self._make(metric, value, None, None, change, "fact.respectively")
            for metric, value, change in paired.values()
        )
        if not made:
            return []
        taken = {id(f.value) for f in made if f.value is not None}
        for index, metric in enumerate(self.metrics):
            if id(metric) not in used:
                made.extend(
                    f
                    for f in self._fact(metric, index)
                    if f.value is None or id(f.value) not in taken
                )
        return sorted(made, key=lambda f: f.metric.start)

    def _groups(self) -> list[list[Amount]]:
        """The lists of two or more figures in the sentence, in order."""
        return [group for group in self.lists.values() if len(group) > 1]

    def _metric_after(self, last: Amount) -> FoundMetric | None:
        """ "$347 million and $314 million of internally developed software ... costs"."""
        after = self._metrics.first_from(last.end)
        if after is None:
            return None
        gap = self.text[last.end : after.start]
        return after if _OF_AFTER.match(gap) else None

    def _periods_for(self, group: list[Amount], metric: FoundMetric) -> list[FoundPeriod | None]:
        """One period a figure where the clause names as many: "in fiscal 2020 and 2019"."""
        start = self.clause_of(group[0].start)[0]
        end = self.clause_of(group[-1].start)[1]
        parts = [
            (p, part)
            for p in self._periods.between(start, end)
            if p.start not in self.prior_periods
            for part in p.parts
        ]
        if len(parts) == len(group):
            return [replace(period, parts=(part,)) for period, part in parts]
        return [None] * len(group)

    def _listed_metrics(self, first: Amount) -> list[FoundMetric]:
        """The metrics named together before the figures, in their clause: "Revenue, operating
        income and net income", "X and Y"; the last run of two or more, else none."""
        clause = self.clause_of(first.start)
        found: list[FoundMetric] = []
        run: list[FoundMetric] = []
        for metric in self._metrics.last_between(clause[0], first.start, _LIST_REACH):
            if metric.end > first.start:
                continue
            if run and _METRIC_LIST_GAP.match(self.text, run[-1].end, metric.start):
                run.append(metric)
                continue
            if len(run) > 1:
                found = run
            run = [metric]
        return run if len(run) > 1 else found

    def _subject_metric(self, first_value: Amount) -> FoundMetric | None:
        """The metric a list of values belongs to: the one before the values in their clause
        ("depreciation expense was $10.7 billion, ..."), or the subject before a relative clause
        ("Advertising expenses, which were included within ..., were $178 million")."""
        clause = self.clause_of(first_value.start)
        before = [
            i
            for i, m in enumerate(self.metrics)
            if clause[0] <= m.start and m.end <= first_value.start
        ]
        if not before:
            return None
        for index in before[:-1]:
            if _RELATIVE.search(self.text, self.metrics[index].end, first_value.start):
                return self.metrics[index]
        return self.metrics[self.heads[before[-1]]]

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
        part: FoundPeriod | None = None,
    ) -> FoundFact:
        period = part or self._own_period(metric, value or prior)
        prior_period = self._prior_period(prior) if prior is not None else None
        if (
            period is None
            and change is not None
            and change.basis in ("quarter-on-quarter", "sequential")
        ):
            basis_span = next(
                (b for b in self._bases.between(*self.span) if b[2] == change.basis), None
            )
            if basis_span is not None:
                start, end, _ = basis_span
                period = FoundPeriod(start, end, self.text[start:end], "quarter")
        figure = value or prior
        if figure is not None and figure.per_share and metric.family in _PROFIT_FAMILIES:
            metric = self._per_share_metric(metric, figure)
        company, source = self._company(metric)
        return FoundFact(
            metric=metric,
            value=value,
            value_high=value_high,
            prior_value=prior,
            change=change,
            period=period,
            company=company,
            sentence=self.span,
            rule=rule,
            prior_period=prior_period,
            company_source=source,
            anaphor=self.anaphor,
        )

    def _own_period(self, metric: FoundMetric, anchor: Amount | None) -> FoundPeriod | None:
        """The period of the fact's clause, or one that leads the sentence; never a prior one."""
        clause = self.clause_of(metric.start)
        position = anchor.start if anchor is not None else metric.start
        mine = self._periods.nearest(
            clause[0], clause[1], position, lambda p: p.start not in self.prior_periods
        )
        if mine is None and anchor is not None and not clause[0] <= anchor.start < clause[1]:
            # "expects net interest income, excluding ..., of £12.5 billion in 2025": the
            # figure's own clause dates it
            figure = self.clause_of(anchor.start)
            mine = self._periods.nearest(
                figure[0], figure[1], position, lambda p: p.start not in self.prior_periods
            )
        if mine is not None or self._leading is not None:
            return mine or self._leading
        start, end = self._carried(clause)  # "..., while its take rate slipped 3 bps"
        return self._periods.nearest(
            start, end, position, lambda p: p.start not in self.prior_periods
        )

    def _carried(self, clause: tuple[int, int]) -> tuple[int, int]:
        """The clauses before ``clause`` that a period carries forward from (across "while",
        "and", not across "after" or "resulted in"): the stretch of the sentence they cover."""
        at = self.clauses.index(clause) if clause in self.clauses else 0
        first = at
        while first > 0 and self.clauses[first][0] not in self._hard:
            first -= 1
        return self.clauses[first][0], clause[1]

    def _prior_period(self, prior: Amount) -> FoundPeriod | None:
        """The period named with a prior value: "from $4.1bn in 2023", "a year earlier"."""
        near = [
            p
            for p in self._periods.between(prior.start - 90, prior.start + 90)
            if p.start in self.prior_periods
        ]
        return min(near, key=lambda p: abs(p.start - prior.end), default=None)

    def _company(self, metric: FoundMetric) -> tuple[str | None, str | None]:
        """The company named in the fact's clause, else the subject of the sentence."""
        if not self.companies:
            return None, None
        clause = self.clause_of(metric.start)
        for company in self._companies.between(metric.end, metric.end + 60):
            gap = self.text[metric.end : company.start]
            if _UNIT_AFTER.match(gap) and _UNIT_WORD.match(
                self.text, company.end, reach(self.text, company.end, words=2, chars=11)
            ):
                return company.name, "clause"
        before = self._companies.last_between(clause[0], metric.start, _OWNER_REACH)
        for company in reversed(before):
            if company.end <= metric.start and not self._is_object(company):
                return company.name, "clause"
        subject = self._subject
        if subject is not None and subject.end <= metric.start:
            return subject.name, "subject"
        return None, None

    def _is_object(self, company: CompanySpan) -> bool:
        start = max(self.span[0], company.start - 25)
        return bool(
            _OBJECT_BEFORE.search(self.text, start, company.start)
            or _ANALYST_AT.search(self.text, start, company.start)
        )

    def _fits(self, metric: FoundMetric, amount: Amount) -> bool:
        """Per-share amounts belong to per-share metrics (and to a profit or loss, whose fact
        then is per share: "earnings of $2.10 a share"); others may take any amount."""
        return (
            not amount.per_share
            or metric.family in _FAMILIES_PER_SHARE
            or metric.family in _PROFIT_FAMILIES
        )

    def _trend_in(self, start: int, end: int) -> Trend | None:
        trend = self._trends.first_from(start)
        return trend if trend is not None and trend.end <= end else None

    def _trend_before(self, position: int) -> Trend | None:
        """A trend verb shortly before: "expect to lower borrowing costs by ...", "up 6%"."""
        clause = self.clause_of(position)
        last = self._trends.last_before(position)
        while last is not None and last.end > position:
            last = self._trends.last_before(last.start)
        if last is None or last.start < clause[0]:
            return None
        return last if len(self.text[last.end : position].split()) <= 3 else None

    def _trend_after(self, start: int, end: int) -> Trend | None:
        trend = self._trend_in(start, end)
        if trend is None or len(self.text[start : trend.start].split()) > 4:
            return None
        if self.clause_of(trend.start) != self.clause_of(start):
            return None  # "kept its forecast ... and raised its dividend": another clause's verb
        return trend

    def _basis_near(self, position: int) -> str | None:
        after = self._bases.first_from(position)
        if after is not None and after[0] - position < 80:
            return after[2]
        return self._basis_in(self.span[0], self.span[1])

    def _basis_in(self, start: int, end: int) -> str | None:
        first = self._bases.first_from(start)
        return first[2] if first is not None and first[1] <= end else None

    def _trend_change(self, trend: Trend) -> Change:
        """A change that only a verb gives ("revenue rose to ..."): a direction, no percent."""
        return Change(
            trend.start,
            trend.end,
            self.text[trend.start : trend.end],
            None,
            trend.direction,
            self._basis_near(trend.end),
        )


def _with_aliases(text: str, metrics: list[FoundMetric]) -> list[FoundMetric]:
    """A metric's other name right after it is no metric of its own: "Annual recurring revenue
    (ARR) reached", "revenue backlog, or remaining performance obligations, rose". The first
    name stays the metric; an abbreviation in brackets joins its span."""
    kept: list[FoundMetric] = []
    for metric in metrics:
        if kept:
            before = kept[-1]
            gap = text[before.end : metric.start]
            if (
                metric.family == "guidance"
                and before.family != "guidance"
                and _FORECAST_OF.fullmatch(gap)
            ):  # "its operating margin guidance of", "year-end dividend forecast by ¥10"
                kept[-1] = replace(
                    before, end=metric.end, text=text[before.start : metric.end], forecast=True
                )
                continue
            if _ABBREVIATION_OPEN.fullmatch(gap) and text.startswith(")", metric.end):
                end = metric.end + 1
                kept[-1] = replace(before, end=end, text=text[before.start : end])
                continue
            if _ALIAS_GAP.fullmatch(gap) and _ALIAS_CLOSE.match(
                text, metric.end, reach(text, metric.end, words=1, chars=1)
            ):
                continue
        kept.append(metric)
    return kept


def _compared(text: str, value: Amount, prior: Amount, basis: str | None) -> Change | None:
    """ "to $3.2bn from $4.1bn" says the way without a verb: a change with no percentage."""
    if (value.kind, value.currency, value.unit) != (prior.kind, prior.currency, prior.unit):
        return None
    direction = (
        "up" if value.value > prior.value else "down" if value.value < prior.value else "flat"
    )
    start, end = min(value.start, prior.start), max(value.end, prior.end)
    return Change(start, end, text[start:end], None, direction, basis)
