"""The ``fin_company`` component: organisations, with canonical names, kinds and tickers."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

import numpy as np
from spacy.attrs import IDX, IS_LOWER, LENGTH, ORTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from ..companies.found import FoundOrg
from ..companies.knowledge import OrgKnowledge, org_knowledge
from ..companies.recognizer import AliasIndex, OrgRecognizer
from ..companies.subjects import main_company
from ..companies.view import TokenView, titled_sentences
from ..extensions import register_extensions
from ..records import Company, Mention
from ._common import doc_text, lexeme_flag, set_spans, word_flag
from .sentences import is_sentence_end, sentence_starts

#: Words that may join the parts of a name: "Bank of America", "Procter & Gamble".
CONNECTORS = frozenset(
    {
        "&",
        "of",
        "de",
        "du",
        "des",
        "la",
        "le",
        "van",
        "von",
        "der",
        "den",
        "del",
        "di",
        "da",
        "for",
        "the",
        "-",
        "OF",
    }
)


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


@lru_cache(maxsize=16384)
def without_footnote(word: str) -> str:
    """A word without the footnote digit glued to it: "Montreal4" -> "Montreal".

    Only after four or more letters that end in lower case, so that "Web3", "A320" and "4Q"
    stay whole.
    """
    if len(word) < 5 or not word[-1].isdigit() or not word[-2].islower():
        return word
    stem = word.rstrip("0123456789")
    if len(word) - len(stem) > 2 or len(stem) < 4 or not stem[-4:].isalpha():
        return word
    return stem


def is_paragraph_break(text: str) -> bool:
    """White space that ends a paragraph: a blank line, a line break and an indent."""
    return "\n" in text and text != "\n" and text.isspace()


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

        # spaCy's tokenizer keeps a plain word whole unless a special case ("cannot") splits it;
        # a custom tokenizer is asked every time
        rules = getattr(tokenizer, "rules", None)
        plain_words = isinstance(rules, dict)
        special = frozenset(rules or ())

        @lru_cache(maxsize=8192)
        def tokenize(text: str) -> tuple[str, ...]:
            words = text.split()
            if plain_words and all(
                (w.isalpha() or w.isdigit()) and w not in special for w in words
            ):
                return tuple(words)  # what the tokenizer would give, without building a Doc
            return tuple(token.text for token in tokenizer(text))

        knowledge = org_knowledge(tuple(extra_patterns))
        aliases = AliasIndex.build(knowledge.organisations, tokenize)
        self.recognizer = OrgRecognizer(knowledge, aliases, tokenize)
        self._name_flag = lexeme_flag(nlp.vocab, name_word(knowledge))
        self._connector_flag = lexeme_flag(nlp.vocab, is_connector)
        vocab = nlp.vocab
        self._flags = (
            word_flag(vocab, knowledge.suffixes, any_case=False),
            lexeme_flag(vocab, evidence_word(knowledge)),
            word_flag(vocab, aliases.by_first, any_case=False),
            word_flag(vocab, knowledge.after_triggers),
            word_flag(vocab, knowledge.after_comma),
            word_flag(vocab, knowledge.before_last),
            word_flag(vocab, knowledge.before_second_last),
        )
        self._comma = vocab.strings.add(",")
        self._hyphen = nlp.vocab.strings.add("-")
        self._newline = nlp.vocab.strings.add("\n")
        self._end_flag = lexeme_flag(nlp.vocab, is_sentence_end)
        self._paragraph_flag = lexeme_flag(nlp.vocab, is_paragraph_break)

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        ext = doc._  # each ``doc._`` builds an accessor object
        taken = [(m.start, m.end) for m in (*(ext.fin_money or ()), *(ext.fin_percentages or ()))]
        model = (
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
            if self.use_model_ents and doc.has_annotation("ENT_IOB")
            else []
        )
        found = (
            self.recognizer.find(self._view(doc, text), taken=taken, model_orgs=model)
            if len(doc)
            else []
        )
        companies = tuple(to_company(text, org) for org in found)
        ext.fin_companies = companies
        ext.fin_main_company = main_company(found)
        set_spans(doc, self.spans_key, "ORG", [m for c in companies for m in c.mentions])
        return doc

    def _view(self, doc: Doc, text: str) -> TokenView:
        columns = [ORTH, IDX, LENGTH, SENT_START, IS_LOWER, self._name_flag]
        columns += [self._connector_flag, self._end_flag, self._paragraph_flag, *self._flags]
        table = doc.to_array(columns)
        if doc.has_annotation("SENT_START"):
            sent_start = table[:, 3] == 1
        else:
            sent_start = sentence_starts(doc, self._end_flag) == 1
        starts = table[:, 1].tolist()
        lengths = table[:, 2].tolist()
        orth = table[:, 0].astype(np.uint64)
        name = table[:, 5] == 1
        long = table[:, 2] >= 4
        # title-cased stretches end at a sentence's end or a paragraph, not at the line breaks
        # of a wrapped paragraph
        breaks = (table[:, 7] == 1) | (table[:, 8] == 1)
        segments = np.zeros(len(breaks), dtype=bool)
        if len(breaks):
            segments[0] = True
            segments[1:] = breaks[:-1]
        flags = table[:, 9:] == 1
        return TokenView(
            text=text,
            start=table[:, 1].astype(np.int64),
            name=name,
            connector=table[:, 6] == 1,
            sent_start=sent_start,
            hyphen=orth == self._hyphen,
            newline=orth == self._newline,
            suffix=flags[:, 0],
            titled=titled_sentences(segments, name & long, (table[:, 4] == 1) & long),
            evidence=flags[:, 1],
            alias_first=flags[:, 2],
            after_trigger=flags[:, 3],
            after_comma=flags[:, 4],
            before_last=flags[:, 5],
            before_second_last=flags[:, 6],
            comma=orth == self._comma,
            orth=orth,
            hash=doc.vocab.strings.add,
            word=lambda i: without_footnote(text[starts[i] : starts[i] + lengths[i]]),
        )


_EVIDENCE_GETTERS: dict[int, Callable[[str], bool]] = {}
_NAME_GETTERS: dict[int, Callable[[str], bool]] = {}


def name_word(knowledge: OrgKnowledge) -> Callable[[str], bool]:
    """The lexeme test for a word that may be part of a name, once per lexicon: the shape of
    :func:`is_name_token`, and not a word of headlines ("SAYS", "QTR", "Swings")."""
    getter = _NAME_GETTERS.get(id(knowledge))
    if getter is None:
        never = knowledge.headline_words

        def getter(text: str) -> bool:
            return text not in never and is_name_token(text)

        _NAME_GETTERS[id(knowledge)] = getter
    return getter


def evidence_word(knowledge: OrgKnowledge) -> Callable[[str], bool]:
    """The lexeme test for a kind word, a legal suffix or a one-word cue, once per lexicon."""
    getter = _EVIDENCE_GETTERS.get(id(knowledge))
    if getter is None:
        exact = knowledge.kind_parts | knowledge.suffixes
        folded = knowledge.before_single

        def getter(text: str) -> bool:
            return text in exact or text.casefold() in folded

        _EVIDENCE_GETTERS[id(knowledge)] = getter
    return getter


def to_company(text: str, org: FoundOrg) -> Company:
    return Company(
        name=org.name,
        kind=org.kind,
        # The recogniser's own offsets: built without validation, the hot path of long texts.
        mentions=tuple(
            Mention.model_construct(
                text=text[m.start : m.end], start=m.start, end=m.end, rule=m.rule
            )
            for m in org.mentions
        ),
        ticker=org.ticker,
        exchange=org.exchange,
    )
