"""The ``fin_company`` component: organisations, with canonical names, kinds and tickers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache

import numpy as np
import regex as re
from numpy.typing import NDArray
from spacy.attrs import IDX, IS_LOWER, LENGTH, ORTH
from spacy.language import Language
from spacy.strings import StringStore
from spacy.tokens import Doc

from ..doc._patterns import SavesPatterns, ScorerFunc, ScoresSpans
from ..doc.extensions import register_extensions
from ..doc.sentences import is_sentence_end
from ..doc.tokens import doc_text, set_spans
from ..records import Company, Mention, SentenceSubject
from .found import FoundOrg
from .knowledge import OrgKnowledge, org_knowledge
from .lists import JOINERS
from .recognizer import AliasIndex, OrgRecognizer
from .subjects import Subject, decide, headline_end
from .view import TokenView, is_shaped, titled_sentences, wrapped_lines

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


#: Labels of a reporting period, which end a name rather than go on it: "Nordhavn Bank Q3
#: profit", "Infosys Q2 FY26 results", "Tesco H1 sales", "4Q23".
_PERIOD_LABEL = re.compile(r"(?:Q[1-4]|H[12]|[1-4][QH]|9M|FY|FY\d{2}(?:\d{2})?|[1-4]Q\d{2})")


def is_name_token(text: str) -> bool:
    """Capitalised ("Apple", "AT&T"), CamelCase ("iPhone") or digit-led ("3M") words; not the
    label of a period ("Q3", "FY26")."""
    if len(text) < 2 and text not in ("&",):
        return False
    if _PERIOD_LABEL.fullmatch(text):
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
    default_config={
        "extra_patterns": [],
        "spans_key": "fin_company",
        "use_model_ents": True,
        "scorer": {"@scorers": "extractor.spans_scorer.v1"},
    },
)
def make_company_component(
    nlp: Language,
    name: str,
    extra_patterns: list[str],
    spans_key: str,
    use_model_ents: bool,
    scorer: ScorerFunc | None,
) -> CompanyComponent:
    return CompanyComponent(
        nlp,
        name,
        extra_patterns=extra_patterns,
        spans_key=spans_key,
        use_model_ents=use_model_ents,
        scorer=scorer,
    )


class CompanyComponent(SavesPatterns, ScoresSpans):
    """Sets ``doc._.fin_companies``, ``doc._.fin_main_company`` and ``doc.spans[spans_key]``.

    When an earlier component set ``doc.ents`` (a statistical NER), its ORG entities are
    used where our rules found nothing; see :mod:`extractor.orgs.recognizer`.
    """

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        extra_patterns: list[str],
        spans_key: str,
        use_model_ents: bool,
        scorer: ScorerFunc | None = None,
    ) -> None:
        register_extensions()
        self.name = name
        self.spans_key = spans_key
        self.use_model_ents = use_model_ents
        self.scorer = scorer
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self._load_patterns(extra_patterns)

    def _use_patterns(self, extra_patterns: tuple[str, ...]) -> None:
        tokenizer = self.tokenizer

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

        within, exactly = WordSet.folded, WordSet.exact
        # the order is that of the columns of ``_view``'s flags
        self._tests = WordTests(
            self.vocab.strings,
            _token_word,
            (
                name_word(knowledge, aliases),
                is_connector,
                is_sentence_end,
                is_paragraph_break,
                exactly(knowledge.suffixes),
                evidence_word(knowledge),
                exactly(aliases.by_first),
                within(knowledge.after_triggers),
                within(knowledge.after_comma),
                within(knowledge.before_last),
                within(knowledge.before_second_last),
                stop_word(knowledge, aliases),
                exactly(("and", "AND", "&")),
                exactly(JOINERS),
                within(knowledge.after_pair_first),
                within(knowledge.after_pair_second),
                within(knowledge.titles),
                is_shaped,
                within(knowledge.weak_after),
            ),
        )
        vocab = self.vocab
        self._comma = vocab.strings.add(",")
        self._hyphen = vocab.strings.add("-")
        self._possessive = vocab.strings.add("'s")
        self._possessive_curly = vocab.strings.add("’s")
        self._newline = vocab.strings.add("\n")

    def __call__(self, doc: Doc) -> Doc:
        self.check_ready()
        text = doc_text(doc)
        ext = doc._  # each ``doc._`` builds an accessor object
        amounts = (*(ext.fin_money or ()), *(ext.fin_percentages or ()))
        taken = [(m.start, m.end) for m in amounts]
        model = (
            [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "ORG"]
            if self.use_model_ents and doc.has_annotation("ENT_IOB")
            else []
        )
        if len(doc):
            view = self._view(doc, text)
            found = self.recognizer.find(view, taken=taken, model_orgs=model)
            sentences = view.start[view.sent_start].tolist()
        else:
            found, sentences = [], [0]
        decision = decide(
            self.recognizer.k,
            text,
            found,
            sentences=sentences,
            headline_end=headline_end(text),
            amounts=sorted(start for start, _ in taken),
        )
        companies = tuple(to_company(text, org) for org in found)
        ext.fin_companies = companies
        ext.fin_main_company = decision.main
        ext.fin_lead_company = decision.lead
        ext.fin_sentence_subjects = tuple(
            to_subject(text, subject) for subject in decision.subjects
        )
        set_spans(doc, self.spans_key, "ORG", [m for c in companies for m in c.mentions])
        return doc

    def _view(self, doc: Doc, text: str) -> TokenView:
        table = doc.to_array([ORTH, IDX, LENGTH, IS_LOWER])
        orth = table[:, 0].astype(np.uint64)
        flags, words = self._tests.read(table[:, 0].tolist())
        name = flags[0]
        long = table[:, 2] >= 4
        lower = table[:, 3] == 1
        newline = orth == self._newline
        line_breaks = newline | flags[3]
        offsets = table[:, 1].astype(np.int64)
        wrap = wrapped_lines(
            text,
            offsets,
            table[:, 2].astype(np.int64),
            newline=newline,
            line_break=line_breaks,
            lower=lower & (table[:, 2] >= 3),
        )
        sentences = segment_starts(ends=flags[2], line_breaks=line_breaks, wrap=wrap)

        return TokenView(
            text=text,
            start=offsets,
            name=name,
            connector=flags[1],
            sent_start=sentences,
            hyphen=orth == self._hyphen,
            newline=newline,
            wrap=wrap,
            suffix=flags[4],
            evidence=flags[5],
            alias_first=flags[6],
            after_trigger=flags[7],
            after_comma=flags[8],
            before_last=flags[9],
            before_second_last=flags[10],
            stop=flags[11],
            conjunction=flags[12],
            joiner=flags[13],
            after_pair_first=flags[14],
            after_pair_second=flags[15],
            title=flags[16],
            shaped=flags[17],
            weak_after=flags[18],
            titled=titled_sentences(sentences, name & long, lower & long),
            comma=orth == self._comma,
            possessive=(orth == self._possessive) | (orth == self._possessive_curly),
            orth=orth,
            hash=doc.vocab.strings.add,
            word=words.__getitem__,
        )


def _token_word(text: str) -> str:
    """The word the organisation rules read for a token's text (its footnote digit cut)."""
    return without_footnote(text) if text[-1:].isdigit() else text


