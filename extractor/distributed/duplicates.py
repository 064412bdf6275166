"""Ids repeated across partitions: the first in input order stays, as in the local engine.

A task sees its own partition only, so it drops the ids repeated within it; an id that two
partitions hold (the same story in two daily files) is found when every partition is done,
from the ids each meta file lists. The later record is dropped from its partition's file, and
becomes a ``DuplicateId`` failure in that partition's meta, the failure the local engine
gives. The meta is written first, then the file is replaced: both idempotent, so a client
that dies in between leaves what the next run finishes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa  # type: ignore[import-untyped]
import pyarrow.compute as pc  # type: ignore[import-untyped]
import pyarrow.parquet as pq  # type: ignore[import-untyped]

from ..batch.runner import duplicate_failure
from ..io import Article
from ..records import Source
from ..sinks._base import fsync_dir, fsync_file
from .layout import OutputFolder, PartitionMeta, temporary_name
from .tasks import ROW_GROUP_ROWS

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Dropped:
    """A record dropped from a partition's file: its id, source and number of facts."""

    id: str
    source: dict[str, Any] | None
    facts: int

    def failure(self) -> dict[str, Any]:
        where = self.source or {}
        source = Source(path=where.get("path"), line=where.get("line"), offset=where.get("offset"))
        return duplicate_failure(Article(id=self.id, text="", source=source)).to_dict()


def drop_duplicates(folder: OutputFolder, metas: Sequence[PartitionMeta]) -> list[PartitionMeta]:
    """``metas`` (of complete partitions, in plan order) after the records whose id an earlier
    partition holds are dropped from their files."""
    seen: set[str] = set()
    updated: list[PartitionMeta] = []
    for meta in metas:
        repeated = seen.intersection(meta.ids)
        seen.update(meta.ids)
        updated.append(_drop(folder, meta, repeated) if repeated else meta)
    return updated


def _drop(folder: OutputFolder, meta: PartitionMeta, ids: set[str]) -> PartitionMeta:
    path = folder.data(meta.partition)
    if folder.format == "parquet":
        table = pq.read_table(path)
        repeated = pc.is_in(table["id"], value_set=pa.array(sorted(ids), pa.string()))
        rows = table.filter(repeated).select(["id", "source", "facts"]).to_pylist()
        dropped = [_Dropped(row["id"], row["source"], len(row["facts"] or ())) for row in rows]
    else:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        records = [json.loads(line) for line in lines]
        dropped = [
            _Dropped(r["id"], r["source"], len(r["facts"])) for r in records if r["id"] in ids
        ]
    if not dropped:  # dropped before: the meta was written then
        return meta
    logger.info("%s: %d ids an earlier partition has; dropped", meta.partition, len(dropped))
    meta = replace(
        meta,
        duplicates=[record.failure() for record in dropped],
        duplicate_facts=sum(record.facts for record in dropped),
    )
    folder.write_meta(meta)
    temporary = temporary_name(path)
    if folder.format == "parquet":
        pq.write_table(table.filter(pc.invert(repeated)), temporary, row_group_size=ROW_GROUP_ROWS)
    else:
        kept = (
            line for line, record in zip(lines, records, strict=True) if record["id"] not in ids
        )
        temporary.write_text("".join(kept), encoding="utf-8")
    fsync_file(temporary)
    temporary.replace(path)
    fsync_dir(path.parent)
    return meta
