"""``extractor batch`` end to end, in subprocesses: kills and resumes, hostile inputs, formats."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from helpers import CORPORA

from extractor.records import DocumentRecord

COMPANIES = ("Northwind Robotics Inc", "Harbourline Group PLC", "Kestrel Automation Corp")
QUARTERS = ("first", "second", "third", "fourth")


def _article(number: int) -> str:
    """A short earnings story of our own, different for every number."""
    company = COMPANIES[number % len(COMPANIES)]
    quarter = QUARTERS[number % 4]
    return (
        f"{company} said on Tuesday that {quarter}-quarter revenue rose {number % 40 + 1}% to "
        f"${100 + number} million, while net income was ${number % 90 + 5} million. "
        f"The company expects full-year sales of between ${number + 900} million and "
        f"${number + 950} million."
    )


def _corpus(path: Path, count: int) -> list[str]:
    ids = [f"story-{n:04d}" for n in range(count)]
    with path.open("w", encoding="utf-8") as handle:
        for n, doc_id in enumerate(ids):
            handle.write(json.dumps({"id": doc_id, "text": _article(n), "desk": "markets"}) + "\n")
    return ids


def _batch(*args: str, **kwargs: object) -> subprocess.Popen[str]:
    process: subprocess.Popen[str] = subprocess.Popen(
        [sys.executable, "-m", "extractor", "batch", "--no-progress", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        **kwargs,  # type: ignore[call-overload]
    )
    return process


def _run(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*prefix, sys.executable, "-m", "extractor", "batch", "--no-progress", *args],
        capture_output=True,
        text=True,
        timeout=600,
    )


def _committed_chunks(output: Path) -> int:
    """The chunks committed so far: the parts of the output (extractor.sinks.parts)."""
    return len(list(output.with_name(output.name + ".parts").glob("part-*")))


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_sigkill_at_several_points_then_resume_gives_each_id_once(
    tmp_path: Path, workers: str
) -> None:
    source = tmp_path / "stories.jsonl"
    ids = _corpus(source, 240)
    output = tmp_path / "out.jsonl"
    args = (str(source), "-o", str(output), "--chunk-size", "8", "--workers", workers)
    kills = 0
    for target in (1, 6, 14):  # chunks committed before the kill
        process = _batch(*args, "--resume")
        deadline = time.monotonic() + 120
        while _committed_chunks(output) < target and process.poll() is None:
            assert time.monotonic() < deadline, "the batch made no progress"
            time.sleep(0.01)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            kills += 1
        process.communicate()  # waits, and closes its pipes
    assert kills >= 2, "the batch ended before it could be killed"
    assert not output.exists(), "a killed run must not leave a final output"
    finished = _run(*args, "--resume")
    assert finished.returncode == 0, finished.stderr

    lines = output.read_text(encoding="utf-8").splitlines()
    records = [DocumentRecord.model_validate_json(line) for line in lines]
    counts = Counter(r.id for r in records)
    assert set(counts) == set(ids)
    assert max(counts.values()) == 1
    assert records[0].source is not None and records[0].source.meta == {"desk": "markets"}
    assert "240 documents" not in finished.stderr  # the resumed run did only the rest
    assert "already done, skipped" in finished.stderr


def _hostile_folder(folder: Path) -> list[str]:
    """Bad inputs beside good ones; returns the ids of some good documents."""
    folder.mkdir()
    for sample in sorted((CORPORA / "samples").glob("*.txt")):
        shutil.copy(sample, folder / sample.name)
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cp1252.txt").write_bytes(
        "Café group Brasserie Lumière SA said sales rose 4% to €12 million.".encode("cp1252")
    )
    (folder / "utf16.txt").write_bytes(
        "Kestrel Automation Corp said revenue fell 3% to $960 million.".encode("utf-16")
    )
    with (folder / "huge.txt").open("w", encoding="utf-8") as handle:
        line = "Revenue rose 5% to $10 million in the quarter. " * 20 + "\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    (folder / "feed.jsonl").write_text(
        json.dumps({"id": "feed-1", "text": "Net income rose 8% to $5 million."})
        + "\n{this line is broken\n"
        + json.dumps({"id": "feed-2", "text": "Sales fell 2% to $7 million."})
        + "\n",
        encoding="utf-8",
    )
    (folder / "nav.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    whole = gzip.compress(
        "".join(
            json.dumps({"id": f"gz-{n}", "text": _article(n) * 30}) + "\n" for n in range(50)
        ).encode("utf-8")
    )
    (folder / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    locked = folder / "locked.txt"
    locked.write_text("Sales rose 1% to $2 million.", encoding="utf-8")
    locked.chmod(0)
    (folder / "loop-a.txt").symlink_to(folder / "loop-b.txt")
    (folder / "loop-b.txt").symlink_to(folder / "loop-a.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    return ["northwind-q3-2025.txt", "cp1252.txt", "utf16.txt", "feed-1", "feed-2"]


def _without_read_override() -> tuple[str, ...]:
    """Root reads any file whatever its mode: drop that power, so that mode 000 denies."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.fail("running as root needs setpriv (util-linux) to test unreadable files")
    caps = "-dac_override,-dac_read_search"
    return (setpriv, "--inh-caps", caps, "--bounding-set", caps)


