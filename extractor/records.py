"""The validated records the extractor returns: one :class:`DocumentRecord` per text.

Every model is frozen and forbids unknown fields. Offsets are Python ``str`` indices into the
input text, end exclusive, so ``text[m.start:m.end] == m.text`` for every mention. Amounts are
:class:`~decimal.Decimal` in Python; in JSON they are plain numbers written with no binary-float
rounding for any amount of up to 15 significant digits.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, model_validator

from .types import (
    ChangeBasis,
    ChangeUnit,
    CompanySource,
    CurrencyCode,
    CurrencySource,
    Direction,
    OrgKind,
    PercentKind,
    PeriodKind,
    QualifierMeaning,
    RangeRole,
    ValueKind,
)

#: Version of the record layout; bumped when a field changes meaning or is removed.
#: 2.0: a percentage range is two mentions marked ``range`` (``low``/``high`` removed), and a
#: percentage's ``value`` is in the unit of its ``kind`` (50bps is 50, no longer 0.5).
SCHEMA_VERSION = "2.0"


def _decimal_to_json(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Amount = Annotated[
    Decimal,
    PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json"),
]
Qualifier = QualifierMeaning


class Record(BaseModel):
    """Base of every record: immutable, and strict about its fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TextSpan(Record):
    """A stretch of the input text."""

    text: str = Field(description="The words as they are in the input: text[start:end].")
    start: Annotated[
        int,
        Field(ge=0, description="Offset of the first character, a Python str index (characters)."),
    ]
    end: Annotated[
        int, Field(ge=0, description="Offset just after the last character (end exclusive).")
    ]

    @model_validator(mode="after")
    def _ordered(self) -> TextSpan:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        return self


class Mention(TextSpan):
    """A span found by a rule, with the id of that rule."""

    rule: str = Field(
        description="Id of the rule (and pattern row) that found it, such as "
        "'money.prefix:news.symbol.gbp.+a3' or 'org.propagation'."
    )


class ExchangeRate(Record):
    """A rate the text states, as in "($1 = 83.1200 Indian rupees)": 83.12 INR per USD."""

    base: CurrencyCode | None = Field(description="The currency of which one unit is priced.")
    quote: CurrencyCode | None = Field(description="The currency the price is given in.")
    rate: Amount = Field(description="Units of ``quote`` per one unit of ``base``.")


class MoneyMention(Mention):
    """An amount of money: ``$1.2bn`` has value 1200000000 and currency USD."""

    value: Amount = Field(description="Exact amount in major units, scale and sign applied.")
    currency: CurrencyCode | None = Field(
        description="ISO 4217 code, or null where the text leaves the currency ambiguous."
    )
    amount_text: str = Field(description="The number as written, without currency or scale.")
    currency_text: str = Field(
        description="The currency as written: symbol, code or name; empty when the amount "
        "took its currency from the text around it."
    )
    currency_source: CurrencySource | None = Field(
        default=None,
        description="How the currency was decided: from the amount's own symbol ('$', '€', "
        "'Kč'), ISO code ('EUR'), or name ('dollars', 'cents'), or from the context (another "
        "amount in the text, a statement such as 'all figures are in Canadian dollars', the "
        "country the text is about); null when the currency is null.",
    )
    per_share: bool = Field(
        default=False,
        description="An amount per share: '$1.63 a diluted share', '18 cents a share'.",
    )
    range: RangeRole | None = Field(
        default=None, description="Set when the amount is one end of a range."
    )
    qualifier: Qualifier | None = Field(
        default=None,
        description="A bound or hedge written before the amount: 'no less than $2.50' is "
        "at_least; the amount's own span and value are kept.",
    )
    exchange_rate: ExchangeRate | None = Field(
        default=None,
        description="Set on both sides of an exchange-rate statement such as '($1 = 83.12 "
        "Indian rupees)'.",
    )


class CryptoMention(Mention):
    """An amount of a cryptocurrency ("1,500 BTC", "300 satoshis"): no money by default.

    The ``fin_money`` component gives these only with ``crypto = true`` in its config, in
    ``doc._.fin_crypto`` and ``doc.spans["fin_crypto"]`` (label CRYPTO).
    """

    value: Amount = Field(description="Exact amount in whole coins: 300 satoshis is 0.000003.")
    coin: str = Field(description="The coin, by its ticker: BTC, ETH.")
    amount_text: str = Field(description="The number as written, without coin or scale.")
    coin_text: str = Field(description="The coin as written: '₿', 'BTC', 'bitcoins'.")
    range: RangeRole | None = Field(
        default=None, description="Set when the amount is one end of a range."
    )
    qualifier: Qualifier | None = Field(
        default=None, description="A bound or hedge written before the amount."
    )


