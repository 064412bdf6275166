"""The validated records the extractor returns: one :class:`DocumentRecord` per text.

Every model is frozen and forbids unknown fields. Offsets are Python ``str`` indices into the
input text, end exclusive, so ``text[m.start:m.end] == m.text`` for every mention. Amounts are
:class:`~decimal.Decimal` in Python; in JSON they are plain numbers written with no binary-float
rounding for any amount of up to 15 significant digits.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    model_validator,
)

from .lexicon import OrgKind, QualifierMeaning
from .normalize.quantity import CurrencySource, RangeRole

#: Version of the record layout; bumped when a field changes meaning or is removed.
#: 2.0: a percentage range is two mentions marked ``range`` (``low``/``high`` removed), and a
#: percentage's ``value`` is in the unit of its ``kind`` (50bps is 50, no longer 0.5).
SCHEMA_VERSION = "2.0"


def _decimal_to_json(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


@lru_cache(maxsize=1)
def iso4217_codes() -> frozenset[str]:
    """Every ISO 4217 code, current and historic, from ``patterns/iso4217.jsonl``."""
    from .lexicon import Iso4217Row, load_lexicon

    return frozenset(row.code for row in load_lexicon().rows(Iso4217Row))


def _check_currency(code: str) -> str:
    if code not in iso4217_codes():
        raise ValueError(f"{code!r} is not an ISO 4217 currency code")
    return code


Amount = Annotated[
    Decimal,
    PlainSerializer(_decimal_to_json, return_type=int | float, when_used="json"),
]
CurrencyCode = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_check_currency)]
Qualifier = QualifierMeaning


class Record(BaseModel):
    """Base of every record: immutable, and strict about its fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class TextSpan(Record):
    """A stretch of the input text."""

    text: str
    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]

    @model_validator(mode="after")
    def _ordered(self) -> TextSpan:
        if self.end < self.start:
            raise ValueError(f"span ends ({self.end}) before it starts ({self.start})")
        return self


class Mention(TextSpan):
    """A span found by a rule, with the id of that rule."""

    rule: str


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
    per_share: bool = False
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
    kind: Literal["percent", "basis_points", "percentage_points"] = "percent"
    amount_text: str
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
    kind: OrgKind = "company"
    mentions: tuple[Mention, ...]
    ticker: str | None = None
    exchange: str | None = None


class MetricMention(Mention):
    """A financial metric named in the text: ``net loss``, ``HPC lease revenue``."""

    name: str = Field(description="Canonical metric name, such as revenue or net_loss.")
    segment: str | None = Field(default=None, description="Qualifier such as 'HPC lease'.")


class FactValue(TextSpan):
    kind: Literal["money", "percent", "number"]
    amount: Amount
    currency: CurrencyCode | None = None


class FactChange(TextSpan):
    percent: Amount | None = None
    direction: Literal["up", "down", "flat"]
    basis: Literal["year-over-year", "quarter-on-quarter", "sequential"] | None = None


class FactPeriod(TextSpan):
    kind: Literal["quarter", "half", "nine months", "year"] | None = None
    label: str | None = None


class SentenceSpan(Record):
    start: int
    end: int


class Fact(Record):
    """A metric linked to its value, change, period and company within one sentence."""

    metric: str
    metric_span: TextSpan
    segment: str | None = Field(default=None, description="Qualifier such as 'HPC lease'.")
    value: FactValue | None = None
    value_high: FactValue | None = Field(
        default=None, description="High end when the value is a range: guidance of $5-6bn."
    )
    prior_value: FactValue | None = None
    change: FactChange | None = None
    period: FactPeriod | None = None
    company: str | None = None
    sentence: SentenceSpan
    rule: str


class Source(Record):
    """Where a document came from, for records produced in batch."""

    path: str | None = None
    line: int | None = None
    offset: int | None = None
    url: str | None = None
    meta: dict[str, Any] = Field(default_factory=dict)


class DocumentRecord(Record):
    """Everything extracted from one text."""

    id: str
    schema_version: str = SCHEMA_VERSION
    money: tuple[MoneyMention, ...] = ()
    percentages: tuple[PercentMention, ...] = ()
    companies: tuple[Company, ...] = ()
    main_company: str | None = None
    metrics: tuple[MetricMention, ...] = ()
    facts: tuple[Fact, ...] = ()
    source: Source | None = None

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
