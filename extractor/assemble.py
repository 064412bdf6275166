"""Turn a processed spaCy ``Doc`` into a :class:`~extractor.records.DocumentRecord`."""

from __future__ import annotations

import hashlib

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
