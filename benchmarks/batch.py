"""End-to-end batch throughput: 1 and 2 workers, against the in-memory pipeline, in one run.

    python benchmarks/batch.py [--limit N] [--corpus PATH]

Reads ../shared/corpora/reuters21578.jsonl when present, otherwise our own corpus. Prints:

* the in-memory pipeline (``Extractor.pipe`` over texts already in a list) in documents/s;
* ``extractor batch CORPUS -o out.jsonl`` with ``--workers 1`` and ``--workers 2``, each a
  fresh process, start-up included: documents/s, peak memory per worker, and the speed-up of
  2 workers over 1 (goal: at least 1.7x on 2 cores);
* end-to-end throughput with 1 worker as a ratio to the in-memory pipeline (goal: at least
  0.7);
* the alternative we did not keep: spaCy's own ``nlp.pipe(n_process=2)``, in documents/s.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT, texts


def in_memory(corpus: list[str]) -> float:
    from extractor import Extractor

    extractor = Extractor()
    extractor("warm up: $5 million, 5%.")
    start = time.perf_counter()
    for _ in extractor.pipe(corpus):
        pass
    return len(corpus) / (time.perf_counter() - start)


def spacy_n_process(corpus: list[str], processes: int) -> float:
    from extractor import Extractor
    from extractor.assemble import doc_to_record

    nlp = Extractor().nlp
    start = time.perf_counter()
    for doc in nlp.pipe(corpus, n_process=processes, batch_size=64):
        doc_to_record(doc)
    return len(corpus) / (time.perf_counter() - start)


def batch(source: Path, workers: int, limit: int | None, folder: Path) -> dict[str, object]:
    corpus = source
    if limit is not None:  # the batch reads a file: write the first N lines to one
        corpus = folder / f"first-{limit}.jsonl"
        with source.open(encoding="utf-8") as handle, corpus.open("w", encoding="utf-8") as out:
            for number, line in enumerate(handle):
                if number >= limit:
                    break
                out.write(line)
    output = folder / f"out-{workers}.jsonl"
    summary = folder / f"summary-{workers}.json"
    command = [
        sys.executable, "-m", "extractor", "batch", str(corpus), "-o", str(output),
        "--workers", str(workers), "--force", "--no-progress", "--summary", str(summary),
    ]  # fmt: skip
    start = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode not in (0, 1):  # 1: some documents failed (listed), the rest are done
        raise SystemExit(f"the batch failed: {run.stderr}")
    elapsed = time.perf_counter() - start
    result: dict[str, object] = json.loads(summary.read_text(encoding="utf-8"))
    result["wall_seconds"] = elapsed
    result["wall_documents_per_second"] = float(result["documents"]) / elapsed  # type: ignore[arg-type]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    args = parser.parse_args()

    corpus = list(texts(args.corpus, args.limit))
    print(f"corpus              {args.corpus.name}: {len(corpus)} documents")
    memory = in_memory(corpus)
    print(f"in-memory pipeline  {memory:>10,.1f} documents/s")
    with tempfile.TemporaryDirectory() as folder:
        one = batch(args.corpus, 1, args.limit, Path(folder))
        two = batch(args.corpus, 2, args.limit, Path(folder))
    for workers, run in ((1, one), (2, two)):
        peaks = ", ".join(f"{mb:.0f} MB" for mb in run["peak_mb_per_worker"])  # type: ignore[attr-defined]
        print(
            f"batch, {workers} worker{'s' if workers > 1 else ' '}    "
            f"{run['wall_documents_per_second']:>10,.1f} documents/s  "
            f"({run['documents']} documents, {run['errors']} failed, "
            f"in {run['wall_seconds']:.1f}s, start-up included; "
            f"peak memory per worker: {peaks})"
        )
    one_rate = float(one["wall_documents_per_second"])  # type: ignore[arg-type]
    speedup = float(two["wall_documents_per_second"]) / one_rate  # type: ignore[arg-type]
    ratio = one_rate / memory
    print(f"speed-up, 2 over 1  {speedup:>10.2f}x  (goal: at least 1.7x on 2 cores)")
    print(f"end-to-end ratio    {ratio:>10.2f}   (1 worker over the in-memory pipeline; goal 0.7)")
    n_process = spacy_n_process(corpus, 2)
    print(f"nlp.pipe(n_process=2) {n_process:>8,.1f} documents/s  (not kept; compare 2 workers)")


if __name__ == "__main__":
    main()
