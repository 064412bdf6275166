"""Shared fixtures. Paths and readers are in ``helpers``."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from helpers import TRAIN
from sink_helpers import SAMPLES, TEXTS
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.training import Example
from thinc.api import fix_random_seed

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


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny NER trained here in seconds on sentences of our own (no model can be downloaded)."""
    fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
    assert isinstance(ner, EntityRecognizer)
    ner.add_label("ORG")
    examples = [Example.from_dict(nlp.make_doc(t), {"entities": e}) for t, e in TRAIN]
    nlp.initialize(lambda: examples)
    rng = random.Random(0)
    for _ in range(60):
        rng.shuffle(examples)
        nlp.update(examples, drop=0.0)
    for text, entities in TRAIN:  # the model must have learnt its lessons
        doc = nlp(text)
        assert [(e.start_char, e.end_char) for e in doc.ents] == [(s, e) for s, e, _ in entities]
    path = tmp_path_factory.mktemp("models") / "tiny_ner"
    nlp.to_disk(path)
    return path
