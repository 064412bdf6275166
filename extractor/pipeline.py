"""Build the spaCy pipeline and run it over texts.

The default pipeline is ``spacy.blank("en")`` plus our rule components: no model download.
"""

from __future__ import annotations

import configparser
import gc
import logging
import re as stdlib_re
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import regex as re
import spacy
from confection import ConfigValidationError
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Config

from .assemble import Piece, PieceMerger, content_id, doc_to_record, plan_pieces
from .doc.extensions import register_extensions
from .doc.tokens import RECORDS_ONLY, remember_text
from .errors import ExtractorError, TextTooLongError, UsageError
from .records import DocumentRecord, Source
from .sanitize import scrub_surrogates, scrub_value

logger = logging.getLogger(__name__)

#: Our components, in pipeline order.
COMPONENTS: tuple[str, ...] = (
    "fin_sentences",
    "fin_money",
    "fin_percent",
    "fin_company",
    "fin_metric",
    "fin_facts",
    "fin_ents",
)


def load(
    *,
    model: str | Path | None = None,
    extra_patterns: Sequence[str | Path] = (),
    config: str | Path | Config | None = None,
) -> Language:
    """A spaCy ``Language`` with the extractor's components.

    By default it is built on ``spacy.blank("en")``: rules only, no model download. ``model``
    (an installed package name or a path) puts a statistical pipeline in front of our
    components; its ORG entities then join the organisation rules as described in
    :mod:`extractor.orgs.recognizer` (our evidence rules win on conflicts). A pipeline
    saved with ``nlp.to_disk`` that has our components already is loaded as it is, with the
    patterns saved in it.
    ``extra_patterns`` are pattern files (JSONL) loaded after ours, to extend or override them.

    ``config`` (a ``config.cfg`` path or a :class:`thinc.api.Config`) describes the whole
    pipeline instead: start from :func:`default_config` (``extractor config``) and turn
    components off, add pattern files, or source a model's components.
    """
    _register_components()
    check_pipeline_choice(model=model, extra_patterns=extra_patterns, config=config)
    if config is not None:
        return _from_config(config)
    nlp = spacy.blank("en") if model is None else _load_model(model)
    if _has_our_components(nlp):  # a pipeline saved with nlp.to_disk: used as it is
        if extra_patterns:
            raise UsageError(
                f"the pipeline {str(model)!r} has our components, with the patterns it was "
                "saved with: add pattern files to it before saving, not with --patterns"
            )
        check_ready(nlp)
        return nlp
    patterns = {"extra_patterns": [str(path) for path in extra_patterns]}
    for name in COMPONENTS:
        nlp.add_pipe(name, config=patterns if name not in ("fin_sentences", "fin_ents") else {})
    check_ready(nlp)
    return nlp


def _has_our_components(nlp: Language) -> bool:
    return any(nlp.get_pipe_meta(name).factory in COMPONENTS for name in nlp.pipe_names)


def check_ready(nlp: Language) -> None:
    """Raise the error of a pattern file that a component's config names but that is missing.

    A component built from the config of a saved pipeline (``spacy.load``) waits for
    ``from_disk`` to give it the patterns saved with it; one built otherwise cannot run.
    """
    for _, component in nlp.pipeline:
        check = getattr(component, "check_ready", None)
        if callable(check):
            check()


def check_pipeline_choice(
    *,
    model: object | None,
    extra_patterns: Sequence[object],
    config: object | None,
) -> None:
    """A pipeline is described by a config, or by a model and extra pattern files, not both:
    a :class:`~extractor.errors.UsageError` otherwise. The one check, for :func:`load` and for
    the commands' :class:`~extractor.batch.workers.PipelineSpec`.

    >>> check_pipeline_choice(model=None, extra_patterns=["mine.jsonl"], config="config.cfg")
    Traceback (most recent call last):
    ...
    extractor.errors.UsageError: --config describes the whole pipeline: name the model and the pattern files in it, not with --model or --patterns
    """  # noqa: E501
    if config is not None and (model is not None or extra_patterns):
        raise UsageError(
            "--config describes the whole pipeline: name the model and the pattern files "
            "in it, not with --model or --patterns"
        )


def default_config(
    *, model: str | Path | None = None, extra_patterns: Sequence[str | Path] = ()
) -> Config:
    """The ``config.cfg`` of :func:`load` with these arguments; a model's own components are
    taken from it by ``source``, so that the config loads them trained."""
    nlp = load(model=model, extra_patterns=extra_patterns)
    config = nlp.config.copy()
    if model is not None:
        for name in nlp.pipe_names:
            if name not in COMPONENTS:
                config["components"][name] = {"source": str(model)}
    return config


