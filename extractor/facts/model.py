"""The plain data the fact linker passes between its stages, before facts become records."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..metrics.finder import FoundMetric
from .periods import FoundPeriod


@dataclass(frozen=True)
class Amount:
    """An amount in the text: money, a percentage or a bare number."""

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
    #: For counts: what is counted, as the text or the metric says ("shares", "tonnes").
    count_unit: str | None = None


@dataclass(frozen=True)
class Trend:
    start: int
    end: int
    direction: str


@dataclass(frozen=True)
class Change:
    """A change: the words, its percentage (and how it is given), or an absolute amount."""

    start: int
    end: int
    text: str
    percent: Decimal | None
    direction: str
    basis: str | None
    amount: Amount | None = None
    unit: str | None = None
    #: The high end of a change given as a range ("grow 8-14%"); ``percent`` is the low end.
    percent_high: Decimal | None = None


@dataclass(frozen=True)
class CompanySpan:
    """One mention of an organisation that may own facts."""

    start: int
    end: int
    name: str


@dataclass(frozen=True)
class FoundFact:
    """A fact, before it becomes a record.

    ``period`` and ``prior_period`` are the periods the text names (or the table section or
    article gives); ``company_source`` says how ``company`` was found.
    """

    metric: FoundMetric
    value: Amount | None
    value_high: Amount | None
    prior_value: Amount | None
    change: Change | None
    period: FoundPeriod | None
    company: str | None
    sentence: tuple[int, int]
    rule: str
    prior_period: FoundPeriod | None = None
    company_source: str | None = None
    #: An anaphor in the sentence ("the company", "it") that the company may resolve.
    anaphor: bool = False
    forecast: bool = False
    estimate: bool = False
    cue: tuple[int, int] | None = None
    #: The sentence is the article's headline.
    headline: bool = False
