"""Helpers that every rule component shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import IDX, LENGTH, SPACY
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from ..lexicon import NumberWordRow, load_lexicon
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


#: Set in ``doc.user_data`` by :meth:`extractor.Extractor.pipe` when nothing in the pipeline
#: reads ``doc.spans`` (every component is ours and ``fin_ents`` is left out): the records
#: hold the mentions, and ``set_spans`` leaves the spans out.
RECORDS_ONLY = "extractor.records_only"


def remember_text(doc: Doc, text: str) -> Doc:
    """Record the text a ``Doc`` was made from, so that no component has to rebuild it."""
    doc.user_data[_TEXT_KEY] = text
    return doc


_WORD_GETTERS: dict[tuple[frozenset[str], bool], Callable[[str], bool]] = {}


def lexeme_flag(vocab: Vocab, getter: Callable[[str], bool]) -> int:
    """The id of a lexeme flag computed by ``getter``, added to ``vocab`` once.

    spaCy computes a flag once per word type and keeps it in the vocabulary, so reading it for
    every token of a document is one vectorised ``to_array``.
    """
    getters: dict[int, Callable[[str], object]] = vocab.lex_attr_getters  # type: ignore[attr-defined]
    for flag_id, existing in getters.items():
        if existing is getter:
            return int(flag_id)
    return int(vocab.add_flag(getter))


def word_flag(vocab: Vocab, words: Iterable[str], *, any_case: bool = True) -> int:
    """A lexeme flag that is set for ``words`` (in any case, unless ``any_case`` is False)."""
    key = frozenset(word.casefold() if any_case else word for word in words)
    getter = _WORD_GETTERS.get((key, any_case))
    if getter is None:
        if any_case:
            getter = _WORD_GETTERS[(key, any_case)] = lambda text: text.casefold() in key
        else:
            getter = _WORD_GETTERS[(key, any_case)] = lambda text: text in key
    return lexeme_flag(vocab, getter)


def flagged_offsets(doc: Doc, flag: int) -> list[int]:
    """Character offsets of the tokens that have lexeme flag ``flag``.

    Far cheaper than a regex alternation of words tried at every position of the text.
    """
    if not len(doc):
        return []
    table = doc.to_array([flag, IDX])
    offsets: list[int] = table[table[:, 0] == 1, 1].tolist()
    return offsets


#: Where the offsets of number words are kept once read: fin_money and fin_percent share them.
_NUMBER_WORDS_KEY = "extractor.number_words"


def number_word_flag(vocab: Vocab, patterns: tuple[str, ...]) -> int:
    """The flag of the number words of our lexicon plus ``patterns`` ("two", "hundred",
    "minus"; not the articles), for :func:`number_word_offsets`."""
    rows = load_lexicon(patterns).rows(NumberWordRow)
    return word_flag(vocab, [row.text for row in rows if row.role != "article"])


def number_word_offsets(doc: Doc, flag: int) -> list[int]:
    """:func:`flagged_offsets` of the number-word flag, read once per document."""
    known = doc.user_data.get(_NUMBER_WORDS_KEY)
    if isinstance(known, tuple) and known[0] == flag:
        return list(known[1])
    offsets = flagged_offsets(doc, flag)
    doc.user_data[_NUMBER_WORDS_KEY] = (flag, tuple(offsets))
    return offsets


def set_spans(doc: Doc, key: str, label: str, mentions: Iterable[TextSpan]) -> None:
    """Store token-aligned spans of ``mentions`` in ``doc.spans[key]``.

    A mention may start or end inside a token ("-$5m" is one token); its span then covers the
    whole tokens, as ``doc.char_span(..., alignment_mode="expand")`` gives it. The records keep
    the exact character offsets. The tokens are found for all mentions at once. Nothing is
    stored in a ``Doc`` marked :data:`RECORDS_ONLY`.
    """
    if doc.user_data.get(RECORDS_ONLY):
        return
    bounds = [(mention.start, mention.end) for mention in mentions]
    spans: list[Span] = []
    if len(bounds) < _FEW_MENTIONS:  # numpy's set-up costs more than a few char_span calls
        for start, end in bounds:
            span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
    elif len(doc):
        for start, end in token_bounds(doc, bounds):
            spans.append(Span(doc, start, end, label=label))
    doc.spans[key] = spans


#: Below this many mentions, ``set_spans`` aligns them one by one.
_FEW_MENTIONS = 24


def token_bounds(doc: Doc, bounds: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token spans ``[start, end)`` that character spans cover, for every one that lies in
    the text, as ``doc.char_span(..., alignment_mode="expand")`` aligns them."""
    table = doc.to_array([IDX, LENGTH, SPACY])
    starts = table[:, 0].astype(np.int64)
    ends = starts + table[:, 1].astype(np.int64)  # where each token's text ends
    reach = ends + table[:, 2].astype(np.int64)  # ... and its trailing space
    chars = np.asarray(bounds, dtype=np.int64).reshape(-1, 2)
    first = _token_at(starts, reach, chars[:, 0])
    last = _token_at(starts, reach, chars[:, 1] - 1)
    found = (first >= 0) & (last >= 0)
    safe = np.where(first >= 0, first, 0)
    first = first + ((chars[:, 0] == ends[safe]) & (first >= 0))  # not the space after a token
    return [
        (start, end + 1)
        for start, end, ok in zip(first.tolist(), last.tolist(), found.tolist(), strict=True)
        if ok
    ]


def _token_at(
    starts: NDArray[np.int64], reach: NDArray[np.int64], chars: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The token whose text or trailing space holds each character offset, or -1."""
    index = np.searchsorted(starts, chars, side="right") - 1
    inside = (index >= 0) & (chars < reach[np.maximum(index, 0)])
    return np.where(inside, index, -1)
