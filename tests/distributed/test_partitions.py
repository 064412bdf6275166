"""Planning partitions: line-aligned ranges of large JSONL files that read as the whole file.

No Dask here: a partition is read in this process, as a worker would read it.
"""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.distributed import Partition, plan_partitions
from extractor.distributed.partitions import line_ranges, partition_articles
from extractor.errors import UsageError
from extractor.io import Article, Failure, ReadOptions, iter_articles

STORY = "Harbor Freight Lines said quarterly revenue rose {n}% to ${n}12 million."


def _lines(count: int) -> list[bytes]:
    """JSONL lines with the awkward cases between good ones: blank lines, broken JSON, a
    non-object, bad UTF-8, a row without an id (its id is then the file's name and line)."""
    lines = []
    for n in range(count):
        if n % 7 == 3:
            lines.append(b"\n")
        elif n % 11 == 5:
            lines.append(b'{"id": "broken", "text": \n')
        elif n % 13 == 6:
            lines.append(b"[1, 2]\n")
        elif n % 17 == 8:
            lines.append(b'{"id": "latin", "text": "caf\xe9"}\n')
        elif n % 5 == 0:
            lines.append(json.dumps({"text": STORY.format(n=n)}).encode() + b"\n")
        else:
            row = {"id": f"s{n}", "text": STORY.format(n=n), "desk": "markets"}
            lines.append(json.dumps(row).encode() + b"\n")
    return lines


def _read_all(paths: list[str], split_bytes: int) -> list[Article | Failure]:
    """The items of every partition, then the inputs that could not be listed."""
    partitions, failures = plan_partitions(paths, split_bytes=split_bytes)
    items: list[Article | Failure] = []
    for partition in partitions:
        items.extend(partition_articles(partition))
    return items + failures


@pytest.mark.parametrize("split_bytes", [1, 97, 1000, 10**9])
def test_ranges_read_as_the_whole_file(tmp_path: Path, split_bytes: int) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(codecs.BOM_UTF8 + b"".join(_lines(120)) + b'{"id": "last", "text": "$1"}')
    expected = list(iter_articles([str(feed)]))
    assert _read_all([str(feed)], split_bytes) == expected
    partitions, _ = plan_partitions([str(feed)], split_bytes=split_bytes)
    if split_bytes < feed.stat().st_size:
        assert len(partitions) > 1
        assert partitions[0].start == 0 and partitions[-1].end == feed.stat().st_size
        assert all(a.end == b.start for a, b in itertools.pairwise(partitions))


def test_folders_plan_in_the_local_engines_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("Acme rose 5%.", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Zeta fell 3%.", encoding="utf-8")
    (tmp_path / "feed.jsonl").write_bytes(b"".join(_lines(40)))
    packed = tmp_path / "packed.jsonl.gz"
    packed.write_bytes(gzip.compress(b"".join(_lines(40))))
    (tmp_path / "chart.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    inputs = [str(tmp_path), str(tmp_path / "missing.jsonl")]  # listing failures come last
    assert _read_all(inputs, 200) == list(iter_articles(inputs))
    partitions, failures = plan_partitions(inputs, split_bytes=200)
    assert [p.index for p in partitions] == list(range(len(partitions)))
    assert [f.path for f in failures] == [str(tmp_path / "missing.jsonl")]
    assert sum(p.name == "packed.jsonl.gz" for p in partitions) == 1  # gzip cannot be cut


def test_partitions_survive_json_and_have_stable_names(tmp_path: Path) -> None:
    (tmp_path / "feed.jsonl").write_bytes(b"".join(_lines(60)))
    partitions, _ = plan_partitions([str(tmp_path)], split_bytes=300)
    again, _ = plan_partitions([str(tmp_path)], split_bytes=300)
    assert partitions == again
    assert [Partition.from_dict(json.loads(json.dumps(p.to_dict()))) for p in partitions] == again
    assert partitions[3].id == "part-00003"
    assert Path(partitions[0].location).is_absolute()


def test_a_file_removed_after_planning_is_a_failure(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_bytes(b"".join(_lines(60)))
    partitions, _ = plan_partitions([str(feed)], split_bytes=300)
    feed.unlink()
    for partition in (partitions[0], partitions[2]):
        (item,) = partition_articles(partition)
        assert isinstance(item, Failure) and item.error == "FileNotFoundError"


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="positive"):
        plan_partitions([str(tmp_path)], split_bytes=0)
    with pytest.raises(UsageError, match="standard input"):
        plan_partitions(["-"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.binary(max_size=12), max_size=30), st.integers(min_value=1, max_value=40))
def test_line_ranges_cover_the_stream_at_line_ends(chunks: list[bytes], target: int) -> None:
    data = b"\n".join(chunks)
    ranges = list(line_ranges(io.BytesIO(data), target))
    assert b"".join(data[start:end] for start, end, _ in ranges) == data
    for start, end, first_line in ranges:
        assert first_line == data[:start].count(b"\n") + 1
        assert end == len(data) or data[end - 1 : end] == b"\n"
        assert end - start >= target or end == len(data)


def test_options_reach_the_ranges(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"key": f"k{n}", "body": STORY.format(n=n) + " More." * (n % 4)} for n in range(50)]
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    options = ReadOptions(text_field="body", id_field="key", max_bytes=100)
    partitions, _ = plan_partitions([str(feed)], options, split_bytes=500)
    assert len(partitions) > 2
    read = [item for p in partitions for item in partition_articles(p, options)]
    assert read == list(iter_articles([str(feed)], options))
    assert {type(item) for item in read} == {Article, Failure}  # some lines are too long
