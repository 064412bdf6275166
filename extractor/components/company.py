"""The ``fin_company`` component: organisations, with canonical names, kinds and tickers."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from spacy.attrs import IDX, LENGTH, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from ..companies.knowledge import org_knowledge
from ..companies.recognizer import (
    AliasIndex,
    FoundOrg,
    OrgRecognizer,
    TokenView,
    is_shaped,
    main_company,
)
from ..extensions import register_extensions
from ..records import Company, Mention
from ._common import doc_text, lexeme_flag, set_spans, word_flag
from .sentences import is_sentence_end, sentence_starts

#: Words that may join the parts of a name: "Bank of America", "Procter & Gamble".
CONNECTORS = frozenset({"&", "of", "and", "de", "du", "des", "la", "le", "van", "von", "der", "den", "del", "di", "da", "for", "the", "-"})


def is_name_token(text: str) -> bool:
    """Capitalised ("Apple", "AT&T"), CamelCase ("iPhone") or digit-led ("3M") words."""
    if len(text) < 2 and text not in ("&",):
        return False
    first = text[0]
    if "-" in text and text.rsplit("-", 1)[1].islower():
        return False  # "U.S.-listed", "Tata-backed": an adjective, not a name
    if first.isupper():
        return any(ch.isalpha() for ch in text)
    if first.isdigit():
        return any(ch.isupper() for ch in text) and any(ch.isalpha() for ch in text)
    if first.islower():
        return text.isalnum() and any(ch.isupper() for ch in text[1:])
    return False


def is_connector(text: str) -> bool:
    return text in CONNECTORS


@Language.factory(
    "fin_company",
    default_config={"extra_patterns": [], "spans_key": "fin_company", "use_model_ents": True},
)
def make_company_component(
    nlp: Language, name: str, extra_patterns: list[str], spans_key: str, use_model_ents: bool
) -> CompanyComponent:
    return CompanyComponent(
        nlp,
        name,
        extra_patterns=extra_patterns,
        spans_key=spans_key,
        use_model_ents=use_model_ents,
    )


class CompanyComponent:
    """Sets ``doc._.fin_companies``, ``doc._.fin_main_company`` and ``doc.spans[spans_key]``.

    When an earlier component set ``doc.ents`` (a statistical NER), its ORG entities are
    used where our rules found nothing; see :mod:`extractor.companies.recognizer`.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        extra_patterns: list[str],
        spans_key: str,
        use_model_ents: bool,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.use_model_ents = use_model_ents
        tokenizer = nlp.tokenizer

        @lru_cache(maxsize=8192)
        def tokenize(text: str) -> tuple[str, ...]:
            return tuple(token.text for token in tokenizer(text))

        knowledge = org_knowledge(tuple(extra_patterns))
        aliases = AliasIndex.build(knowledge.organisations, tokenize)
        self.recognizer = OrgRecognizer(knowledge, aliases, tokenize)
        self._name_flag = lexeme_flag(nlp.vocab, is_name_token)
        self._connector_flag = lexeme_flag(nlp.vocab, is_connector)
        vocab = nlp.vocab
        self._evidence_flags = (
            word_flag(vocab, knowledge.after_triggers),
            word_flag(vocab, knowledge.before_triggers),
            word_flag(vocab, knowledge.kind_parts, any_case=False),
            word_flag(vocab, aliases.by_first, any_case=False),
            lexeme_flag(vocab, is_shaped),
        )
        self._hyphen = nlp.vocab.strings.add("-")
        self._end_flag = lexeme_flag(nlp.vocab, is_sentence_end)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        taken = [(m.start, m.end) for m in (*(doc._.fin_money or ()), *(doc._.fin_percentages or ()))]
        model = (
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
            if self.use_model_ents and doc.has_annotation("ENT_IOB")
            else []
        )
        found = self.recognizer.find(self._view(doc, text), taken=taken, model_orgs=model) if len(doc) else []
        companies = tuple(to_company(text, org) for org in found)
        doc._.fin_companies = companies
        doc._.fin_main_company = main_company(found)
        set_spans(doc, self.spans_key, "ORG", [m for c in companies for m in c.mentions])
        return doc

    def _view(self, doc: Doc, text: str) -> TokenView:
        table = doc.to_array(
            [
                ORTH,
                IDX,
                LENGTH,
                self._name_flag,
                self._connector_flag,
                SENT_START,
                SPACY,
                *self._evidence_flags,
            ]
        )
        if doc.has_annotation("SENT_START"):
            sent_start = table[:, 5] == 1
        else:
            sent_start = sentence_starts(doc, self._end_flag) == 1
        starts = table[:, 1].tolist()
        lengths = table[:, 2].tolist()
        return TokenView(
            text=text,
            start=table[:, 1].astype(np.int64),
            name=table[:, 3] == 1,
            connector=table[:, 4] == 1,
            sent_start=sent_start,
            space_after=table[:, 6] == 1,
            hyphen=table[:, 0] == self._hyphen,
            after_trigger=table[:, 7] == 1,
            before_trigger=table[:, 8] == 1,
            kind=table[:, 9] == 1,
            alias_first=table[:, 10] == 1,
            shaped=table[:, 11] == 1,
            word=lambda i: text[starts[i] : starts[i] + lengths[i]],
        )


def to_company(text: str, org: FoundOrg) -> Company:
    return Company(
        name=org.name,
        kind=org.kind,  # type: ignore[arg-type]
        mentions=tuple(
            Mention(text=text[m.start : m.end], start=m.start, end=m.end, rule=m.rule)
            for m in org.mentions
        ),
        ticker=org.ticker,
        exchange=org.exchange,
    )
