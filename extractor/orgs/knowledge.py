"""Everything the organisation rules know, compiled once from the lexicon.

Cues are read from the text around a candidate name with small anchored regexes: before the
name by a reverse search that must end where the name starts, after it by a match that must
start where the name ends. No regex here scans a whole document, and every one is bounded
(a few words at most), so reading the context of a name costs the same in any document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..amounts.numbers import alternation
from ..lexicon import (
    ExchangeRow,
    FirstNameRow,
    LegalSuffixRow,
    Lexicon,
    OrganisationRow,
    OrgCueRow,
    OrgKindWordRow,
    OrgRuleRow,
    OrgStopRow,
    PersonTitleRow,
    PlaceRow,
    load_lexicon,
)
from ..types import OrgKind

#: Nouns that make an appositive about an organisation: "TeraWulf, the mining company".
_APPOSITIVE_NOUNS = (
    "company|firm|group|maker|miner|lender|bank|retailer|insurer|operator|developer|producer|"
    "provider|manufacturer|giant|conglomerate|chain|carrier|airline|brokerage|startup|start-up|"
    "platform|exchange|fund|utility|business|supplier|distributor|owner|holding|subsidiary|unit|"
    "automaker|carmaker|chipmaker|drugmaker|publisher|broadcaster|network|agency|regulator|"
    "fintech|neobank|app|marketplace|investor|manager|consultancy|partnership|cooperative|"
    "trust|REIT|SPAC|outfit|venture|specialist|designer|shipper|refiner|bottler|brewer|"
    "pharmaceutical|biotech|biotechnology|telecom|telco|utility|store|website|service|"
    "organisation|organization|association|union|body|lobby|watchdog|newspaper|daily|agency"
)
#: Words that may stand between a name and its verb: "Monzo on Thursday reported", "Nebius
#: has raised". At most two of them.
_BETWEEN_NAME_AND_VERB = (
    r"(?:also|again|today|yesterday|earlier|separately|recently|previously|meanwhile|"
    r"on\s++(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|last\s++(?:week|month|year|quarter)|"
    r"this\s++(?:week|month|year)|has|have|had|will|would|just|now|then|itself)"
)
#: Words between a possessive and its noun: "Nebius's [third-quarter] revenue"; no preposition
#: or conjunction, so that "Smith's comments on revenue" is not about a company's revenue.
_MODIFIER = (
    r"(?!(?:on|of|for|in|to|and|or|but|about|with|from|at|by|over|that|which|who|as|than|"
    r"is|was|are|were|has|had|said|says)\s)[\w&.-]++"
)


#: How far after a name its context is read (a ticker, an appositive, a cue). The bound is
#: needed, not only tidy: before it tries a match, the regex module scans the rest of the
#: text for a character the pattern requires ("(", ">"), so a test after every name without
#: it would cost the length of the document.
AFTER_WINDOW = 120

#: Punctuation around the words next to a name: "reported.", "(according".
_PUNCTUATION = ".,;:!?\"'’”“()[]"


@dataclass(frozen=True)
class Cue:
    id: str
    weight: int
    kind: OrgKind | None = None


def _cue_key(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


class OrgKnowledge:
    """Lexicon-derived sets, maps and regexes used by :class:`~.recognizer.OrgRecognizer`."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.organisations = lexicon.rows(OrganisationRow)
        suffix_rows = lexicon.rows(LegalSuffixRow)
        self.suffixes = frozenset(row.text for row in suffix_rows)
        self.suffix_rows = {row.text: row for row in suffix_rows}
        stops = lexicon.rows(OrgStopRow)
        self.stop = frozenset(row.text for row in stops if row.case_sensitive)
        self.stop_folded = frozenset(row.text.casefold() for row in stops if not row.case_sensitive)
        #: Words stripped from the edges of a run: "The", "However", "Shares".
        self.function_words = frozenset(row.text for row in stops if row.reason == "function")
        #: Abbreviations of places: "UK", "U.S.", which may end a unit's name ("Barclays UK").
        self.place_words = frozenset(row.text for row in stops if row.reason == "place")
        #: Words that end the name of an event, not of an organisation: "Investor Day".
        self.event_words = frozenset(row.text for row in stops if row.reason == "event")
        #: Words of headlines that are never part of a name, so that a headline in capitals
        #: ("HARTFORD UNIT POSTS 4TH QTR GAIN") falls apart into its names.
        self.headline_words = frozenset(
            row.text
            for row in stops
            if row.reason == "headline" or (row.reason == "newswire" and row.text.isupper())
        )
        self.first_names = frozenset(row.text for row in lexicon.rows(FirstNameRow))
        places = lexicon.rows(PlaceRow)
        self.places = frozenset(row.text for row in places)
        #: Countries and continents: never a company, even with a suffix ("Japan Inc").
        self.countries = frozenset(r.text for r in places if r.kind in ("country", "continent"))
        kind_rows = lexicon.rows(OrgKindWordRow)
        self.kind_words = {row.text: row.kind for row in kind_rows}
        self.kind_rows = {row.text: row for row in kind_rows}
        self.kind_parts = frozenset(part for row in kind_rows for part in row.text.split())
        exchanges = lexicon.rows(ExchangeRow)
        self.exchange_prefix = {r.text: r for r in exchanges if r.form == "prefix"}
        self.exchange_ric = {r.text: r for r in exchanges if r.form == "ric_suffix"}
        #: Context rules by id, with their weight (0: turned off).
        self.rules = {row.id: row.weight for row in lexicon.rows(OrgRuleRow)}

        cues = lexicon.rows(OrgCueRow)
        self.cues: dict[tuple[str, str], Cue] = {
            (row.side, _cue_key(row.text)): Cue(row.id, row.weight, row.kind) for row in cues
        }
        #: Cue words that can open a run: "Rival Kestrel Automation Corp".
        self.single_word_cues = frozenset(
            r.text.casefold() for r in cues if r.side == "before" and " " not in r.text
        )
        #: Words that, right after a name, may start evidence for it (a suffix, a ticker in
        #: brackets, a possessive, a verb); words that, right before it, are a strong cue;
        #: and the last two words of strong multi-word cues.
        strong = [r for r in cues if r.weight >= 2]
        after = [r.text.casefold().split() for r in cues if r.side == "after"]
        self.after_triggers = frozenset(
            {"(", "<", "'s", "’s", "'", "’", "-", "["}
            | {s.casefold() for s in self.suffixes if " " not in s}
            | {r.text.casefold() for r in strong if r.side == "after" and " " not in r.text}
        )
        #: Single words after a name worth little alone ("said"): they make a run worth
        #: reading only when it has a brand's shape ("McGrath RentCorp said").
        self.weak_after = (
            frozenset(r.text.casefold() for r in cues if r.side == "after" and r.weight < 2)
            - self.after_triggers
        )
        #: The first two words of cues of more words ("in a filing", "declined to comment"),
        #: and of a weekday after a name ("Nebius on Thursday reported").
        self.after_pair_first = frozenset({words[0] for words in after if len(words) > 1} | {"on"})
        self.after_pair_second = frozenset(
            {words[1] for words in after if len(words) > 1}
            | {f"{day}day" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")}
        )
        #: After a comma, what makes it evidence: an appositive, a renaming or a legal suffix.
        self.after_comma = frozenset(
            {"the", "a", "an", "formerly", "previously", "now", "once", "which"}
            | {s.casefold() for s in self.suffixes}
        )
        before_words = [r.text.replace("-", "- ").split() for r in strong if r.side == "before"]
        self.before_single = frozenset(w[0].casefold() for w in before_words if len(w) == 1)
        self.before_last = frozenset(w[-1].casefold() for w in before_words if len(w) > 1)
        self.before_second_last = frozenset(w[-2].casefold() for w in before_words if len(w) > 1)

        #: The first words of cues after a name and of the words between it and its verb;
        #: the last words of cues before a name ("-based" for the glued ones).
        self.after_words = frozenset(
            {r.text.casefold().replace("’", "'").split()[0] for r in cues if r.side == "after"}
            | set(re.findall(r"[a-z]+", _BETWEEN_NAME_AND_VERB))
        )
        self.before_words = frozenset(
            r.text.casefold().split()[-1] for r in cues if r.side == "before"
        )
        before = alternation(
            ((r.text, False) for r in cues if r.side == "before" and r.text[0] != "-"),
            backwards=True,
        )
        attached_before = alternation(
            ((r.text, False) for r in cues if r.side == "before" and r.text[0] == "-"),
            backwards=True,
        )
        self.cue_before = re.compile(
            rf"(?r)(?:(?<![\w-])(?P<cue>{before})|(?<=\w)(?P<cue>{attached_before}))\s++\Z"
        )
        attached = alternation(
            (r.text, False) for r in cues if r.side == "after" and r.text[0] in "'-"
        ).replace("'", "['’]")
        spaced = alternation(
            (r.text, False) for r in cues if r.side == "after" and r.text[0] not in "'-"
        )
        self.cue_after = re.compile(
            rf"""(?:(?P<cue>{attached})
            |(?:\s++{_BETWEEN_NAME_AND_VERB}){{0,2}}+\s++(?P<word>{spaced}))(?![\w-])""",
            re.VERBOSE,
        )
        nouns = alternation((r.text, False) for r in cues if r.side == "possessive")
        #: "Nebius's third-quarter revenue", "Barclays' chief executive".
        self.possessive_after = re.compile(
            rf"['’]s?+\s++(?:{_MODIFIER}\s++){{0,3}}?(?P<noun>{nouns})(?![\w-])"
        )

        title_rows = lexicon.rows(PersonTitleRow)
        #: Titles that open a person's name in a run: "Chair Janet Yellen", "Rep. Fincher".
        self.titles = frozenset(
            word for r in title_rows for word in (r.text, r.text.title()) if " " not in word
        )
        titles = alternation(((r.text, False) for r in title_rows), backwards=True)
        self.title_before = re.compile(rf"(?r)(?<![\w-]){titles}\.?,?\s++\Z")
        #: "head of Brazil economics at BofA", "chief investment officer at Crossmark".
        self.title_at = re.compile(
            rf"(?r)(?<![\w-]){titles}(?:\s++(?!at\s)[\w&.,'’-]++){{0,4}}?\s++at\s++\Z"
        )
        self.appositive = re.compile(
            rf",\s++(?i:the|a|an)\s++(?:{_MODIFIER}\s++){{0,4}}?(?i:{_APPOSITIVE_NOUNS})s?(?![\w-])"
        )
        #: "(c) 2015 Daily Markets Wire", "Copyright © 2026 X": a publisher's credit line.
        self.credit_before = re.compile(
            r"(?r)(?:©|\([cC]\)|(?<![\w-])(?i:copyright))(?:\s*+(?:©|\([cC]\)))?"
            r"(?:\s*+\d{4}+(?:\s*+[-–]\s*+\d{4}+)?)?,?\s*+\Z"
        )
        #: "LONDON (dpa-AFX) -", "(Reuters) -", "Feb. 4, 2026 /PRNewswire/ --": a wire's tag.
        self.dateline_after = re.compile(r"\)\s*+[-–—]|/\s*+[-–—]")
        #: "Revolut, which won a licence last year, said": what follows the relative clause.
        self.which_after = re.compile(r",\s++which\s[^,.;:()\n]{1,80}+,")
        #: "Block, formerly Square,", "Meta (formerly Facebook)": where the old name starts.
        self.renamed_after = re.compile(
            r"""\s*+[,(]\s*+(?:formerly|previously|once)(?:\s++(?:known|called))?(?:\s++as)?
            \s++(?=[\p{Lu}\d])""",
            re.VERBOSE,
        )
        suffixes = alternation((r.text, r.case_sensitive) for r in suffix_rows)
        self.suffix_after = re.compile(rf"(?:,?\s++(?:{suffixes})(?![\w&]))++")
        prefixes = alternation((r.text, r.case_sensitive) for r in exchanges if r.form == "prefix")
        self.ticker_after = re.compile(
            rf"""\.?\s*+\(\s*+(?P<exchange>{prefixes})\s*+:\s*+
            (?P<ticker>[A-Z0-9][A-Z0-9.]{{0,9}}+(?:-[A-Z])?)(?:-news)?\s*+[);,]""",
            re.VERBOSE,
        )
        rics = alternation((r.text, True) for r in exchanges if r.form == "ric_suffix")
        self.ric_after = re.compile(
            rf"\.?\s*+<(?P<ticker>[A-Z0-9]{{1,7}}+[a-z]?)\.(?P<suffix>{rics})>"
        )
        #: 1987 wires: "NWA INC <NWA> 4TH QTR NET", "Chemical New York Corp <CHL>".
        self.bracket_ticker_after = re.compile(r"\.?\s*+<(?P<ticker>[A-Z][A-Z0-9]{0,6}+)>")
        self.acronym_after = re.compile(r"\s*+\((?P<acronym>[A-Z][A-Za-z&]{1,7}+)\)")

    def may_follow(self, text: str, end: int) -> bool:
        """Whether a cue after a name at ``end`` may match: the next word (or the glued
        "'s", "-owned") is one a cue or a word between a name and its verb starts with."""
        head = text[end : end + 24]
        if head[:1] in ("'", "’", "-"):
            return True
        words = head.split(maxsplit=1)
        return bool(words) and words[0].casefold().rstrip(_PUNCTUATION) in self.after_words

    def may_precede(self, text: str, start: int) -> bool:
        """Whether a cue before a name at ``start`` may match: the word before it ends one."""
        tail = text[max(0, start - 24) : start].rsplit(maxsplit=1)
        if not tail:
            return False
        word = tail[-1].casefold().lstrip(_PUNCTUATION)
        return word in self.before_words or (
            "-" in word and word[word.rfind("-") :] in self.before_words
        )

    def cue(self, side: str, text: str) -> Cue | None:
        return self.cues.get((side, _cue_key(text)))

    def rule(self, rule_id: str) -> int:
        """The weight of a context rule; 0 when it is turned off."""
        return self.rules.get(rule_id, 0)

    def is_stop(self, word: str) -> bool:
        """A word or phrase that is never a name alone, in its own case or as a headline in
        capitals writes it ("EXCLUSIVE", "WALL STREET")."""
        if word in self.stop or word.casefold() in self.stop_folded:
            return True
        return len(word) > 3 and word.isupper() and word.title() in self.stop

    def is_function(self, word: str) -> bool:
        """A word stripped from the edges of a run ("The", "However", "EXCLUSIVE")."""
        return word in self.function_words or (
            len(word) > 3 and word.isupper() and word.title() in self.function_words
        )

    def is_junk(self, name: str) -> bool:
        """Never an organisation: a stop word or phrase, a country ("Japan Inc") or an event
        ("Investor Day"), in any case ("WALL STREET")."""
        if self.is_stop(name) or name in self.countries:
            return True
        if name.isupper() and len(name) > 3 and name.title() in self.countries:
            return True
        words = name.split()
        return len(words) > 1 and words[-1] in self.event_words

    def is_place(self, name: str) -> bool:
        """A country, state or city, in any case ("Washington", "TOKYO")."""
        return name in self.places or (name.isupper() and name.title() in self.places)


@lru_cache(maxsize=4)
def org_knowledge(extra_patterns: tuple[str, ...] = ()) -> OrgKnowledge:
    """The knowledge of our lexicon plus ``extra_patterns``, compiled once."""
    return OrgKnowledge(load_lexicon(extra_patterns))
