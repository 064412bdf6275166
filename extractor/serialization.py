"""msgpack support for our records, so that Docs carrying them can cross processes.

spaCy serialises ``doc.user_data`` with msgpack when ``nlp.pipe(n_process=...)`` sends Docs
between processes and in ``Doc.to_bytes``. These hooks are registered with srsly when a
component of ours is built, so every process that runs our components has them. (They are not
entry points: srsly loads those while spaCy itself is still importing.)
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import srsly

from . import records

_RECORD_KEY = "__extractor_record__"
_DECIMAL_KEY = "__decimal__"

Chain = Callable[[Any], Any] | None


def encode(obj: Any, chain: Chain = None) -> Any:
    """msgpack ``default`` hook: records as tagged dicts, Decimals as tagged strings."""
    if isinstance(obj, records.Record):
        return {_RECORD_KEY: type(obj).__name__, "data": dict(obj)}
    if isinstance(obj, Decimal):
        return {_DECIMAL_KEY: str(obj)}
    return chain(obj) if chain is not None else obj


def decode(obj: Any, chain: Chain = None) -> Any:
    """msgpack ``object_hook``: the inverse of :func:`encode`."""
    if isinstance(obj, dict):
        if _DECIMAL_KEY in obj:
            return Decimal(obj[_DECIMAL_KEY])
        if _RECORD_KEY in obj:
            model = getattr(records, obj[_RECORD_KEY])
            return model.model_validate(obj["data"])
    return chain(obj) if chain is not None else obj


def register_msgpack() -> None:
    """Register the hooks with srsly; safe to call more than once."""
    srsly.msgpack_encoders.register("extractor_records", func=encode)
    srsly.msgpack_decoders.register("extractor_records", func=decode)
