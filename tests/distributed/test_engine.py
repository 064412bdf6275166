"""The Dask engine on a real LocalCluster of two worker processes: the same records as the
local engine, Parquet and JSONL, a worker killed mid-run, resume, bad inputs.

One cluster serves the module; ``run_dask`` is given its address, as ``--scheduler`` does.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import local_cluster
from helpers import CORPORA, SHARED

pytest.importorskip("distributed")
import dask
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from extractor.batch import BatchSummary, batch
from extractor.batch.runner import Progress
from extractor.distributed import run_dask
from extractor.distributed.partitions import plan_partitions
from extractor.errors import ExtractorError, OutputError, OutputExistsError, UsageError

REUTERS = SHARED / "corpora" / "reuters21578.jsonl"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 3
COMPANIES = ("Northwind Robotics Inc", "Harbourline Group PLC", "Kestrel Automation Corp")


def _story(number: int) -> str:
    company = COMPANIES[number % len(COMPANIES)]
    return (
        f"{company} said third-quarter revenue rose {number % 40 + 1}% to ${100 + number} "
        f"million, while net income was ${number % 90 + 5} million."
    )


def _news(path: Path, count: int) -> None:
    """``count`` news lines: Reuters-21578's first ones where ../shared has them, else ours."""
    if REUTERS.exists():
        with REUTERS.open(encoding="utf-8") as source:
            path.write_text("".join(next(source) for _ in range(count)), encoding="utf-8")
    else:
        rows = ({"id": f"story-{n}", "text": _story(n)} for n in range(count))
        path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with local_cluster() as (cluster, client):
        cluster.client = client
        yield cluster


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 news lines, the sample texts, and a file that repeats ids of the news."""
    folder = tmp_path_factory.mktemp("inputs")
    _news(folder / "news.jsonl", 300)
    shutil.copytree(CORPORA / "samples", folder / "samples")
    first = [json.loads(line) for line in (folder / "news.jsonl").read_text().splitlines()][:2]
    again = [*first, {"id": "repeat-new", "text": _story(7)}]
    (folder / "repeat.jsonl").write_text("".join(json.dumps(r) + "\n" for r in again))
    return folder


def _split(inputs: Path, ranges: int) -> int:
    """A partition size that cuts the news file into about ``ranges`` ranges, whether it holds
    Reuters stories or our shorter ones (the test may not depend on what ../shared holds)."""
    return (inputs / "news.jsonl").stat().st_size // ranges + 1


@pytest.fixture(scope="module")
def local(inputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The local engine's JSONL and Parquet outputs, and its errors, for ``inputs``."""
    out = tmp_path_factory.mktemp("local")
    for name in ("records.jsonl", "records.parquet"):
        batch([str(inputs)], str(out / name), errors_path=str(out / f"{name}.errors"))
    return {"jsonl": out / "records.jsonl", "parquet": out / "records.parquet"}


def _dask(inputs: Path, output: Path, cluster: Any, **options: Any) -> BatchSummary:
    if (inputs / "news.jsonl").exists():
        options.setdefault("split_bytes", _split(inputs, 6))
    return run_dask([str(inputs)], str(output), scheduler=cluster.scheduler_address, **options)


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _errors(path: Path) -> Counter[str]:
    return Counter(json.dumps(json.loads(line), sort_keys=True) for line in _lines(path))


def _jsonl_parts(folder: Path) -> list[str]:
    return [line for part in sorted(folder.glob("part-*.jsonl")) for line in _lines(part)]


def _ids(folder: Path) -> Counter[str]:
    return Counter(ds.dataset(folder, format="parquet").to_table(columns=["id"])["id"].to_pylist())


