"""Throughput of the pipeline against spaCy's blank English tokenizer, in the same run.

    python benchmarks/throughput.py [--limit N] [--corpus PATH]

Reads ../shared/corpora/reuters21578.jsonl when present, otherwise our own corpus. Prints
words per second (white-space words) for ``spacy.blank("en")`` tokenization alone and for the
full extractor pipeline, their ratio, and the peak memory of a process that streams the whole
corpus through the pipeline. One process, one core.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus import DEFAULT, texts


def interleaved(
    runs: dict[str, Callable[[list[str]], None]], corpus: list[str], chunk: int
) -> dict[str, float]:
    """Seconds each run takes over the corpus, timed chunk by chunk in turn.

    A shared machine speeds up and slows down over a run of minutes; timing the runs one
    chunk after the other exposes them to the same drift, so their ratio stays steady.
    """
    totals = dict.fromkeys(runs, 0.0)
    for first in range(0, len(corpus), chunk):
        batch = corpus[first : first + chunk]
        for name, run in runs.items():
            start = time.perf_counter()
            run(batch)
            totals[name] += time.perf_counter() - start
    return totals


def peak_rss_mb() -> float:
    """Peak resident memory of this process in MB.

    ``VmHWM`` where Linux has it: ``ru_maxrss`` survives ``exec`` and would count the parent
    process that started this one.
    """
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_probe(path: Path, limit: int | None) -> None:
    """Stream the corpus through the pipeline; print the peak RSS of this process in MB."""
    from extractor import Extractor

    extractor = Extractor()
    for _ in extractor.pipe(texts(path, limit), batch_size=64):
        pass
    print(f"{peak_rss_mb():.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--chunk", type=int, default=500, help="documents per timed chunk")
    parser.add_argument("--memory-probe", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory_probe:
        memory_probe(args.corpus, args.limit)
        return

    import spacy

    from extractor import Extractor

    corpus = list(texts(args.corpus, args.limit))
    words = sum(len(text.split()) for text in corpus)
    blank = spacy.blank("en")
    extractor = Extractor()
    extractor("warm up: $5 million, 5%.")

    def tokenize(batch: list[str]) -> None:
        for _ in blank.pipe(batch, batch_size=64):
            pass

    def extract(batch: list[str]) -> None:
        for _ in extractor.pipe(batch, batch_size=64):
            pass

    seconds = interleaved({"blank": tokenize, "extractor": extract}, corpus, args.chunk)
    baseline, pipeline = words / seconds["blank"], words / seconds["extractor"]
    probe = subprocess.run(
        [sys.executable, __file__, "--memory-probe", "--corpus", str(args.corpus)]
        + (["--limit", str(args.limit)] if args.limit else []),
        check=True,
        capture_output=True,
        text=True,
    )
    print(f"corpus            {args.corpus.name}: {len(corpus)} documents, {words} words")
    print(f"blank tokenizer   {baseline:>12,.0f} words/s")
    print(f"extractor         {pipeline:>12,.0f} words/s")
    print(f"ratio             {pipeline / baseline:>12.1%}  (goal: at least 25%)")
    print(f"peak memory       {float(probe.stdout):>12.1f} MB  streaming the corpus (goal: < 200)")


if __name__ == "__main__":
    main()
