"""The Arrow schema of a :class:`~extractor.records.DocumentRecord`, derived from its fields.

One row per document; the columns mirror the record's fields (:mod:`.fields`), nested as the
record nests: structs for records, lists of structs for the mentions, companies and facts. A
field added to a model is a column here with no other edit. Amounts are
``decimal128(38, 10)``, exact; an amount that does not fit (more than 28 integer digits or 10
decimals) is null, its text is still there. Dates are ``date32``, flags ``bool``, and JSON
data (the source's ``meta``) is a JSON string. Every column may be null but the ``id``.

>>> SCHEMA.field("id").nullable, str(SCHEMA.field("source").type.field("published").type)
(False, 'date32[day]')
>>> [f.name for f in SCHEMA.field("facts").type.value_type][:4]
['metric', 'metric_span', 'segment', 'value']
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from functools import cache
from typing import Any

import pyarrow as pa
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from ..records import DocumentRecord
from .fields import Shape, fields_of
from .rows import Layout

logger = logging.getLogger(__name__)

AMOUNT = pa.decimal128(38, 10)
_QUANTUM = Decimal(1).scaleb(-AMOUNT.scale)
_LIMIT = Decimal(10) ** (AMOUNT.precision - AMOUNT.scale)
_WIDE = Context(prec=2 * AMOUNT.precision)  # room to quantize any value below _LIMIT

_SCALARS: dict[str, Any] = {
    "text": pa.string(),
    "int": pa.int64(),
    "decimal": AMOUNT,
    "bool": pa.bool_(),
    "date": pa.date32(),
    "json": pa.string(),  # JSON text
}

#: The key of a row: the only column that may not be null.
KEY = "id"


def arrow_type(shape: Shape) -> Any:
    """The Arrow type of a field of ``shape``."""
    if shape.kind == "list":
        assert shape.item is not None
        return pa.list_(arrow_type(shape.item))
    if shape.kind == "struct":
        assert shape.model is not None
        return struct_of(shape.model)
    return _SCALARS[shape.kind]


@cache
def struct_of(model: type[BaseModel]) -> Any:
    """The Arrow struct of a record model's fields."""
    return pa.struct([(item.name, arrow_type(item.shape)) for item in fields_of(model)])


#: One row per document, in the order of the record's fields.
SCHEMA = pa.schema(
    [
        pa.field(item.name, arrow_type(item.shape), nullable=item.name != KEY)
        for item in fields_of(DocumentRecord)
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


def _json_text(value: Any) -> str:
    data = to_jsonable_python(value, inf_nan_mode="null")
    return json.dumps(data, ensure_ascii=False, sort_keys=True)


Convert = Callable[[Any], Any]


def _converter(shape: Shape) -> Convert | None:
    """What turns a field's Python value (``model_dump``'s) into its Arrow value; None when it
    is taken as it is."""
    if shape.kind == "decimal":
        return amount
    if shape.kind == "json":
        return _json_text
    if shape.kind == "list":
        assert shape.item is not None
        inner = _converter(shape.item)
        return None if inner is None else _each(inner)
    if shape.kind == "struct":
        assert shape.model is not None
        return _struct_converter(shape.model)
    return None


def _each(inner: Convert) -> Convert:
    return lambda items: [inner(item) for item in items]


@cache
def _struct_converter(model: type[BaseModel]) -> Convert | None:
    converts = [
        (item.name, convert)
        for item in fields_of(model)
        if (convert := _converter(item.shape)) is not None
    ]
    if not converts:
        return None

    def struct(data: dict[str, Any]) -> dict[str, Any]:
        for name, change in converts:
            value = data[name]
            if value is not None:
                data[name] = change(value)
        return data

    return struct


def to_row(record: DocumentRecord) -> dict[str, Any]:
    """A record as a row of :data:`SCHEMA`."""
    data = record.model_dump()
    convert = _struct_converter(DocumentRecord)
    return convert(data) if convert is not None else data


@dataclass(frozen=True)
class ArrowRows(Layout[dict[str, Any]]):
    """A record as one row of :data:`SCHEMA` (the Parquet sink's and the Dask engine's)."""

    def encode(self, record: DocumentRecord) -> dict[str, Any]:
        return to_row(record)
