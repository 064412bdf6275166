"""The exceptions this package raises. Each names what failed and why."""

from __future__ import annotations

from pathlib import Path


class ExtractorError(Exception):
    """Base class of every error raised on purpose by this package."""


class PatternFileError(ExtractorError):
    """A pattern file (JSONL lexicon) could not be read or has an invalid row."""

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class InputError(ExtractorError):
    """An input document could not be read or decoded."""

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")
