"""The ``fin_money`` component: amounts of money, normalised to exact values and ISO codes."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..extensions import register_extensions
from ..lexicon import NumberWordRow, load_lexicon
from ..normalize.money import money_grammar
from ..normalize.quantity import Quantity
from ..records import MoneyMention
from ._common import doc_text, flagged_offsets, set_spans, word_flag


@Language.factory(
    "fin_money",
    default_config={"extra_patterns": [], "spans_key": "fin_money"},
)
def make_money_component(
    nlp: Language, name: str, extra_patterns: list[str], spans_key: str
) -> MoneyComponent:
    return MoneyComponent(nlp, name, extra_patterns=extra_patterns, spans_key=spans_key)


class MoneyComponent:
    """Finds money, sets ``doc._.fin_money`` and ``doc.spans[spans_key]`` (label MONEY)."""

    def __init__(
        self, nlp: Language, name: str, *, extra_patterns: list[str], spans_key: str
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        patterns = tuple(extra_patterns)
        self.grammar = money_grammar(patterns)
        words = [
            row.text for row in load_lexicon(patterns).rows(NumberWordRow) if row.role != "article"
        ]
        self._word_flag = word_flag(nlp.vocab, words)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        found = self.grammar.find(text, word_anchors=flagged_offsets(doc, self._word_flag))
        mentions = tuple(to_money_mention(text, q) for q in found)
        doc._.fin_money = mentions
        set_spans(doc, self.spans_key, "MONEY", mentions)
        return doc


def to_money_mention(text: str, quantity: Quantity) -> MoneyMention:
    return MoneyMention(
        text=text[quantity.start : quantity.end],
        start=quantity.start,
        end=quantity.end,
        rule=quantity.rule,
        value=quantity.value,
        currency=quantity.unit,
        amount_text=quantity.amount_text,
        currency_text=quantity.unit_text,
        per_share="per_share" in quantity.flags,
        range=quantity.range,
        qualifier=quantity.qualifier,
    )
