"""Where the package's own data files are: the pattern folder, in a wheel or in a checkout.

Both the lexicon (every pattern file) and the record types (the ISO 4217 codes alone) read
from here, so that neither needs the other.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .errors import PatternFileError


def patterns_dir() -> Path:
    """The folder that holds our own pattern files, in a wheel or in a source checkout."""
    packaged = Path(str(resources.files("extractor"))) / "patterns"
    if packaged.is_dir():
        return packaged
    source = Path(__file__).resolve().parent.parent / "patterns"
    if source.is_dir():
        return source
    raise PatternFileError(packaged, "the package's pattern folder is missing; reinstall it")
