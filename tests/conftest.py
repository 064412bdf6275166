"""Shared fixtures. Paths and readers are in ``helpers``."""

from __future__ import annotations

import pytest
import spacy
from sink_helpers import SAMPLES, TEXTS
from spacy.language import Language

from extractor import Extractor
from extractor.records import DocumentRecord, Source


@pytest.fixture(scope="session")
def extractor() -> Extractor:
    return Extractor()


@pytest.fixture
def blank() -> Language:
    return spacy.blank("en")


@pytest.fixture(scope="session")
def records(extractor: Extractor) -> list[str]:
    """26 record JSON strings: each text under three ids, then the sample articles."""
    made = [
        extractor(text, doc_id=f"t{n}-{copy}").to_json()
        for copy in range(3)
        for n, text in enumerate(TEXTS)
    ]
    for path in sorted(SAMPLES.glob("*.txt")):
        record = extractor(path.read_text(encoding="utf-8"), doc_id=path.stem)
        source = Source(path=str(path.name), line=1, meta={"feed": "samples", "score": 0.25})
        made.append(record.model_copy(update={"source": source}).to_json())
    return made


@pytest.fixture(scope="session")
def parsed(records: list[str]) -> list[DocumentRecord]:
    return [DocumentRecord.model_validate_json(record) for record in records]
