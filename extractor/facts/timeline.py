"""The period of every fact, with its year: from its clause, the table section, the article.

The linker gives each fact the period its clause names, if any. Going through the article in
order, this stage completes them:

* a fact whose sentence names no period takes the period in force: the section line of a
  table above it ("Year", "Six mths", "Qtr ends Jan 31"), the period of the sentence before it
  in the paragraph, or the period of the article (its headline's, else the first one its
  figures were given for);
* "the quarter", "the latest quarter", "the year-ago period" take the quarter (or kind) of
  the period in force, and "the year-ago quarter" the same quarter a year before;
* a period without a year takes the year of the article's figures ("for the 1986 fourth
  quarter ... for the year"), else the year before or of the publication date (a quarter
  that had ended by then; for a forecast, the next one), else stays without one.

Figures that belong to no period (a takeover price, a stake) get none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date

import regex as re

from .model import FoundFact
from .periods import FoundPeriod, PeriodPart


@dataclass(frozen=True)
class Resolved:
    """A fact's period and prior period, completed."""

    period: FoundPeriod | None
    prior_period: FoundPeriod | None
    #: The fact's own period names an earlier year than the article reports: "For 1985, the
    #: company posted a gain of ..." in a story of 1986 results gives a prior figure.
    earlier: bool = False


#: The month each kind of period ends in, for its ordinal (quarter 1 ends in March).
_LAST_MONTH = {"quarter": 3, "half": 6}


