"""The ``fin_money`` component: amounts of money, normalised to exact values and ISO codes."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from ..amounts.quantity import Quantity
from ..doc._patterns import SavesPatterns, ScorerFunc, ScoresSpans
from ..doc.extensions import register_extensions
from ..doc.tokens import doc_text, number_word_flag, number_word_offsets, set_spans
from ..records import CryptoMention, ExchangeRate, MoneyMention
from .grammar import money_grammar


@Language.factory(
    "fin_money",
    default_config={
        "extra_patterns": [],
        "spans_key": "fin_money",
        "crypto": False,
        "crypto_spans_key": "fin_crypto",
        "scorer": {"@scorers": "extractor.spans_scorer.v1"},
    },
)
def make_money_component(
    nlp: Language,
    name: str,
    extra_patterns: list[str],
    spans_key: str,
    crypto: bool,
    crypto_spans_key: str,
    scorer: ScorerFunc | None,
) -> MoneyComponent:
    return MoneyComponent(
        nlp,
        name,
        extra_patterns=extra_patterns,
        spans_key=spans_key,
        crypto=crypto,
        crypto_spans_key=crypto_spans_key,
        scorer=scorer,
    )


class MoneyComponent(SavesPatterns, ScoresSpans):
    """Finds money, sets ``doc._.fin_money`` and ``doc.spans[spans_key]`` (label MONEY).

    Amounts of a cryptocurrency are no money. With ``crypto`` they are given apart, in
    ``doc._.fin_crypto`` and ``doc.spans[crypto_spans_key]`` (label CRYPTO).
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        extra_patterns: list[str],
        spans_key: str,
        crypto: bool = False,
        crypto_spans_key: str = "fin_crypto",
        scorer: ScorerFunc | None = None,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.crypto = crypto
        self.crypto_spans_key = crypto_spans_key
        self.scorer = scorer
        self.vocab = nlp.vocab
        self._load_patterns(extra_patterns)

    def _use_patterns(self, patterns: tuple[str, ...]) -> None:
        self.grammar = money_grammar(patterns)
        self._word_flag = number_word_flag(self.vocab, patterns)

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        text = doc_text(doc)
        anchors = number_word_offsets(doc, self._word_flag)
        found = self.grammar.find(text, word_anchors=anchors, with_crypto=self.crypto)
        mentions = tuple(to_money_mention(text, q) for q in found if "crypto" not in q.flags)
        doc._.fin_money = mentions
        set_spans(doc, self.spans_key, "MONEY", mentions)
        if self.crypto:
            coins = tuple(to_crypto_mention(text, q) for q in found if "crypto" in q.flags)
            doc._.fin_crypto = coins
            set_spans(doc, self.crypto_spans_key, "CRYPTO", coins)
        return doc

    def scored_keys(self) -> tuple[str, ...]:
        """MONEY, and CRYPTO with ``crypto``."""
        return (self.spans_key, self.crypto_spans_key) if self.crypto else (self.spans_key,)


def to_money_mention(text: str, quantity: Quantity) -> MoneyMention:
    rate = quantity.rate
    return MoneyMention(
        text=text[quantity.start : quantity.end],
        start=quantity.start,
        end=quantity.end,
        rule=quantity.rule,
        value=quantity.value,
        currency=quantity.unit,
        amount_text=quantity.amount_text,
        currency_text=quantity.unit_text,
        currency_source=quantity.source if quantity.unit is not None else None,
        per_share="per_share" in quantity.flags,
        range=quantity.range,
        qualifier=quantity.qualifier,
        exchange_rate=None
        if rate is None
        else ExchangeRate(base=rate[0], quote=rate[1], rate=rate[2]),
    )


def to_crypto_mention(text: str, quantity: Quantity) -> CryptoMention:
    return CryptoMention(
        text=text[quantity.start : quantity.end],
        start=quantity.start,
        end=quantity.end,
        rule=quantity.rule,
        value=quantity.value,
        coin=quantity.coin or "",
        amount_text=quantity.amount_text,
        coin_text=quantity.unit_text,
        range=quantity.range,
        qualifier=quantity.qualifier,
    )
