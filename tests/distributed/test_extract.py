"""Our records from your own Dask code: ``dask.bag`` with ``extract_partition``,
``dask.dataframe`` with ``extract_frame``; every worker process builds the pipeline once."""

from __future__ import annotations

import importlib
import json
import pickle
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from dask_cluster import local_cluster
from helpers import CORPORA

pytest.importorskip("distributed")
import dask.bag as db

from extractor import Extractor
from extractor.batch.workers import PipelineSpec
from extractor.distributed import extract_frame, extract_partition, plan_partitions, run_dask
from extractor.distributed.tasks import Job
from extractor.io import ReadOptions

NEWS = [
    {"id": f"n{n}", "text": f"Acme Corp said revenue rose {n}% to ${n + 10} million."}
    for n in range(1, 41)
]


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with local_cluster() as (_, client):
        yield client


@pytest.fixture(scope="module")
def expected(extractor: Extractor) -> dict[str, dict[str, Any]]:
    texts, ids = [row["text"] for row in NEWS], [row["id"] for row in NEWS]
    return {r.id: json.loads(r.to_json()) for r in extractor.pipe(texts, doc_ids=ids)}


def _pipelines(client: Any) -> dict[str, list[int]]:
    """For each worker, the identities of the pipelines its process has built."""

    def built() -> list[int]:
        cache = importlib.import_module("extractor.distributed.extract")._built
        return [id(processor) for processor, _ in cache.values()]

    built_by: dict[str, list[int]] = client.run(built)
    return built_by


def test_extract_partition_in_a_bag(client: Any, expected: dict[str, dict[str, Any]]) -> None:
    bag = db.from_sequence(NEWS, npartitions=8).map_partitions(extract_partition)  # type: ignore[no-untyped-call]
    records = client.compute(bag).result()
    assert {r["id"]: r for r in records} == expected
    texts = db.from_sequence([row["text"] for row in NEWS], npartitions=4)  # type: ignore[no-untyped-call]
    as_json = client.compute(texts.map_partitions(extract_partition, as_json=True)).result()
    assert [json.loads(r)["money"] for r in as_json] == [r["money"] for r in expected.values()]


def test_extract_frame_in_a_dataframe(client: Any, expected: dict[str, dict[str, Any]]) -> None:
    pandas = pytest.importorskip("pandas")
    dd = pytest.importorskip("dask.dataframe")
    frame = dd.from_pandas(pandas.DataFrame(NEWS), npartitions=4)
    records = frame.map_partitions(extract_frame, meta={"id": "object", "record": "object"})
    result = client.compute(records).result()
    assert list(result["id"]) == [row["id"] for row in NEWS]
    assert {
        i: json.loads(r) for i, r in zip(result["id"], result["record"], strict=True)
    } == expected


def test_each_worker_builds_the_pipeline_once(client: Any, tmp_path: Path) -> None:
    run_dask([str(CORPORA / "samples")], str(tmp_path / "one"), scheduler=client.scheduler.address)
    built = _pipelines(client)
    assert all(len(ids) == 1 for ids in built.values()), built  # one spec, one pipeline
    run_dask([str(CORPORA / "samples")], str(tmp_path / "two"), scheduler=client.scheduler.address)
    bag = db.from_sequence(NEWS, npartitions=6).map_partitions(extract_partition)  # type: ignore[no-untyped-call]
    client.compute(bag).result()
    assert _pipelines(client) == built  # the same objects: not rebuilt, not shipped per task


def test_a_task_carries_no_pipeline() -> None:
    (partition, *_), _ = plan_partitions([str(CORPORA / "samples")])
    job = Job("/out", "parquet", options=ReadOptions(), spec=PipelineSpec())
    assert len(pickle.dumps((partition, job))) < 2_000
