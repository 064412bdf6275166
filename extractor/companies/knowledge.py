"""Everything the organisation rules know, compiled once from the lexicon.

Cues are read from the text around a candidate name with small anchored regexes: before the
name by a reverse search that must end where the name starts, after it by a match that must
start where the name ends. No regex here scans a whole document.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex as re

from ..lexicon import (
    ExchangeRow,
    FirstNameRow,
    LegalSuffixRow,
    Lexicon,
    OrganisationRow,
    OrgCueRow,
    OrgKindWordRow,
    OrgStopRow,
    PersonTitleRow,
    PlaceRow,
    load_lexicon,
)
from ..normalize.numbers import alternation

#: Nouns that make an appositive about an organisation: "TeraWulf, the mining company".
_APPOSITIVE_NOUNS = (
    "company|firm|group|maker|miner|lender|bank|retailer|insurer|operator|developer|producer|"
    "provider|manufacturer|giant|conglomerate|chain|carrier|airline|brokerage|startup|start-up|"
    "platform|exchange|fund|utility|business|supplier|distributor|owner|holding|subsidiary|unit|"
    "automaker|carmaker|chipmaker|drugmaker|publisher|broadcaster|network|agency|regulator"
)

#: How far after a name a ticker ("(NASDAQ: WULF)", "<JNJ.N>") or an acronym ("(CRI)") is
#: looked for. The bound is needed, not only tidy: before it tries a match, the regex module
#: scans the rest of the text for a character the pattern requires ("(", ">"), so a test after
#: every name cost the length of the document.
AFTER_WINDOW = 120


@dataclass(frozen=True)
class Cue:
    id: str
    weight: int


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
        self.first_names = frozenset(row.text for row in lexicon.rows(FirstNameRow))
        self.places = frozenset(row.text for row in lexicon.rows(PlaceRow))
        kind_rows = lexicon.rows(OrgKindWordRow)
        self.kind_words = {row.text: row.kind for row in kind_rows}
        self.kind_rows = {row.text: row for row in kind_rows}
        self.kind_parts = frozenset(part for row in kind_rows for part in row.text.split())
        exchanges = lexicon.rows(ExchangeRow)
        self.exchange_prefix = {r.text: r for r in exchanges if r.form == "prefix"}
        self.exchange_ric = {r.text: r for r in exchanges if r.form == "ric_suffix"}

        cues = lexicon.rows(OrgCueRow)
        self.cues: dict[tuple[str, str], Cue] = {
            (row.side, _cue_key(row.text)): Cue(row.id, row.weight) for row in cues
        }
        #: Cue words that can open a run: "Rival Kestrel Automation Corp".
        self.single_word_cues = frozenset(
            r.text.casefold() for r in cues if r.side == "before" and " " not in r.text
        )
        #: Words that, right after a name, may start strong evidence for it (a suffix, a
        #: ticker in brackets, an appositive, a cue worth two or more); words that, right
        #: before it, are a strong cue; and the last two words of strong multi-word cues.
        #: Cues worth one ("said") count only once a run is looked at for other reasons.
        strong = [r for r in cues if r.weight >= 2]
        self.after_triggers = frozenset(
            {"(", "<", "'s", "’s", "'", "’", "-"}
            | {s.casefold() for s in self.suffixes}
            | {r.text.split()[0].casefold() for r in strong if r.side == "after"}
        )
        #: After a comma, what makes it evidence: an appositive or a legal suffix.
        self.after_comma = frozenset({"the", "a", "an"} | {s.casefold() for s in self.suffixes})
        before_words = [r.text.replace("-", "- ").split() for r in strong if r.side == "before"]
        self.before_single = frozenset(w[0].casefold() for w in before_words if len(w) == 1)
        self.before_last = frozenset(w[-1].casefold() for w in before_words if len(w) > 1)
        self.before_second_last = frozenset(w[-2].casefold() for w in before_words if len(w) > 1)

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
        self.cue_after = re.compile(rf"(?:(?P<cue>{attached})|\s++(?P<word>{spaced}))(?![\w-])")

        titles = alternation(
            ((r.text, False) for r in lexicon.rows(PersonTitleRow)), backwards=True
        )
        self.title_before = re.compile(rf"(?r)(?<![\w-]){titles}\.?,?\s++\Z")
        self.appositive = re.compile(
            rf",\s++(?i:the|a|an)\s++(?:[\w&-]++\s++){{0,4}}?(?i:{_APPOSITIVE_NOUNS})(?![\w-])"
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
        self.acronym_after = re.compile(r"\s*+\((?P<acronym>[A-Z][A-Za-z&]{1,7}+)\)")

    def cue(self, side: str, text: str) -> Cue | None:
        return self.cues.get((side, _cue_key(text)))

    def is_stop(self, word: str) -> bool:
        return word in self.stop or word.casefold() in self.stop_folded


@lru_cache(maxsize=4)
def org_knowledge(extra_patterns: tuple[str, ...] = ()) -> OrgKnowledge:
    """The knowledge of our lexicon plus ``extra_patterns``, compiled once."""
    return OrgKnowledge(load_lexicon(extra_patterns))
