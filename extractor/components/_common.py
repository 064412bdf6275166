"""Helpers that every rule component shares."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.attrs import IDX
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


def set_spans(doc: Doc, key: str, label: str, mentions: Iterable[TextSpan]) -> None:
    """Store token-aligned spans of ``mentions`` in ``doc.spans[key]``.

    A mention may start or end inside a token ("-$5m" is one token); its span then covers the
    whole tokens. The records keep the exact character offsets. Nothing is stored in a
    ``Doc`` marked :data:`RECORDS_ONLY`.
    """
    if doc.user_data.get(RECORDS_ONLY):
        return
    spans: list[Span] = []
    for mention in mentions:
        span = doc.char_span(mention.start, mention.end, label=label, alignment_mode="expand")
        if span is not None:
            spans.append(span)
    doc.spans[key] = spans
