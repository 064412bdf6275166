"""The ``fin_percent`` component: percentages, percentage points and basis points."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..amounts.quantity import Quantity
from ..doc._patterns import SavesPatterns, ScorerFunc, ScoresSpans
from ..doc.extensions import register_extensions
from ..doc.tokens import doc_text, number_word_flag, number_word_offsets, set_spans
from ..records import PercentMention
from .grammar import percent_grammar


@Language.factory(
    "fin_percent",
    default_config={
        "extra_patterns": [],
        "spans_key": "fin_percent",
        "scorer": {"@scorers": "extractor.spans_scorer.v1"},
    },
)
def make_percent_component(
    nlp: Language,
    name: str,
    extra_patterns: list[str],
    spans_key: str,
    scorer: ScorerFunc | None,
) -> PercentComponent:
    return PercentComponent(
        nlp, name, extra_patterns=extra_patterns, spans_key=spans_key, scorer=scorer
    )


class PercentComponent(SavesPatterns, ScoresSpans):
    """Finds percentages, sets ``doc._.fin_percentages`` and ``doc.spans[spans_key]``."""

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
        self._load_patterns(extra_patterns)

    def _use_patterns(self, patterns: tuple[str, ...]) -> None:
        self.grammar = percent_grammar(patterns)
        # the number words, as fin_money reads them: "minus" is found by looking back
        self._word_flag = number_word_flag(self.vocab, patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        text = doc_text(doc)
        found = self.grammar.find(text, word_anchors=number_word_offsets(doc, self._word_flag))
        mentions = tuple(to_percent_mention(text, q) for q in found)
        doc._.fin_percentages = mentions
        set_spans(doc, self.spans_key, "PERCENT", mentions)
        return doc


def to_percent_mention(text: str, quantity: Quantity) -> PercentMention:
    return PercentMention(
        text=text[quantity.start : quantity.end],
        start=quantity.start,
        end=quantity.end,
        rule=quantity.rule,
        value=quantity.value,
        kind=quantity.unit,
        amount_text=quantity.amount_text,
        range=quantity.range,
        qualifier=quantity.qualifier,
    )