class PercentMention(Mention):
    """A percentage, or percentage points or basis points, each in its own unit."""

    value: Amount = Field(
        description="The number in the unit of ``kind``: 117% is 117 (percent), 50bps is 50 "
        "(basis points), 2 percentage points is 2."
    )
    kind: PercentKind = Field(
        default="percent",
        description="How the text gives it: percent (17pc), basis_points (25 basis points is "
        "value 25) or percentage_points; value is in the unit of this kind.",
    )
    amount_text: str = Field(description="The number as written, without its unit.")
    range: RangeRole | None = Field(
        default=None,
        description="Set when the percentage is one end of a range: '8-14%' gives 8 (low) "
        "and 14 (high).",
    )
    qualifier: Qualifier | None = Field(
        default=None, description="A bound or hedge written before it: 'up to 5%' is at_most."
    )

    @property
    def percentage_points(self) -> Decimal:
        """The value in percentage points: 50bps is 0.5; a percentage is its own value."""
        return self.value / 100 if self.kind == "basis_points" else self.value


class Company(Record):
    """An organisation named in the text, with all its mentions."""

    name: str = Field(description="Canonical name, without legal suffix or possessive.")
    kind: OrgKind = Field(
        default="company",
        description="company, bank, exchange, regulator, central_bank, government, index, "
        "media or other.",
    )
    mentions: tuple[Mention, ...] = Field(
        description="Every mention of it in the text, in order: full name, short forms, ticker."
    )
    ticker: str | None = Field(default=None, description="Its ticker where the text gives one.")
    exchange: str | None = Field(
        default=None, description="The exchange of that ticker where the text names it."
    )


class SentenceSubject(Record):
    """The company one sentence is about, as the organisation rules read it (no parser): the
    company whose mention opens the sentence or comes before a reporting or financial verb."""

    start: int = Field(description="Start of the sentence (character offset).")
    end: int = Field(description="End of the sentence (character offset, exclusive).")
    company: str = Field(description="Canonical name of the company, as in `companies`.")
    mention: Mention = Field(description="The mention that makes the company the subject.")


class MetricMention(Mention):
    """A financial metric named in the text: ``net loss``, ``HPC lease revenue``."""

    name: str = Field(description="Canonical metric name, such as revenue or net_loss.")
    segment: str | None = Field(default=None, description="Qualifier such as 'HPC lease'.")


class FactValue(TextSpan):
    """An amount of a fact: money, a percentage or a plain number, as the text gives it."""

    kind: ValueKind = Field(
        description="money (amount in currency units), percent (amount in percent) or number."
    )
    amount: Amount = Field(
        description="Exact amount: money in major units with the scale applied, a percentage "
        "in percent, a number as counted (3.36 billion is 3360000000)."
    )
    currency: CurrencyCode | None = Field(
        default=None, description="ISO 4217 code of a money amount; null otherwise or ambiguous."
    )
    unit: str | None = Field(
        default=None,
        description="Unit of a value that is not money or a percentage, as the metric counts "
        "it: shares, units, tonnes, barrels a day, EH/s; null for money and percentages.",
    )
    per_share: bool = Field(default=False, description="An amount per share: EPS, a dividend.")


class FactChange(TextSpan):
    """How a metric changed: the words of the change, its direction, size and basis."""

    percent: Amount | None = Field(
        default=None,
        description="Size of the change in percentage points: a relative change when unit is "
        "percent (rose 12% is 12), an absolute change of a ratio or margin when unit is "
        "percentage_points or basis_points (180 bps is 1.8); null when only a verb or an "
        "amount says it.",
    )
    unit: ChangeUnit | None = Field(
        default=None,
        description="How the text gives the change's percentage: percent, percentage_points "
        "or basis_points; null when the change has no percentage.",
    )
    percent_high: Amount | None = Field(
        default=None,
        description="The high end of a change given as a range, in percentage points as "
        "percent is: 'grow 8-14%' has percent 8 and percent_high 14; null otherwise.",
    )
    amount: FactValue | None = Field(
        default=None,
        description="An absolute change in the metric's own unit: 'an increase of $3.2 "
        "million' (a decrease is a positive amount with direction down).",
    )
    direction: Direction = Field(description="Which way the metric moved.")
    basis: ChangeBasis | None = Field(
        default=None, description="What the change compares with, where the text says."
    )


class FactPeriod(TextSpan):
    """The reporting period of a fact, with the words that name it."""

    kind: PeriodKind | None = Field(
        default=None,
        description="quarter, half, nine months, year, month or two months; null if unknown.",
    )
    label: str | None = Field(
        default=None,
        description="Normalised label: 'Q3 2025', 'H1 2025', '9M 2024', 'FY2026', 'Q3 FY2025' "
        "(a fiscal quarter keeps its fiscal year), or without the year where none is known "
        "('Q3').",
    )
    fiscal_year: int | None = Field(
        default=None,
        description="The (fiscal) year the period belongs to, from the text, else from the "
        "article's publication date; null when neither tells.",
    )
    quarter: Annotated[int, Field(ge=1, le=4)] | None = Field(
        default=None, description="The quarter, 1 to 4, for a quarter."
    )
    half: Annotated[int, Field(ge=1, le=2)] | None = Field(
        default=None, description="The half, 1 or 2, for a half-year."
    )
    year_source: Literal["text", "published"] | None = Field(
        default=None,
        description="Where fiscal_year comes from: the text, or the publication date.",
    )


