"""The ``fin_percent`` component: percentages, percentage points and basis points."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..amounts.quantity import Quantity
from ..doc.extensions import register_extensions
from ..doc.tokens import doc_text, number_word_offsets, set_spans, word_flag
from ..lexicon import NumberWordRow, load_lexicon
from ..records import PercentMention
from .grammar import percent_grammar


@Language.factory(
    "fin_percent",
    default_config={"extra_patterns": [], "spans_key": "fin_percent"},
)
def make_percent_component(
    nlp: Language, name: str, extra_patterns: list[str], spans_key: str
) -> PercentComponent:
    return PercentComponent(nlp, name, extra_patterns=extra_patterns, spans_key=spans_key)


class PercentComponent:
    """Finds percentages, sets ``doc._.fin_percentages`` and ``doc.spans[spans_key]``."""

    def __init__(
        self, nlp: Language, name: str, *, extra_patterns: list[str], spans_key: str
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        patterns = tuple(extra_patterns)
        self.grammar = percent_grammar(patterns)
        words = [
            row.text for row in load_lexicon(patterns).rows(NumberWordRow) if row.role != "article"
        ]
        # the number words, as fin_money reads them: "minus" is found by looking back
        self._word_flag = word_flag(nlp.vocab, words)

    def __call__(self, doc: Doc) -> Doc:
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
