"""Turn a processed spaCy ``Doc`` into a :class:`~extractor.records.DocumentRecord`."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar, get_args

from pydantic import BaseModel
from spacy.tokens import Doc

from .doc.tokens import doc_text
from .records import Company, DocumentRecord, Mention, Source


def content_id(text: str) -> str:
    """A stable id for a text without one: the first 16 hex digits of its SHA-1."""
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def doc_to_record(
    doc: Doc, *, doc_id: str | None = None, source: Source | None = None
) -> DocumentRecord:
    """The record of a ``Doc`` that our components have processed."""
    return DocumentRecord(
        id=doc_id if doc_id is not None else content_id(doc_text(doc)),
        money=doc._.fin_money or (),
        percentages=doc._.fin_percentages or (),
        companies=doc._.fin_companies or (),
        main_company=doc._.fin_main_company,
        metrics=doc._.fin_metrics or (),
        facts=doc._.fin_facts or (),
        source=source,
    )


#: Where a long text is best cut, best first: a blank line, a line end, a sentence end, a space.
_CUTS = ("\n\n", "\n", ". ", " ")


@dataclass(frozen=True)
class Piece:
    """A window of a long text, processed as a ``Doc`` of its own.

    The window ``[start, end)`` is read; what starts in its core ``[core_start, core_end)`` is
    kept. The cores tile the text; the margins on each side give the rules their context, so
    that a mention near a border is read as in the whole text: never lost, never split.
    """

    start: int
    end: int
    core_start: int
    core_end: int
    last: bool


def plan_pieces(text: str, *, size: int, margin: int) -> Iterator[Piece]:
    """The pieces of ``text``: cores of at most ``size`` characters, cut at a blank line, a line
    end, a sentence end or a space where the second half of a core holds one, and windows that
    reach ``margin`` characters beyond them (down to half of that, to start and end at white
    space).

    >>> text = "One two. Three four. Five six."
    >>> for p in plan_pieces(text, size=12, margin=6):
    ...     print(repr(text[p.start : p.end]), "keeps", repr(text[p.core_start : p.core_end]))
    'One two. Three' keeps 'One two. '
    'two. Three four. Five' keeps 'Three four. '
    'four. Five six.' keeps 'Five six.'
    """
    core_start = 0
    while True:
        core_end = _cut(text, core_start, size)
        last = core_end >= len(text)
        start = _after_space(text, max(0, core_start - margin), core_start)
        end = len(text) if last else _before_space(text, core_end, core_end + margin)
        yield Piece(start, end, core_start, core_end, last)
        if last:
            return
        core_start = core_end


def _cut(text: str, start: int, size: int) -> int:
    """Where the core that starts at ``start`` ends."""
    if len(text) - start <= size:
        return len(text)
    end = start + size
    half = start + size // 2
    for cut in _CUTS:
        found = text.rfind(cut, half, end)
        if found >= 0:
            return found + len(cut)
    return end


def _after_space(text: str, low: int, high: int) -> int:
    """The first offset right after white space in the first half of ``[low, high)``, else
    ``low``: a window starts between words where it can, and keeps half its margin at least."""
    if low == 0:
        return 0
    for position in range(low, (low + high) // 2):
        if text[position].isspace():
            return position + 1
    return low


def _before_space(text: str, low: int, high: int) -> int:
    """The last offset that starts white space in the second half of ``[low, high]``, else
    ``high``: a window ends between words where it can, and keeps half its margin at least."""
    high = min(high, len(text))
    if high == len(text):
        return high
    for position in range(high, (low + high) // 2, -1):
        if text[position].isspace():
            return position
    return high


class PieceMerger:
    """One record from the ``Doc`` of each piece of a long text, in order.

    Of each piece it keeps the mentions and the facts whose metric start in the core, with
    offsets moved into the whole text; only these records stay in memory,
    never the ``Doc`` of a piece. An organisation named in several pieces is one company with
    all its mentions; the main company is the first piece's (its headline and first sentence
    decide it), else the company or bank named most, then first.
    """

    def __init__(self) -> None:
        self._lists: dict[str, list[Any]] = {key: [] for key in _LISTS}
        self._companies: dict[str, Company] = {}
        self._mentions: dict[str, list[Mention]] = {}
        self._first_main: str | None = None
        self._pieces = 0

    def add(self, doc: Doc, piece: Piece) -> None:
        ext = doc._
        offset = piece.start
        if not self._pieces:
            self._first_main = ext.fin_main_company
        self._pieces += 1

        def kept(start: int) -> bool:
            return piece.core_start <= start + offset < piece.core_end

        for key, found in (
            ("money", ext.fin_money),
            ("percentages", ext.fin_percentages),
            ("metrics", ext.fin_metrics),
        ):
            self._lists[key].extend(_shifted(m, offset) for m in found or () if kept(m.start))
        self._lists["facts"].extend(
            _shifted(f, offset) for f in ext.fin_facts or () if kept(f.metric_span.start)
        )
        for company in ext.fin_companies or ():
            mentions = [_shifted(m, offset) for m in company.mentions if kept(m.start)]
            if not mentions:
                continue
            first = self._companies.setdefault(company.name, company)
            if first.ticker is None and company.ticker is not None:
                self._companies[company.name] = first.model_copy(
                    update={"ticker": company.ticker, "exchange": company.exchange}
                )
            self._mentions.setdefault(company.name, []).extend(mentions)

    def record(self, *, doc_id: str, source: Source | None) -> DocumentRecord:
        joined = self._join_short_names()
        facts = tuple(
            f.model_copy(update={"company": joined[f.company]}) if f.company in joined else f
            for f in self._lists["facts"]
        )
        companies = sorted(
            (
                self._companies[name].model_copy(update={"mentions": tuple(mentions)})
                for name, mentions in self._mentions.items()
            ),
            key=lambda c: c.mentions[0].start,
        )
        # the first piece holds the headline and the first sentence, which decide the main
        # company; else, as the organisation rules do, the company or bank named most
        first = joined.get(self._first_main or "", self._first_main)
        main = next((c for c in companies if c.name == first), None) or max(
            (c for c in companies if c.kind in ("company", "bank")),
            key=lambda c: (len(c.mentions), -c.mentions[0].start),
            default=None,
        )
        return DocumentRecord(
            id=doc_id,
            money=tuple(self._lists["money"]),
            percentages=tuple(self._lists["percentages"]),
            companies=tuple(companies),
            main_company=main.name if main else None,
            metrics=tuple(self._lists["metrics"]),
            facts=facts,
            source=source,
        )

    def _join_short_names(self) -> dict[str, str]:
        """ "Northwind" named alone in one piece is Northwind Robotics when another piece names
        it in full: the recognizer's rule for one text, applied across its pieces (to names of
        one kind: "Nasdaq", an exchange, is not "Nasdaq Composite", an index)."""
        joined: dict[str, str] = {}  # short name -> full name
        by_first: dict[str, list[str]] = {}
        for name in self._mentions:
            if " " in name:
                by_first.setdefault(name.split()[0], []).append(name)
        for name in list(self._mentions):
            longer = by_first.get(name, [])
            same_kind = len(longer) == 1 and self._companies[longer[0]].kind == (
                self._companies[name].kind
            )
            if " " not in name and same_kind:
                self._mentions[longer[0]].extend(self._mentions.pop(name))
                self._mentions[longer[0]].sort(key=lambda m: m.start)
                joined[name] = longer[0]
        return joined


_LISTS = ("money", "percentages", "metrics", "facts")

_Record = TypeVar("_Record", bound=BaseModel)


def _shifted(record: _Record, offset: int) -> _Record:
    """``record`` with every ``start`` and ``end`` in it, nested ones too, moved by ``offset``."""
    if not offset:
        return record
    fields = record.__dict__
    update: dict[str, Any] = {}
    for name in _offset_fields(type(record)):
        value = fields[name]
        if name in ("start", "end") and isinstance(value, int):
            update[name] = value + offset
        elif isinstance(value, BaseModel):
            update[name] = _shifted(value, offset)
    return _copy(record, update)


@cache
def _offset_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a record class that may hold an offset or a record: "start", "end", and
    those that are not plain text, numbers or flags."""
    plain = (str, bool, int, Decimal, type(None))
    names = []
    for name, field in cls.model_fields.items():
        types = get_args(field.annotation) or (field.annotation,)
        if name in ("start", "end") or not all(t in plain for t in types):
            names.append(name)
    return tuple(names)


def _copy(record: _Record, update: dict[str, Any]) -> _Record:
    """``record.model_copy(update=update)`` for our frozen records, three times as fast, and
    sharing the (never changed) set of fields given, which is most of a small record's memory:
    a long text's records are made this way, piece after piece."""
    if record.__pydantic_extra__ is not None or record.__pydantic_private__ is not None:
        return record.model_copy(update=update)
    cls = type(record)
    copied = cls.__new__(cls)
    object.__setattr__(copied, "__dict__", {**record.__dict__, **update})
    object.__setattr__(copied, "__pydantic_fields_set__", record.__pydantic_fields_set__)
    object.__setattr__(copied, "__pydantic_extra__", None)
    object.__setattr__(copied, "__pydantic_private__", None)
    return copied
