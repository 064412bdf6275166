"""Evidence for one candidate name, read from the text right around it.

Each rule adds a weight; the rule with the greatest weight names the mention. The weights come
from the pattern files: legal suffixes, exchanges and kind words are enough alone (3); cues
before and after the name (``org_cues.jsonl``) and the context rules (``org_rules.jsonl``)
carry their own; a brand's shape (CamelCase, capitals) adds to other evidence. No parser:
every rule is an anchored regex over a few words next to the name.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..types import OrgKind
from .knowledge import AFTER_WINDOW, OrgKnowledge
from .names import is_acronym_of
from .view import TokenView, is_shaped, shape_weight

#: The score at which a candidate is an organisation.
CONFIRMED = 3
#: What may follow a name before a legal suffix; apostrophes that open a possessive.
_SUFFIX_STARTS = frozenset({",", " ", "\n", "\t", "\xa0"})
_APOSTROPHES = frozenset({"'", "’"})
#: What a credit line has before the publisher's name.
_CREDIT_MARKS = ("©", "(c)", "(C)", "opyright", "OPYRIGHT")
#: Rules whose evidence is enough even for a name that looks like a person or a place.
STRONG_RULES = ("org.suffix", "org.ticker", "org.kind", "org.renamed")


@dataclass(frozen=True)
class Evidence:
    """What the context says about one name: its score, the deciding rule, where the name
    ends once a legal suffix after it is taken in, a kind a cue gives it, and how much of the
    score the name's own words give (kind words, shape) rather than its context."""

    score: int
    rule: str | None
    end: int
    kind: OrgKind | None = None
    intrinsic: int = 0

    @property
    def strong(self) -> bool:
        return self.rule is not None and self.rule.startswith(STRONG_RULES)


def read_evidence(
    k: OrgKnowledge,
    view: TokenView,
    first: int,
    last: int,
    start: int,
    end: int,
    words: list[str] | None = None,
) -> Evidence:
    """The evidence for the name of tokens [first, last) at characters [start, end).

    In a sentence of capitalised words (a title-cased headline, a menu), words of kind and
    cues say little ("North American Operations Post Record Profits"): only legal suffixes,
    tickers and bracketed initials count there.
    """
    text = view.text
    tally = _Tally()
    kind: OrgKind | None = None
    intrinsic = 0
    if words is None:
        words = [view.word(i) for i in range(first, last)]
    end = _read_suffix(k, text, end, words, tally.note)
    # each rule is tried only where the characters next to the name allow it: most names
    # are followed by a space and a lower-case word, and nothing but cues apply there
    after = text[end : end + 12]
    end = without_final_period(text, end)
    if "(" in after or "<" in after:
        end = _read_ticker(k, text, end, len(words), tally.note)
    if "(" in after:
        _read_acronym(k, text, end, words, tally.note)
    if _read_source(k, text, start, end, tally.note):
        kind = "media"
    if not view.titled[first]:
        intrinsic, cue_kind = _context(k, view, words, start, end, tally.note)
        kind = kind or cue_kind
    score = tally.score
    if score:
        shape = max((shape_weight(word) for word in words), default=0)
        score += shape
        intrinsic += shape
    return Evidence(score, tally.rule, end, kind, intrinsic)


class _Tally:
    """The sum of the weights of the rules that apply, and the rule of the greatest."""

    __slots__ = ("rule", "score", "weight")

    def __init__(self) -> None:
        self.score = 0
        self.weight = 0
        self.rule: str | None = None

    def note(self, weight: int, rule: str) -> None:
        self.score += weight
        if weight > self.weight:
            self.weight, self.rule = weight, rule


def _read_suffix(
    k: OrgKnowledge, text: str, end: int, words: list[str], note: Callable[[int, str], None]
) -> int:
    """A legal suffix after the name ("Acme, Inc.") or as its last word ("Acme Corp");
    returns where the name ends (after a suffix that follows it)."""
    if (
        text[end : end + 1] in _SUFFIX_STARTS
        and (suffix := k.suffix_after.match(text, end, end + AFTER_WINDOW)) is not None
    ):
        last_suffix = suffix.group().replace(",", " ").split()[-1]
        row = k.suffix_rows.get(last_suffix) or k.suffix_rows.get(last_suffix.rstrip("."))
        note(CONFIRMED, f"org.suffix:{row.id if row else 'legal_suffix'}")
        suffix_end: int = suffix.end()
        return suffix_end
    if len(words) > 1 and words[-1] in k.suffixes:
        note(CONFIRMED, f"org.suffix:{k.suffix_rows[words[-1]].id}")
    return end