class WordSet:
    """A word test that is membership of a set of words, exactly or in any case; the
    :class:`WordTests` of a document read all such sets with two dictionary look-ups."""

    def __init__(self, words: Iterable[str], *, fold: bool) -> None:
        self.fold = fold
        self.words = frozenset(word.casefold() if fold else word for word in words)

    @classmethod
    def folded(cls, words: Iterable[str]) -> WordSet:
        return cls(words, fold=True)

    @classmethod
    def exact(cls, words: Iterable[str]) -> WordSet:
        return cls(words, fold=False)

    def __call__(self, text: str) -> bool:
        return (text.casefold() if self.fold else text) in self.words


class WordTests:
    """The tests the organisation rules make of a word, run once per word type and kept as
    the bits of one number, with the word itself.

    spaCy's lexeme flags do the same, but each flag is one more column of ``Doc.to_array``
    for every document; one dictionary look-up per token costs less than twenty columns.
    Tests that are a :class:`WordSet` are merged into two dictionaries (exact and case-folded
    words to their bits), so a new word type costs two look-ups for all of them.
    The cache is cleared when it holds more than ``MAX_TYPES`` word types.
    """

    MAX_TYPES = 500_000

    def __init__(
        self,
        strings: StringStore,
        word: Callable[[str], str],
        tests: Sequence[Callable[[str], bool]],
    ) -> None:
        if len(tests) > 63:
            raise ValueError("at most 63 word tests fit in one number")
        self._strings = strings
        self._word = word
        self._count = len(tests)
        self._exact: dict[str, int] = {}
        self._folded: dict[str, int] = {}
        self._calls: list[tuple[int, Callable[[str], bool]]] = []
        for bit, test in enumerate(tests):
            if isinstance(test, WordSet):
                bits = self._folded if test.fold else self._exact
                for member in test.words:
                    bits[member] = bits.get(member, 0) | 1 << bit
            else:
                self._calls.append((bit, test))
        self._known: dict[int, tuple[int, str]] = {}

    def read(self, orths: list[int]) -> tuple[NDArray[np.bool_], list[str]]:
        """A (tests x tokens) table of booleans for the word types ``orths`` (each test's row
        contiguous, as the numpy steps that read it want), and the word of each token."""
        known = self._known
        if len(known) > self.MAX_TYPES:
            known.clear()
        test = self._test
        entries = [known.get(o) or test(o) for o in orths]  # an entry is a non-empty tuple
        bits, words = zip(*entries, strict=True) if entries else ((), ())
        # each number's eight bytes, least significant first, unpacked into its bits: half
        # the time of shifting a uint64 array once per test
        packed = np.array(bits, dtype="<u8").view(np.uint8).reshape(-1, 8)
        unpacked = np.unpackbits(packed, axis=1, bitorder="little")[:, : self._count]
        table: NDArray[np.bool_] = np.ascontiguousarray(unpacked.T).view(bool)
        return table, list(words)

    def _test(self, orth: int) -> tuple[int, str]:
        text = self._strings[orth]
        value = self._exact.get(text, 0) | self._folded.get(text.casefold(), 0)
        for bit, test in self._calls:
            if test(text):
                value |= 1 << bit
        entry = self._known[orth] = (value, self._word(text))
        return entry


