"""The Dask engine against the process pool, on one machine, in one run.

    python benchmarks/dask_scaling.py [--limit N] [--corpus PATH] [--split-bytes N]

Reads ../shared/corpora/reuters21578.jsonl when present (its first ``--limit`` lines),
otherwise our own samples. Each run starts from nothing: a fresh LocalCluster (or process
pool), the pipeline built in every worker, Parquet output. Prints documents/s for

* ``run_dask`` on a LocalCluster of 1 and of 2 single-threaded worker processes;
* the process pool, ``extractor.batch.batch`` with ``BatchConfig(workers=2)``;

then the speed-up of 2 Dask workers over 1, and the throughput of 2 Dask workers as a ratio
to the process pool of 2 (1.0: no overhead).
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT

from extractor.batch import BatchConfig, batch
from extractor.distributed import run_dask
from extractor.distributed.partitions import SPLIT_BYTES, split_size


def corpus(source: Path, limit: int | None, folder: Path) -> Path:
    """The first ``limit`` lines of ``source``, as a file of their own."""
    target = folder / "news.jsonl"
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if limit is not None and number >= limit:
                break
            out.write(line)
    return target


def dask_rate(news: Path, folder: Path, workers: int, split_bytes: int) -> tuple[float, int]:
    output = folder / f"dask-{workers}"
    summary = run_dask(
        [str(news)], str(output), config=BatchConfig(workers=workers), split_bytes=split_bytes
    )
    return summary.documents_per_second, len(list(output.glob("part-*.parquet")))


def pool_rate(news: Path, folder: Path, workers: int) -> float:
    start = time.perf_counter()
    summary = batch([str(news)], str(folder / "pool.parquet"), config=BatchConfig(workers=workers))
    return summary.documents / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="read the first N lines only")
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--split-bytes", type=int, default=SPLIT_BYTES)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        news = corpus(args.corpus, args.limit, folder)
        size = news.stat().st_size
        lines = sum(1 for _ in news.open(encoding="utf-8"))
        print(f"{lines:,} documents, {size / 2**20:.1f} MiB, from {args.corpus.name}")
        print(f"ranges of {split_size(size, args.split_bytes) / 2**10:,.0f} KiB at most")
        one, parts = dask_rate(news, folder, 1, args.split_bytes)
        print(f"dask, 1 worker:    {one:7.1f} documents/s ({parts} partitions)")
        two, _ = dask_rate(news, folder, 2, args.split_bytes)
        print(f"dask, 2 workers:   {two:7.1f} documents/s")
        pool = pool_rate(news, folder, 2)
        print(f"process pool of 2: {pool:7.1f} documents/s")
        print(f"speed-up of 2 Dask workers over 1: {two / one:.2f}x")
        print(f"2 Dask workers / process pool of 2: {two / pool:.2f}")


if __name__ == "__main__":
    main()