class SentenceSpan(Record):
    """Where a fact's sentence is in the text."""

    start: int = Field(description="Offset of the sentence's first character.")
    end: int = Field(description="Offset just after the sentence's last character.")


class Fact(Record):
    """A metric linked to its value, change, period and company within one sentence."""

    metric: str = Field(
        description="Canonical metric name from patterns/metrics.jsonl: revenue, net_income..."
    )
    metric_span: TextSpan = Field(description="The whole metric phrase, with its qualifiers.")
    segment: str | None = Field(default=None, description="Qualifier such as 'HPC lease'.")
    value: FactValue | None = Field(
        default=None, description="The metric's figure; null when the text gives only a change."
    )
    value_high: FactValue | None = Field(
        default=None, description="High end when the value is a range: guidance of $5-6bn."
    )
    prior_value: FactValue | None = Field(
        default=None, description="The figure compared with: 'to $3.2bn from $4.1bn'."
    )
    change: FactChange | None = Field(
        default=None, description="How the metric changed, where the text says."
    )
    period: FactPeriod | None = Field(
        default=None, description="The reporting period of the value; null when unknown."
    )
    prior_period: FactPeriod | None = Field(
        default=None,
        description="The period of prior_value where the text names it: 'the year-ago "
        "quarter', 'a year earlier', '1985'.",
    )
    company: str | None = Field(
        default=None,
        description="Canonical name of the company the fact is about (as in companies); null "
        "rather than a guess.",
    )
    company_source: CompanySource | None = Field(
        default=None,
        description="How the company was found: named in the fact's clause; the subject of "
        "the sentence; 'the company', 'it' and the like resolved to the company of the "
        "paragraph; or the company of the article (its headline or first sentence). Null "
        "when the company is null.",
    )
    forecast: bool = Field(
        default=False,
        description="Guidance, an outlook, a target or an expectation, not a reported result.",
    )
    estimate: bool = Field(
        default=False,
        description="An analysts' or consensus figure, not the company's own.",
    )
    cue: TextSpan | None = Field(
        default=None,
        description="The words that make the fact a forecast or an estimate: 'expects', "
        "'guidance', 'analysts had expected'.",
    )
    sentence: SentenceSpan = Field(description="The sentence the fact was linked in.")
    rule: str = Field(description="Id of the linking rule, such as 'fact.sentence'.")


class Source(Record):
    """Where a document came from, for records produced in batch."""

    path: str | None = Field(default=None, description="The input file, as named; '-' for stdin.")
    line: int | None = Field(
        default=None, description="Line of a JSONL or CSV input where the document is (from 1)."
    )
    offset: int | None = Field(
        default=None, description="Byte offset of the WARC record in its archive."
    )
    url: str | None = Field(
        default=None,
        description="The article's URL: a WARC target URI, an input url field or the HTML "
        "page's own (canonical) URL.",
    )
    title: str | None = Field(
        default=None,
        description="The article's title: the HTML page's (its metadata or headline) or an "
        "input title field.",
    )
    published: date | None = Field(
        default=None,
        description="The article's publication date (an input field, a dateline, HTML "
        "metadata or WARC-Date); a period without a year in the text takes its year from it.",
    )
    meta: dict[str, Any] = Field(
        default_factory=dict,
        description="The input's other fields (a JSONL object's or CSV row's), as they were.",
    )


class DocumentRecord(Record):
    """Everything extracted from one text."""

    id: str = Field(
        description="The document's id: given, an input's id field, a file's path, a WARC "
        "record's URI, or a hash of the text."
    )
    schema_version: str = Field(
        default=SCHEMA_VERSION, description="Version of this record layout."
    )
    money: tuple[MoneyMention, ...] = Field(
        default=(), description="Amounts of money, in the order of the text."
    )
    percentages: tuple[PercentMention, ...] = Field(
        default=(), description="Percentages, percentage points and basis points, in order."
    )
    companies: tuple[Company, ...] = Field(
        default=(), description="Organisations, one entry each with all its mentions."
    )
    main_company: str | None = Field(
        default=None, description="The company the article is about (the one named most)."
    )
    metrics: tuple[MetricMention, ...] = Field(
        default=(), description="Financial metrics named in the text, in order."
    )
    facts: tuple[Fact, ...] = Field(
        default=(), description="Metrics linked to their values, changes, periods and companies."
    )
    source: Source | None = Field(
        default=None, description="Where the text came from; null for a text given directly."
    )

    def to_json(self, *, indent: int | None = None) -> str:
        """The record as JSON, amounts as numbers."""
        return self.model_dump_json(indent=indent, exclude_none=False)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`DocumentRecord` as serialised."""
    schema = DocumentRecord.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://github.com/finnews-extractor/extractor/schema/{SCHEMA_VERSION}"
    return schema


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True)
