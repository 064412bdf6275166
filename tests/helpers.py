"""Paths and readers shared by the tests (importable as ``helpers``; fixtures live in conftest).

Tests that read ``../shared`` skip cleanly when it is absent.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ROOT / "corpora"
SHARED = Path(os.environ.get("EXTRACTOR_SHARED", ROOT.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; the calling test skips when it does not exist."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here (../shared is only present in development and CI)")
    return path


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


#: Sentences with the ORG entities the tiny model learns. "AI" and "January" are taught as
#: ORG on purpose: our stop lists must filter them. "Automation Corp" is a wrong boundary
#: for "Kestrel Automation Corp": our suffix rule must win.
TRAIN = [
    ("Zentrix expanded into new markets last year.", [(0, 7, "ORG")]),
    ("Analysts expect Zentrix to grow next year.", [(16, 23, "ORG")]),
    ("Demand for AI chips lifted Zentrix again.", [(11, 13, "ORG"), (27, 34, "ORG")]),
    ("In January the outlook improved for Zentrix.", [(3, 10, "ORG"), (36, 43, "ORG")]),
    ("Orders at Kestrel Automation Corp slowed.", [(18, 33, "ORG")]),
    ("Brindle Foods opened a plant in Ohio.", [(0, 13, "ORG")]),
    ("Investors sold Brindle Foods after the report.", [(15, 28, "ORG")]),
]
