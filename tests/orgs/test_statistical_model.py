"""A statistical NER in front of the rules, tested with a tiny model trained here in seconds.

No model can be downloaded in CI, so the test teaches a blank English pipeline a few
sentences of our own, saves it, and loads it the way a user loads ``en_core_web_sm``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import TRAIN

from extractor import Extractor, ExtractorError, load
from extractor.pipeline import COMPONENTS


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
