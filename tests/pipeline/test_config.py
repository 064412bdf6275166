"""The pipeline as a spaCy config: printed, edited by a user, loaded back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from thinc.api import Config

from extractor import Extractor, ExtractorError, PatternFileError, UsageError, load
from extractor.pipeline import COMPONENTS, default_config

TEXT = "Snowline's ARR rose 30% to $410 million."
ARR = {
    "id": "metric.arr",
    "type": "metric",
    "name": "annual_recurring_revenue",
    "family": "arr",
    "unit": "money",
    "surfaces": ["ARR"],
}


def _write(config: Config, path: Path) -> Path:
    path.write_text(config.to_str(), encoding="utf-8")
    return path


def test_default_config_loads_the_same_pipeline(tmp_path: Path) -> None:
    config = default_config()
    assert list(config["nlp"]["pipeline"]) == list(COMPONENTS)
    nlp = load(config=_write(config, tmp_path / "config.cfg"))
    assert nlp.pipe_names == list(COMPONENTS)
    assert Extractor(nlp=nlp)(TEXT).money == Extractor()(TEXT).money


def test_a_component_turned_off(tmp_path: Path) -> None:
    config = default_config()
    config["nlp"]["pipeline"] = [n for n in COMPONENTS if n != "fin_percent"]
    del config["components"]["fin_percent"]
    record = Extractor(config=_write(config, tmp_path / "config.cfg"))(TEXT)
    assert record.percentages == () and len(record.money) == 1


def test_pattern_files_added_in_the_config(tmp_path: Path) -> None:
    mine = tmp_path / "saas.jsonl"
    mine.write_text(json.dumps(ARR) + "\n", encoding="utf-8")
    config = default_config()
    for name in ("fin_metric", "fin_facts"):
        config["components"][name]["extra_patterns"] = [str(mine)]
    record = Extractor(config=_write(config, tmp_path / "config.cfg"))(TEXT)
    assert [f.metric for f in record.facts] == ["annual_recurring_revenue"]


def test_a_broken_pattern_file_names_the_file_and_line(tmp_path: Path) -> None:
    mine = tmp_path / "broken.jsonl"
    mine.write_text(json.dumps(ARR) + "\n{not json\n", encoding="utf-8")
    config = default_config()
    config["components"]["fin_metric"]["extra_patterns"] = [str(mine)]
    with pytest.raises(PatternFileError) as error:
        load(config=_write(config, tmp_path / "config.cfg"))
    assert str(error.value).startswith(f"{mine}:2: ")


def test_bad_configs_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(ExtractorError, match=r"missing\.cfg"):
        load(config=tmp_path / "missing.cfg")
    bad = tmp_path / "bad.cfg"
    bad.write_text('[nlp]\nlang = "en"\npipeline = ["fin_nothing"]\n', encoding="utf-8")
    with pytest.raises(ExtractorError, match=r"bad\.cfg"):
        load(config=bad)
    with pytest.raises(UsageError):
        load(config=bad, extra_patterns=["x.jsonl"])


def test_config_of_a_model_sources_its_components(tiny_model: Path, tmp_path: Path) -> None:
    config = default_config(model=tiny_model)
    assert config["components"]["ner"] == {"source": str(tiny_model)}
    nlp = load(config=_write(config, tmp_path / "config.cfg"))
    assert nlp.pipe_names == ["ner", *COMPONENTS]
    companies = Extractor(nlp=nlp)("Zentrix expanded into new markets last year.").companies
    assert [c.name for c in companies] == ["Zentrix"]
