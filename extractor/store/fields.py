"""The record's fields as the stores see them: read once from the pydantic models.

Every layout that stores records (the SQL tables of :mod:`.schema`, the Arrow schema of
:mod:`.arrow`) is derived from :func:`fields_of`, which walks a model's fields in their
order and says what each holds: a scalar of one :data:`Kind`, a nested record, or a sequence
of them, and whether it may be null. A field added to a model reaches every layout through
here, with no other edit.

>>> from extractor.records import FactPeriod, Company
>>> [(f.name, f.shape.kind, f.shape.optional) for f in fields_of(FactPeriod)][3:6]
[('kind', 'text', True), ('label', 'text', True), ('fiscal_year', 'int', True)]
>>> mentions = fields_of(Company)[2]
>>> mentions.name, mentions.shape.kind, mentions.shape.item.kind
('mentions', 'list', 'struct')
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel

#: What a scalar field holds: text (a string or one word of a Literal), an integer, an exact
#: amount, a flag, a calendar date, or JSON data (a mapping of anything).
Kind = Literal["text", "int", "decimal", "bool", "date", "json"]

_SCALARS: dict[type, Kind] = {
    str: "text",
    int: "int",
    Decimal: "decimal",
    bool: "bool",
    date: "date",
    dict: "json",
}


@dataclass(frozen=True)
class Shape:
    """What a field holds: a scalar of ``kind``, a ``struct`` (a record of type ``model``) or a
    ``list`` of ``item``; ``optional`` when it may be null."""

    kind: Kind | Literal["struct", "list"]
    optional: bool = False
    model: type[BaseModel] | None = None
    item: Shape | None = None


@dataclass(frozen=True)
class RecordField:
    """One field of a record model: its name and its shape."""

    name: str
    shape: Shape


class UnknownFieldType(TypeError):
    """A record field of a type that no store layout knows how to hold."""


@cache
def fields_of(model: type[BaseModel]) -> tuple[RecordField, ...]:
    """The fields of ``model``, in their order, with their shapes."""
    return tuple(
        RecordField(name, shape_of(info.annotation, where=f"{model.__name__}.{name}"))
        for name, info in model.model_fields.items()
    )


def shape_of(annotation: Any, *, where: str = "a field") -> Shape:
    """The shape of a type annotation as pydantic resolved it."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is not None:
        return _generic_shape(origin, args, where=where)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return Shape("struct", model=annotation)
    if annotation is bool:  # before int: a bool is an int to issubclass
        return Shape("bool")
    for scalar, kind in _SCALARS.items():
        if annotation is scalar:
            return Shape(kind)
    raise UnknownFieldType(f"{where}: no store type for {annotation!r}")


def _generic_shape(origin: Any, args: tuple[Any, ...], *, where: str) -> Shape:
    """The shape of a generic annotation (``Annotated``, a union with None, a tuple or list,
    a ``Literal`` of strings, a dict), whose ``typing.get_origin`` is ``origin``."""
    if origin is typing.Annotated:
        return shape_of(args[0], where=where)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise UnknownFieldType(f"{where}: a union of {inner} has no single store type")
        shape = shape_of(inner[0], where=where)
        return Shape(shape.kind, True, shape.model, shape.item)
    if origin in (tuple, list):
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise UnknownFieldType(f"{where}: only tuples of one type (tuple[X, ...]) are stored")
        return Shape("list", item=shape_of(args[0], where=f"{where}[]"))
    if origin is Literal:
        if not all(isinstance(a, str) for a in args):
            raise UnknownFieldType(f"{where}: only Literals of strings are stored")
        return Shape("text")
    if origin is dict:
        return Shape("json")
    raise UnknownFieldType(f"{where}: no store type for {origin!r}[{args!r}]")