class Timeline:
    """Walks an article's sentences in order, keeping the period in force."""

    def __init__(self, *, published: date | Callable[[], date | None] | None) -> None:
        self._published = published
        self.article: FoundPeriod | None = None
        self.current: FoundPeriod | None = None
        #: The period in force when the sentence began: facts of one sentence do not pass
        #: their clause's period to each other.
        self.before: FoundPeriod | None = None
        #: The year of the article's figures, from the last period that named one.
        self.year: int | None = None
        #: The latest year the article reports on so far (forecasts aside).
        self.latest: int | None = None

    @property
    def published(self) -> date | None:
        """The publication date, worked out (from a dateline) when a year needs it."""
        if callable(self._published):
            self._published = self._published()
        return self._published

    def headline(self, periods: Sequence[FoundPeriod], *, forecast: bool = False) -> None:
        """The headline's period is the article's: "ACME CORP 4TH QTR NET". A forecast's
        ("... KEEPS FY26 GUIDANCE") is in force at the start only; the article's period is
        then the first one its figures are given for."""
        own = [p for p in periods if p.relative != "prior" and p.kind is not None]
        # "Infosys raises FY26 guidance after Q2 profit beats estimates": the results are the
        # quarter's; a year beside a quarter or a half is most often a forecast's
        own.sort(key=lambda p: _GRANULARITY.get(p.kind or "", len(_GRANULARITY)))
        if own:
            self.current = self._complete(own[0], forecast=forecast, source=None)
            if forecast:
                return
            self.article = self.current
            self._note_year(self.article)
            if own[0].year is not None:
                self.latest = own[0].year

    def years(self, years: Iterable[int]) -> None:
        """Years a sentence without periods names: the latest reported on may be later."""
        for year in years:
            self.latest = max(self.latest or 0, year)

    def mention(self, periods: Sequence[FoundPeriod], *, figures: bool) -> None:
        """Periods of a sentence without facts: "results in 1986 were lower than in 1985"; one
        that names a metric ("reporting lower first-quarter profits") gives the article's."""
        years = [p.year for p in periods if p.year is not None and p.relative is None]
        if years:
            self.latest = max(self.latest or 0, *years)
        own = [p for p in periods if p.kind is not None and p.relative in (None, "current")]
        own.sort(key=lambda p: _GRANULARITY.get(p.kind or "", len(_GRANULARITY)))
        if self.article is None and own and figures:
            self.article = self._complete(own[0], forecast=False, source=None)
            self._note_year(self.article)

    def sentence(self) -> None:
        """A new sentence begins: the period in force is the one its facts may take."""
        self.before = self.current

    def paragraph(self) -> None:
        """A new paragraph of prose starts from the article's period."""
        self.current = self.article

    def section(self, period: FoundPeriod) -> None:
        """A section line of a table: "Year", "Six mths", "Qtr ends Jan 31"."""
        completed = self._complete(period, forecast=False, source=self.current)
        self.current = completed
        if self.article is None:
            self.article = completed
        self._note_year(completed)

    def resolve(self, fact: FoundFact, *, periodic: bool) -> Resolved:
        """The completed periods of one fact; its own period becomes the one in force."""
        own = fact.period
        explicit = own is not None
        if own is None and periodic:
            own = self.before
        if not periodic:
            if own is not None and own.year is not None and own.relative is None:
                self._note_latest(own.year, forecast=fact.forecast)
            return Resolved(None, None)
        period = None
        if own is not None:
            period = self._complete(own, forecast=fact.forecast, source=self.before)
        prior = None
        if fact.prior_period is not None:
            prior = self._complete_prior(fact.prior_period, period)
            period = _year_after(period, prior)
        elif fact.rule == "fact.table_row" and fact.prior_value is not None and period is not None:
            prior = _year_before(period)  # a table's second column: the same period a year before
        earlier = (
            explicit
            and period is not None
            and period.year is not None
            and self.latest is not None
            and period.year < self.latest
            and own is not None
            and own.year is not None
        )
        if explicit and period is not None and period.kind is not None and not earlier:
            if period.relative in (None, "current") and not fact.forecast:
                self.current = period
                if self.article is None or _numbers(self.article, period):
                    self.article = period  # "posts record quarter" ... "third-quarter revenue"
                self._note_year(period)
            if period.year is not None and own is not None and own.year:
                self._note_latest(period.year, forecast=fact.forecast)
        return Resolved(period, prior, earlier=earlier)

    # -- completing -------------------------------------------------------------------------

    def _complete(
        self, period: FoundPeriod, *, forecast: bool, source: FoundPeriod | None
    ) -> FoundPeriod:
        """Kind, quarter and year from the period in force where the text leaves them out."""
        part = period.parts[0] if period.parts else PeriodPart()
        kind, number, year, fiscal = period.kind, part.number, part.year, period.fiscal
        if source is not None:
            if kind is None:
                kind, fiscal = source.kind, source.fiscal or fiscal
            if kind == source.kind and number is None and _takes_number(period):
                number = source.number
            if kind == "half" and source.kind == "quarter" and source.number and number is None:
                number = 1 if source.number <= 2 else 2
        year_source = period.year_source
        if year is not None:
            year_source = year_source or "text"
        elif len(period.parts) <= 1:
            year, year_source = self._year(kind, number, period.relative, forecast=forecast)
        parts = (PeriodPart(number, year), *period.parts[1:])
        return replace(period, kind=kind, parts=parts, fiscal=fiscal, year_source=year_source)

    def _complete_prior(self, prior: FoundPeriod, own: FoundPeriod | None) -> FoundPeriod:
        """ "the year-ago quarter" is the fact's quarter a year before; "1985" is itself."""
        part = prior.parts[0] if prior.parts else PeriodPart()
        kind, number, year = prior.kind, part.number, part.year
        source = prior.year_source or ("text" if year is not None else None)
        sequential = kind == "quarter" and _SEQUENTIAL.search(prior.text) is not None
        if own is not None:
            generic = year is None and prior.relative in ("prior", "last") and not sequential
            if kind is None or (kind == own.kind and number is None) or generic:
                kind, number = own.kind, own.number
            if year is None and own.year is not None:
                year, source = own.year - 1, own.year_source
                if sequential and own.number is not None:
                    number = own.number - 1 or 4
                    year = own.year if own.number > 1 else own.year - 1
        if year is None and prior.relative == "last" and self.published is not None:
            year, source = self.published.year - 1, "published"
        return replace(prior, kind=kind, parts=(PeriodPart(number, year),), year_source=source)

    def _year(
        self, kind: str | None, number: int | None, relative: str | None, *, forecast: bool
    ) -> tuple[int | None, str | None]:
        if relative == "last":
            if self.published is not None:
                return self.published.year - 1, "published"
            return (self.year, "text") if self.year is not None else (None, None)
        if relative == "next":
            if self.year is not None:
                return self.year + 1, "text"
            if self.published is not None:
                return self.published.year + 1, "published"
            return None, None
        if self.year is not None and relative != "prior":
            return self.year, "text"
        if self.published is None or relative == "prior":
            return None, None
        return _year_of(kind, number, self.published, forecast=forecast), "published"

    @staticmethod
    def fill_years(periods: Sequence[FoundPeriod | None]) -> list[FoundPeriod | None]:
        """Periods without a year take the year the article gives the same period elsewhere
        ("third-quarter revenue" after "... from $162 million in the same quarter of 2024")."""
        known: dict[tuple[str | None, int | None], int] = {}
        for period in periods:
            if period is not None and period.year is not None and period.year_source == "text":
                known.setdefault((period.kind, period.number), period.year)
        filled = []
        for period in periods:
            year = None if period is None else known.get((period.kind, period.number))
            if period is not None and period.year is None and year is not None and period.labels:
                parts = (PeriodPart(period.number, year), *period.parts[1:])
                period = replace(period, parts=parts, year_source="text")
            filled.append(period)
        return filled

    def _note_latest(self, year: int, *, forecast: bool) -> None:
        """The latest year reported on: a forecast's year does not count."""
        if not forecast:
            self.latest = max(self.latest or 0, year)

    def _note_year(self, period: FoundPeriod) -> None:
        if period.year is not None and period.year_source == "text":
            self.year = period.year


