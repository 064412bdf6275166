"""The Arrow schema of a :class:`~extractor.records.DocumentRecord`: one row per document.

The columns mirror the record's fields, nested as the record nests: lists of structs for the
mentions, companies and facts. Amounts are ``decimal128(38, 10)``, exact; an amount that does
not fit (more than 28 integer digits or 10 decimals) is null, its text is still there. The
source's ``meta`` is a JSON string. ``tests/sinks/test_parquet.py`` walks the record's fields
so that the two cannot drift apart.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from decimal import Context, Decimal, InvalidOperation
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]

logger = logging.getLogger(__name__)

AMOUNT = pa.decimal128(38, 10)
_QUANTUM = Decimal(1).scaleb(-AMOUNT.scale)
_LIMIT = Decimal(10) ** (AMOUNT.precision - AMOUNT.scale)
_WIDE = Context(prec=2 * AMOUNT.precision)  # room to quantize any value below _LIMIT

_TEXT: list[tuple[str, Any]] = [
    ("text", pa.string()),
    ("start", pa.int64()),
    ("end", pa.int64()),
]
_MENTION = [*_TEXT, ("rule", pa.string())]

MONEY = pa.struct(
    [
        *_MENTION,
        ("value", AMOUNT),
        ("currency", pa.string()),
        ("amount_text", pa.string()),
        ("currency_text", pa.string()),
        ("per_share", pa.bool_()),
        ("range", pa.string()),
        ("qualifier", pa.string()),
    ]
)
PERCENT = pa.struct(
    [
        *_MENTION,
        ("value", AMOUNT),
        ("kind", pa.string()),
        ("amount_text", pa.string()),
        ("low", AMOUNT),
        ("high", AMOUNT),
        ("qualifier", pa.string()),
    ]
)
COMPANY = pa.struct(
    [
        ("name", pa.string()),
        ("kind", pa.string()),
        ("mentions", pa.list_(pa.struct(_MENTION))),
        ("ticker", pa.string()),
        ("exchange", pa.string()),
    ]
)
METRIC = pa.struct([*_MENTION, ("name", pa.string()), ("segment", pa.string())])
FACT_VALUE = pa.struct(
    [
        *_TEXT,
        ("kind", pa.string()),
        ("amount", AMOUNT),
        ("currency", pa.string()),
        ("unit", pa.string()),
        ("per_share", pa.bool_()),
    ]
)
FACT_PERIOD = pa.struct(
    [
        *_TEXT,
        ("kind", pa.string()),
        ("label", pa.string()),
        ("fiscal_year", pa.int64()),
        ("quarter", pa.int64()),
        ("half", pa.int64()),
        ("year_source", pa.string()),
    ]
)
FACT = pa.struct(
    [
        ("metric", pa.string()),
        ("metric_span", pa.struct(_TEXT)),
        ("segment", pa.string()),
        ("value", FACT_VALUE),
        ("value_high", FACT_VALUE),
        ("prior_value", FACT_VALUE),
        (
            "change",
            pa.struct(
                [
                    *_TEXT,
                    ("percent", AMOUNT),
                    ("unit", pa.string()),
                    ("amount", FACT_VALUE),
                    ("direction", pa.string()),
                    ("basis", pa.string()),
                ]
            ),
        ),
        ("period", FACT_PERIOD),
        ("prior_period", FACT_PERIOD),
        ("company", pa.string()),
        ("company_source", pa.string()),
        ("forecast", pa.bool_()),
        ("estimate", pa.bool_()),
        ("cue", pa.struct(_TEXT)),
        ("sentence", pa.struct([("start", pa.int64()), ("end", pa.int64())])),
        ("rule", pa.string()),
    ]
)
SOURCE = pa.struct(
    [
        ("path", pa.string()),
        ("line", pa.int64()),
        ("offset", pa.int64()),
        ("url", pa.string()),
        ("title", pa.string()),
        ("published", pa.date32()),
        ("meta", pa.string()),  # JSON
    ]
)

#: One row per document, in the order of the record's fields.
SCHEMA = pa.schema(
    [
        pa.field("id", pa.string(), nullable=False),
        ("schema_version", pa.string()),
        ("money", pa.list_(MONEY)),
        ("percentages", pa.list_(PERCENT)),
        ("companies", pa.list_(COMPANY)),
        ("main_company", pa.string()),
        ("metrics", pa.list_(METRIC)),
        ("facts", pa.list_(FACT)),
        ("source", SOURCE),
    ]
)


def amount(value: Decimal | int | None) -> Decimal | None:
    """An amount as the decimal column holds it, or None when it does not fit.

    >>> amount(427000000), amount(Decimal("1.07")), amount(Decimal("1e-11")), amount(None)
    (Decimal('427000000'), Decimal('1.07'), None, None)
    """
    if value is None:
        return None
    number = Decimal(value)
    if number.is_finite() and number.copy_abs() < _LIMIT:  # copy_abs does not round
        try:
            if number.quantize(_QUANTUM, context=_WIDE) == number:
                return number
        except InvalidOperation:
            pass
    logger.debug("amount %s does not fit %s; written as null", value, AMOUNT)
    return None


def to_row(record: dict[str, Any]) -> dict[str, Any]:
    """A record's JSON data (floats as Decimal) as a row of :data:`SCHEMA`."""
    return {field.name: _convert(record.get(field.name), field.type) for field in SCHEMA}


def _convert(value: Any, type_: Any) -> Any:
    if value is None:
        return None
    if pa.types.is_decimal(type_):
        return amount(value)
    if pa.types.is_struct(type_):
        return {field.name: _convert(value.get(field.name), field.type) for field in type_}
    if pa.types.is_list(type_):
        return [_convert(item, type_.value_type) for item in value]
    if pa.types.is_date(type_) and isinstance(value, str):
        return date.fromisoformat(value)
    if pa.types.is_string(type_) and not isinstance(value, str):
        return json.dumps(value, default=_json_number, ensure_ascii=False, sort_keys=True)
    return value


def _json_number(value: Any) -> Any:
    if isinstance(value, Decimal):  # meta was parsed with the record: its floats are Decimal
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)
