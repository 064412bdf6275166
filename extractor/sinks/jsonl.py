"""JSON Lines: one record per line, exactly the JSON the record serialises to.

A file is written through parts (:mod:`extractor.sinks.parts`); ``-`` streams to standard
output, where there is nothing to resume.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from ..errors import OutputError
from ..store.rows import JsonLines, RecordRows
from ._base import BaseSink
from .parts import PartedSink, PartFormat, PartWriter, concatenate_lines


def one_line(record: str) -> str:
    """The record on one line. Newlines in JSON can only be whitespace between tokens.

    >>> one_line('{\\n  "id": "a\\\\nb"\\n}')
    '{  "id": "a\\\\nb"}'
    """
    if "\n" in record or "\r" in record:
        return record.replace("\r", "").replace("\n", "")
    return record


def lines(rows: Sequence[RecordRows[str]]) -> bytes:
    """Rows of the JSON layout as the lines of a JSONL file."""
    return "".join(one_line(row.rows) + "\n" for row in rows).encode("utf-8")


def record_id(record: str | bytes) -> str:
    """The ``id`` of a record's JSON."""
    data = json.loads(record)
    if not isinstance(data, dict) or not isinstance(data.get("id"), str):
        shown = record[:80] if isinstance(record, str) else record[:80].decode(errors="replace")
        raise ValueError(f"not a document record (a JSON object with a string id): {shown!r}")
    return str(data["id"])


class _JsonlWriter(PartWriter[str]):
    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self._handle: BinaryIO = path.open("wb")

    def write(self, rows: Sequence[RecordRows[str]]) -> None:
        self._handle.write(lines(rows))

    def close(self) -> None:
        self._handle.close()


class JsonlFormat(PartFormat[str]):
    """Parts and outputs of JSON lines."""

    name = "jsonl"
    layout = JsonLines()

    def writer(self, path: Path) -> PartWriter[str]:
        return _JsonlWriter(path)

    def ids(self, path: Path) -> Iterator[str]:
        with path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    yield record_id(line)
                except ValueError as exc:
                    raise OutputError(
                        str(path), f"line {number} is not a record, so it cannot be continued"
                    ) from exc

    def merge(self, sources: Sequence[Path], target: Path, *, base: Path | None) -> None:
        concatenate_lines(sources, target, base=base)


class JsonlSink(PartedSink[str]):
    """Records to a JSONL file, atomically and resumably."""

    def __init__(self, path: str, *, resume: bool = False, force: bool = False) -> None:
        super().__init__(path, JsonlFormat(), resume=resume, force=force)


class StdoutSink(BaseSink[str]):
    """Records to standard output as JSONL, flushed after each chunk."""

    def __init__(self) -> None:
        super().__init__("-", JsonLines())

    def _write(self, rows: Sequence[RecordRows[str]]) -> None:
        stream = sys.stdout  # looked up each time, so that a replaced stdout is used
        stream.write("".join(one_line(row.rows) + "\n" for row in rows))
        stream.flush()

    def _close(self) -> None:
        sys.stdout.flush()

    def _abort(self) -> None:
        sys.stdout.flush()
