"""The company an article is about, and the company each sentence is about."""

from __future__ import annotations

from collections.abc import Sequence

from .found import FoundOrg


def main_company(found: Sequence[FoundOrg]) -> str | None:
    """The organisation the article is about: the company or bank named most, then first."""
    candidates = [f for f in found if f.kind in ("company", "bank")]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: (len(f.mentions), -f.mentions[0].start))
    return best.name
