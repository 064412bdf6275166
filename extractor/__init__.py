"""Turn financial news into structured, validated data.

>>> from extractor import extract
>>> record = extract("TeraWulf's HPC lease revenue rose 117% to $21 million.")
>>> record.money[0].value, record.money[0].currency, record.percentages[0].value
(Decimal('21000000'), 'USD', Decimal('117'))
"""

from __future__ import annotations

from ._version import __version__
from .errors import (
    ExtractorError,
    InputError,
    OutputError,
    OutputExistsError,
    PatternFileError,
    UsageError,
)
from .pipeline import Extractor, extract, load
from .records import (
    Company,
    DocumentRecord,
    Fact,
    MetricMention,
    MoneyMention,
    PercentMention,
    json_schema,
)

__all__ = [
    "Company",
    "DocumentRecord",
    "Extractor",
    "ExtractorError",
    "Fact",
    "InputError",
    "MetricMention",
    "MoneyMention",
    "OutputError",
    "OutputExistsError",
    "PatternFileError",
    "PercentMention",
    "UsageError",
    "__version__",
    "extract",
    "json_schema",
    "load",
]
