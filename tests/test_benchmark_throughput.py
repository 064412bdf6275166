"""benchmarks/throughput.py runs and writes its figures (a smoke test, not a speed test: the
figures themselves are the benchmark's to print)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

SCRIPT = ROOT / "benchmarks" / "throughput.py"
CORPUS = ROOT / "corpora" / "samples.gold.jsonl"


def _run(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--corpus", str(CORPUS), "--limit", "3", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=600,
    )
    return done.stdout


def test_the_figures_are_written_as_json_and_as_a_table(tmp_path: Path) -> None:
    out = tmp_path / "throughput.json"
    table = _run("--no-sm", "--json", str(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    words = sum(
        len(json.loads(line)["text"].split())
        for line in CORPUS.read_text(encoding="utf-8").splitlines()[:3]
    )
    assert result["documents"] == 3 and result["words"] == words
    assert set(result["systems"]) == {"tokenizer", "pipeline"}
    pipeline, tokenizer = result["systems"]["pipeline"], result["systems"]["tokenizer"]
    assert pipeline["cpu_seconds"] > 0 and pipeline["peak_rss_mb"] > 0
    ratio = pipeline["words_per_cpu_second"] / tokenizer["words_per_cpu_second"]
    assert abs(result["ratios"]["pipeline_to_tokenizer"] - ratio) < 0.001
    assert set(result["met"]) == {"pipeline_to_tokenizer", "peak_rss_mb"}
    assert "pipeline / tokenizer" in table and "peak memory" in table


def test_the_profile_gives_every_stage_that_pipe_runs() -> None:
    lines = _run("--profile").splitlines()
    stages = [line.split()[0] for line in lines[1:]]
    assert stages[:2] == ["make_doc", "fin_money"] and "records" in stages
    assert "fin_ents" not in stages  # Extractor.pipe leaves it out
