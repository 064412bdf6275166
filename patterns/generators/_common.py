"""What the pattern generators share: stable ids and writing their files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

PATTERNS = Path(__file__).resolve().parent.parent


def unique_ids(lines: list[str]) -> list[str]:
    """Number repeated ids ("place.city.san_jose", "place.city.san_jose.2")."""
    seen: dict[str, int] = {}
    out = []
    for line in lines:
        row = json.loads(line)
        count = seen[row["id"]] = seen.get(row["id"], 0) + 1
        if count > 1:
            row["id"] = f"{row['id']}.{count}"
        out.append(json.dumps(row, ensure_ascii=False))
    return out


def render(outputs: dict[str, Callable[[], list[str]]]) -> dict[str, str]:
    """The text of every output file."""
    return {name: "\n".join(unique_ids(build())) + "\n" for name, build in outputs.items()}


def write(outputs: dict[str, Callable[[], list[str]]]) -> None:
    for name, text in render(outputs).items():
        (PATTERNS / name).write_text(text, encoding="utf-8")
