"""What reading gives: articles, and failures to read them (or, later, to process them).

Both are made safe to write as they are made: a lone surrogate (``"\\udfff"``, which JSON
escapes, ``surrogateescape`` file names and fuzzers give) in an id, a text, a path or any
metadata string becomes U+FFFD, by the one policy of :mod:`extractor.sanitize` (offsets
into the text stay as they were). No record, sink or error log can then fail to encode one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..records import Source
from ..sanitize import scrub_surrogates, scrub_value


@dataclass(frozen=True)
class Article:
    """One text to extract from, with a stable id and where it came from."""

    id: str
    text: str
    source: Source

    def __post_init__(self) -> None:
        object.__setattr__(self, "id", scrub_surrogates(self.id))
        object.__setattr__(self, "text", scrub_surrogates(self.text))
        source = self.source
        fields = {"path": source.path, "url": source.url, "meta": source.meta}
        clean = scrub_value(fields)
        if clean != fields:
            object.__setattr__(self, "source", source.model_copy(update=clean))


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
        """The entry of the errors file; every string in it encodes as UTF-8."""
        entry: dict[str, Any] = {"path": self.path, "reason": self.reason, "error": self.error}
        for key in ("line", "offset", "id"):
            value = getattr(self, key)
            if value is not None:
                entry[key] = value
        entry.update(self.extra)
        return dict(scrub_value(entry))