def segment_starts(
    *, ends: NDArray[np.bool_], line_breaks: NDArray[np.bool_], wrap: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """Where sentences start, for the organisation rules: after a sentence's end, or a line
    break that does not wrap a paragraph (a paragraph, a headline, a heading, a list item).

    Unlike ``fin_sentences`` (and a parser), a wrapped wire ("...and the Equitable Life\n
    Assurance Society said") is one sentence, whatever its line breaks.
    """
    breaks = ends | (line_breaks & ~wrap)
    sentence_start = np.zeros(len(breaks), dtype=bool)
    if len(breaks):
        sentence_start[0] = True
        sentence_start[1:] = breaks[:-1]
    return sentence_start


_NAME_GETTERS: dict[int, Callable[[str], bool]] = {}


def name_word(knowledge: OrgKnowledge, aliases: AliasIndex) -> Callable[[str], bool]:
    """The lexeme test for a word that may be part of a name, once per lexicon: the shape of
    :func:`is_name_token`, and not a word of headlines ("SAYS", "QTR", "Swings"); or the
    first word of a known name in lower case ("dpa-AFX")."""
    getter = _NAME_GETTERS.get(id(knowledge))
    if getter is None:
        never = knowledge.headline_words
        lower = frozenset(word for word in aliases.by_first if word[:1].islower())

        def getter(text: str) -> bool:
            return (text not in never and is_name_token(text)) or text in lower

        _NAME_GETTERS[id(knowledge)] = getter
    return getter


_EVIDENCE_GETTERS: dict[int, Callable[[str], bool]] = {}
_STOP_GETTERS: dict[int, Callable[[str], bool]] = {}


def stop_word(knowledge: OrgKnowledge, aliases: AliasIndex) -> Callable[[str], bool]:
    """The lexeme test for a word that is never a name alone ("The", "March"), once per
    lexicon; a known name's first word is not one."""
    getter = _STOP_GETTERS.get(id(knowledge))
    if getter is None:
        known = aliases.by_first

        def getter(text: str) -> bool:
            return text not in known and (knowledge.is_stop(text) or knowledge.is_function(text))

        _STOP_GETTERS[id(knowledge)] = getter
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
        # validated: pydantic-core checks four fields faster than ``model_construct`` (Python)
        # sets them
        mentions=tuple(
            Mention(text=text[m.start : m.end], start=m.start, end=m.end, rule=m.rule)
            for m in org.mentions
        ),
        ticker=org.ticker,
        exchange=org.exchange,
    )


def to_subject(text: str, subject: Subject) -> SentenceSubject:
    # validated, as ``to_company`` builds its mentions, and faster than ``model_construct``
    mention = subject.mention
    return SentenceSubject(
        start=subject.start,
        end=subject.end,
        company=subject.company,
        mention=Mention(
            text=text[mention.start : mention.end],
            start=mention.start,
            end=mention.end,
            rule=subject.rule,
        ),
    )
