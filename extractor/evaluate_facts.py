"""Score facts against gold relations: links, and whether each linked fact is whole.

Gold relations link a KPI span to a VALUE span. In ``../shared/corpora/reuters-facts-dev.jsonl``
each one has a ``type`` (current, prior or change) and the whole fact: ``company``, ``period``
and ``amount``. A relation is matched by a fact whose metric span overlaps the KPI and whose
value (for current), prior value (for prior) or change (for change) overlaps the VALUE; gold
without a type (KPI-EDGAR) is matched by any of the fact's value, high end or prior value.

A matched relation is *whole* when the fact's company names the relation's company (case,
punctuation and legal suffixes aside, or an alias that the text gives in brackets right after
the name), its period has the relation's period (Q3 is a quarter labelled Q3 or "third"; year,
half and nine months are those kinds) and its amount equals the relation's amount. Whole-fact
recall is whole relations over strict relations.

Predicted links are counted once per fact and role (a range is one link); a link that
matches no strict relation counts against precision, as the gold's relations that are not
strict (an implicit metric such as "earned") are not scored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

import regex as re

from .records import DocumentRecord, Fact, FactPeriod

Span = tuple[int, int]

_WORD = re.compile(r"\w+")

#: The gold period words that name a kind of period.
_KINDS = {"year", "half", "nine months", "quarter", "month", "two months"}
_ORDINAL = {"Q1": "first", "Q2": "second", "Q3": "third", "Q4": "fourth"}


@dataclass(frozen=True)
class GoldRelation:
    """One gold KPI->VALUE relation; the whole-fact fields where the gold gives them."""

    kpi: Span
    value: Span
    strict: bool
    role: str | None = None
    company: str | None = None
    period: str | None = None
    amount: Decimal | None = None
    unit: str | None = None
    #: Whether the gold annotates the whole fact (company, period and amount).
    whole: bool = False
    #: Names the text gives the company right after it, in brackets.
    aliases: tuple[str, ...] = ()


def gold_relations(
    text: str, spans: Sequence[dict[str, Any]], relations: Iterable[dict[str, Any]]
) -> tuple[GoldRelation, ...]:
    """The KPI->VALUE relations of one gold record."""
    found = []
    for relation in relations:
        head, tail = spans[relation["head"]], spans[relation["tail"]]
        if head.get("label") != "KPI" or tail.get("label") != "VALUE":
            continue
        if head.get("start") is None or tail.get("start") is None:
            continue
        role = relation.get("type")
        whole = "company" in relation and "period" in relation and "amount" in relation
        company = relation.get("company")
        found.append(
            GoldRelation(
                kpi=(head["start"], head["end"]),
                value=(tail["start"], tail["end"]),
                strict=bool(relation.get("strict")),
                role=role if role in ("current", "prior", "change") else None,
                company=company,
                period=relation.get("period"),
                amount=_decimal(relation.get("amount")),
                unit=relation.get("unit"),
                whole=whole,
                aliases=_aliases(text, company) if company else (),
            )
        )
    return tuple(found)


def _aliases(text: str, company: str) -> tuple[str, ...]:
    """ "Schweizerische Aluminium AG (Alusuisse)": the name in brackets is the same company."""
    pattern = re.escape(company) + r"\s*+\((?P<alias>[^()\n]{1,60})\)"
    return tuple({m.group("alias") for m in re.finditer(pattern, text, flags=re.IGNORECASE)})


@dataclass(frozen=True)
class _Link:
    role: str | None
    metric: Span
    value: Span
    fact: int


def predicted_links(record: DocumentRecord, *, typed: bool) -> list[_Link]:
    """The links a record's facts make: one per fact and role (typed), or per amount."""
    links: list[_Link] = []
    for index, fact in enumerate(record.facts):
        metric = (fact.metric_span.start, fact.metric_span.end)
        if not typed:
            for value in (fact.value, fact.value_high, fact.prior_value):
                if value is not None:
                    links.append(_Link(None, metric, (value.start, value.end), index))
            continue
        if fact.value is not None:
            end = fact.value_high.end if fact.value_high is not None else fact.value.end
            links.append(_Link("current", metric, (fact.value.start, end), index))
        if fact.prior_value is not None:
            prior = fact.prior_value
            links.append(_Link("prior", metric, (prior.start, prior.end), index))
        change = fact.change
        if change is not None and change.amount is not None:
            span = (change.amount.start, change.amount.end)
            links.append(_Link("change", metric, span, index))
        elif change is not None and change.percent is not None:
            links.append(_Link("change", metric, (change.start, change.end), index))
    return links


