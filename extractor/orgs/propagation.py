"""Document-level propagation: every other spelling of a confirmed organisation is a mention.

An organisation confirmed once ("Hartford Insurance Group, a unit of ITT Corp") is named again
without evidence: by a short form ("Hartford"), in capitals in a headline ("HARTFORD UNIT POSTS
4TH QTR GAIN"), by its acronym or its ticker. Forms are indexed by their first token and looked
for only at the tokens with that text, found by hash over the token table, left to right.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence

import regex as re

from ..spans import Occupied, SpanIndex
from .evidence import without_final_period
from .found import Draft
from .knowledge import OrgKnowledge
from .view import Run, TokenView, words_at

#: Words that may open or close a run but never a name.
CONNECTORS = frozenset({"&", "of", "and", "de", "the", "for", "-", "OF"})
#: Initials before a surname: "H.J." in "H.J. Heinz", "J.P." in "J.P. Morgan".
_INITIALS = re.compile(r"(?:\p{Lu}\.){1,3}+")
#: How many names' short forms are kept from document to document.
_MAX_KEPT = 100_000
#: A run of more tokens than this holds no short form on its own.
_MAX_RUN = 12
#: A form shorter than this is not looked for in capitals: "ITT" is a word in headlines.
_MIN_CAPITALS = 4


#: Names of this many capitalised words or more stand for their initials: "TCS".
_ACRONYM_WORDS = 3


def _acronym(org: Draft) -> str | None:
    """The initials of a company's name of three capitalised words or more, which news uses
    for it without introducing them: "TCS" for Tata Consultancy Services, "RBC" for Royal
    Bank of Canada."""
    if org.kind not in ("company", "bank"):
        return None
    words = [w for w in org.name.split() if w[:1].isupper()]
    if len(words) < _ACRONYM_WORDS or not all(w[:1].isalpha() for w in words):
        return None
    return "".join(w[0] for w in words)


class Propagator:
    """Finds the other mentions of confirmed organisations in one document."""

    def __init__(self, knowledge: OrgKnowledge, tokenize: Callable[[str], Sequence[str]]) -> None:
        self.k = knowledge
        self.tokenize = tokenize
        self._short: dict[tuple[str, str], frozenset[str]] = {}

    def propagate(self, view: TokenView, runs: list[Run], orgs: Iterable[Draft]) -> None:
        """Tag every other mention of ``orgs``: spellings, short forms, tickers."""
        drafts = list(orgs)
        forms, sizes = self._index(drafts)
        if not forms:
            return
        claimed = SpanIndex(span for org in drafts for span in org.mentions)
        added = Occupied(len(view.text))  # the mentions this pass adds, none overlapping
        wanted = {view.hash(word) for word in sizes}
        hits = [i for i, orth in enumerate(view.orth.tolist()) if orth in wanted]
        run_starts = [first for first, _ in runs]
        text = view.text
        done = -1
        for hit in hits:
            if hit < done:
                continue
            number = bisect.bisect_right(run_starts, hit) - 1
            if number < 0 or hit >= runs[number][1]:
                continue  # not inside a run of names
            first, last = runs[number]
            done = last
            position = hit
            while position < last:
                matched = position + 1
                # one look-up per length of form, whatever the number of forms
                for size in sizes.get(view.word(position), ()):
                    found = words_at(view, position, size)
                    if found is None:
                        continue
                    tokens, end_token = found
                    entry = self._entry(
                        view, forms.get(tokens, ()), tokens, position, end_token, first, last
                    )
                    if entry is None:
                        continue
                    start, end = int(view.start[position]), view.end(end_token - 1)
                    end = without_final_period(text, end)
                    if text[start - 1 : start] == "<" and text[end : end + 1] in (">", "."):
                        continue  # a ticker in angle brackets is a code, not a mention
                    if not added.overlaps(start, end) and not claimed.overlaps(start, end):
                        entry.mentions[(start, end)] = "org.propagation"
                        added.add(start, end)
                    matched = end_token
                    done = max(done, end_token)
                    break
                position = matched

    def _entry(
        self,
        view: TokenView,
        entries: Sequence[tuple[Draft, bool]],
        tokens: tuple[str, ...],
        first: int,
        last: int,
        run_first: int,
        run_last: int,
    ) -> Draft | None:
        """The organisation whose form ``tokens`` stands at tokens [first, last), if one may."""
        for org, whole_run in entries:
            if whole_run and not self._alone(view, first, last, run_first, run_last):
                continue
            if (
                not whole_run
                and not tokens[0].isupper()
                and not self._bounded(view, first, last, run_first, run_last)
            ):
                continue
            return org
        return None

    def _index(
        self, drafts: list[Draft]
    ) -> tuple[dict[tuple[str, ...], list[tuple[Draft, bool]]], dict[str, list[int]]]:
        """Each form of each organisation as tokens, and the lengths of the forms that start
        with each first token, longest first; the flag says the form must stand alone in its
        run (short forms, tickers)."""
        forms: dict[tuple[str, ...], list[tuple[Draft, bool]]] = {}
        for org in drafts:
            spellings = {(alias, False) for alias in org.aliases} | {(org.name, False)}
            spellings |= {(short, True) for short in self.short_forms(org)}
            if org.ticker and len(org.ticker) >= 2:
                spellings.add((org.ticker, True))
            if (acronym := _acronym(org)) is not None:
                spellings.add((acronym, True))  # "TCS" for Tata Consultancy Services
            # headlines in capitals: "MERIDIAN FOODS SEES HIGHER EARNINGS"
            spellings |= {
                (form.upper(), whole) for form, whole in spellings if len(form) >= _MIN_CAPITALS
            }
            for form, whole_run in spellings:
                tokens = tuple(self.tokenize(form))
                if tokens:
                    forms.setdefault(tokens, []).append((org, whole_run))
        # Whether a form may stand at a place depends on the place and on the flag, never on
        # the organisation: the first entry of each flag is the only one ever returned, and
        # keeping only those keeps a form shared by many names ("Acme" of Acme X Inc, Acme Y
        # Inc ...) one look-up wherever it stands.
        for tokens, entries in forms.items():
            if len(entries) > 2:
                firsts = {whole: entry for entry in reversed(entries) for whole in (entry[1],)}
                forms[tokens] = [e for e in entries if firsts[e[1]] is e]
        sizes: dict[str, set[int]] = {}
        for tokens in forms:
            sizes.setdefault(tokens[0], set()).add(len(tokens))
        return forms, {word: sorted(lengths, reverse=True) for word, lengths in sizes.items()}

    def _alone(self, view: TokenView, first: int, last: int, run_first: int, run_last: int) -> bool:
        """A short form must be its own run, but for stop words and legal suffixes around it."""
        if run_last - run_first > _MAX_RUN:
            return False  # a long line of capitalised words is no name and its short form
        k = self.k
        others = [view.word(i) for i in range(run_first, run_last) if not first <= i < last]
        return all(k.is_stop(w) or w in k.suffixes or w in CONNECTORS for w in others)

    def _bounded(
        self, view: TokenView, first: int, last: int, run_first: int, run_last: int
    ) -> bool:
        """A full name inside a longer run must not go on into other names: "Apple" in "Apple
        CEO Tim Cook", not in "Apple Watch" or "Dina Habib Powell"."""
        k = self.k
        if last < run_last:
            after = view.word(last)
            if not (k.is_stop(after) or after in k.suffixes or after in CONNECTORS):
                return False
        if first > run_first:
            before = view.word(first - 1)
            if not (
                k.is_stop(before)
                or k.is_function(before)
                or before in CONNECTORS
                or before in k.suffixes
            ):
                return False
        return True

    def short_forms(self, org: Draft) -> set[str]:
        """ "Goldman" for Goldman Sachs, "Fortescue" for Fortescue Metals, "Heinz" for H.J.
        Heinz (kept per name and kind, as names come back from document to document)."""
        key = (org.name, org.kind)
        found = self._short.get(key)
        if found is None:
            if len(self._short) > _MAX_KEPT:
                self._short.clear()
            found = self._short[key] = frozenset(self._short_forms(org.name, org.kind))
        return set(found)

    def _short_forms(self, name: str, kind: str) -> set[str]:
        words = name.split()
        if len(words) > 1 and (_INITIALS.fullmatch(words[0]) or self.k.is_place(words[0])):
            words = words[1:]  # "H.J. Heinz" -> "Heinz", "Guangzhou Kelun Robotics" -> "Kelun"
            if len(words) == 1:
                return set() if self._weak_head(words[0]) or kind != "company" else {words[0]}
        if len(words) < 2 or kind not in ("company", "bank"):
            return set()
        if self._weak_head(words[0]):
            return set()
        return {" ".join(words[:size]).rstrip(",") for size in range(1, len(words))}

    def _weak_head(self, head: str) -> bool:
        k = self.k
        return len(head) < 3 or not head[0].isupper() or k.is_junk(head) or head in k.kind_words