def _read_acronym(
    k: OrgKnowledge, text: str, end: int, words: list[str], note: Callable[[int, str], None]
) -> None:
    """Bracketed initials of the name after it ("Federal Reserve Board (FRB)")."""
    if not (weight := k.rule("org.acronym")):
        return
    acronym = k.acronym_after.match(text, end, end + AFTER_WINDOW)
    if acronym is not None and len(words) > 1:
        letters = acronym.group("acronym")
        if not k.is_stop(letters) and is_acronym_of(letters, " ".join(words)):
            note(weight, "org.acronym")


def _read_source(
    k: OrgKnowledge, text: str, start: int, end: int, note: Callable[[int, str], None]
) -> bool:
    """Whether the name is a publisher: of a credit line ("Copyright 2025 Daily Markets
    Wire") or of a dateline ("LONDON (dpa-AFX) -", "/PRNewswire/ --")."""
    before = text[max(0, start - 30) : start]
    if (
        (weight := k.rule("org.credit"))
        and any(mark in before for mark in _CREDIT_MARKS)
        and k.credit_before.search(text, max(0, start - 30), start)
    ):
        note(weight, "org.credit")
        return True
    if (
        (weight := k.rule("org.dateline"))
        and before[-1:] in ("(", "/")
        and k.dateline_after.match(text, end, end + AFTER_WINDOW)
    ):
        note(weight, "org.dateline")
        return True
    return False


def _read_ticker(
    k: OrgKnowledge, text: str, end: int, words: int, note: Callable[[int, str], None]
) -> int:
    """A ticker right after the name (or after its possessive: "Macy's <M.N>"); returns where
    the name ends (a one-word name keeps its possessive before a ticker)."""
    possessive = text[end : end + 2] in ("'s", "’s")
    at = end + 2 if possessive else end
    if (ticker := k.ticker_after.match(text, at, at + AFTER_WINDOW)) is not None:
        note(CONFIRMED, f"org.ticker:{k.exchange_prefix[ticker.group('exchange')].id}")
    elif (ric := k.ric_after.match(text, at, at + AFTER_WINDOW)) is not None:
        note(CONFIRMED, f"org.ticker:{k.exchange_ric[ric.group('suffix')].id}")
    elif (weight := k.rule("org.ticker.bracketed")) and k.bracket_ticker_after.match(
        text, at, at + AFTER_WINDOW
    ):
        note(weight, "org.ticker.bracketed")
    else:
        return end
    return at if possessive and words == 1 else end


def _context(
    k: OrgKnowledge,
    view: TokenView,
    words: list[str],
    start: int,
    end: int,
    add: Callable[[int, str], None],
) -> tuple[int, OrgKind | None]:
    """The evidence of words of kind, appositives, renamings and cues: given to ``add``;
    returns the weight of the name's own words of kind, and the kind a cue gives."""
    text = view.text
    next_char = text[end : end + 1]
    if next_char == "," or "(" in text[end : end + 3]:  # an appositive, a renaming
        _read_clause(k, text, end, add)
    intrinsic = _read_kind_words(k, words, add)
    kind = _read_cue_after(k, text, end, add)
    if next_char == ",":
        _read_which(k, text, end, add)
    before_kind = _read_cue_before(k, text, start, add)
    return intrinsic, kind or before_kind


def _read_clause(k: OrgKnowledge, text: str, end: int, add: Callable[[int, str], None]) -> None:
    """An appositive ("Acme, the maker of ...") or a renaming ("Acme (formerly Apex)")."""
    if (weight := k.rule("org.appositive")) and k.appositive.match(text, end, end + AFTER_WINDOW):
        add(weight, "org.appositive")
    if (weight := k.rule("org.renamed")) and k.renamed_after.match(text, end, end + AFTER_WINDOW):
        add(weight, "org.renamed")


