"""Mistakes on the command line get one clear line and the right exit code, and make nothing;
interrupts stop every process and leave the output resumable (issue 10, items 3 to 5).

The signal and worker tests run the real command in a process of its own, as a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import CORPORA
from typer.testing import CliRunner

from extractor.cli import app

runner = CliRunner()
SAMPLES = CORPORA / "samples"
SAMPLE = SAMPLES / "northwind-q3-2025.txt"


def _one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("extractor: error: ")
    assert "Traceback" not in stderr and "invalid literal" not in stderr
    return lines[0]


def test_a_missing_input_is_a_usage_error_and_makes_nothing(tmp_path: Path) -> None:
    output = tmp_path / "x.db"
    result = runner.invoke(app, ["batch", str(tmp_path / "missing_dir"), "-o", str(output)])
    assert result.exit_code == 2
    line = _one_error_line(result.stderr)
    assert line == f"extractor: error: {tmp_path / 'missing_dir'}: no such file or folder"
    assert list(tmp_path.iterdir()) == []
    corrected = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(output)])
    assert corrected.exit_code == 0, corrected.stderr


@pytest.mark.parametrize("content", [None, "chart.png"], ids=["empty folder", "only .png"])
def test_a_folder_with_nothing_to_read_is_a_warning_and_exit_1(
    tmp_path: Path, content: str | None
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    if content:
        (folder / content).write_bytes(b"\x89PNG\r\n\x1a\n")
    output = tmp_path / "out" / "x.db"
    result = runner.invoke(app, ["batch", str(folder), "-o", str(output)])
    assert result.exit_code == 1
    assert f"extractor: warning: {folder}: no file to read in it (read: " in result.stderr
    assert "nothing was read, so no output was made" in result.stderr
    assert not (tmp_path / "out").exists()
    # Beside a readable input it is still a warning, and the exit code says not all went well.
    both = runner.invoke(app, ["batch", str(folder), str(SAMPLES), "-o", str(output)])
    assert both.exit_code == 1
    assert f"extractor: warning: {folder}: no file to read" in both.stderr
    assert output.exists()


@pytest.mark.parametrize(
    ("options", "named"),
    [
        (["--workers", "abc"], "'--workers'"),
        (["--workers", "0"], "'--workers'"),
        (["--chunk-size", "0"], "'--chunk-size'"),
        (["--chunk-size", "ten"], "'--chunk-size'"),
        (["--max-bytes", "1k"], "'--max-bytes'"),
        (["--max-bytes", "-5"], "'--max-bytes'"),
        (["--engine", "spark"], "--engine"),
        (["--format", "xls"], "'xls'"),
        (["--input-format", "pdf"], "'pdf'"),
        (["--no-such-option"], "--no-such-option"),
    ],
)
def test_a_bad_option_value_is_one_line_naming_it(
    tmp_path: Path, options: list[str], named: str
) -> None:
    output = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(output), *options])
    assert result.exit_code == 2
    assert named in _one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("output", ["x.db", "x.jsonl", "x.parquet"])
def test_table_is_refused_where_it_does_nothing(tmp_path: Path, output: str) -> None:
    result = runner.invoke(
        app, ["batch", str(SAMPLES), "-o", str(tmp_path / output), "--table", "mentions"]
    )
    assert result.exit_code == 2
    assert "--table chooses the rows of a CSV output" in _one_error_line(result.stderr)
    assert list(tmp_path.iterdir()) == []


def test_workers_with_a_scheduler_is_refused(tmp_path: Path) -> None:
    dask = ["--engine", "dask", "--scheduler", "tcp://127.0.0.1:1", "--workers", "4"]
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "out"), *dask])
    assert result.exit_code == 2
    assert "--workers sets the size of the LocalCluster" in _one_error_line(result.stderr)


@pytest.mark.parametrize(
    "arguments",
    [["-vv", "batch", "{in}", "-o", "{out}"], ["batch", "{in}", "-o", "{out}", "-vv"]],
    ids=["before the command", "after it"],
)
def test_verbose_works_on_either_side_and_logs_once(tmp_path: Path, arguments: list[str]) -> None:
    out = str(tmp_path / "out.jsonl")
    result = runner.invoke(app, [a.format(**{"in": SAMPLES, "out": out}) for a in arguments])
    assert result.exit_code == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("DEBUG ")]
    assert any(line.endswith("out.jsonl: complete, 5 records") for line in lines)
    assert len(lines) == len(set(lines))  # no record printed twice


def test_quiet_after_the_command_leaves_only_errors(tmp_path: Path) -> None:
    result = runner.invoke(app, ["batch", str(SAMPLES), "-o", str(tmp_path / "o.jsonl"), "-q"])
    assert (result.exit_code, result.stderr) == (0, "")


# --- real processes -----------------------------------------------------------------------


def _command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "extractor", *arguments]


def _news(path: Path, count: int) -> None:
    """``count`` short stories as JSONL: enough work to interrupt."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    with path.open("w", encoding="utf-8") as handle:
        for number in range(count):
            row = {"id": f"s{number}", "text": texts[number % len(texts)]}
            handle.write(json.dumps(row) + "\n")