_SEQUENTIAL = re.compile(r"(?i:previous|prior|preceding|sequential|last)\s+quarter")


def _year_after(period: FoundPeriod | None, prior: FoundPeriod) -> FoundPeriod | None:
    """ "Q3 revenue ... from $1.2bn in the same quarter of 2024": the fact's quarter is of 2025."""
    if period is None or period.year is not None or prior.year is None:
        return period
    if period.kind != prior.kind or period.number != prior.number or len(period.parts) != 1:
        return period
    part = PeriodPart(period.number, prior.year + 1)
    return replace(period, parts=(part,), year_source=prior.year_source)


def _year_before(period: FoundPeriod) -> FoundPeriod:
    """The same period a year earlier: the prior column of an earnings table."""
    year = None if period.year is None else period.year - 1
    return replace(period, parts=(PeriodPart(period.number, year),), relative="prior")


def _takes_number(period: FoundPeriod) -> bool:
    """ "the quarter", "Qtr ends Jan 31", "the year-ago quarter" and "sequentially" are the
    quarter in force; "quarterly" and "annual" name a kind of period only."""
    if period.relative in ("current", "prior"):
        return True
    return period.relative is None and not period.text.casefold().endswith(
        ("quarterly", "yearly", "annually", "monthly", "annual", "interim")
    )


#: Kinds of period from the shortest: a headline's results are its shortest period's.
_GRANULARITY = {"month": 0, "two months": 1, "quarter": 2, "half": 3, "nine months": 4, "year": 5}


def _numbers(article: FoundPeriod, period: FoundPeriod) -> bool:
    """Whether ``period`` numbers the article's period: "third quarter" for "quarter"."""
    return (
        article.kind == period.kind
        and article.number is None
        and period.number is not None
        and article.year in (None, period.year)
    )


def _year_of(kind: str | None, number: int | None, published: date, *, forecast: bool) -> int:
    """The year of the latest such period that had ended when the article came out (the
    next one for a forecast).

    >>> _year_of("quarter", 4, date(2025, 2, 12), forecast=False)
    2024
    >>> _year_of("quarter", 2, date(2025, 8, 1), forecast=False)
    2025
    >>> _year_of("quarter", 1, date(2025, 2, 1), forecast=True)
    2025
    >>> _year_of("year", None, date(2026, 3, 2), forecast=False)
    2025
    """
    month = published.month
    if kind in _LAST_MONTH and number is not None:
        ends = _LAST_MONTH[kind] * number
        if forecast:
            return published.year if ends >= month else published.year + 1
        return published.year if ends < month else published.year - 1
    if kind == "nine months":
        return published.year if month >= 10 or forecast else published.year - 1
    if kind == "year":
        return published.year if forecast or month > 4 else published.year - 1
    return published.year
