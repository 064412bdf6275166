"""The one policy for text that cannot be encoded: lone surrogates become U+FFFD.

Python strings may hold lone surrogates (``"\\udfff"``): JSON decoders, ``surrogateescape``
file names and fuzzers all produce them, but no UTF-8 encoder, database or spaCy's string
store takes them. Every text, id and metadata string that enters the extractor goes through
:func:`scrub_surrogates` first. One surrogate becomes one replacement character, so every
character offset into the text stays as it was.
"""

from __future__ import annotations

from typing import Any

import regex as re

#: A surrogate code point, which is lone in a Python ``str`` (pairs are never stored as such).
LONE_SURROGATE = re.compile(r"[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def scrub_surrogates(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; the length never changes.

    >>> scrub_surrogates("a\\udfffb") == "a\\ufffdb"
    True
    >>> scrub_surrogates("plain") == "plain"
    True
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return str(LONE_SURROGATE.sub(REPLACEMENT, text))
    return text


def scrub_value(value: Any) -> Any:
    """A JSON-like value (str, list, dict, scalars) with :func:`scrub_surrogates` applied to
    every string in it, keys included.

    >>> scrub_value({"id\\udc80": ["x\\ud800", 1, None]}) == {"id\\ufffd": ["x\\ufffd", 1, None]}
    True
    """
    if isinstance(value, str):
        return scrub_surrogates(value)
    if isinstance(value, dict):
        return {scrub_value(key): scrub_value(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub_value(item) for item in value)
    return value