def test_parquet_output_reads_as_the_local_engines_table(
    inputs: Path, local: dict[str, Path], cluster: Any, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    summary = _dask(inputs, output, cluster)
    table = ds.dataset(output, format="parquet").to_table().sort_by("id")
    expected = pq.read_table(local["parquet"]).sort_by("id")
    assert table.num_rows == summary.documents == 306  # the two repeated ids are dropped
    assert table.equals(expected)
    planned, _ = plan_partitions([str(inputs)], split_bytes=_split(inputs, 6))
    news = [p for p in planned if p.name == "news.jsonl"]
    assert len(news) == 6  # the news file was cut in ranges ...
    assert len(list(output.glob("part-*.parquet"))) == len(planned)  # ... a file each
    assert _errors(output / "_errors.jsonl") == _errors(Path(f"{local['parquet']}.errors"))
    assert {e["error"] for e in map(json.loads, _lines(output / "_errors.jsonl"))} == {
        "DuplicateId"
    }
    manifest = json.loads((output / "_SUCCESS").read_text())
    assert manifest["documents"] == 306 and manifest["engine"] == "dask"
    assert summary.errors == manifest["errors"] == 2


def test_jsonl_output_has_the_local_engines_lines(
    inputs: Path, local: dict[str, Path], cluster: Any, tmp_path: Path
) -> None:
    output = tmp_path / "out.jsonl"  # the name chooses JSONL partitions
    _dask(inputs, output, cluster)
    assert Counter(_jsonl_parts(output)) == Counter(_lines(local["jsonl"]))
    assert _errors(output / "_errors.jsonl") == _errors(Path(f"{local['jsonl']}.errors"))


class KillAWorker(Progress):
    """Kills a worker process that is running a partition, with SIGKILL, as soon as the
    first partition is done."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.killed: int | None = None
        self.running: list[str] = []

    def advance(self, documents: int) -> None:
        if self.killed is not None:
            return
        busy = {w: keys for w, keys in self.client.processing().items() if keys}
        if not busy:  # between two tasks: try again when the next partition is done
            return
        worker, self.running = next(iter(busy.items()))
        self.killed = self.client.run(os.getpid, workers=[worker])[worker]
        os.kill(self.killed, signal.SIGKILL)


def test_a_worker_killed_mid_run_loses_and_repeats_nothing(
    inputs: Path, local: dict[str, Path], cluster: Any, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    killer = KillAWorker(cluster.client)
    try:
        _dask(inputs, output, cluster, split_bytes=_split(inputs, 20), progress=killer)
    except OutputError:  # the scheduler gave up on a partition: a resumed run does it
        _dask(inputs, output, cluster, split_bytes=_split(inputs, 20), resume=True)
    assert killer.killed is not None and killer.running[0].startswith("extract-part-")
    assert killer.killed not in cluster.client.run(os.getpid).values()  # it was restarted
    expected = pq.read_table(local["parquet"])
    assert _ids(output) == Counter(expected["id"].to_pylist())  # every document exactly once
    assert (
        ds.dataset(output, format="parquet").to_table().sort_by("id").equals(expected.sort_by("id"))
    )
    assert (output / "_SUCCESS").exists()
    assert not list(output.rglob(".*.tmp"))  # what the dead attempt left is gone


def test_resume_skips_complete_partitions_and_cleans_up(
    inputs: Path, cluster: Any, tmp_path: Path
) -> None:
    output = tmp_path / "out"
    first = _dask(inputs, output, cluster)
    with pytest.raises(OutputExistsError, match="--resume"):
        _dask(inputs, output, cluster)

    redo = output / "part-00002.parquet"
    lost = pq.read_metadata(redo).num_rows
    redo.unlink()  # as if its worker died before committing it
    leftovers = [output / ".part-00002.parquet.0badc0ffee00.tmp", output / "_partitions/.x.tmp"]
    for leftover in leftovers:
        leftover.write_bytes(b"half a file")
    (output / "_SUCCESS").unlink()

    resumed = _dask(inputs, output, cluster, resume=True)
    assert (resumed.documents, resumed.skipped) == (lost, first.documents - lost)
    assert not any(leftover.exists() for leftover in leftovers)
    assert set(_ids(output).values()) == {1} and sum(_ids(output).values()) == first.documents
    assert (output / "_SUCCESS").exists()

    again = _dask(inputs, output, cluster, resume=True)
    assert (again.documents, again.skipped) == (0, first.documents)
    assert again.errors == first.errors  # the failures of the output, listed again
    forced = _dask(inputs, output, cluster, force=True)
    assert (forced.documents, forced.skipped) == (first.documents, 0)

    with pytest.raises(UsageError, match="planned from other inputs"):
        _dask(inputs / "samples", output, cluster, resume=True)


class BreakTheOutput(Progress):
    """Makes every partition fail to commit: its meta folder becomes a file."""

    def __init__(self, output: Path) -> None:
        self.meta = output / "_partitions"

    def start(self, total: int | None) -> None:
        self.meta.rmdir()
        self.meta.write_text("in the way")


def test_partitions_that_fail_for_good_are_listed_and_resumed(cluster: Any, tmp_path: Path) -> None:
    output = tmp_path / "out"
    samples = CORPORA / "samples"
    with pytest.raises(OutputError, match=r"5 of 5 partitions failed .* --resume"):
        _dask(samples, output, cluster, progress=BreakTheOutput(output))
    failures = [json.loads(line) for line in _lines(output / "_errors.jsonl")]
    assert sorted(f["partition"] for f in failures) == [f"part-0000{n}" for n in range(5)]
    assert {f["error"] for f in failures} == {"NotADirectoryError"}  # raised 1 + RETRIES times
    assert not (output / "_SUCCESS").exists()
    (output / "_partitions").unlink()
    (output / "_partitions").mkdir()
    resumed = _dask(samples, output, cluster, resume=True)
    assert resumed.documents == 5 and resumed.errors == 0
    assert not (output / "_errors.jsonl").exists()
    assert (output / "_SUCCESS").exists() and not list(output.rglob(".*.tmp"))


def test_bad_files_are_failures_and_the_run_completes(cluster: Any, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "chart.txt").write_bytes(PNG)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "bad-bom.txt").write_bytes(b"\xef\xbb\xbfcaf\xe9 au lait")
    (inputs / "good.txt").write_text(_story(1), encoding="utf-8")
    rows = [json.dumps({"id": f"n{n}", "text": _story(n)}) for n in range(40)]
    rows[5] = '{"id": "cut", "text": "Acme'
    rows[9] = "[1, 2, 3]"
    rows[20] = '{"id": "n20", "text": ""}'
    (inputs / "feed.jsonl").write_bytes(
        "\n".join(rows).encode() + b'\n{"id": "x", "text": "caf\xe9"}\n'
    )
    (inputs / "image.jsonl").write_bytes(PNG)
    output = tmp_path / "out"
    summary = _dask(inputs, output, cluster, split_bytes=1_000)
    reference = tmp_path / "local.jsonl"
    batch([str(inputs)], str(reference), errors_path=str(tmp_path / "local.errors"))
    found = _errors(output / "_errors.jsonl")
    assert found == _errors(tmp_path / "local.errors")
    assert {json.loads(e)["error"] for e in found} == {
        "BinaryInput",
        "EmptyInput",
        "UndecodableInput",
        "JSONDecodeError",
        "InvalidRecord",
        "UnicodeDecodeError",
    }
    assert summary.errors == sum(found.values()) == 8
    assert summary.documents == len(_lines(reference)) == 38
    assert (output / "_SUCCESS").exists()


def test_an_unreachable_scheduler_is_named(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port where nothing listens
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    with (
        dask.config.set({"distributed.comm.timeouts.connect": "1s"}),
        pytest.raises(ExtractorError, match=f"cannot reach the Dask scheduler at {address}"),
    ):
        run_dask([str(CORPORA / "samples")], str(tmp_path / "out"), scheduler=address)
    assert not (tmp_path / "out").exists()


def test_bad_options_are_refused_before_any_work(cluster: Any, tmp_path: Path) -> None:
    samples = [str(CORPORA / "samples")]
    with pytest.raises(UsageError, match="exclude each other"):
        run_dask(samples, str(tmp_path / "a"), resume=True, force=True)
    with pytest.raises(UsageError, match="writes a folder"):
        run_dask(samples, "-")
    with pytest.raises(UsageError, match="parquet or jsonl"):
        run_dask(samples, str(tmp_path / "a"), output_format="csv")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("not ours")
    with pytest.raises(OutputError, match="not an output folder of the Dask engine"):
        _dask(CORPORA / "samples", tmp_path / "mine", cluster, force=True)
    assert (tmp_path / "mine" / "notes.txt").exists()


def test_without_dask_the_message_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed fails
    with pytest.raises(UsageError, match=r"pip install 'finnews-extractor\[dask\]'"):
        run_dask([str(CORPORA / "samples")], str(tmp_path / "out"))
