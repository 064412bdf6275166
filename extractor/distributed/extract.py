"""Records of a partition of texts, from any Dask code: ``dask.bag`` or ``dask.dataframe``.

Each process builds the pipeline once, on first use, and keeps it for every later partition,
keyed by its :class:`~extractor.batch.workers.PipelineSpec`; tasks carry only the spec, never
the spaCy ``nlp`` object, and give back plain data, never ``Doc`` objects.
"""

from __future__ import annotations

import gc
import importlib
import json
import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, Literal, overload

from ..assemble import content_id
from ..batch.workers import ChunkProcessor, PipelineSpec
from ..records import DocumentRecord

logger = logging.getLogger(__name__)

_built: dict[PipelineSpec, tuple[ChunkProcessor, threading.Lock]] = {}
_building = threading.Lock()


@contextmanager
def pipeline(spec: PipelineSpec) -> Iterator[ChunkProcessor]:
    """This process's pipeline for ``spec``, built on first use; one thread uses it at a time
    (the pipeline is not thread-safe, and threads share one interpreter lock anyway)."""
    with _building:
        found = _built.get(spec)
        if found is None:
            logger.info("building the pipeline for %s", spec)
            found = _built[spec] = (ChunkProcessor(spec), threading.Lock())
            gc.freeze()  # the pipeline lives as long as the process: keep it out of GC
    processor, lock = found
    with lock:
        yield processor


Item = str | Mapping[str, Any]


@overload
def extract_partition(
    items: Iterable[Item],
    ids: Iterable[str] | None = ...,
    *,
    spec: PipelineSpec | None = ...,
    text_field: str = ...,
    id_field: str = ...,
    as_json: Literal[False] = ...,
) -> list[dict[str, Any]]: ...


@overload
def extract_partition(
    items: Iterable[Item],
    ids: Iterable[str] | None = ...,
    *,
    spec: PipelineSpec | None = ...,
    text_field: str = ...,
    id_field: str = ...,
    as_json: Literal[True],
) -> list[str]: ...


def extract_partition(
    items: Iterable[Item],
    ids: Iterable[str] | None = None,
    *,
    spec: PipelineSpec | None = None,
    text_field: str = "text",
    id_field: str = "id",
    as_json: bool = False,
) -> list[dict[str, Any]] | list[str]:
    """The records of a partition of texts, one per item, in order, as plain JSON data.

    An item is a text, or a mapping (a parsed JSONL row) whose ``text_field`` holds the text
    and ``id_field`` the id. ``ids``, when given, pair up with the items; without an id a
    record's id is the hash of its text. With ``as_json`` the records are JSON strings, with
    exact amounts; as dicts, amounts are floats (``DocumentRecord.model_validate`` takes them
    back). Made for ``dask.bag.Bag.map_partitions``: every worker process builds the
    pipeline once, for each ``spec``, and keeps it.

    >>> import dask.bag as db
    >>> news = [{"id": "n1", "text": "Acme's revenue rose 12% to $1.2bn."},
    ...         {"id": "n2", "text": "Shares were little changed."}]
    >>> bag = db.from_sequence(news, npartitions=2).map_partitions(extract_partition)
    >>> [(r["id"], [m["text"] for m in r["money"]]) for r in bag.compute(scheduler="sync")]
    [('n1', ['$1.2bn']), ('n2', [])]
    """
    texts: list[str] = []
    keys: list[str | None] = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
            keys.append(None)
        else:
            texts.append(_text(item, text_field))
            value = item.get(id_field)
            keys.append(None if value is None or value == "" else str(value))
    if ids is not None:
        keys = list(ids)
        if len(keys) != len(texts):
            raise ValueError(f"{len(keys)} ids for {len(texts)} texts")
    records = [record.to_json() for record in _records(texts, keys, spec)]
    return records if as_json else [json.loads(record) for record in records]


def extract_frame(
    frame: Any,
    *,
    text_column: str = "text",
    id_column: str | None = "id",
    spec: PipelineSpec | None = None,
) -> Any:
    """The records of a pandas ``DataFrame``'s texts: a frame with the same index and two
    columns, ``id`` and ``record`` (the record's JSON). For ``dask.dataframe``::

        records = frame.map_partitions(extract_frame, meta={"id": "object", "record": "object"})

    Without an ``id_column`` (or where it is empty) a record's id is the hash of its text.
    """
    pandas: Any = importlib.import_module("pandas")
    texts = [str(text) for text in frame[text_column]]
    keys: list[str | None] = [None] * len(texts)
    if id_column is not None and id_column in frame.columns:
        keys = [None if pandas.isna(value) else str(value) for value in frame[id_column]]
    records = list(_records(texts, keys, spec))
    return pandas.DataFrame(
        {"id": [r.id for r in records], "record": [r.to_json() for r in records]},
        index=frame.index,
        dtype=object,
    )


def _text(item: Mapping[str, Any], field: str) -> str:
    text = item.get(field)
    if not isinstance(text, str):
        raise ValueError(f"an item has no {field!r} field holding a string: {str(item)[:80]}")
    return text


def _records(
    texts: Sequence[str], keys: Sequence[str | None], spec: PipelineSpec | None
) -> list[DocumentRecord]:
    spec = spec or PipelineSpec()
    ids = [
        key if key is not None else content_id(text) for text, key in zip(texts, keys, strict=True)
    ]
    with pipeline(spec) as processor:
        return list(processor.extractor.pipe(texts, doc_ids=ids, batch_size=spec.batch_size))
