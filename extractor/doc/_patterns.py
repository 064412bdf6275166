"""What our pattern-reading components share as spaCy components: saving and loading the
lexicon they were built from, and scoring their spans.

Like spaCy's ``SpanRuler``, a component saves its patterns with ``to_disk`` (a
``patterns.jsonl`` in its folder of the saved pipeline) and reads them back with
``from_disk``; ``to_bytes``/``from_bytes`` do the same in memory. What is saved is the whole
lexicon the component was built from (our pattern files merged with the user's, as
:func:`~extractor.lexicon.saved_lexicon_text` writes it), so ``spacy.load(path)`` gives the
same pipeline on a machine without the user's pattern files, and with another version of ours.

``spacy.load`` first builds each component from ``config.cfg``, which still names the user's
files, and only then calls ``from_disk``. So a component whose named pattern file is missing
does not fail when it is built: it waits for ``from_disk``, and raises the
:class:`~extractor.errors.MissingPatternFileError` when it is run without it
(:func:`extractor.load` raises it at once).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import srsly
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import SimpleFrozenList, ensure_path, registry

from ..durable import write_atomic
from ..errors import MissingPatternFileError
from ..lexicon import remember_saved_lexicon, same_lexicon, saved_lexicon_text

logger = logging.getLogger(__name__)

#: The file a component's lexicon is saved in, inside its folder of a saved pipeline.
PATTERNS_FILE = "patterns.jsonl"

#: A scorer: examples (and Scorer's settings) to scores.
ScorerFunc = Callable[..., dict[str, Any]]


class SavesPatterns:
    """Mixin for a component built from pattern files: it sets :attr:`pattern_files` and
    implements :meth:`_use_patterns`, which builds everything that depends on them."""

    #: The pattern files (or a saved lexicon's key) merged after ours, in order.
    pattern_files: tuple[str, ...] = ()
    #: Why the component cannot run yet: a pattern file named in its config is missing.
    pending: MissingPatternFileError | None = None

    def _use_patterns(self, files: tuple[str, ...]) -> None:
        raise NotImplementedError

    def _load_patterns(self, files: Sequence[str]) -> None:
        """Build from ``files``; a missing file makes the component wait for ``from_disk``."""
        try:
            self._use_patterns(tuple(files))
        except MissingPatternFileError as exc:
            logger.debug("%s waits for from_disk: %s", type(self).__name__, exc)
            self.pattern_files, self.pending = tuple(files), exc
        else:
            self.pattern_files, self.pending = tuple(files), None

    def check_ready(self) -> None:
        """Raise the missing pattern file's error if the component could not be built."""
        if self.pending is not None:
            raise self.pending

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Save the lexicon the component was built from, as ``path/patterns.jsonl``."""
        self.check_ready()
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / PATTERNS_FILE, saved_lexicon_text(self.pattern_files))

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> SavesPatterns:
        """Rebuild the component from the lexicon saved by :meth:`to_disk`."""
        file = ensure_path(path) / PATTERNS_FILE
        try:
            text = file.read_text(encoding="utf-8")
        except OSError as exc:
            raise MissingPatternFileError(file, f"cannot read: {exc.strerror or exc}") from exc
        self._use_saved(text, where=file)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The saved lexicon, as :meth:`to_disk` writes it, in msgpack."""
        self.check_ready()
        data: bytes = srsly.msgpack_dumps({"patterns": saved_lexicon_text(self.pattern_files)})
        return data

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> SavesPatterns:
        """Rebuild the component from :meth:`to_bytes`' data."""
        data = srsly.msgpack_loads(bytes_data)
        self._use_saved(str(data["patterns"]), where=f"{type(self).__name__}.from_bytes")
        return self

    def _use_saved(self, text: str, *, where: Path | str) -> None:
        key = remember_saved_lexicon(text, where=where)
        if self.pending is None and same_lexicon((key,), self.pattern_files):
            self.pattern_files = (key,)  # built from the same rows already: kept, not rebuilt
            return
        self._use_patterns((key,))
        self.pattern_files, self.pending = (key,), None


class ScoresSpans:
    """Mixin for a component that writes ``doc.spans[spans_key]``: its ``score`` runs the
    configured scorer over the keys it writes, for ``nlp.evaluate``."""

    spans_key: str
    scorer: ScorerFunc | None = None

    def scored_keys(self) -> tuple[str, ...]:
        """The span keys this component writes."""
        return (self.spans_key,)

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Scores of the component's spans (``spans_{key}_p``, ...), for ``nlp.evaluate``."""
        if self.scorer is None:
            return {}
        return self.scorer(examples, spans_keys=self.scored_keys(), **kwargs)


def score_span_groups(
    examples: Iterable[Example], *, spans_keys: Sequence[str], **kwargs: Any
) -> dict[str, Any]:
    """Precision, recall and F-score of the spans in ``doc.spans[key]`` for each key, overall
    (``spans_{key}_p``, ``_r``, ``_f``) and per label (``spans_{key}_per_type``), as spaCy's
    ``SpanRuler`` scores them; examples whose reference has no such key are left out."""
    examples = list(examples)
    scores: dict[str, Any] = {}
    for key in spans_keys:
        scores.update(
            Scorer.score_spans(
                examples,
                f"spans_{key}",
                getter=_span_group(key),
                has_annotation=_has_span_group(key),
                allow_overlap=True,
                labeled=True,
                **kwargs,
            )
        )
    return scores


def _span_group(key: str) -> Callable[[Doc, str], Iterable[Span]]:
    def getter(doc: Doc, _attr: str) -> Iterable[Span]:
        spans: Iterable[Span] = doc.spans.get(key, [])
        return spans

    return getter


def _has_span_group(key: str) -> Callable[[Doc], bool]:
    def has(doc: Doc) -> bool:
        return key in doc.spans

    return has


@registry.scorers("extractor.spans_scorer.v1")  # type: ignore[untyped-decorator]
def make_spans_scorer() -> ScorerFunc:
    """The scorer of ``fin_money``, ``fin_percent``, ``fin_company`` and ``fin_metric``:
    :func:`score_span_groups` over the span keys the component writes."""
    return score_span_groups
