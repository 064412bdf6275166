"""The units of work of a Dask run: one partition per input file, or per byte range of a large
JSONL file, planned in the client and read in the workers.

A plain (not gzipped) JSONL file larger than the target size is cut into ranges of about that
size, each ending where a line ends, so that a large archive spreads over the workers. The
client reads such a file once, to find where its ranges end and the number of each range's
first line; a worker then reads its range alone (:func:`~extractor.io.read_file`), and every
document keeps the id and the source (path, line) that the local engine gives it.

>>> Partition(index=7, path="news.jsonl", name="news.jsonl", format="jsonl",
...           location="/data/news.jsonl", size=10).id
'part-00007'
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import UsageError
from ..io import Article, Failure, FilePart, InputFile, Inputs, ReadOptions, read_file
from ..io.streams import GZIP_MAGIC, SAMPLE_BYTES

logger = logging.getLogger(__name__)

#: JSONL files larger than this are cut into ranges of about this size, or smaller ones for
#: smaller inputs (see :func:`split_size`).
SPLIT_BYTES = 8 * 2**20

#: Ranges are made smaller for smaller inputs, to about their size over this many ...
SPREAD = 64
#: ... but not under this size, below which a task's overhead would count.
MIN_SPLIT_BYTES = 256 * 2**10

#: Bytes read at a time when looking for the ends of ranges.
_BLOCK = 2**20


@dataclass(frozen=True)
class Partition:
    """One unit of work: a whole input file, or bytes ``start`` to ``end`` of a JSONL file.

    ``path``, ``name``, ``format``, ``location`` and ``size`` are those of the file
    (:class:`~extractor.io.InputFile`); a range holds whole lines, the first of
    them line ``first_line`` of the file. ``index`` is the partition's place in the plan.
    """

    index: int
    path: str
    name: str
    format: str
    location: str
    size: int
    start: int = 0
    end: int | None = None
    first_line: int = 1

    @property
    def id(self) -> str:
        """The stable name of the partition: the same inputs give the same names."""
        return f"part-{self.index:05d}"

    @property
    def file(self) -> InputFile:
        return InputFile(self.path, self.name, self.format, self.location, self.size)

    @property
    def part(self) -> FilePart | None:
        """The lines of the file it holds, unless it is the whole file."""
        return None if self.end is None else FilePart(self.start, self.end, self.first_line)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Partition:
        return cls(**data)


def plan_partitions(
    inputs: Sequence[str] | Inputs,
    options: ReadOptions | None = None,
    *,
    split_bytes: int = SPLIT_BYTES,
) -> tuple[list[Partition], list[Failure]]:
    """The partitions of ``inputs`` (paths, or :class:`~extractor.io.Inputs` walked already)
    in the order the local engine reads them, and a failure for each input that cannot be
    listed (a missing path, a folder that cannot be read). Standard input is no file: ``-``
    is refused.

    Large plain JSONL files are cut into ranges of :func:`split_size` bytes at most."""
    if split_bytes < 1:
        raise ValueError(f"the partition size must be positive, not {split_bytes}")
    found = inputs if isinstance(inputs, Inputs) else Inputs.scan(inputs, options)
    if found.reads_stdin:
        raise UsageError("standard input (-) is not a file; give files or folders")
    partitions: list[Partition] = []
    failures = [entry for entry in found.entries if isinstance(entry, Failure)]
    files = found.files
    target = split_size(sum(file.size for file in files), split_bytes)
    for entry in files:
        for start, end, first_line in _ranges(entry, target):
            partitions.append(
                Partition(
                    index=len(partitions),
                    path=entry.path,
                    name=entry.name,
                    format=entry.format,
                    location=entry.location,
                    size=entry.size,
                    start=start,
                    end=end,
                    first_line=first_line,
                )
            )
    return partitions, failures


def split_size(total: int, split_bytes: int = SPLIT_BYTES) -> int:
    """The size of the ranges for inputs of ``total`` bytes: ``split_bytes``, or less for a
    smaller input, so that it still spreads over the workers of a cluster.

    >>> MB = 2**20
    >>> [split_size(n * MB) // 1024 for n in (1, 32, 1024, 10**6)]
    [256, 512, 8192, 8192]
    >>> split_size(100 * MB, split_bytes=1000)
    1000
    """
    return min(split_bytes, max(MIN_SPLIT_BYTES, total // SPREAD))


def _ranges(file: InputFile, split_bytes: int) -> list[tuple[int, int | None, int]]:
    """``(start, end, first line)`` of each part of ``file``; one whole part unless it is a
    large plain JSONL file."""
    whole: list[tuple[int, int | None, int]] = [(0, None, 1)]
    if file.format != "jsonl" or file.size <= split_bytes:
        return whole
    try:
        with Path(file.location).open("rb") as handle:
            head = handle.read(SAMPLE_BYTES)
            if head.startswith(GZIP_MAGIC) or b"\x00" in head:
                return whole  # gzip cannot be cut; binary data is one failure, as in one piece
            handle.seek(0)
            return [(start, end, line) for start, end, line in line_ranges(handle, split_bytes)]
    except OSError as exc:  # the worker will meet it again and report it as a failure
        logger.debug("%s: not split: %s", file.path, exc)
        return whole


def line_ranges(stream: BinaryIO, target: int) -> Iterator[tuple[int, int, int]]:
    r"""``(start, end, first line)`` of ranges of whole lines of at least ``target`` bytes (the
    last one may be shorter), read from ``stream`` once. A range ends where a line ends.

    >>> import io
    >>> list(line_ranges(io.BytesIO(b"aa\nb\ncccc\nd\n\ne"), 4))
    [(0, 5, 1), (5, 10, 3), (10, 14, 4)]
    """
    start, first_line = 0, 1
    offset = 0  # of the block in the stream
    newlines = 0  # before offset + position
    while block := stream.read(_BLOCK):
        position = 0
        while True:
            # the range ends at the first line end at or after its target length
            look_from = max(start + target - 1 - offset, position)
            end_of_line = block.find(b"\n", look_from)
            if end_of_line < 0:
                break
            newlines += block.count(b"\n", position, end_of_line + 1)
            position = end_of_line + 1
            yield start, offset + position, first_line
            start, first_line = offset + position, newlines + 1
        newlines += block.count(b"\n", position)
        offset += len(block)
    if start < offset:
        yield start, offset, first_line


def partition_articles(
    partition: Partition, options: ReadOptions | None = None
) -> Iterator[Article | Failure]:
    """The articles of a partition, and a failure for each part that cannot be read: for a
    whole file what the local engine reads of it, for a range the same for its lines."""
    return read_file(partition.file, options, part=partition.part)
