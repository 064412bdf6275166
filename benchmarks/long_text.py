"""Peak memory of one ``extract`` call on a very long text: bounded by the piece, not the text.

    python benchmarks/long_text.py [--mb 50] [--kind news,plain]

Each run is a fresh process that loads the pipeline, builds the text, and calls
``Extractor()(text)`` once. It prints the resident memory after loading (the baseline, in the
same run), after building the text, and at the peak of the call (Linux ``VmHWM``), with the CPU
time and what was found. Two texts: ``news``, Reuters-21578 stories (../shared/corpora when
present, otherwise the project's corpus) joined to the size, which holds thousands of mentions
per megabyte, all of which the returned record keeps; and ``plain``, prose without amounts or
names, which shows the memory of the processing alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from corpus import joined


def _memory() -> dict[str, float]:
    """Current and peak resident memory of this process, in MB (Linux)."""
    found = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            found[key] = int(value.split()[0]) / 1024
    return found


def build(kind: str, size: int) -> str:
    if kind == "plain":
        unit = "the quick brown fox jumps over the lazy dog while the band plays on. "
        return (unit * (size // len(unit) + 1))[:size]
    return joined(size)


def probe(kind: str, size: int) -> None:
    """One run, in this process; prints its figures as JSON."""
    from extractor import Extractor

    extractor = Extractor()
    extractor("warm up: $5 million, 5%, Acme Corp.")
    loaded = _memory()["VmRSS"]
    text = build(kind, size)
    with_text = _memory()["VmRSS"]
    start = time.process_time()
    record = extractor(text)
    seconds = time.process_time() - start
    figures = {
        "loaded_mb": loaded,
        "with_text_mb": with_text,
        "peak_mb": _memory()["VmHWM"],
        "after_mb": _memory()["VmRSS"],
        "cpu_s": seconds,
        "mentions": len(record.money)
        + len(record.percentages)
        + len(record.metrics)
        + sum(len(c.mentions) for c in record.companies),
        "facts": len(record.facts),
    }
    print(json.dumps(figures))


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--mb", type=float, default=50.0, help="size of the text in MB")
    parser.add_argument("--kind", default="news,plain")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    args = parser.parse_args()
    size = int(args.mb * 1_000_000)
    if args.probe:
        probe(args.probe, size)
        return
    print(
        f"{'text':<8}{'MB':>6}{'loaded':>9}{'+text':>8}{'peak':>8}{'call':>8}"
        f"{'after':>8}{'CPU s':>8}{'mentions':>10}{'facts':>8}"
    )
    for kind in args.kind.split(","):
        run = subprocess.run(
            [sys.executable, __file__, "--probe", kind, "--mb", str(args.mb)],
            check=True,
            capture_output=True,
            text=True,
        )
        f = json.loads(run.stdout.splitlines()[-1])
        print(
            f"{kind:<8}{args.mb:>6.0f}{f['loaded_mb']:>9.0f}{f['with_text_mb']:>8.0f}"
            f"{f['peak_mb']:>8.0f}{f['peak_mb'] - f['with_text_mb']:>8.0f}{f['after_mb']:>8.0f}"
            f"{f['cpu_s']:>8.1f}{f['mentions']:>10,}{f['facts']:>8,}"
        )
    print(
        "resident memory in MB: after loading the pipeline (the baseline), with the text built, "
        "at the peak of the extract call, the call's own share of it, and after it (the record)"
    )


if __name__ == "__main__":
    main()