def _group(pid: int) -> list[str]:
    """The live processes of the process group ``pid`` leads (a zombie has ended: it only
    waits for init to collect its exit status)."""
    found = subprocess.run(
        ["ps", "-o", "pid=,stat=", "-g", str(pid)], capture_output=True, text=True
    ).stdout
    return [line.split()[0] for line in found.splitlines() if not line.split()[1].startswith("Z")]


def _wait_for_records(parts: Path, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if parts.is_dir() and any(parts.glob("part-*")):  # a chunk is committed
            return
        time.sleep(0.1)
    raise AssertionError("the batch wrote no chunk in time")


@pytest.mark.skipif(shutil.which("ps") is None, reason="needs ps (procps)")
@pytest.mark.parametrize(
    ("sent", "group", "code", "word"),
    [(signal.SIGINT, True, 130, "interrupted"), (signal.SIGTERM, False, 143, "terminated")],
    ids=["Ctrl-C to the terminal's group", "SIGTERM to the main process"],
)
def test_a_signal_stops_every_process_and_the_output_resumes(
    tmp_path: Path, sent: signal.Signals, group: bool, code: int, word: str
) -> None:
    news = tmp_path / "news.jsonl"
    _news(news, 3000)
    output = tmp_path / "out.jsonl"
    arguments = ["batch", str(news), "-o", str(output), "--workers", "2", "--chunk-size", "8"]
    process = subprocess.Popen(
        _command(*arguments),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's job
    )
    try:
        _wait_for_records(Path(f"{output}.parts"), process)
        assert len(_group(process.pid)) >= 4  # itself, the forkserver, two workers (+ tracker)
        sent_at = time.monotonic()
        if group:
            os.killpg(process.pid, sent)
        else:
            process.send_signal(sent)
        _, stderr = process.communicate(timeout=30)
        assert time.monotonic() - sent_at < 2
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode == code
    assert stderr.startswith(f"{word} after ")
    assert stderr.rstrip().endswith("documents; run the same command with --resume to continue")
    assert "Traceback" not in stderr
    time.sleep(0.5)
    assert _group(process.pid) == []  # workers, forkserver and resource tracker: all gone
    resumed = subprocess.run(
        _command(*arguments, "--resume"), capture_output=True, text=True, timeout=600
    )
    assert resumed.returncode == 0, resumed.stderr
    ids = [json.loads(line)["id"] for line in output.read_text(encoding="utf-8").splitlines()]
    assert sorted(ids) == sorted(f"s{n}" for n in range(3000))  # none lost, none twice


def test_workers_that_cannot_start_exit_1_with_the_reason(tmp_path: Path) -> None:
    # A sitecustomize that kills multiprocessing's forkserver as it starts: no worker can.
    site = tmp_path / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(
        "import os, sys\n"
        "if any('multiprocessing.forkserver' in a for a in getattr(sys, 'orig_argv', [])):\n"
        "    os._exit(3)\n"
    )
    output = tmp_path / "out.jsonl"
    environment = {**os.environ, "PYTHONPATH": str(site)}
    result = subprocess.run(
        _command("batch", str(SAMPLES), "-o", str(output), "--workers", "2"),
        capture_output=True,
        text=True,
        env=environment,
        timeout=300,
    )
    assert result.returncode == 1
    line = _one_error_line(result.stderr)
    assert line.startswith("extractor: error: the worker processes could not start: ")
    assert not list(tmp_path.glob("out.*"))  # nothing made


README_BATCH = """\
from extractor.batch import BatchConfig, batch
{guard}
{indent}summary = batch(["news/"], "news.db", config=BatchConfig(workers=2), resume=True)
{indent}print(summary.to_text())  # documents, facts, errors, time
"""


@pytest.mark.parametrize("guarded", [True, False], ids=["with the guard", "without it"])
def test_the_readmes_batch_snippet_as_a_script(tmp_path: Path, guarded: bool) -> None:
    shutil.copytree(SAMPLES, tmp_path / "news")
    script = tmp_path / "run.py"
    guard = 'if __name__ == "__main__":' if guarded else ""
    script.write_text(README_BATCH.format(guard=guard, indent="    " if guarded else ""))
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=300
    )
    if guarded:  # as the README shows it
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("5 documents, ")
        assert (tmp_path / "news.db").is_file()
    else:  # it cannot work; it says why, and leaves nothing behind
        assert result.returncode == 1
        assert 'call it under `if __name__ == "__main__":`' in result.stderr
        assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "run.py"]
