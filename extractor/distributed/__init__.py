"""Extraction on a Dask cluster, and the pieces for your own Dask or Spark code.

:func:`run_dask` is ``extractor batch --engine dask``: partitions of the inputs, one task
each, into a folder of Parquet (or JSONL) files. :func:`extract_partition` (for
``dask.bag``) and :func:`extract_frame` (for ``dask.dataframe`` and Spark's
``mapInPandas``) give the records of texts you hold yourself; every worker process builds
the pipeline once. Dask is optional: ``pip install 'finnews-extractor[dask]'``; this package
imports without it.
"""

from .engine import run_dask
from .extract import extract_frame, extract_partition
from .partitions import SPLIT_BYTES, Partition, plan_partitions

__all__ = [
    "SPLIT_BYTES",
    "Partition",
    "extract_frame",
    "extract_partition",
    "plan_partitions",
    "run_dask",
]
