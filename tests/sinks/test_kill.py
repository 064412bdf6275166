"""A writer really killed with SIGKILL, then resumed: every id once, every line whole."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sink_helpers import NAMES, output_ids

from extractor.records import DocumentRecord
from extractor.sinks import open_sink

#: Writes chunks of 5 records with ids k000000, k000001, ... until it is killed; after each
#: write returns it prints how many records are written.
WRITER = """
import sys
from pathlib import Path
from extractor.records import DocumentRecord
from extractor.sinks import open_sink

out, template = sys.argv[1], Path(sys.argv[2]).read_text(encoding="utf-8")
record = DocumentRecord.model_validate_json(template)
sink = open_sink(out, table="articles")
n = 0
while True:
    sink.write([record.model_copy(update={"id": f"k{i:06d}"}) for i in range(n, n + 5)])
    n += 5
    print(n, flush=True)
"""


def record_with_id(template: DocumentRecord, n: int) -> DocumentRecord:
    return template.model_copy(update={"id": f"k{n:06d}"})


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
@pytest.mark.parametrize(("fmt", "delay"), [(fmt, 0.0) for fmt in NAMES] + [("jsonl", 0.013)])
def test_sigkill_then_resume_gives_each_id_once(
    tmp_path: Path, records: list[str], fmt: str, delay: float
) -> None:
    template = DocumentRecord.model_validate_json(records[3])
    (tmp_path / "template.json").write_text(records[3], encoding="utf-8")
    out = tmp_path / NAMES[fmt]
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(out), str(tmp_path / "template.json")],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert writer.stdout is not None
    try:
        reported = 0
        while reported < 40:  # a few writes have returned; more are on their way
            line = writer.stdout.readline()
            assert line, "the writer stopped before it was killed"
            reported = int(line)
        time.sleep(delay)
        writer.send_signal(signal.SIGKILL)
    finally:
        writer.kill()
        writer.communicate()  # waits, and closes its pipe
    assert writer.returncode == -signal.SIGKILL

    with open_sink(str(out), table="articles", resume=True) as sink:
        done = sink.done_ids()
        written = len(done)
        assert written >= reported  # what write() had returned for is durable
        assert done == {f"k{i:06d}" for i in range(written)}  # whole chunks, in order
        sink.write([record_with_id(template, n) for n in range(written, written + 12)])
    ids = output_ids(out, fmt)  # every line or row parses
    assert Counter(ids) == Counter(f"k{i:06d}" for i in range(written + 12))