@dataclass
class FactScore:
    """Relation links and whole facts over a set of documents; the ratios are properties."""

    gold: int = 0
    predicted: int = 0
    matched_gold: int = 0
    matched_predicted: int = 0
    #: Strict relations that annotate the whole fact, and those of them that are linked.
    gold_whole: int = 0
    linked: int = 0
    period_ok: int = 0
    company_ok: int = 0
    amount_ok: int = 0
    whole: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)

    @property
    def precision(self) -> float:
        return ratio(self.matched_predicted, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.matched_gold, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def whole_recall(self) -> float | None:
        return self.whole / self.gold_whole if self.gold_whole else None

    def share(self, count: int) -> float | None:
        """``count`` as a share of the linked relations that annotate the whole fact."""
        return count / self.linked if self.linked else None

    def to_dict(self, *, top: int = 10) -> dict[str, Any]:
        result: dict[str, Any] = {
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        if self.gold_whole:
            result.update(
                {
                    "whole_fact_recall": rounded(self.whole_recall),
                    "linked": self.linked,
                    "period_right": rounded(self.share(self.period_ok)),
                    "company_right": rounded(self.share(self.company_ok)),
                    "amount_right": rounded(self.share(self.amount_ok)),
                    "reasons": dict(self.reasons.most_common(top)),
                }
            )
        return result

    def format_lines(self, *, top: int = 10) -> list[str]:
        lines = [
            f"{'relations':<12}{self.gold:>7}{self.predicted:>7}{self.precision:>8.3f}"
            f"{self.recall:>8.3f}{self.f1:>8.3f}   (strict relations, overlap)"
        ]
        if not self.gold_whole:
            return lines
        lines.append(
            f"whole facts: recall {shown(self.whole_recall)} ({self.whole} of {self.gold_whole});"
            f" among {self.linked} linked: period right {shown(self.share(self.period_ok))},"
            f" company right {shown(self.share(self.company_ok))},"
            f" amount right {shown(self.share(self.amount_ok))}"
        )
        lines.append(f"commonest reasons a fact is not whole (of {self.gold_whole}):")
        lines += [f"{n:>6}  {reason}" for reason, n in self.reasons.most_common(top)]
        return lines

    def add(
        self, text: str, record: DocumentRecord, relations: Sequence[GoldRelation], *, keep: int
    ) -> None:
        """Score one document."""
        typed = any(r.role is not None for r in relations)
        links = predicted_links(record, typed=typed)
        strict = [r for r in relations if r.strict]
        pairs = _match(links, strict)
        self.predicted += len(links)
        self.matched_predicted += len(pairs)
        self.gold += len(strict)
        self.matched_gold += len(pairs)
        by_relation = {id(relation): link for link, relation in pairs}
        for relation in strict:
            if not relation.whole:
                continue
            self.gold_whole += 1
            link = by_relation.get(id(relation))
            if link is None:
                self._note(_unlinked_reason(relation, links, record), text, relation, keep)
                continue
            self._judge(text, record.facts[link.fact], relation, keep)

    def _judge(self, text: str, fact: Fact, relation: GoldRelation, keep: int) -> None:
        self.linked += 1
        problems = []
        period = fact.prior_period if relation.role == "prior" and fact.prior_period else None
        period_reason = _period_problem(period or fact.period, relation.period)
        if period_reason is None:
            self.period_ok += 1
        else:
            problems.append(period_reason)
        company_reason = _company_problem(fact.company, relation)
        if company_reason is None:
            self.company_ok += 1
        else:
            problems.append(company_reason)
        amount = _amount(fact, relation)
        if relation.amount is None or (amount is not None and abs(amount) == relation.amount):
            self.amount_ok += 1
        else:
            problems.append(f"amount wrong ({relation.role})")
        if not problems:
            self.whole += 1
        for problem in problems:
            self._note(problem, text, relation, keep)

    def _note(self, reason: str, text: str, relation: GoldRelation, keep: int) -> None:
        self.reasons[reason] += 1
        examples = self.examples.setdefault(reason, [])
        if len(examples) < keep:
            start, end = relation.kpi
            examples.append(f"{text[start:end]!r} -> {text[slice(*relation.value)]!r}")


def ratio(part: int, whole: int) -> float:
    """``part`` over ``whole``, 0 when there is nothing."""
    return part / whole if whole else 0.0


def f1(precision: float, recall: float) -> float:
    """The harmonic mean of precision and recall."""
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _fits(link: _Link, relation: GoldRelation) -> bool:
    return (
        (relation.role is None or link.role == relation.role)
        and _overlaps(link.metric, relation.kpi)
        and _overlaps(link.value, relation.value)
    )


def _match(links: list[_Link], relations: list[GoldRelation]) -> list[tuple[_Link, GoldRelation]]:
    """One-to-one pairs of links and relations, the closest overlap first."""
    candidates = [
        (_overlap(link.value, relation.value), i, j)
        for i, link in enumerate(links)
        for j, relation in enumerate(relations)
        if _fits(link, relation)
    ]
    pairs, used_links, used_relations = [], set(), set()
    for _, i, j in sorted(candidates, key=lambda c: (-c[0], c[1], c[2])):
        if i in used_links or j in used_relations:
            continue
        used_links.add(i)
        used_relations.add(j)
        pairs.append((links[i], relations[j]))
    return pairs


def _unlinked_reason(relation: GoldRelation, links: list[_Link], record: DocumentRecord) -> str:
    """Why no fact links a gold relation."""
    if not any(_overlaps((m.start, m.end), relation.kpi) for m in record.metrics):
        return "not linked: metric not found"
    same = [link for link in links if _overlaps(link.metric, relation.kpi)]
    wrong_role = next((link for link in same if _overlaps(link.value, relation.value)), None)
    if wrong_role is not None:
        return f"not linked: {relation.role} taken as {wrong_role.role}"
    if any(_overlaps(link.value, relation.value) for link in links):
        return "not linked: value given to another metric"
    amounts = [(m.start, m.end) for m in (*record.money, *record.percentages)]
    if not any(_overlaps(span, relation.value) for span in amounts):
        return "not linked: value is no money or percent mention"
    if not same:
        return "not linked: metric has no fact"
    return "not linked: metric's fact has another value"


def _period_problem(period: FactPeriod | None, gold: str | None) -> str | None:
    if gold is None:
        return None if period is None else "period given where gold has none"
    if period is None:
        return f"period missing ({gold})"
    if gold in _KINDS:
        return None if period.kind == gold else f"period {period.kind} for {gold}"
    if gold in _ORDINAL:
        label = (period.label or "").split()
        if period.kind == "quarter" and (
            (label and label[0] == gold) or _ORDINAL[gold] in period.text.casefold()
        ):
            return None
        return f"period {period.label or period.kind} for {gold}"
    return None if period.kind == gold else f"period {period.kind} for {gold}"


def _company_problem(company: str | None, relation: GoldRelation) -> str | None:
    if relation.company is None:
        return None if company is None else "company given where gold has none"
    if company is None:
        return "company missing"
    wanted = {name_key(relation.company), *(name_key(a) for a in relation.aliases)}
    return None if name_key(company) in wanted else "company wrong"


def _amount(fact: Fact, relation: GoldRelation) -> Decimal | None:
    if relation.role == "prior":
        return fact.prior_value.amount if fact.prior_value else None
    if relation.role == "change":
        change = fact.change
        if change is None:
            return None
        if relation.unit == "percent" or change.amount is None:
            return change.percent
        return change.amount.amount
    return fact.value.amount if fact.value else None


@lru_cache(maxsize=1)
def _legal_suffixes() -> frozenset[tuple[str, ...]]:
    """Legal suffixes as word sequences: ("inc",), ("a", "s") for "A/S"."""
    from .lexicon import LegalSuffixRow, load_lexicon

    words = (tuple(_words(row.text)) for row in load_lexicon().rows(LegalSuffixRow))
    return frozenset(w for w in words if w) | {("and",)}


def _words(name: str) -> list[str]:
    """ "F.W. Woolworth & Co." -> ["fw", "woolworth", "and", "co"]."""
    joined = re.sub(r"(?<=\w)[.'’](?=\w)", "", name).casefold().replace("&", " and ")
    return [m.group() for m in _WORD.finditer(joined)]


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A company name with case, punctuation, "the" and legal suffixes aside.

    >>> name_key("The F.W. Woolworth Co."), name_key("F.W. WOOLWORTH")
    ('fw woolworth', 'fw woolworth')
    >>> name_key("Speed-O-Print Business Machines Corp"), name_key("SEAGRAM CO LTD")
    ('speed o print business machines', 'seagram')
    >>> name_key("Nordhavn Bank A/S")
    'nordhavn bank'
    """
    words = _words(name)
    if len(words) > 1 and words[0] == "the":
        words.pop(0)
    suffixes = _legal_suffixes()
    while len(words) > 1:
        size = next((n for n in (3, 2, 1) if len(words) > n and tuple(words[-n:]) in suffixes), 0)
        if not size:
            break
        del words[-size:]
    return " ".join(words)


def _overlaps(a: Span, b: Span) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _overlap(a: Span, b: Span) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def rounded(value: float | None) -> float | None:
    """A ratio to four places, or None."""
    return None if value is None else round(value, 4)


def shown(value: float | None) -> str:
    """A ratio for a table, or '-'."""
    return "-" if value is None else f"{value:.3f}"
