"""The ``fin_metric`` component: financial metrics with canonical names and segments."""

from __future__ import annotations

import regex as re
from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.tokens import Doc

from ..doc._patterns import SavesPatterns, ScorerFunc, ScoresSpans
from ..doc.extensions import register_extensions
from ..doc.tokens import doc_text, lexeme_flag, set_spans, word_flag
from ..lexicon import pipeline_patterns
from ..records import MetricMention
from .finder import FoundMetric, metric_grammar

#: A word with a footnote number at its end: "EPS2".
_FOOTNOTE = re.compile(r"(?<=[A-Za-z])\d{1,2}\Z")


@Language.factory(
    "fin_metric",
    default_config={
        "extra_patterns": [],
        "spans_key": "fin_metric",
        "scorer": {"@scorers": "extractor.spans_scorer.v1"},
    },
)
def make_metric_component(
    nlp: Language,
    name: str,
    extra_patterns: list[str],
    spans_key: str,
    scorer: ScorerFunc | None,
) -> MetricComponent:
    return MetricComponent(
        nlp, name, extra_patterns=extra_patterns, spans_key=spans_key, scorer=scorer
    )


class MetricComponent(SavesPatterns, ScoresSpans):
    """Finds metrics, sets ``doc._.fin_metrics`` and ``doc.spans[spans_key]`` (METRIC).

    Modifiers stop at company names and amounts found by the components before it.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        extra_patterns: list[str],
        spans_key: str,
        scorer: ScorerFunc | None = None,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.scorer = scorer
        self.vocab = nlp.vocab
        self._load_patterns(pipeline_patterns(nlp, extra_patterns))

    def _use_patterns(self, patterns: tuple[str, ...]) -> None:
        self.grammar = metric_grammar(patterns)
        self._head_flag = word_flag(self.vocab, self.grammar.heads)
        heads = self.grammar.heads
        #: A head word with a footnote number glued to it: "EPS2", "Revenue1".
        self._noted_flag = lexeme_flag(
            self.vocab,
            lambda word: (
                bool(_FOOTNOTE.search(word)) and _FOOTNOTE.sub("", word).casefold() in heads
            ),
        )

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        heads = self._heads(doc)
        # no head word, no metric: the blocked spans and the grammar are not needed
        found = (
            self.grammar.find(doc_text(doc), heads=heads, blocked=_blocked(doc)) if heads else []
        )
        mentions = tuple(to_metric_mention(m) for m in found)
        doc._.fin_metrics = mentions
        set_spans(doc, self.spans_key, "METRIC", mentions)
        return doc

    def _heads(self, doc: Doc) -> list[tuple[int, int]]:
        if not len(doc):
            return []
        table = doc.to_array([self._head_flag, IDX, LENGTH, self._noted_flag])
        hits = table[table[:, 0] == 1]
        heads = [(int(start), int(start + length)) for _, start, length, _ in hits.tolist()]
        noted = table[table[:, 3] == 1]
        if len(noted):  # "Diluted EPS2": the head ends before its footnote number
            text = doc_text(doc)
            for _, start, length, _ in noted.tolist():
                word = text[start : start + length]
                heads.append((int(start), int(start + len(_FOOTNOTE.sub("", word)))))
            heads.sort()
        return heads


def _blocked(doc: Doc) -> list[tuple[int, int]]:
    ext = doc._  # each ``doc._`` builds an accessor object
    spans = [(m.start, m.end) for m in (*(ext.fin_money or ()), *(ext.fin_percentages or ()))]
    spans += [(m.start, m.end) for c in ext.fin_companies or () for m in c.mentions]
    return sorted(spans)


def to_metric_mention(metric: FoundMetric) -> MetricMention:
    return MetricMention(
        text=metric.text,
        start=metric.start,
        end=metric.end,
        rule=metric.rule,
        name=metric.name,
        segment=metric.segment,
    )