def _from_config(config: str | Path | Config) -> Language:
    where = "the config" if isinstance(config, Config) else str(config)
    try:
        loaded = config if isinstance(config, Config) else Config().from_disk(config)
        nlp = spacy.util.load_model_from_config(loaded, auto_fill=True, validate=True)
    except OSError as exc:
        raise ExtractorError(f"{where}: {exc.strerror or exc}") from exc
    except (ConfigValidationError, configparser.Error, ValueError, KeyError) as exc:
        raise ExtractorError(f"{where}: not a valid pipeline config: {exc}") from exc
    check_ready(nlp)
    register_extensions()
    return nlp


def _register_components() -> None:
    """Import the components, which registers their factories also without entry points."""
    from .doc import ents, sentences  # noqa: F401
    from .facts import component as facts  # noqa: F401
    from .metrics import component as metric  # noqa: F401
    from .money import component as money  # noqa: F401
    from .orgs import component as company  # noqa: F401
    from .percent import component as percent  # noqa: F401

    register_extensions()


def _load_model(model: str | Path) -> Language:
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ExtractorError(
            f"cannot load the spaCy model {str(model)!r}: not an installed package or a "
            "pipeline folder (install one with pip, or leave the model out for rules only)"
        ) from exc
    if nlp.lang != "en":
        raise ExtractorError(f"the model {str(model)!r} is for {nlp.lang!r}, not English")
    logger.info("statistical pipeline %s: %s", model, ", ".join(nlp.pipe_names))
    return nlp


#: The longest text :class:`Extractor` takes by default, in characters (see ``max_chars``).
DEFAULT_MAX_CHARS = 100_000_000
#: Texts longer than this many characters are processed in pieces of about this size.
DEFAULT_PIECE_CHARS = 200_000
#: The context read on each side of a piece, in characters: longer than any mention, and than
#: the look-around of any rule (a metric's modifiers reach about 350 characters back).
PIECE_MARGIN = 2_000


#: A text, its id and its source.
_Item = tuple[str, str | None, Source | None]


