"""What a run does with an output that is there already: the one check of ``resume`` and
``force``, for both engines and every sink."""

from __future__ import annotations

import enum

from .errors import UsageError

__all__ = ["OutputMode"]


class OutputMode(enum.Enum):
    """Start a new output, continue one (``--resume``), or write over one (``--force``).

    >>> OutputMode.of(resume=True, force=False)
    <OutputMode.RESUME: 'resume'>
    >>> OutputMode.of(resume=True, force=True)
    Traceback (most recent call last):
    ...
    extractor.errors.UsageError: --resume and --force exclude each other
    """

    NEW = "new"
    RESUME = "resume"
    OVERWRITE = "overwrite"

    @classmethod
    def of(cls, *, resume: bool, force: bool) -> OutputMode:
        """The mode that ``resume`` and ``force`` ask for; both at once is a usage error."""
        if resume and force:
            raise UsageError("--resume and --force exclude each other")
        return cls.RESUME if resume else cls.OVERWRITE if force else cls.NEW