def _read_kind_words(k: OrgKnowledge, words: list[str], add: Callable[[int, str], None]) -> int:
    """The weightiest word of kind among the name's words or pairs of words ("Bank",
    "Holding Company"), given to ``add``; returns its weight (0 without one)."""
    if len(words) <= 1 or not any(word in k.kind_parts for word in words):
        return 0
    rows = [
        row
        for size in (2, 1)
        for i in range(len(words) - size + 1)
        if (row := k.kind_rows.get(" ".join(words[i : i + size]))) is not None
    ]
    if not rows:
        return 0
    kind_row = max(rows, key=lambda row: row.weight)
    weight: int = kind_row.weight
    add(weight, f"org.kind:{kind_row.id}")
    return weight


def _read_cue_after(
    k: OrgKnowledge, text: str, end: int, add: Callable[[int, str], None]
) -> OrgKind | None:
    """A cue after the name ("said", "shares") or after its possessive ("Acme's shares");
    returns the kind the cue gives."""
    if k.may_follow(text, end) and (after := k.cue_after.match(text, end, end + AFTER_WINDOW)):
        cue = k.cue("after", after.group("cue") or after.group("word"))
        if cue is not None:
            add(cue.weight, f"org.cue:{cue.id}")
            return cue.kind
    elif text[end : end + 1] in _APOSTROPHES and (
        possessive := k.possessive_after.match(text, end, end + AFTER_WINDOW)
    ):
        cue = k.cue("possessive", possessive.group("noun"))
        if cue is not None:
            add(cue.weight, f"org.cue:{cue.id}")
    return None


def _read_which(k: OrgKnowledge, text: str, end: int, add: Callable[[int, str], None]) -> None:
    """A relative clause with a verb of a company (", which reported ...")."""
    if (weight := k.rule("org.which")) and (
        relative := k.which_after.match(text, end, end + AFTER_WINDOW)
    ):
        verb = k.cue_after.match(text, relative.end(), relative.end() + AFTER_WINDOW)
        if verb is not None and verb.group("word") is not None:
            add(weight, "org.which")


def _read_cue_before(
    k: OrgKnowledge, text: str, start: int, add: Callable[[int, str], None]
) -> OrgKind | None:
    """A cue before the name ("shares of"), or a title before "at" ("analyst at");
    returns the kind the cue gives."""
    if k.may_precede(text, start) and (
        before := k.cue_before.search(text, max(0, start - 48), start)
    ):
        cue = k.cue("before", before.group("cue"))
        if cue is not None:
            add(cue.weight, f"org.cue:{cue.id}")
            return cue.kind
    elif (
        text[max(0, start - 3) : start].rstrip() == "at"
        and (weight := k.rule("org.title_at"))
        and k.title_at.search(text, max(0, start - 80), start)
    ):
        add(weight, "org.title_at")
    return None


def looks_like_person_or_place(
    k: OrgKnowledge, view: TokenView, words: list[str], start: int
) -> bool:
    """A place ("Washington"), a first name ("Dana Whitfield") or a title before the name
    ("chief executive Dana")."""
    name = " ".join(words)
    if k.is_junk(name) or k.is_place(name) or (len(words) == 1 and words[0] in k.places):
        return True
    if len(words) <= 3 and words[0] in k.first_names and not any(map(_brand_shaped, words)):
        return True
    return bool(
        1 <= len(words) <= 3 and k.title_before.search(view.text, max(0, start - 40), start)
    )


def _brand_shaped(word: str) -> bool:
    """A brand's shape, but not initials ("J.F." in "Anthony J.F. O'Reilly")."""
    return is_shaped(word) and "." not in word


def without_final_period(text: str, end: int) -> int:
    """Drop the period of "Inc." before white space, where it may end the sentence, as gold
    annotations do (FiNER-ORD, FinEntity); keep it before a comma ("Inc., the maker")."""
    if end and text[end - 1] == "." and (end == len(text) or text[end].isspace()):
        return end - 1
    return end
