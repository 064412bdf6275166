"""The organisations of one document as the rules build them, and as they hand them on."""

from __future__ import annotations

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
