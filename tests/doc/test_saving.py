"""Saving and loading a pipeline the spaCy way: ``nlp.to_disk``, then ``spacy.load``.

Like spaCy's ``SpanRuler``, each component saves the patterns it was built from, so a saved
pipeline works on a machine that has not got the user's pattern files.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from helpers import CORPORA

from extractor import Extractor, UsageError, load
from extractor.doc._patterns import PATTERNS_FILE
from extractor.errors import MissingPatternFileError, PatternFileError
from extractor.money.component import MoneyComponent
from extractor.pipeline import default_config

#: A user's own patterns: a metric and a scale word ("5 wan yuan": 50,000 yuan).
USER_ROWS = [
    {
        "id": "user.metric.ore_output",
        "type": "metric",
        "name": "ore_output",
        "family": "ore_output",
        "unit": "number",
        "value_unit": "tonnes",
        "surfaces": ["ore output"],
        "note": "a user's own metric",
    },
    {"id": "user.scale.wan", "type": "scale", "text": "wan", "multiplier": "10000"},
]
USER_TEXTS = [
    "Kestrel Mining Corp said quarterly ore output rose 12% to 3.4 million tonnes.",
    "Kestrel Mining Corp paid 5 wan yuan to each supplier.",
]


def _texts() -> list[str]:
    samples = sorted((CORPORA / "samples").glob("*.txt"))
    return USER_TEXTS + [path.read_text(encoding="utf-8") for path in samples]


def _records(nlp: spacy.language.Language) -> list[str]:
    return [record.to_json() for record in Extractor(nlp).pipe(_texts())]


LOAD_AND_DUMP = """
import json, sys
import spacy
from extractor import Extractor
nlp = spacy.load(sys.argv[1])
texts = json.loads(sys.stdin.read())
for record in Extractor(nlp).pipe(texts):
    print(record.to_json())
"""


@pytest.mark.parametrize("given_by", ["extra_patterns", "config"])
def test_saved_pipeline_loads_in_a_fresh_process_without_the_user_file(
    tmp_path: Path, given_by: str
) -> None:
    user_file = tmp_path / "mine.jsonl"
    user_file.write_text("".join(json.dumps(row) + "\n" for row in USER_ROWS), encoding="utf-8")
    if given_by == "config":
        nlp = load(config=default_config(extra_patterns=[user_file]))
    else:
        nlp = load(extra_patterns=[user_file])
    expected = _records(nlp)
    assert "ore_output" in expected[0] and '"value":50000' in expected[1].replace(" ", "")
    nlp.to_disk(tmp_path / "pipeline")
    user_file.unlink()

    done = subprocess.run(
        [sys.executable, "-c", LOAD_AND_DUMP, str(tmp_path / "pipeline")],
        input=json.dumps(_texts()),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == expected


def test_load_takes_a_saved_pipeline_as_its_model(tmp_path: Path) -> None:
    user_file = tmp_path / "mine.jsonl"
    user_file.write_text(json.dumps(USER_ROWS[1]) + "\n", encoding="utf-8")
    saved = load(extra_patterns=[user_file])
    saved.to_disk(tmp_path / "pipeline")
    user_file.unlink()
    nlp = load(model=tmp_path / "pipeline")
    assert nlp.pipe_names == saved.pipe_names
    assert [m.value for m in Extractor(nlp)(USER_TEXTS[1]).money] == [50000]
    with pytest.raises(UsageError, match="add pattern files to it before saving"):
        load(model=tmp_path / "pipeline", extra_patterns=[tmp_path / "more.jsonl"])


def test_each_pattern_component_saves_its_lexicon_as_plain_jsonl(tmp_path: Path) -> None:
    load().to_disk(tmp_path)
    for name in ("fin_money", "fin_percent", "fin_company", "fin_metric", "fin_facts"):
        lines = (tmp_path / name / PATTERNS_FILE).read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines]
        assert rows[0]["type"] == "saved_lexicon"
        assert "metrics.jsonl" in rows[0]["files"]
        assert len(rows) > 1000


def test_to_bytes_carries_the_patterns(tmp_path: Path) -> None:
    user_file = tmp_path / "mine.jsonl"
    user_file.write_text(json.dumps(USER_ROWS[1]) + "\n", encoding="utf-8")
    source = spacy.blank("en")
    source.add_pipe("fin_money", config={"extra_patterns": [str(user_file)]})
    target = spacy.blank("en")
    target.add_pipe("fin_money")
    text = "It paid 5 wan yuan."
    assert [m.text for m in target(text)._.fin_money] == []
    saved = source.get_pipe("fin_money")
    loaded = target.get_pipe("fin_money")
    assert isinstance(saved, MoneyComponent) and isinstance(loaded, MoneyComponent)
    loaded.from_bytes(saved.to_bytes())
    assert [m.value for m in target(text)._.fin_money] == [50000]


def test_a_missing_pattern_file_fails_when_the_pipeline_is_built(tmp_path: Path) -> None:
    with pytest.raises(MissingPatternFileError, match=r"missing\.jsonl: no such pattern file"):
        load(extra_patterns=[tmp_path / "missing.jsonl"])


def test_a_component_without_its_pattern_file_fails_when_run(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("fin_money", config={"extra_patterns": [str(tmp_path / "missing.jsonl")]})
    with pytest.raises(MissingPatternFileError, match=r"missing\.jsonl"):
        nlp("costs $5")


def test_from_disk_without_saved_patterns_names_the_file(tmp_path: Path) -> None:
    nlp = spacy.blank("en")
    money = nlp.add_pipe("fin_money")
    assert isinstance(money, MoneyComponent)
    with pytest.raises(PatternFileError, match=PATTERNS_FILE):
        money.from_disk(tmp_path)
