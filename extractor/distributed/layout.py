"""The output folder of a Dask run: one part per partition, by the commit protocol of the local
engine's files (:mod:`extractor.sinks.parts`).

For an output folder ``OUT`` and a partition ``part-00007``:

- ``OUT/part-00007.parquet`` (or ``.jsonl``): the records of the partition, in input order,
  written by the same :class:`~extractor.sinks.parts.PartFormat` as the local engine's parts.
  It is written under a hidden temporary name (``OUT/.part-00007.parquet.<token>.tmp``),
  fsynced and renamed; a partition is complete when this file has its name.
- ``OUT/_partitions/part-00007.json``: the partition's :class:`PartitionMeta` (counts, ids,
  failures), committed (the same way) just before the records file is renamed.
- ``OUT/_plan.json``: the partitions, inputs and options of the run, written first; a resumed
  run must plan the same, or it is refused.
- ``OUT/_errors.jsonl``: every failure of the output, merged at the end of each run (only when
  there are failures; ``--errors`` puts it elsewhere).
- ``OUT/_SUCCESS``: the manifest, JSON, written last, when every partition is complete.

Readers of Parquet folders (pyarrow datasets, pandas, Spark, DuckDB) leave out the names that
start with ``_`` or ``.``, so ``OUT`` reads as one table.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..durable import settle, temporary_name, write_atomic
from ..errors import OutputError, OutputExistsError, UsageError
from ..sinks.jsonl import JsonlFormat
from ..sinks.parts import PartFolder, PartFormat

logger = logging.getLogger(__name__)

#: Output formats of the partitions, and their file name endings.
PART_FORMATS = {"parquet": ".parquet", "jsonl": ".jsonl"}

PLAN = "_plan.json"
SUCCESS = "_SUCCESS"
ERRORS = "_errors.jsonl"


@dataclass(frozen=True)
class PartitionMeta:
    """What a complete partition holds, as its task wrote it: ``documents`` records with these
    ``ids`` (in order) and ``facts`` facts, and its ``failures`` (as in the errors file).

    Records dropped later because an earlier partition has their id are ``duplicates``, as
    failures, with their ``duplicate_facts``: the counts as written stay, so that dropping
    them again finds the same.
    """

    partition: str
    documents: int
    facts: int
    ids: list[str]
    failures: list[dict[str, Any]]
    seconds: float = 0.0
    pid: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    duplicate_facts: int = 0

    @property
    def kept(self) -> int:
        """The records in the partition's file."""
        return self.documents - len(self.duplicates)

    @property
    def kept_facts(self) -> int:
        return self.facts - self.duplicate_facts

    @property
    def all_failures(self) -> list[dict[str, Any]]:
        return [*self.failures, *self.duplicates]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def part_format(output_format: str) -> PartFormat[Any]:
    """The format of the parts of ``output_format``, as the local engine writes it."""
    if output_format == "parquet":
        from ..sinks.parquet import ParquetFormat  # needs pyarrow

        return ParquetFormat()
    return JsonlFormat()


class OutputFolder:
    """The files of one output folder (see the module's documentation)."""

    def __init__(self, path: str | Path, output_format: str) -> None:
        if output_format not in PART_FORMATS:
            known = ", ".join(PART_FORMATS)
            raise UsageError(f"the Dask engine writes {known} partitions, not {output_format}")
        self.path = Path(path)
        self.format = output_format

        self.parts: PartFolder[Any] = PartFolder(self.path, part_format(output_format))

    def data(self, partition: str) -> Path:
        """The records file of a partition."""
        return self.parts.data(partition)

    def meta(self, partition: str) -> Path:
        """The counts and failures of a partition."""
        return self.parts.meta(partition)

    def completed(self, partition: str) -> PartitionMeta | None:
        """The meta of a complete partition; None when it is not complete."""
        data = self.parts.read_meta(partition)
        if data is None:
            return None
        try:
            return PartitionMeta(**data)
        except TypeError:
            logger.warning("%s cannot be read; the partition is done again", self.meta(partition))
            return None

    def commit(self, temporary: Path, meta: PartitionMeta) -> None:
        """Make a partition complete: its meta file, then its records file by rename."""
        self.parts.commit(temporary, meta.partition, meta.to_dict())

    def write_meta(self, meta: PartitionMeta) -> None:
        self.parts.write_meta(meta.partition, meta.to_dict())

    def claim(self, plan: dict[str, Any], *, resume: bool, force: bool) -> None:
        """Make the folder ours for ``plan``: start it, continue it (``resume``, same plan
        only) or remove it first (``force``, only a folder this engine wrote). Anything else
        that is there is refused."""
        if self.path.exists() and not self.path.is_dir():
            raise OutputError(str(self.path), "is a file; the Dask engine writes a folder")
        there = self.path.is_dir() and any(self.path.iterdir())
        ours = (self.path / PLAN).is_file()
        if there and (resume or force) and not ours:
            raise OutputError(
                str(self.path),
                f"is not an output folder of the Dask engine (it has no {PLAN}); "
                "it is left alone: remove it yourself or choose another output",
            )
        if there and force:
            shutil.rmtree(self.path)
        elif there and resume:
            if _normal(plan) != self._read_plan():
                raise UsageError(
                    f"{self.path}: it was planned from other inputs, options or files (a "
                    "file changed size?); use --force to start over"
                )
            (self.path / SUCCESS).unlink(missing_ok=True)
            self.remove_temporaries()
            return
        elif there:
            raise OutputExistsError(str(self.path), interrupted=not (self.path / SUCCESS).exists())
        self.parts.create()
        write_atomic(self.path / PLAN, json.dumps(_normal(plan), indent=1))

    def _read_plan(self) -> Any:
        try:
            return json.loads((self.path / PLAN).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise OutputError(str(self.path / PLAN), f"cannot be read: {exc}") from exc

    def remove_temporaries(self) -> None:
        """Delete what unfinished tasks left: ``*.tmp`` files."""
        self.parts.remove_temporaries()

    def write_errors(self, target: Path, failures: Iterable[dict[str, Any]]) -> int:
        """Write ``failures`` as JSON lines to ``target``, atomically; with none, delete it."""
        temporary = temporary_name(target)
        count = 0
        with temporary.open("w", encoding="utf-8") as handle:
            for failure in failures:
                handle.write(json.dumps(failure, ensure_ascii=False) + "\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        settle(temporary, target, keep=count > 0)
        return count

    def write_manifest(self, manifest: dict[str, Any]) -> None:
        write_atomic(self.path / SUCCESS, json.dumps(manifest, indent=1))


def _normal(data: dict[str, Any]) -> Any:
    """``data`` as it reads back from JSON (tuples as lists), for comparing plans."""
    return json.loads(json.dumps(data))