@pytest.mark.slow
def test_hostile_folder_gives_one_error_each_and_keeps_the_good(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    good = _hostile_folder(folder)
    output = tmp_path / "out.jsonl"
    result = _run(str(folder), "-o", str(output), prefix=_without_read_override())
    assert result.returncode == 1, result.stderr

    records = {
        r.id: r
        for r in map(DocumentRecord.model_validate_json, output.read_text("utf-8").splitlines())
    }
    for doc_id in good:
        assert doc_id in records, f"{doc_id} was not processed"
        assert records[doc_id].source is not None
    assert any(c.name == "Kestrel Automation" for c in records["utf16.txt"].companies)
    assert [m.currency for m in records["cp1252.txt"].money] == ["EUR"]
    assert len([i for i in records if i.startswith("gz-")]) >= 1  # lines before the cut

    errors = [
        json.loads(line)
        for line in Path(f"{output}.errors.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_file = Counter(Path(e["path"]).name for e in errors)
    expected = {
        "binary.txt",
        "empty.txt",
        "huge.txt",
        "feed.jsonl",
        "nav.html",
        "cut.jsonl.gz",
        "locked.txt",
        "loop-a.txt",
        "loop-b.txt",
        "up",
    }
    assert set(by_file) == expected, errors
    assert all(count == 1 for count in by_file.values()), errors
    for entry in errors:
        assert entry["reason"] and entry["error"]
    broken = next(e for e in errors if Path(e["path"]).name == "feed.jsonl")
    assert broken["line"] == 2
    locked = next(e for e in errors if Path(e["path"]).name == "locked.txt")
    assert locked["error"] == "PermissionError"
    assert "10 errors" in result.stderr


def test_folder_to_sqlite_opens_in_the_sqlite3_tool(tmp_path: Path) -> None:
    database = tmp_path / "news.db"
    result = _run(str(CORPORA / "samples"), "-o", str(database))
    assert result.returncode == 0, result.stderr
    assert "5 documents" in result.stderr
    with sqlite3.connect(database) as db:
        articles = {row[0] for row in db.execute("SELECT id FROM articles")}
        revenue = db.execute(
            "SELECT company, value, currency, period_label FROM facts "
            "WHERE metric = 'revenue' AND company = 'Northwind Robotics' AND forecast = 0"
        ).fetchall()
    assert articles == {p.name for p in (CORPORA / "samples").glob("*.txt")}
    assert revenue == [("Northwind Robotics", 1420000000, "USD", "Q3 2025")]
    tool = subprocess.run(
        ["sqlite3", "-csv", str(database), "SELECT count(*) FROM facts WHERE company IS NOT NULL"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert int(tool.stdout) >= 10
    again = _run(str(CORPORA / "samples"), "-o", str(database))
    assert again.returncode == 2 and "--resume" in again.stderr


def test_resume_of_a_finished_run_adds_nothing(tmp_path: Path) -> None:
    source = tmp_path / "stories.jsonl"
    _corpus(source, 20)
    output = tmp_path / "out.csv"
    first = _run(str(source), "-o", str(output))
    assert first.returncode == 0, first.stderr
    rows = output.read_text(encoding="utf-8")
    second = _run(str(source), "-o", str(output), "--resume")
    assert second.returncode == 0, second.stderr
    assert "0 documents" in second.stderr and "20 already done" in second.stderr
    assert output.read_text(encoding="utf-8") == rows


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    bad = _run(str(tmp_path), "-o", str(tmp_path / "out.xyz"))
    assert bad.returncode == 2 and "out.xyz" in bad.stderr
    both = _run(str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--resume", "--force")
    assert both.returncode == 2
    workers = _run(str(tmp_path), "--workers", "0")
    assert workers.returncode == 2
