"""`extractor batch --engine dask` from the command line, with the LocalCluster it starts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyarrow.dataset as ds
import pytest
from helpers import CORPORA

SAMPLES = CORPORA / "samples"


def _extractor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "extractor", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=300)


def test_batch_on_a_local_cluster_writes_parquet_partitions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["batch", str(SAMPLES), "-o", str(out), "--engine", "dask", "--workers", "1"]
    done = _extractor(*args, "--no-progress", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    texts = sorted(path.name for path in SAMPLES.glob("*.txt"))
    assert f"{len(texts)} documents" in done.stderr
    table = ds.dataset(out, format="parquet").to_table()
    assert sorted(table.column("id").to_pylist()) == texts
    manifest = json.loads((out / "_SUCCESS").read_text(encoding="utf-8"))
    assert manifest["documents"] == len(texts)

    again = _extractor(*args, cwd=tmp_path)
    assert again.returncode == 2
    assert "--resume" in again.stderr


@pytest.mark.parametrize(
    "output", ["-", "postgresql://etl:s3cret@127.0.0.1:1/news"], ids=["stdout", "database"]
)
def test_the_dask_engine_writes_a_folder_only(tmp_path: Path, output: str) -> None:
    done = _extractor("batch", str(SAMPLES), "-o", output, "--engine", "dask", cwd=tmp_path)
    assert done.returncode == 2
    assert "the Dask engine writes a folder" in done.stderr
    assert "s3cret" not in done.stderr
    assert list(tmp_path.iterdir()) == []
