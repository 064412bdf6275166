"""Ids repeated across partitions: the first in input order stays, as in the local engine.

The policy is the one of :mod:`extractor.duplicate_ids`. A task sees its own partition only,
so it drops the ids repeated within it; an id that two partitions hold (the same story in two
daily files) is found when every partition is done, from the ids each meta file lists, taken
in plan order. The later record is dropped from its partition's file, and becomes a
``DuplicateId`` failure in that partition's meta, the failure the local engine gives. The
partition is committed again by the protocol of :mod:`extractor.sinks.parts` (its meta first,
then its file by rename): both idempotent, so a client that dies in between leaves what the
next run finishes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..batch.runner import duplicate_failure
from ..duplicate_ids import FirstWins
from ..durable import temporary_name
from ..io import Article
from ..records import Source
from ..sinks.parquet import ROW_GROUP_ROWS
from .layout import OutputFolder, PartitionMeta

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
    ids = FirstWins()
    updated: list[PartitionMeta] = []
    for meta in metas:
        fresh = ids.fresh(meta.ids)
        repeated = {doc_id for doc_id, is_new in zip(meta.ids, fresh, strict=True) if not is_new}
        ids.add(meta.ids)
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
    temporary = temporary_name(path)
    if folder.format == "parquet":
        pq.write_table(table.filter(pc.invert(repeated)), temporary, row_group_size=ROW_GROUP_ROWS)
    else:
        kept = (
            line for line, record in zip(lines, records, strict=True) if record["id"] not in ids
        )
        temporary.write_text("".join(kept), encoding="utf-8")
    folder.commit(temporary, meta)
    return meta
