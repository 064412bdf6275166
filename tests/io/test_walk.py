"""The inputs walked once (extractor.io.Inputs): what is missing, what is empty, the count for
the progress bar, and the reading all come from one walk."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from extractor.batch import BatchConfig, batch
from extractor.batch.runner import Progress
from extractor.errors import UsageError
from extractor.io import Failure, InputFile, Inputs, ReadOptions, StandardInput


def count_documents(inputs: list[str], options: ReadOptions | None = None) -> int | None:
    return Inputs.scan(inputs, options).count_documents()


def _feed(path: Path, ids: list[str]) -> None:
    lines = [
        json.dumps({"id": i, "text": f"Sales of {i} rose 5% to $1{n} million."})
        for n, i in enumerate(ids)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_count_documents(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Revenue rose.", encoding="utf-8")
    (tmp_path / "b.md").write_text("Profit fell.", encoding="utf-8")
    (tmp_path / "skip.pdf").write_bytes(b"%PDF")
    _feed(tmp_path / "c.jsonl", ["x", "y", "z"])
    (tmp_path / "d.jsonl.gz").write_bytes(gzip.compress(b'{"text": "t"}\n{"text": "u"}\n'))
    (tmp_path / "e.csv").write_text("id,text\n1,Sales rose.\n2,Sales fell.\n", encoding="utf-8")
    assert count_documents([str(tmp_path)]) == 2 + 3 + 2 + 2
    assert count_documents([str(tmp_path)], ReadOptions(include=("*.txt",))) == 1
    assert count_documents(["-"]) is None
    (tmp_path / "f.warc").write_bytes(b"")
    assert count_documents([str(tmp_path)]) is None


def test_the_walk_lists_files_failures_and_stdin_in_reading_order(tmp_path: Path) -> None:
    (tmp_path / "news" / "b").mkdir(parents=True)
    (tmp_path / "news" / "b" / "z.txt").write_text("Revenue rose.", encoding="utf-8")
    (tmp_path / "news" / "a.jsonl").write_text('{"text": "Profit fell."}\n', encoding="utf-8")
    (tmp_path / "news" / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / "empty").mkdir()
    missing = str(tmp_path / "missing.txt")
    found = Inputs.scan([str(tmp_path / "news"), "-", missing, str(tmp_path / "empty")])
    kinds = [type(entry).__name__ for entry in found.entries]
    assert kinds == ["InputFile", "InputFile", "StandardInput", "Failure"]
    first, second = found.files
    assert (first.name, first.format, second.name, second.format) == (
        "a.jsonl",
        "jsonl",
        "b/z.txt",
        "text",
    )
    assert isinstance(found.entries[2], StandardInput) and found.reads_stdin
    failure = found.entries[3]
    assert isinstance(failure, Failure) and failure.path == missing
    assert found.empty == [
        f"{tmp_path / 'empty'}: no file to read in it (read: "
        + ", ".join(
            sorted(
                {".csv", ".csv.gz", ".htm", ".html", ".jsonl", ".jsonl.gz", ".markdown", ".md"}
                | {".ndjson", ".ndjson.gz", ".text", ".txt", ".warc", ".warc.gz"}
            )
        )
        + ")"
    ]
    with pytest.raises(UsageError, match=r"missing\.txt: no such file or folder"):
        found.check()


class Counted(Progress):
    """A progress that asks for the total, as the progress bar on a terminal does."""

    wants_total = True

    def __init__(self) -> None:
        self.total: int | None = None

    def start(self, total: int | None) -> None:
        self.total = total


def test_a_batch_walks_its_inputs_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "news"
    for folder in ("2024", "2024/jan", "2025"):
        (root / folder).mkdir(parents=True)
        (root / folder / "a.txt").write_text("Acme Corp revenue rose 5% to $3m.", "utf-8")
    _feed(root / "feed.jsonl", ["x", "y"])
    listed: list[str] = []
    real = os.scandir

    def scandir(path: str | os.PathLike[str] | int) -> object:
        if not isinstance(path, int) and Path(path).is_relative_to(root):  # not the output
            listed.append(os.path.relpath(path, root))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    progress = Counted()
    output = tmp_path / "out.jsonl"
    summary = batch([str(root)], str(output), config=BatchConfig(workers=1), progress=progress)
    assert (summary.documents, progress.total) == (5, 5)
    assert sorted(listed) == [".", "2024", "2024/jan", "2025"]  # each folder once


def test_a_file_given_is_listed_with_its_format_and_location(tmp_path: Path) -> None:
    feed = tmp_path / "feed.ndjson.gz"
    feed.write_bytes(gzip.compress(b'{"text": "Sales rose 5%."}\n'))
    (file,) = Inputs.scan([str(feed)]).entries
    size = feed.stat().st_size
    assert file == InputFile(str(feed), str(feed), "jsonl", str(feed.absolute()), size)
