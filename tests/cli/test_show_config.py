"""`extractor show`, `extractor config` and `--config` on the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPORA
from thinc.api import Config
from typer.testing import CliRunner

from extractor.cli import app
from extractor.pipeline import COMPONENTS

runner = CliRunner()
SAMPLE = CORPORA / "samples" / "northwind-q3-2025.txt"
TEXT = "Acme Corp said revenue rose 12% to $1.2bn in the third quarter."


def _config_without(tmp_path: Path, component: str) -> Path:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    config = Config().from_str(result.stdout)
    config["nlp"]["pipeline"] = [n for n in config["nlp"]["pipeline"] if n != component]
    del config["components"][component]
    path = tmp_path / "config.cfg"
    config.to_disk(path)
    return path


def test_config_prints_the_pipeline() -> None:
    result = runner.invoke(app, ["config"])
    assert result.exit_code == 0, result.output
    config = Config().from_str(result.stdout)
    assert config["nlp"]["pipeline"] == list(COMPONENTS)
    assert config["components"]["fin_money"]["factory"] == "fin_money"


def test_config_with_a_component_turned_off(tmp_path: Path) -> None:
    article = tmp_path / "acme.txt"
    article.write_text(TEXT, encoding="utf-8")
    full = json.loads(runner.invoke(app, ["extract", str(article)]).stdout)
    assert [p["text"] for p in full["percentages"]] == ["12%"]

    config = _config_without(tmp_path, "fin_percent")
    result = runner.invoke(app, ["extract", str(article), "--config", str(config)])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["percentages"] == []
    assert [m["text"] for m in record["money"]] == ["$1.2bn"]
    assert [f["metric"] for f in record["facts"]] == ["revenue"]


def test_batch_takes_the_config_to_its_workers(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(3):
        (folder / f"a{n}.txt").write_text(TEXT, encoding="utf-8")
    config = _config_without(tmp_path, "fin_percent")
    out = tmp_path / "out.jsonl"
    args = ["batch", str(folder), "-o", str(out), "--workers", "2", "--config", str(config)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 3
    assert all(r["percentages"] == [] and len(r["money"]) == 1 for r in records)


def test_a_broken_config_names_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "broken.cfg"
    broken.write_text('[nlp]\nlang = "en"\npipeline = ["fin_money"\n', encoding="utf-8")
    result = runner.invoke(app, ["extract", str(SAMPLE), "--config", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}: not a valid pipeline config" in result.stderr


def test_a_broken_pattern_file_in_the_config_names_file_and_line(tmp_path: Path) -> None:
    patterns = tmp_path / "mine.jsonl"
    good: dict[str, object] = {
        "id": "metric.orders",
        "type": "metric",
        "name": "orders",
        "family": "orders",
    }
    good |= {"unit": "number", "surfaces": ["orders"]}
    patterns.write_text(json.dumps(good) + '\n{"id": \n', "utf-8")
    result = runner.invoke(app, ["config", "--patterns", str(patterns)])
    assert result.exit_code == 2
    assert f"{patterns}:2:" in result.stderr


def test_config_excludes_model_and_patterns(tmp_path: Path) -> None:
    config = _config_without(tmp_path, "fin_percent")
    result = runner.invoke(app, ["extract", str(SAMPLE), "--config", str(config), "--model", "x"])
    assert result.exit_code == 2
    assert "--config describes the whole pipeline" in result.stderr


def test_show_writes_a_page_for_one_file(tmp_path: Path) -> None:
    page = tmp_path / "northwind.html"
    result = runner.invoke(app, ["show", str(SAMPLE), "-o", str(page)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    html = page.read_text(encoding="utf-8")
    assert 'data-label="MONEY"' in html
    assert "$1.42 billion" in html
    assert "<table" in html


def test_show_writes_an_index_for_a_folder(tmp_path: Path) -> None:
    report = tmp_path / "report"
    result = runner.invoke(app, ["show", str(CORPORA / "samples"), "-o", str(report)])
    assert result.exit_code == 0, result.output
    pages = sorted((report / "docs").glob("*.html"))
    assert len(pages) == len(list((CORPORA / "samples").glob("*.txt")))
    index = (report / "index.html").read_text(encoding="utf-8")
    assert all(f'href="docs/{p.name}"' in index for p in pages)
    assert "<svg" in index


def test_show_a_missing_file_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["show", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x")])
    assert result.exit_code == 2
    assert result.stderr == f"extractor: error: {tmp_path / 'nope.txt'}: no such file or folder\n"
    assert list(tmp_path.iterdir()) == []


def test_show_writes_the_page_named_for_one_input(tmp_path: Path) -> None:
    page = tmp_path / "report.html"
    assert runner.invoke(app, ["show", str(SAMPLE), "-o", str(page)]).exit_code == 0
    assert page.is_file()
    again = runner.invoke(app, ["show", str(SAMPLE), "-o", str(page)])
    assert (again.exit_code, again.stderr) == (
        2,
        f"extractor: error: {page} exists; use --force to write over it\n",
    )
    assert runner.invoke(app, ["show", str(SAMPLE), "-o", str(page), "--force"]).exit_code == 0


@pytest.mark.parametrize(
    "inputs",
    [[str(SAMPLE), str(CORPORA / "samples" / "fed-holds-rates.txt")], [str(CORPORA / "samples")]],
    ids=["two files", "a folder"],
)
def test_show_of_many_documents_needs_a_folder(tmp_path: Path, inputs: list[str]) -> None:
    page = tmp_path / "report.html"
    result = runner.invoke(app, ["show", *inputs, "-o", str(page)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"extractor: error: -o {page}: a report of ")
    assert "is a folder (index.html and a page per document); give a folder name" in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not page.exists()


def test_show_refuses_to_write_over_a_report(tmp_path: Path) -> None:
    report = tmp_path / "report"
    assert runner.invoke(app, ["show", str(CORPORA / "samples"), "-o", str(report)]).exit_code == 0
    again = runner.invoke(app, ["show", str(CORPORA / "samples"), "-o", str(report)])
    assert again.exit_code == 2
    assert "holds a report already; use --force to write over it" in again.stderr
    forced = runner.invoke(app, ["show", str(CORPORA / "samples"), "-o", str(report), "--force"])
    assert forced.exit_code == 0


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--engine", "spark"], "--engine is local or dask"),
        (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask"),
    ],
)
def test_batch_engine_options_are_checked(tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["batch", str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), *options])
    assert result.exit_code == 2
    assert message in result.stderr


def test_db_commands_are_mounted() -> None:
    result = runner.invoke(app, ["db", "init", "--help"])
    assert result.exit_code == 0
    assert "postgresql://" in result.stdout
