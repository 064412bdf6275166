"""The pipeline as a spaCy config: printed, edited by a user, loaded back."""

from __future__ import annotations

import json
import os
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


def test_a_metric_file_named_once_is_seen_by_every_component(tmp_path: Path) -> None:
    # the README's advice, as a user follows it: the file only under [components.fin_metric]
    (tmp_path / "saas.jsonl").write_text(json.dumps(ARR) + "\n", encoding="utf-8")
    printed = default_config().to_str()
    section = printed.index("[components.fin_metric]")
    edited = printed[:section] + printed[section:].replace(
        "extra_patterns = []", 'extra_patterns = ["saas.jsonl"]', 1
    )
    assert edited.count("saas.jsonl") == 1
    path = tmp_path / "config.cfg"
    path.write_text(edited, encoding="utf-8")
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)  # a relative file name, as in the README
        record = Extractor(config=path)(TEXT)
    finally:
        os.chdir(cwd)
    assert [(f.metric, f.value.text if f.value else None) for f in record.facts] == [
        ("annual_recurring_revenue", "$410 million")
    ]


def test_a_file_that_hides_a_found_metric_from_fin_facts_is_a_clear_error(
    tmp_path: Path,
) -> None:
    saas, hide = tmp_path / "saas.jsonl", tmp_path / "hide.jsonl"
    saas.write_text(json.dumps(ARR) + "\n", encoding="utf-8")
    hide.write_text(json.dumps({**ARR, "disabled": True}) + "\n", encoding="utf-8")
    config = default_config()
    config["components"]["fin_metric"]["extra_patterns"] = [str(saas)]
    config["components"]["fin_facts"]["extra_patterns"] = [str(hide)]
    with pytest.raises(ExtractorError) as error:
        load(config=_write(config, tmp_path / "config.cfg"))
    message = str(error.value)
    assert "annual_recurring_revenue" in message
    assert str(saas) in message and str(hide) in message


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
