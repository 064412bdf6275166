"""Turn a processed spaCy ``Doc`` into a :class:`~extractor.records.DocumentRecord`."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from .components._common import doc_text
from .records import DocumentRecord, Source


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


def split_text(text: str, *, limit: int) -> list[tuple[int, str]]:
    """``text`` cut into pieces of at most ``limit`` characters, each with its offset.

    spaCy refuses texts longer than ``nlp.max_length``; a long text is processed in pieces
    cut at paragraph, line or sentence ends where it can be.

    >>> split_text("One. Two. Three.", limit=10)
    [(0, 'One. Two. '), (10, 'Three.')]
    """
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        end = start + limit
        window = text[start + limit // 2 : end]
        for cut in _CUTS:
            found = window.rfind(cut)
            if found >= 0:
                end = start + limit // 2 + found + len(cut)
                break
        pieces.append((start, text[start:end]))
        start = end
    pieces.append((start, text[start:]))
    return pieces


def merge_records(
    parts: Sequence[tuple[int, DocumentRecord]], *, doc_id: str, source: Source | None
) -> DocumentRecord:
    """One record from the records of a text's pieces, offsets moved back into the whole text.

    An organisation named in several pieces is one company with all its mentions; the main
    company is the first piece's (its headline and first sentence decide it), else the
    company or bank named most.
    """
    merged: dict[str, list[Any]] = {key: [] for key in _LISTS}
    companies: dict[str, dict[str, Any]] = {}
    for offset, record in parts:
        data = _shifted(record.model_dump(exclude={"id", "source"}), offset)
        for key in _LISTS:
            merged[key].extend(data[key])
        for company in data["companies"]:
            kept = companies.setdefault(company["name"], {**company, "mentions": []})
            kept["mentions"].extend(company["mentions"])
    # the first piece holds the headline and the first sentence, which decide the main company
    first_main = parts[0][1].main_company if parts else None
    main = companies.get(first_main) if first_main else None
    main = main or max(
        (c for c in companies.values() if c["kind"] in ("company", "bank")),
        key=lambda c: (len(c["mentions"]), -min(m["start"] for m in c["mentions"])),
        default=None,
    )
    return DocumentRecord.model_validate(
        {
            **merged,
            "id": doc_id,
            "companies": list(companies.values()),
            "main_company": main["name"] if main else None,
            "source": source,
        }
    )


_LISTS = ("money", "percentages", "metrics", "facts")


def _shifted(value: Any, offset: int) -> Any:
    """``value`` with every ``start`` and ``end`` offset moved by ``offset``."""
    if isinstance(value, dict):
        return {
            key: item + offset
            if key in ("start", "end") and isinstance(item, int)
            else _shifted(item, offset)
            for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        return [_shifted(item, offset) for item in value]
    return value
