"""Helpers that every rule component shares."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import IDX, LOWER
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..records import TextSpan

#: Where the text of a ``Doc`` is kept once known: ``doc.text`` joins every token anew.
_TEXT_KEY = "extractor.text"


def doc_text(doc: Doc) -> str:
    """The text of ``doc``, computed once per document and then kept in ``doc.user_data``."""
    text = doc.user_data.get(_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a ``Doc`` was made from, so that no component has to rebuild it."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def word_hashes(vocab: Vocab, words: Iterable[str]) -> NDArray[np.uint64]:
    """The lower-case hashes of ``words``, for :func:`word_offsets`."""
    return np.array(sorted({vocab.strings.add(word.casefold()) for word in words}), dtype=np.uint64)


def word_offsets(doc: Doc, hashes: NDArray[np.uint64]) -> list[int]:
    """Character offsets of the tokens whose lower-case form is one of ``hashes``.

    One vectorised pass over the token table: far cheaper than a regex alternation of words
    tried at every position of the text.
    """
    if not len(doc) or not len(hashes):
        return []
    table = doc.to_array([LOWER, IDX])
    hits = np.isin(table[:, 0], hashes)
    return [int(offset) for offset in table[hits, 1]]


def set_spans(doc: Doc, key: str, label: str, mentions: Iterable[TextSpan]) -> None:
    """Store token-aligned spans of ``mentions`` in ``doc.spans[key]``.

    A mention may start or end inside a token ("-$5m" is one token); its span then covers the
    whole tokens. The records keep the exact character offsets.
    """
    spans: list[Span] = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[key] = spans
