"""The exceptions this package raises. Each names what failed and why, and carries the exit
code that the command line ends with when it stops a command: 2 for a mistake in what was
asked (a usage error, a pattern file, a model or config that cannot be loaded), 1 for an
input or output that failed."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar


class ExtractorError(Exception):
    """Base class of every error raised on purpose by this package."""

    #: The command line's exit code when this error stops a command.
    exit_code: ClassVar[int] = 2


class PatternFileError(ExtractorError):
    """A pattern file (JSONL lexicon) could not be read or has an invalid row."""

    def __init__(self, path: Path | str, reason: str, *, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {reason}")


class MissingPatternFileError(PatternFileError):
    """A pattern file named in a pipeline's config is not there (nor, for a component of a
    saved pipeline, the ``patterns.jsonl`` it was saved with)."""


class InputError(ExtractorError):
    """An input document could not be read or decoded."""

    exit_code: ClassVar[int] = 1

    def __init__(self, source: str, reason: str) -> None:
        self.source = source
        self.reason = reason
        super().__init__(f"{source}: {reason}")


class EmptyInputError(InputError):
    """The input holds nothing, or only whitespace."""

    code: ClassVar[str] = "EmptyInput"


class BinaryInputError(InputError):
    """The input is binary data (an image, an archive...), not text."""

    code: ClassVar[str] = "BinaryInput"


class UndecodableInputError(InputError):
    """The input looks like text, but no encoding decodes it cleanly."""

    code: ClassVar[str] = "UndecodableInput"


class OversizedInputError(InputError):
    """The input is larger than the limit given."""

    code: ClassVar[str] = "OversizedInput"


class TextTooLongError(ExtractorError):
    """A text longer than the extractor's ``max_chars``."""

    def __init__(self, length: int, limit: int, *, doc_id: str | None = None) -> None:
        self.length = length
        self.limit = limit
        what = "the text" if doc_id is None else f"the text {doc_id!r}"
        super().__init__(
            f"{what} has {length:,} characters, more than max_chars ({limit:,}); "
            "raise max_chars (Extractor(max_chars=...)) to process it: memory is bounded by "
            "the piece, but the records found grow with the text"
        )


class UsageError(ExtractorError):
    """Arguments that cannot work together or name something unknown (exit code 2 in the CLI)."""


class OutputExistsError(UsageError):
    """The output, or what an interrupted run left of it, is there already.

    The message says how to go on: ``--resume`` continues it, ``--force`` starts over.
    """

    def __init__(self, path: str, *, interrupted: bool = False) -> None:
        self.path = path
        self.interrupted = interrupted
        if interrupted:
            message = (
                f"{path}: an interrupted run left a partial output; "
                "use --resume to continue it or --force to start over"
            )
        else:
            message = (
                f"{path} already exists; use --resume to continue it or --force to overwrite it"
            )
        super().__init__(message)


class OutputError(ExtractorError):
    """An output cannot be written or continued: another layout, or an unreadable file."""

    exit_code: ClassVar[int] = 1

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


class WorkerStartError(ExtractorError):
    """The worker processes of a batch could not start, or could not build the pipeline."""

    exit_code: ClassVar[int] = 1

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the worker processes could not start: {reason}")


class BatchInterrupted(KeyboardInterrupt):
    """A batch run stopped by Ctrl-C (or, through the command line, SIGTERM).

    What it wrote is kept and resumable; ``summary`` (a
    :class:`~extractor.batch.runner.BatchSummary`) says how far it got. It is a
    :class:`KeyboardInterrupt`, so code that lets Ctrl-C through lets this through too.
    """

    def __init__(self, summary: Any) -> None:
        self.summary = summary
        super().__init__("interrupted")


class DatabaseConnectionError(OutputError):
    """The connection to a database was lost and could not be made again in time.

    What the run committed stays; ``committed`` says how many documents that is, and the
    message says to run the same command again with ``--resume``.
    """

    def __init__(self, path: str, reason: str, *, committed: int) -> None:
        self.committed = committed
        super().__init__(path, reason)
