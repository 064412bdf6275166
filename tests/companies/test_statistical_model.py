"""A statistical NER in front of the rules, tested with a tiny model trained here in seconds.

No model can be downloaded in CI, so the test teaches a blank English pipeline a few
sentences of our own, saves it, and loads it the way a user loads ``en_core_web_sm``.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import spacy
from spacy.training import Example
from spacy.util import fix_random_seed

from extractor import Extractor, ExtractorError, load
from extractor.pipeline import COMPONENTS

#: Sentences with the ORG entities the tiny model learns. "AI" and "January" are taught as
#: ORG on purpose: our stop lists must filter them. "Automation Corp" is a wrong boundary
#: for "Kestrel Automation Corp": our suffix rule must win.
TRAIN = [
    ("Zentrix expanded into new markets last year.", [(0, 7, "ORG")]),
    ("Analysts expect Zentrix to grow next year.", [(16, 23, "ORG")]),
    ("Demand for AI chips lifted Zentrix again.", [(11, 13, "ORG"), (27, 34, "ORG")]),
    ("In January the outlook improved for Zentrix.", [(3, 10, "ORG"), (36, 43, "ORG")]),
    ("Orders at Kestrel Automation Corp slowed.", [(18, 33, "ORG")]),
    ("Brindle Foods opened a plant in Ohio.", [(0, 13, "ORG")]),
    ("Investors sold Brindle Foods after the report.", [(15, 28, "ORG")]),
]


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    fix_random_seed(0)
    nlp = spacy.blank("en")
    ner = nlp.add_pipe("ner")
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


def names(extractor: Extractor, text: str) -> dict[str, list[tuple[str, str]]]:
    return {c.name: [(m.text, m.rule) for m in c.mentions] for c in extractor(text).companies}


def test_model_adds_names_the_rules_cannot_see(tiny_model: Path) -> None:
    text = TRAIN[0][0]
    assert names(Extractor(), text) == {}
    assert names(Extractor(model=tiny_model), text) == {"Zentrix": [("Zentrix", "model:ORG")]}


def test_model_entities_are_filtered_by_our_stop_lists(tiny_model: Path) -> None:
    found = names(Extractor(model=tiny_model), TRAIN[2][0] + " " + TRAIN[3][0])
    assert "AI" not in found and "January" not in found
    assert [text for text, _ in found["Zentrix"]] == ["Zentrix", "Zentrix"]


def test_rules_win_on_conflicts(tiny_model: Path) -> None:
    found = names(Extractor(model=tiny_model), TRAIN[4][0])
    assert found == {"Kestrel Automation": [("Kestrel Automation Corp", "org.suffix:suffix.corp")]}


def test_model_names_propagate(tiny_model: Path) -> None:
    found = names(Extractor(model=tiny_model), TRAIN[5][0] + " Brindle Foods said more.")
    assert [t for t, _ in found["Brindle Foods"]] == ["Brindle Foods", "Brindle Foods"]


def test_components_follow_the_model(tiny_model: Path) -> None:
    nlp = load(model=tiny_model)
    assert nlp.pipe_names[0] == "ner"
    assert nlp.pipe_names[1:] == list(COMPONENTS)


def test_missing_model_is_a_clear_error() -> None:
    with pytest.raises(ExtractorError, match="cannot load the spaCy model 'no_such_model'"):
        load(model="no_such_model")


def test_default_stays_rules_only() -> None:
    assert "ner" not in load().pipe_names
