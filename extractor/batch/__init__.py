"""Batch processing: inputs read into articles, run through the pipeline, written to sinks.

>>> from extractor.batch import batch, BatchConfig
>>> callable(batch), BatchConfig().workers
(True, 1)
"""

from .items import Article, Failure
from .runner import BatchConfig, BatchSummary, batch, run_batch
from .sources import SourceOptions, iter_articles
from .workers import PipelineSpec

__all__ = [
    "Article",
    "BatchConfig",
    "BatchSummary",
    "Failure",
    "PipelineSpec",
    "SourceOptions",
    "batch",
    "iter_articles",
    "run_batch",
]
