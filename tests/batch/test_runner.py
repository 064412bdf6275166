"""The batch run as a library call: summary, progress events, counting, duplicate ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import CORPORA

from extractor import OutputExistsError, UsageError
from extractor.batch import BatchConfig, batch
from extractor.batch.runner import Progress
from extractor.records import DocumentRecord


class Recorder(Progress):
    """A progress sink that remembers what it was told."""

    wants_total = True

    def __init__(self) -> None:
        self.total: int | None = -1
        self.advanced = 0
        self.stopped = False

    def start(self, total: int | None) -> None:
        self.total = total

    def advance(self, documents: int) -> None:
        self.advanced += documents

    def stop(self) -> None:
        self.stopped = True


def _feed(path: Path, ids: list[str]) -> None:
    lines = [
        json.dumps({"id": i, "text": f"Sales of {i} rose 5% to $1{n} million."})
        for n, i in enumerate(ids)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_batch_from_the_library_counts_and_reports(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, ["a", "b", "a", "c"])  # "a" twice: the second is a failure
    folder = CORPORA / "samples"
    progress = Recorder()
    output = tmp_path / "out.jsonl"

    summary = batch([str(feed), str(folder)], str(output), progress=progress)

    assert progress.total == 4 + 5
    assert progress.advanced == 9 and progress.stopped
    assert (summary.documents, summary.errors, summary.skipped) == (3 + 5, 1, 0)
    assert summary.facts > 5
    records = [DocumentRecord.model_validate_json(x) for x in output.read_text().splitlines()]
    assert [r.id for r in records[:3]] == ["a", "b", "c"]
    (failure,) = [json.loads(x) for x in Path(f"{output}.errors.jsonl").read_text().splitlines()]
    assert (failure["error"], failure["line"], failure["id"]) == ("DuplicateId", 3, "a")
    assert summary.to_dict()["documents"] == 8
    assert "8 documents" in summary.to_text()


def test_batch_refuses_an_existing_output_and_resumes(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, ["a", "b"])
    output = str(tmp_path / "out.db")
    assert batch([str(feed)], output).documents == 2
    with pytest.raises(OutputExistsError):
        batch([str(feed)], output)
    _feed(feed, ["a", "b", "c"])
    again = batch([str(feed)], output, resume=True)
    assert (again.documents, again.skipped) == (1, 2)
    with pytest.raises(UsageError):
        batch([str(feed)], output, resume=True, force=True)


def test_no_errors_file_when_nothing_failed(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    _feed(feed, ["a"])
    output = tmp_path / "out.jsonl"
    stale = Path(f"{output}.errors.jsonl")
    stale.write_text('{"path": "old"}\n', encoding="utf-8")
    batch([str(feed)], str(output), force=True, config=BatchConfig(chunk_size=1))
    assert not stale.exists()
