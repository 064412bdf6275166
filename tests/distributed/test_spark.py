"""The Spark recipe of the README: ``mapInPandas`` with ``extract_frame`` on a local[2]
session; each Python worker builds the pipeline once.

Skipped without pyspark or Java 17, except where EXTRACTOR_REQUIRE_SPARK=1 (``.ci/run`` sets
it, after installing Java from Debian's packages): there a missing piece is a failure."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Iterator
from typing import Any

import pytest

REQUIRED = os.environ.get("EXTRACTOR_REQUIRE_SPARK") == "1"


def _missing(what: str) -> None:
    if REQUIRED:
        pytest.fail(f"{what}, but EXTRACTOR_REQUIRE_SPARK=1", pytrace=False)
    pytest.skip(what, allow_module_level=True)


try:
    import pandas  # noqa: F401
    import pyspark.sql as pyspark_sql
except ImportError as exc:
    _missing(f"Spark's Python side cannot be imported ({exc})")

from extractor import Extractor  # noqa: E402

NEWS = [(f"n{n}", f"Acme Corp said revenue rose {n}% to ${n + 10} million.") for n in range(1, 41)]


@pytest.fixture(scope="module")
def spark() -> Iterator[Any]:
    if shutil.which("java") is None and "JAVA_HOME" not in os.environ:
        _missing("Spark needs Java 17 or later (apt-get install openjdk-17-jre-headless)")
    saved = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter
    session = (
        pyspark_sql.SparkSession.builder.master("local[2]")
        .appName("extractor-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        yield session
    finally:
        session.stop()
        if saved is None:
            os.environ.pop("PYSPARK_PYTHON", None)
        else:
            os.environ["PYSPARK_PYTHON"] = saved


def test_map_in_pandas_gives_our_records(spark: Any, extractor: Extractor) -> None:
    # The README's recipe; defined here so that Spark ships it by value to its workers.
    def extract_batches(frames: Iterator[Any]) -> Iterator[Any]:
        from extractor.distributed import extract_frame

        for frame in frames:
            yield extract_frame(frame, text_column="text", id_column="id")

    def pipelines(frames: Iterator[Any]) -> Iterator[Any]:
        import pandas

        from extractor.distributed import extract

        for _ in frames:
            yield pandas.DataFrame({"pid": [os.getpid()], "built": [len(extract._built)]})

    news = spark.createDataFrame(NEWS, "id string, text string").repartition(4)
    rows = news.mapInPandas(extract_batches, schema="id string, record string").collect()
    expected = {
        r.id: json.loads(r.to_json())
        for r in extractor.pipe([text for _, text in NEWS], doc_ids=[i for i, _ in NEWS])
    }
    assert {row.id: json.loads(row.record) for row in rows} == expected
    built = news.mapInPandas(pipelines, schema="pid long, built long").collect()
    assert {row.built for row in built} == {1}  # one pipeline per Python worker, kept
