"""The corpus the benchmarks read: Reuters-21578 from ../shared when present, else our own.

The scripts import it as ``corpus`` (Python puts a script's folder first on ``sys.path``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REUTERS = ROOT.parent / "shared" / "corpora" / "reuters21578.jsonl"
OWN = ROOT / "corpora" / "samples.gold.jsonl"
#: What ``--corpus`` reads unless told.
DEFAULT = REUTERS if REUTERS.exists() else OWN


def texts(path: Path, limit: int | None) -> Iterator[str]:
    """The texts of a JSONL corpus, its first ``limit`` lines when given."""
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle):
            if limit is not None and number >= limit:
                return
            yield json.loads(line)["text"]


def joined(size: int) -> str:
    """Stories of the default corpus joined by blank lines, cut to ``size`` characters
    (repeated when the corpus is shorter)."""
    stories: list[str] = []
    length = 0
    while length < size:
        for story in texts(DEFAULT, None):
            stories.append(story)
            length += len(story) + 2
            if length >= size:
                break
    return "\n\n".join(stories)[:size]
