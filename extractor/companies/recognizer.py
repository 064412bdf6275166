"""Find the organisations of one document: evidence rules, then document-level propagation.

The recognizer reads a :class:`TokenView` (the token table of the document as arrays) and the
text. It never sees a spaCy ``Doc``, so it can be tested and reused without a pipeline.

1. **Runs.** Maximal sequences of name-like tokens ("Goldman Sachs Group Inc.", "S&P 500"),
   joined by connectors ("Bank of America", "Procter & Gamble"), without leading words that
   are cues or stop words ("Shares of Northwind" gives "Northwind").
2. **Gazetteer.** Known aliases inside runs are organisations; an alias that is also a word
   ("Target") needs a capital away from the start of a sentence, or other evidence.
3. **Evidence.** Other runs are scored: a legal suffix, a ticker or instrument code after the
   name, an appositive ("TeraWulf, the mining company") and a word of kind ("Commission") are
   each enough; cue words before or after add their weight; a CamelCase or ALL-CAPS shape
   adds one. A score of three confirms. A run that looks like a person (a first name, or a
   title before it) or is a place needs strong evidence.
4. **Propagation.** Every spelling of a confirmed organisation, its short form ("Goldman"),
   its acronym ("CRI") and its ticker are then found everywhere in the document, in capitals
   too ("MERIDIAN FOODS" in a headline).

**With a statistical model** (``extractor.load(model=...)``), its ORG entities are merged by
one policy: our evidence rules are applied first and win on every conflict (an entity that
overlaps a rule's mention is dropped, whatever its boundaries or label); the remaining ORG
entities are kept unless they are a stop word (month, currency, "AI", "CEO"), a place, or
overlap an amount of money or a percentage; kept names then take part in propagation like
any other. Entities of other labels are not used.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import regex as re
from numpy.typing import NDArray

from ..lexicon import OrganisationRow
from ..spans import SpanIndex
from .knowledge import AFTER_WINDOW, OrgKnowledge
from .names import canonical_name, is_acronym_of, kind_of, name_key

#: The score at which a candidate is an organisation.
CONFIRMED = 3
#: What a gazetteer entry adds to the evidence for an ambiguous alias ("Shell", "Target").
KNOWN_NAME = 2

#: Cashtags ("$TSLA") and Reuters instrument codes standing alone ("<JNJ.N>").
CASHTAG = re.compile(r"(?<![\w$])\$(?P<ticker>[A-Z]{1,5}+)(?![\w.]?\w)")
#: Reuters 1987 style: company names in angle brackets, "<Deltona Corp>".
BRACKETED = re.compile(r"<(?P<name>[A-Z][A-Za-z0-9&.,'\-]*+ [A-Za-z0-9&.,'\- ]{1,60}+)>")
#: Words that may open a run but never a name.
_LEADING_CONNECTORS = frozenset({"&", "of", "and", "de", "the", "for", "-"})
#: Names are short: a run of more words than this is a title-cased line, not one name.
MAX_NAME_WORDS = 6
#: What a brand's shape adds to other evidence: more for CamelCase than for capitals.
_CAMEL_WEIGHT, _CAPITALS_WEIGHT = 2, 1


@dataclass
class TokenView:
    """The tokens of one document: texts by index, offsets, and per-token flags."""

    text: str
    start: NDArray[np.int64]
    name: NDArray[np.bool_]
    connector: NDArray[np.bool_]
    sent_start: NDArray[np.bool_]
    #: The token is a hyphen.
    hyphen: NDArray[np.bool_]
    #: Cheap signs of evidence, per token: it is a kind word, a legal suffix or a one-word cue;
    #: it starts a gazetteer alias; it may start evidence after a name (and, after a comma,
    #: what follows it may); it may end a multi-word cue before a name.
    evidence: NDArray[np.bool_]
    alias_first: NDArray[np.bool_]
    after_trigger: NDArray[np.bool_]
    comma: NDArray[np.bool_]
    after_comma: NDArray[np.bool_]
    before_last: NDArray[np.bool_]
    before_second_last: NDArray[np.bool_]
    #: Token hashes, and the hash of a string in the same table.
    orth: NDArray[np.uint64]
    hash: Callable[[str], int]
    word: Callable[[int], str]

    def end(self, index: int) -> int:
        return int(self.start[index]) + len(self.word(index))

    def __len__(self) -> int:
        return len(self.start)


@dataclass(frozen=True)
class AliasIndex:
    """Gazetteer aliases as token sequences.

    ``by_first`` holds one-word aliases and the first words of longer ones; ``by_pair`` holds
    the longer aliases by their first two words, longest first, so that a common first word
    ("New", "Bank") does not mean trying every alias that starts with it.
    """

    by_first: dict[str, list[tuple[tuple[str, ...], OrganisationRow, str]]]
    by_ticker: dict[str, OrganisationRow]
    by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], OrganisationRow, str]]] = field(
        default_factory=dict
    )
    single: dict[str, tuple[OrganisationRow, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, rows: Sequence[OrganisationRow], tokenize: Callable[[str], Sequence[str]]
    ) -> AliasIndex:
        by_first: dict[str, list[tuple[tuple[str, ...], OrganisationRow, str]]] = {}
        tickers: dict[str, list[OrganisationRow]] = {}
        for row in rows:
            for alias in {row.name, *row.aliases}:
                tokens = tuple(tokenize(alias))
                if tokens:
                    by_first.setdefault(tokens[0], []).append((tokens, row, alias))
            if row.ticker:
                tickers.setdefault(row.ticker, []).append(row)
        by_pair: dict[tuple[str, str], list[tuple[tuple[str, ...], OrganisationRow, str]]] = {}
        single: dict[str, tuple[OrganisationRow, str]] = {}
        for entries in by_first.values():
            entries.sort(key=lambda entry: -len(entry[0]))
            for tokens, row, alias in entries:
                if len(tokens) == 1:
                    single.setdefault(tokens[0], (row, alias))
                else:
                    by_pair.setdefault((tokens[0], tokens[1]), []).append((tokens, row, alias))
        unique = {t: rows[0] for t, rows in tickers.items() if len(rows) == 1 and len(t) >= 2}
        return cls(by_first, unique, by_pair, single)


@dataclass
class _Org:
    key: str
    name: str
    kind: str
    row: OrganisationRow | None = None
    ticker: str | None = None
    exchange: str | None = None
    aliases: set[str] = field(default_factory=set)
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)


@dataclass(frozen=True)
class OrgMention:
    start: int
    end: int
    rule: str


@dataclass(frozen=True)
class FoundOrg:
    """An organisation of the document, before it becomes a record."""

    name: str
    kind: str
    ticker: str | None
    exchange: str | None
    mentions: tuple[OrgMention, ...]


class OrgRecognizer:
    """Finds organisations in documents; one instance serves every document."""

    def __init__(
        self,
        knowledge: OrgKnowledge,
        aliases: AliasIndex,
        tokenize: Callable[[str], Sequence[str]],
    ) -> None:
        self.k = knowledge
        self.aliases = aliases
        self.tokenize = tokenize

    # -- the document -------------------------------------------------------------------

    def find(
        self,
        view: TokenView,
        *,
        taken: Sequence[tuple[int, int]] = (),
        model_orgs: Sequence[tuple[int, int]] = (),
    ) -> list[FoundOrg]:
        """The organisations of one document, each with all its mentions, in order.

        ``taken`` are character spans already claimed (money, percentages); ``model_orgs`` are
        ORG entities of a statistical model, used where no rule has spoken.
        """
        orgs: dict[str, _Org] = {}
        runs = self._runs(view)
        for first, last, evidence in self._promising(view, runs):
            self._read_run(view, first, last, orgs, evidence=evidence)
        self._read_tickers(view.text, orgs)
        self._read_model(view, model_orgs, orgs)
        self._merge_short_names(orgs)
        self._propagate(view, runs, orgs)
        return self._finish(orgs, taken)

    def _runs(self, view: TokenView) -> list[tuple[int, int]]:
        """Maximal runs [first, last) of name tokens and the connectors between them.

        Vectorised over the token table: a connector joins two name tokens, a hyphen only when
        it touches both ("Hewlett-Packard", not "LONDON - Harbourline"). Line breaks are
        white-space tokens, so no run crosses one.
        """
        names = view.name
        if not names.any():
            return []
        joins = np.zeros_like(names)
        if len(names) > 2:
            joins[1:-1] = view.connector[1:-1] & names[:-2] & names[2:]
            text = view.text
            for index in np.flatnonzero(joins & view.hyphen).tolist():
                start = int(view.start[index])
                if text[start - 1 : start].isspace() or text[start + 1 : start + 2].isspace():
                    joins[index] = False  # "LONDON - Harbourline" is no "Hewlett-Packard"
        inside = np.zeros(len(names) + 2, dtype=bool)
        inside[1:-1] = names | joins
        edges = np.flatnonzero(inside[1:] != inside[:-1])
        firsts, lasts = edges[::2], edges[1::2]
        runs = list(zip(firsts.tolist(), lasts.tolist(), strict=True))
        # a one-word run, a comma and the next run: where a partnership may be listed (rare)
        listed = (lasts[:-1] - firsts[:-1] == 1) & (firsts[1:] == lasts[:-1] + 1)
        if not (listed & view.comma[lasts[:-1]]).any():
            return runs
        return self._join_partnerships(view, runs)

    @staticmethod
    def _promising(view: TokenView, runs: list[tuple[int, int]]) -> list[tuple[int, int, bool]]:
        """The runs with any sign of an organisation; the rest (most) cannot reach a score.

        A run is promising if it holds the first word of a gazetteer alias, a kind word, a
        legal suffix or a cue word, or if the token after it may start evidence or the token
        before it may end a cue. The flag says whether there is a sign of evidence besides
        an alias: without one, only gazetteer aliases are looked for in the run.
        """
        if not runs:
            return []
        firsts = np.fromiter((a for a, _ in runs), dtype=np.int64, count=len(runs))
        lasts = np.fromiter((b for _, b in runs), dtype=np.int64, count=len(runs))
        # a cue may open the run itself: "Shares of Quorvan", "Analysts at Jefferies"
        evidence_marks = np.concatenate(([0], np.cumsum(view.evidence | view.before_second_last)))
        alias_marks = np.concatenate(([0], np.cumsum(view.alias_first)))
        inside = (evidence_marks[lasts] - evidence_marks[firsts]) > 0
        alias = (alias_marks[lasts] - alias_marks[firsts]) > 0
        n = len(view)
        trigger = np.zeros(n + 1, dtype=bool)  # trigger[i]: evidence may start at token i
        trigger[:n] = view.after_trigger
        trigger[: n - 1] |= view.comma[:-1] & view.after_comma[1:]
        after = trigger[lasts]
        cue_before = np.zeros(n + 2, dtype=bool)  # cue_before[i + 2]: a strong cue ends at i
        cue_before[2:] = view.evidence
        cue_before[3:] |= view.before_last[1:] & view.before_second_last[:-1]
        before = cue_before[firsts + 1]
        evidence = inside | after | before
        keep = evidence | alias
        return [
            (first, last, bool(sign))
            for (first, last), kept, sign in zip(
                runs, keep.tolist(), evidence.tolist(), strict=True
            )
            if kept
        ]

    def _join_partnerships(
        self, view: TokenView, runs: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """ "Carr, Riggs & Ingram": names listed with commas, the last two joined by "&"."""
        joined: list[tuple[int, int]] = []
        index = 0
        while index < len(runs):
            first, last = runs[index]
            following = index
            while (
                following + 1 < len(runs)
                and runs[following + 1][0] == runs[following][1] + 1
                and view.word(runs[following][1]) == ","
                and runs[following][1] - runs[following][0] == 1
            ):
                following += 1
            tail_first, tail_last = runs[following]
            if following > index and "&" in (view.word(t) for t in range(tail_first, tail_last)):
                joined.append((first, tail_last))
                index = following + 1
            else:
                joined.append((first, last))
                index += 1
        return joined

    # -- rules on one run ---------------------------------------------------------------

    def _read_run(
        self,
        view: TokenView,
        first: int,
        last: int,
        orgs: dict[str, _Org],
        *,
        evidence: bool = True,
    ) -> None:
        if last - first == 1:  # most runs are one word: "The", "March", "Reuter"
            word = view.word(first)
            if word not in self.aliases.by_first and (
                self.k.is_stop(word) or word in self.k.function_words
            ):
                return
        words = [view.word(i) for i in range(first, last)]
        lead_cue: tuple[str, int] | None = None
        while words and (
            words[0] in _LEADING_CONNECTORS
            or words[0] in self.k.function_words
            or words[0] == ","
            or words[0].casefold() in self.k.single_word_cues
        ):
            cue = self.k.cue("before", words[0])
            if cue is not None:
                lead_cue = (cue.id, cue.weight)
            words.pop(0)
            first += 1
        while words and (
            words[-1] in _LEADING_CONNECTORS
            or words[-1] in self.k.function_words
            or words[-1] == ","
        ):
            words.pop()
            last -= 1
        if not words:
            return
        position = first
        pending = first
        while position < last:
            hit = self._alias_at(view, position, last)
            if hit is None:
                position += 1
                continue
            size, row, alias = hit
            if pending < position and evidence:
                self._read_candidate(view, pending, position, orgs, lead_cue)
            end = self._read_alias(view, position, position + size, last, row, alias, orgs)
            position += size
            while position < last and int(view.start[position]) < end:
                position += 1  # the legal suffix the alias took in: "Apple Inc"
            if end and position < last:
                position = last  # "Domino's Pizza": the rest of the run belongs to the alias
            pending = position
        if pending < last and evidence:
            self._read_candidate(view, pending, last, orgs, lead_cue if pending == first else None)

    def _alias_at(
        self, view: TokenView, position: int, last: int
    ) -> tuple[int, OrganisationRow, str] | None:
        limit = len(view)  # "S&P 500": an alias may run on over tokens that are no names
        first = view.word(position)
        if first not in self.aliases.by_first:
            return None
        if position + 1 < limit:
            pair = (first, view.word(position + 1))
            for tokens, row, alias in self.aliases.by_pair.get(pair, ()):
                size = len(tokens)
                if position + size <= limit and all(
                    view.word(position + offset) == tokens[offset] for offset in range(2, size)
                ):
                    return size, row, alias
        hit = self.aliases.single.get(first)
        if hit is not None and not self.k.is_stop(hit[1]):
            return 1, hit[0], hit[1]
        return None

    def _continues_with_name(self, view: TokenView, position: int, run_last: int) -> bool:
        """Whether the run goes on after ``position`` with a word that is no suffix or cue."""
        if position >= run_last:
            return False
        word = view.word(position)
        return not (word in self.k.suffixes or self.k.is_stop(word) or word in _LEADING_CONNECTORS)

    def _read_alias(
        self,
        view: TokenView,
        first: int,
        last: int,
        run_last: int,
        row: OrganisationRow,
        alias: str,
        orgs: dict[str, _Org],
    ) -> int:
        """Record a gazetteer alias; returns where its mention ends (0 when rejected)."""
        start, end = int(view.start[first]), view.end(last - 1)
        score, _, end = self._score(view, first, last, start, end)
        if alias in row.ambiguous and view.sent_start[first] and score + KNOWN_NAME < CONFIRMED:
            return 0  # "Shell ..." opens a sentence; "Shell said" is the company
        if last - first == 1 and (
            self._continues_with_name(view, last, run_last)
            or self.k.title_before.search(view.text, max(0, start - 40), start)
        ):
            return 0  # "Dana Whitfield", "chief executive Dana": a person
        org = self._org(orgs, row.name, row.kind, row=row)
        org.mentions[(start, end)] = f"org.gazetteer:{row.id}"
        org.aliases.add(alias)
        self._read_ticker_after(view.text, end, org)
        return end

    def _read_candidate(
        self,
        view: TokenView,
        first: int,
        last: int,
        orgs: dict[str, _Org],
        lead_cue: tuple[str, int] | None,
    ) -> None:
        words = [view.word(i) for i in range(first, last)]
        if all(
            self.k.is_stop(w) or w in _LEADING_CONNECTORS or w in self.k.suffixes or w == ","
            for w in words
        ):
            return
        if sum(w not in _LEADING_CONNECTORS for w in words) > MAX_NAME_WORDS:
            return
        if len(words) == 1 and words[0] in self.k.kind_words:
            return
        start, end = int(view.start[first]), view.end(last - 1)
        if len(words) == 1 and lead_cue is None and not is_shaped(words[0]):
            strong_after = last < len(view) and bool(view.after_trigger[last])
            if view.sent_start[first] and not strong_after:
                return  # capitalised only because it starts a sentence
            if view.text[end : end + 1] not in (",", "(", " ", "'", "’", "-"):
                return  # nothing after it could make it a name
        score, rule, end = self._score(view, first, last, start, end)
        if lead_cue is not None:
            score += lead_cue[1]
            rule = rule or f"org.cue:{lead_cue[0]}"
        strong = rule is not None and rule.startswith(("org.suffix", "org.ticker", "org.kind"))
        if not strong and self._looks_like_person_or_place(view, first, words, start):
            return
        if score < CONFIRMED or rule is None:
            return
        text = view.text
        surface = text[start:end]
        name = canonical_name(surface, self.k.suffixes)
        if not name or self.k.is_stop(name):
            return
        kind = kind_of(name.split(), self.k.kind_words)
        org = self._org(orgs, name, kind)
        org.mentions[(start, end)] = rule
        org.aliases.update((surface, name))
        self._read_ticker_after(text, end, org)
        acronym = self.k.acronym_after.match(text, end, end + AFTER_WINDOW)
        if acronym and (
            is_acronym_of(acronym.group("acronym"), name)
            or is_acronym_of(acronym.group("acronym"), surface)
        ):
            org.aliases.add(acronym.group("acronym"))

    def _score(
        self, view: TokenView, first: int, last: int, start: int, end: int
    ) -> tuple[int, str | None, int]:
        """The evidence for the name at [start, end): its score, the rule that decided, and
        where the name ends once a legal suffix after it ("Workday, Inc.") is taken in."""
        text = view.text
        k = self.k
        best: tuple[int, str | None] = (0, None)
        score = 0

        def note(weight: int, rule: str) -> None:
            nonlocal score, best
            score += weight
            if weight > best[0]:
                best = (weight, rule)

        words = [view.word(i) for i in range(first, last)]
        if (suffix := k.suffix_after.match(text, end)) is not None:
            last_suffix = suffix.group().replace(",", " ").split()[-1]
            row = k.suffix_rows.get(last_suffix) or k.suffix_rows.get(last_suffix.rstrip("."))
            note(CONFIRMED, f"org.suffix:{row.id if row else 'legal_suffix'}")
            end = suffix.end()
        elif len(words) > 1 and words[-1] in k.suffixes:
            note(CONFIRMED, f"org.suffix:{k.suffix_rows[words[-1]].id}")
        end = self._with_suffix(text, end)
        if (ticker := k.ticker_after.match(text, end, end + AFTER_WINDOW)) is not None:
            note(CONFIRMED, f"org.ticker:{k.exchange_prefix[ticker.group('exchange')].id}")
        elif (ric := k.ric_after.match(text, end, end + AFTER_WINDOW)) is not None:
            note(CONFIRMED, f"org.ticker:{k.exchange_ric[ric.group('suffix')].id}")
        if k.appositive.match(text, end):
            note(CONFIRMED, "org.appositive")
        if len(words) > 1:
            for size in (2, 1):
                for i in range(len(words) - size + 1):
                    kind_row = k.kind_rows.get(" ".join(words[i : i + size]))
                    if kind_row is not None:
                        note(kind_row.weight, f"org.kind:{kind_row.id}")
                        break
        if (after := k.cue_after.match(text, end)) is not None:
            cue = k.cue("after", after.group("cue") or after.group("word"))
            if cue is not None:
                note(cue.weight, f"org.cue:{cue.id}")
        if (before := k.cue_before.search(text, max(0, start - 48), start)) is not None:
            cue = k.cue("before", before.group("cue"))
            if cue is not None:
                note(cue.weight, f"org.cue:{cue.id}")
        if score:
            score += max((_shape_weight(word) for word in words), default=0)
        return score, best[1], end

    def _looks_like_person_or_place(
        self, view: TokenView, first: int, words: list[str], start: int
    ) -> bool:
        k = self.k
        if " ".join(words) in k.places or (words[0] in k.places and len(words) == 1):
            return True
        if len(words) <= 3 and words[0] in k.first_names and not any(map(is_shaped, words)):
            return True
        return bool(
            1 <= len(words) <= 3 and k.title_before.search(view.text, max(0, start - 40), start)
        )

    @staticmethod
    def _with_suffix(text: str, end: int) -> int:
        """Drop the period of "Inc." when it may end the sentence, as gold annotations do."""
        if end and text[end - 1] == "." and (end == len(text) or text[end].isspace()):
            return end - 1
        return end

    # -- tickers, brackets and a statistical model ----------------------------------------

    def _read_ticker_after(self, text: str, end: int, org: _Org) -> None:
        if (match := self.k.ticker_after.match(text, end, end + AFTER_WINDOW)) is not None:
            org.ticker = org.ticker or match.group("ticker")
            org.exchange = org.exchange or self.k.exchange_prefix[match.group("exchange")].name
            org.aliases.add(match.group("ticker"))
        elif (match := self.k.ric_after.match(text, end, end + AFTER_WINDOW)) is not None:
            org.ticker = org.ticker or match.group("ticker")
            org.exchange = org.exchange or self.k.exchange_ric[match.group("suffix")].name

    def _read_tickers(self, text: str, orgs: dict[str, _Org]) -> None:
        if "$" in text:
            for match in CASHTAG.finditer(text):
                ticker = match.group("ticker")
                row = self.aliases.by_ticker.get(ticker)
                org = self._org(
                    orgs, row.name if row else ticker, row.kind if row else "company", row=row
                )
                org.ticker = org.ticker or ticker
                org.mentions[match.span()] = "org.cashtag"
        if "<" in text:
            for match in BRACKETED.finditer(text):
                surface = match.group("name").strip()
                name = canonical_name(surface, self.k.suffixes)
                if name and not self.k.is_stop(name):
                    start = match.start("name")
                    org = self._org(orgs, name, kind_of(name.split(), self.k.kind_words))
                    org.mentions[(start, start + len(surface))] = "org.bracketed"
                    org.aliases.add(name)

    def _read_model(
        self, view: TokenView, spans: Sequence[tuple[int, int]], orgs: dict[str, _Org]
    ) -> None:
        """ORG entities of a statistical model, where no rule already found something."""
        claimed = SpanIndex(span for org in orgs.values() for span in org.mentions)
        for start, end in spans:
            if claimed.overlaps(start, end):
                continue  # our evidence rules win on conflicts
            surface = view.text[start:end]
            name = canonical_name(surface, self.k.suffixes)
            if not name or self.k.is_stop(name) or name in self.k.places:
                continue
            if any(self.k.is_stop(word) for word in name.split()) and " " not in name:
                continue
            org = self._org(orgs, name, kind_of(name.split(), self.k.kind_words))
            org.mentions[(start, end)] = "model:ORG"
            org.aliases.add(name)

    def _merge_short_names(self, orgs: dict[str, _Org]) -> None:
        """ "Northwind" found on its own is Northwind Robotics when the text names both."""
        by_first: dict[str, list[_Org]] = {}  # names of several words, by their first
        for org in orgs.values():
            if " " in org.name:
                by_first.setdefault(org.name.split()[0], []).append(org)
        for key, org in list(orgs.items()):
            if " " in org.name or org.row is not None:
                continue
            longer = by_first.get(org.name, [])
            if len(longer) == 1:
                longer[0].mentions.update(org.mentions)
                longer[0].aliases.update(org.aliases)
                del orgs[key]

    # -- propagation ----------------------------------------------------------------------

    def _propagate(
        self, view: TokenView, runs: list[tuple[int, int]], orgs: dict[str, _Org]
    ) -> None:
        """Tag every other mention of a confirmed organisation: spellings, short forms, tickers."""
        index: dict[str, list[tuple[tuple[str, ...], _Org, bool]]] = {}
        for org in orgs.values():
            forms = {(alias, False) for alias in org.aliases} | {(org.name, False)}
            forms |= {(short, True) for short in self._short_forms(org)}
            if org.ticker and len(org.ticker) >= 2:
                forms.add((org.ticker, True))
            # headlines in capitals: "MERIDIAN FOODS SEES HIGHER EARNINGS"
            forms |= {(form.upper(), whole) for form, whole in forms if len(form) >= 4}
            for form, whole_run in forms:
                tokens = tuple(self.tokenize(form))
                if tokens:
                    index.setdefault(tokens[0], []).append((tokens, org, whole_run))
        if not index:
            return
        for entries in index.values():
            entries.sort(key=lambda entry: -len(entry[0]))
        claimed = _Claims(span for org in orgs.values() for span in org.mentions)
        wanted = {view.hash(word) for word in index}
        hits = [i for i, orth in enumerate(view.orth.tolist()) if orth in wanted]
        if not hits:
            return
        run_starts = [first for first, _ in runs]
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
                matched = 0
                for tokens, org, whole_run in index.get(view.word(position), ()):
                    size = len(tokens)
                    if position + size > last or any(
                        view.word(position + o) != tokens[o] for o in range(1, size)
                    ):
                        continue
                    if whole_run and not self._alone(view, position, position + size, first, last):
                        continue
                    start, end = int(view.start[position]), view.end(position + size - 1)
                    end = self._with_suffix(view.text, end)
                    if not claimed.overlaps(start, end):
                        org.mentions[(start, end)] = "org.propagation"
                        claimed.add(start, end)
                    matched = size
                    break
                position += matched or 1

    def _alone(self, view: TokenView, first: int, last: int, run_first: int, run_last: int) -> bool:
        """A short form must be its own run, but for stop words and legal suffixes around it."""
        others = [view.word(i) for i in range(run_first, run_last) if not first <= i < last]
        return all(
            self.k.is_stop(w) or w in self.k.suffixes or w in _LEADING_CONNECTORS for w in others
        )

    def _short_forms(self, org: _Org) -> set[str]:
        """ "Goldman" for Goldman Sachs, "Fortescue" for Fortescue Metals."""
        words = org.name.split()
        if len(words) < 2 or org.kind not in ("company", "bank"):
            return set()
        head = words[0]
        k = self.k
        if len(head) < 3 or k.is_stop(head) or head in k.places or head in k.kind_words:
            return set()
        if not head[0].isupper():
            return set()
        return {" ".join(words[:size]).rstrip(",") for size in range(1, len(words))}

    # -- records --------------------------------------------------------------------------

    def _org(
        self, orgs: dict[str, _Org], name: str, kind: str, *, row: OrganisationRow | None = None
    ) -> _Org:
        key = name_key(row.name if row else name)
        org = orgs.get(key)
        if org is None:
            org = orgs[key] = _Org(key=key, name=row.name if row else name, kind=kind, row=row)
            if row is not None:
                org.ticker, org.exchange = row.ticker, row.exchange
        return org

    def _finish(self, orgs: dict[str, _Org], taken: Sequence[tuple[int, int]]) -> list[FoundOrg]:
        found = []
        claimed = SpanIndex(taken)
        for org in orgs.values():
            mentions = tuple(
                OrgMention(start, end, rule)
                for (start, end), rule in sorted(org.mentions.items())
                if not claimed.overlaps(start, end)
            )
            if mentions:
                found.append(FoundOrg(org.name, org.kind, org.ticker, org.exchange, mentions))
        found.sort(key=lambda f: f.mentions[0].start)
        return found


class _Claims:
    """Character spans already taken, for overlap tests in logarithmic time."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)

    def overlaps(self, start: int, end: int) -> bool:
        at = bisect.bisect_left(self._spans, (end, end))
        return (at > 0 and self._spans[at - 1][1] > start) or (
            at < len(self._spans) and self._spans[at][0] < end and self._spans[at][1] > start
        )

    def add(self, start: int, end: int) -> None:
        bisect.insort(self._spans, (start, end))


@lru_cache(maxsize=16384)
def _shape_weight(word: str) -> int:
    if not is_shaped(word):
        return 0
    return _CAPITALS_WEIGHT if word.isupper() else _CAMEL_WEIGHT


@lru_cache(maxsize=16384)
def is_shaped(word: str) -> bool:
    """CamelCase ("TeraWulf", "iPhone") or ALL-CAPS ("NVIDIA", "BHP"): a brand's shape."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2:
        return False
    if all(ch.isupper() for ch in letters):
        return True
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))


def main_company(found: Sequence[FoundOrg]) -> str | None:
    """The organisation the article is about: the company or bank named most, then first."""
    candidates = [f for f in found if f.kind in ("company", "bank")]
    if not candidates:
        return None
    best = max(candidates, key=lambda f: (len(f.mentions), -f.mentions[0].start))
    return best.name
