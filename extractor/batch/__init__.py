"""Batch processing: inputs read into articles (by :mod:`extractor.io`), run through the
pipeline, written to sinks.

>>> from extractor.batch import batch, BatchConfig
>>> callable(batch), BatchConfig().workers
(True, 1)
"""

from ..io import ReadOptions
from .runner import BatchConfig, BatchSummary, batch, run_batch
from .workers import PipelineSpec

__all__ = [
    "BatchConfig",
    "BatchSummary",
    "PipelineSpec",
    "ReadOptions",
    "batch",
    "run_batch",
]
