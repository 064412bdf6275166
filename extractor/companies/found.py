"""The organisations of one document as the rules build them, and as they hand them on."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..lexicon import OrganisationRow


@dataclass
class Draft:
    """An organisation being found: its key, name, kind, aliases and mentions by span."""

    key: str
    name: str
    kind: str
    row: OrganisationRow | None = None
    ticker: str | None = None
    exchange: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class FoundOrg:
    """An organisation of the document, before it becomes a record."""

    name: str
    kind: str
    ticker: str | None
    exchange: str | None
    mentions: tuple[OrgMention, ...]


class Taken:
    """Character spans that may overlap one another, for overlap tests in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        #: The furthest end of the spans up to each one.
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


class Claims:
    """Spans taken before a left-to-right pass, and the spans that pass adds as it goes.

    The pass adds spans in order of their start and asks about spans that start no earlier,
    so one number (the furthest end added) answers for everything it added: each test costs
    a binary search, whatever the number of mentions.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._before = Taken(spans)
        self._reach = -1

    def overlaps(self, start: int, end: int) -> bool:
        return self._reach > start or self._before.overlaps(start, end)

    def add(self, start: int, end: int) -> None:
        self._reach = max(self._reach, end)