class Extractor:
    """Runs the pipeline and returns validated records.

    >>> record = Extractor()("Revenue rose 12% to $1.2bn.")
    >>> [(m.text, m.value) for m in record.money], [(p.text, p.value) for p in record.percentages]
    ([('$1.2bn', Decimal('1200000000'))], [('12%', Decimal('12'))])

    Any string is accepted: lone surrogates become U+FFFD, with every offset kept
    (:mod:`extractor.sanitize`). A text longer than ``max_chars`` characters is refused with
    :class:`~extractor.errors.TextTooLongError`. A text longer than ``piece_chars`` is
    processed in pieces of about that size, one at a time, so that memory is bounded by the
    piece, not the text (the records found are kept, of course); see :class:`~.assemble.Piece`.
    """

    def __init__(
        self,
        nlp: Language | None = None,
        *,
        model: str | Path | None = None,
        extra_patterns: Sequence[str | Path] = (),
        config: str | Path | Config | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        piece_chars: int = DEFAULT_PIECE_CHARS,
    ) -> None:
        if max_chars < 1 or piece_chars < 100:
            raise UsageError("max_chars must be at least 1 and piece_chars at least 100")
        self.nlp = (
            nlp
            if nlp is not None
            else load(model=model, extra_patterns=extra_patterns, config=config)
        )
        self.max_chars = max_chars
        self.piece_chars = piece_chars
        #: Components that :meth:`pipe` leaves out: no record holds their output.
        self.skipped = _unread_by_records(self.nlp)
        #: Whether nothing that :meth:`pipe` runs reads ``doc.spans``.
        self._records_only = _spans_unread(self.nlp, self.skipped)

    def __call__(
        self, text: str, *, doc_id: str | None = None, source: Source | None = None
    ) -> DocumentRecord:
        """The record of one text; a long text is done in pieces."""
        return next(
            self.pipe(
                [text],
                doc_ids=None if doc_id is None else [doc_id],
                sources=None if source is None else [source],
            )
        )

    def pipe(
        self,
        texts: Iterable[str],
        *,
        doc_ids: Iterable[str] | None = None,
        sources: Iterable[Source | None] | None = None,
        batch_size: int = 64,
        n_process: int = 1,
        ids: Iterable[str] | None = None,
    ) -> Iterator[DocumentRecord]:
        """Records of many texts, streamed through ``nlp.pipe``, in order.

        ``doc_ids`` and ``sources`` pair up with ``texts``; a text without an id gets the hash
        of its content. ``n_process`` is ``nlp.pipe``'s: that many worker processes (-1: one
        per CPU). Long texts are cut into pieces, and the records of their pieces merged with
        offsets into the whole text. ``ids`` is the old name of ``doc_ids`` (deprecated).
        """
        if ids is not None:
            if doc_ids is not None:
                raise UsageError("give doc_ids, not ids as well (ids is its old name)")
            warnings.warn(
                "Extractor.pipe(ids=...) is deprecated; use doc_ids=...",
                DeprecationWarning,
                stacklevel=2,
            )
            doc_ids = ids
        items = _paired(texts, doc_ids, sources, max_chars=self.max_chars)
        merger = PieceMerger()
        docs = self.nlp.pipe(
            self._windows(items),
            batch_size=batch_size,
            as_tuples=True,
            n_process=n_process,
            disable=self.skipped,
        )
        for doc, (key, source, piece) in _collector_paused(docs):
            if piece is None:
                yield doc_to_record(doc, doc_id=key, source=source)
                continue
            merger.add(doc, piece)
            if piece.last:
                yield merger.record(doc_id=key, source=source)
                merger = PieceMerger()

    def _windows(
        self, items: Iterable[_Item]
    ) -> Iterator[tuple[Doc, tuple[str, Source | None, Piece | None]]]:
        """The ``Doc`` of each text, or of each piece of a long text, made only when needed,
        with the id, the source and the piece (the context, which holds no text: with
        ``n_process`` it is sent to the workers with every piece)."""
        for text, doc_id, source in items:
            key = doc_id if doc_id is not None else content_id(text)
            for piece in self._pieces(text):
                window = text if piece is None else text[piece.start : piece.end]
                yield _dated(self._for_records(window), source), (key, source, piece)

    def _pieces(self, text: str) -> Iterator[Piece | None]:
        """``None`` for a text done whole; else its pieces, each window within ``max_length``."""
        size = min(self.piece_chars, self.nlp.max_length // 2)
        if len(text) <= size:
            yield None
            return
        logger.debug("a text of %d characters is done in pieces of %d", len(text), size)
        yield from plan_pieces(text, size=size, margin=min(PIECE_MARGIN, size // 4))

    def make_doc(self, text: str) -> Doc:
        """The tokenized ``Doc`` of ``text`` that the components start from."""
        return remember_text(make_doc(self.nlp, text), text)

    def _for_records(self, text: str) -> Doc:
        """The ``Doc`` of ``text`` for :meth:`pipe`, marked :data:`RECORDS_ONLY` when nothing
        reads its spans."""
        doc = self.make_doc(text)
        if self._records_only:
            doc.user_data[RECORDS_ONLY] = True
        return doc


def _unread_by_records(nlp: Language) -> list[str]:
    """The components of ``nlp`` whose output no record holds and no later component reads,
    which :meth:`Extractor.pipe` leaves out (``extractor.nlp(text)`` still runs them).

    ``fin_ents`` at the end only copies the others' spans into ``doc.ents``; ``fin_sentences``
    sets ``token.is_sent_start``, which none of our components reads (each finds the
    sentences it needs from the token table), so it is left out when all components are ours.
    """
    factories = {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    unread: list[str] = []
    for name in reversed(nlp.pipe_names):
        if factories[name] != "fin_ents":
            break
        unread.append(name)
    if set(factories.values()) <= set(COMPONENTS):
        unread += [name for name, factory in factories.items() if factory == "fin_sentences"]
    return [name for name in nlp.pipe_names if name in unread]


def _spans_unread(nlp: Language, skipped: Sequence[str]) -> bool:
    """Whether no component but those ``skipped`` reads ``doc.spans``: all are ours, and
    ``fin_ents``, the one that reads them, is skipped."""
    factories = {name: nlp.get_pipe_meta(name).factory for name in nlp.pipe_names}
    return set(factories.values()) <= set(COMPONENTS) and all(
        name in skipped for name, factory in factories.items() if factory == "fin_ents"
    )


_T = TypeVar("_T")


def _collector_paused(steps: Iterator[_T]) -> Iterator[_T]:
    """``steps``, each one run with Python's cyclic garbage collector paused.

    While a batch (or one piece of a long text) is processed it holds many live objects
    (tokens, mentions, records), and every full collection walks all of them: on a dense
    text the collections grew faster than the text. Paused, the collector runs between
    batches instead, where it finds the batch's garbage at once; what is held stays
    bounded by the batch, and reference counting frees the rest as before.
    """
    while True:
        enabled = gc.isenabled()
        gc.disable()
        try:
            step = next(steps, None)
        finally:
            if enabled:
                gc.enable()
        if step is None:
            return
        yield step


def _dated(doc: Doc, source: Source | None) -> Doc:
    """The source's publication date, for the periods of facts (``doc._.fin_published``)."""
    if source is not None and source.published is not None and Doc.has_extension("fin_published"):
        doc._.fin_published = source.published.isoformat()
    return doc


def _paired(
    texts: Iterable[str],
    ids: Iterable[str] | None,
    sources: Iterable[Source | None] | None,
    *,
    max_chars: int,
) -> Iterator[_Item]:
    """``(text, id, source)`` triples, cleaned of lone surrogates (:mod:`extractor.sanitize`);
    ``ids`` and ``sources``, when given, must be as long as ``texts``."""
    given = [column for column in (ids, sources) if column is not None]
    for row in zip(texts, *given, strict=True):
        rest = list(row[1:])
        doc_id = rest.pop(0) if ids is not None else None
        source = rest.pop(0) if sources is not None else None
        text = row[0]
        if not isinstance(text, str):
            raise UsageError(f"a text must be a str, not {type(text).__name__}")
        if doc_id is not None and not isinstance(doc_id, str):
            raise UsageError(f"a document id must be a str, not {type(doc_id).__name__}")
        if len(text) > max_chars:
            raise TextTooLongError(len(text), max_chars, doc_id=doc_id)
        yield (
            scrub_surrogates(text),
            None if doc_id is None else scrub_surrogates(doc_id),
            _scrubbed(source),
        )


def _scrubbed(source: Source | None) -> Source | None:
    """``source`` with lone surrogates in its strings (path, url, metadata) replaced."""
    if source is None:
        return None
    data = source.model_dump()
    clean = scrub_value(data)
    return source if clean == data else Source.model_validate(clean)


#: Runs of this many characters without white space are kept as one token each. spaCy's
#: tokenizer splits punctuation off such a run one character at a time, which takes time
#: quadratic in its length ("$$$$...": 5,000 characters take seconds); no word is this long.
MAX_TOKEN_CHARS = 100
_LONG_RUN = re.compile(rf"\S{{{MAX_TOKEN_CHARS},}}+")
#: Only tells whether there is such a run; the standard library does this six times faster.
_HAS_LONG_RUN = stdlib_re.compile(rf"(?<!\S)\S{{{MAX_TOKEN_CHARS}}}")


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize ``text`` as ``nlp.make_doc`` does, but in time linear in its length."""
    if len(text) < MAX_TOKEN_CHARS or _HAS_LONG_RUN.search(text) is None:
        return nlp.make_doc(text)
    words: list[str] = []
    spaces: list[bool] = []
    position = 0
    for run in _LONG_RUN.finditer(text):
        _append_tokens(nlp, text[position : run.start()], words, spaces)
        words.append(run.group())
        spaces.append(False)
        position = run.end()
    _append_tokens(nlp, text[position:], words, spaces)
    return Doc(nlp.vocab, words=words, spaces=spaces)


def _append_tokens(nlp: Language, segment: str, words: list[str], spaces: list[bool]) -> None:
    if segment:
        for token in nlp.make_doc(segment):
            words.append(token.text)
            spaces.append(bool(token.whitespace_))


_default: Extractor | None = None
_default_lock = threading.Lock()


def default_extractor() -> Extractor:
    """The shared extractor of :func:`extract`, built on first use."""
    global _default
    with _default_lock:
        if _default is None:
            _default = Extractor()
        return _default


def extract(
    text: str, *, doc_id: str | None = None, source: Source | None = None
) -> DocumentRecord:
    """The record of one text, from the default pipeline (see :class:`Extractor`).

    >>> [m.text for m in extract("TeraWulf posted a $427 million quarterly net loss").money]
    ['$427 million']
    """
    return default_extractor()(text, doc_id=doc_id, source=source)
