"""JSON Lines: one record per line, exactly the JSON the record serialises to.

A file goes through the journal of :mod:`extractor.sinks._journal`; ``-`` streams to standard
output, where there is nothing to resume.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from ..errors import OutputError
from ._base import BaseSink
from ._journal import JournaledSink


def one_line(record: str) -> str:
    """The record on one line. Newlines in JSON can only be whitespace between tokens.

    >>> one_line('{\\n  "id": "a\\\\nb"\\n}')
    '{  "id": "a\\\\nb"}'
    """
    if "\n" in record or "\r" in record:
        return record.replace("\r", "").replace("\n", "")
    return record


def record_id(record: str) -> str:
    """The ``id`` of a record's JSON."""
    data = json.loads(record)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        raise ValueError(f"not a document record (a JSON object with a string id): {record[:80]!r}")
    return str(data["id"])


class JsonlSink(JournaledSink):
    """Records to a JSONL file, atomically and resumably."""

    layout = "jsonl"

    def __init__(self, path: str, *, resume: bool = False, force: bool = False) -> None:
        super().__init__(path, resume=resume, force=force)

    def _encode(self, records: Sequence[str]) -> list[tuple[str, bytes]]:
        return [(record_id(r), (one_line(r) + "\n").encode("utf-8")) for r in records]

    def _ids_in(self, output: Path) -> Iterator[str]:
        with output.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield record_id(line.decode("utf-8"))
                except ValueError as exc:
                    raise OutputError(
                        str(output), f"line {number} is not a record, so it cannot be continued"
                    ) from exc


class StdoutSink(BaseSink):
    """Records to standard output as JSONL, flushed after each chunk."""

    def __init__(self) -> None:
        super().__init__("-")

    def _write(self, records: Sequence[str]) -> None:
        stream = sys.stdout  # looked up each time, so that a replaced stdout is used
        stream.write("".join(one_line(r) + "\n" for r in records))
        stream.flush()

    def _close(self) -> None:
        sys.stdout.flush()

    def _abort(self) -> None:
        sys.stdout.flush()
