"""What flows through a batch: articles read from inputs, and failures to read or process them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Source


@dataclass(frozen=True)
class Article:
    """One text to extract from, with a stable id and where it came from."""

    id: str
    text: str
    source: Source


@dataclass(frozen=True)
class Failure:
    """An input, or one document of it, that could not be read or processed.

    It becomes one line of the errors file; ``error`` is the exception's class name.
    """

    path: str
    reason: str
    error: str
    line: int | None = None
    offset: int | None = None
    id: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        entry: dict[str, Any] = {"path": self.path, "reason": self.reason, "error": self.error}
        for key in ("line", "offset", "id"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        entry.update(self.extra)
        return entry
