"""The JSONL output of ``extractor batch`` read back as records (plain or gzipped), for
``extractor show``: records, not articles, told apart by their first line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from ..records import DocumentRecord
from .items import Failure
from .options import ReadOptions
from .streams import (
    GZIP_ERRORS,
    SAMPLE_BYTES,
    Origin,
    TooMuchWithoutDocument,
    bomb_failure,
    buffered,
    error_name,
    numbered_lines,
    oversized,
    unpack,
)

__all__ = ["is_records_file", "read_records"]

#: The names a batch's JSONL output may have.
RECORD_FILE_ENDINGS = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")

#: Fields that every record has, and an article of a JSONL input would not.
_RECORD_FIELDS = frozenset({"schema_version", "money", "facts"})


def is_records_file(path: str) -> bool:
    """Whether ``path`` is a JSONL output of ``extractor batch`` (records, not articles): a
    JSONL file (maybe gzipped) whose first line is a record."""
    if not path.lower().endswith(RECORD_FILE_ENDINGS) or not Path(path).is_file():
        return False
    try:
        with Path(path).open("rb") as handle:
            unpacked = unpack(buffered(handle))
            first = unpacked.stream.readline(SAMPLE_BYTES * 16)
        data = json.loads(first)
    except (*GZIP_ERRORS, ValueError):
        return False
    return isinstance(data, dict) and data.keys() >= _RECORD_FIELDS


def read_records(
    path: str, options: ReadOptions | None = None
) -> Iterator[DocumentRecord | Failure]:
    """The records of a batch's JSONL output; a line that is not one is a failure. No line
    may be over ``max_bytes``."""
    limit = (options or ReadOptions()).max_bytes
    origin = Origin(path=path, name=path)
    number = 0
    try:
        with Path(path).open("rb") as handle:
            unpacked = unpack(buffered(handle))
            for number, line in numbered_lines(unpacked.stream, limit):
                if line is None:
                    yield origin.failure(
                        oversized(None, limit=limit), "OversizedInput", line=number
                    )
                    continue
                try:
                    yield DocumentRecord.model_validate_json(line)
                except ValidationError as exc:
                    reason = f"not a record: {str(exc).splitlines()[0]}"
                    yield origin.failure(reason, "InvalidRecord", line=number)
    except TooMuchWithoutDocument as exc:
        yield bomb_failure(origin, exc)
    except GZIP_ERRORS as exc:
        reason = f"unreadable from line {number + 1} on: {exc}"
        yield origin.failure(reason, error_name(exc), line=number + 1)
