"""Find the organisations of one document: evidence rules, then document-level propagation.

The recognizer reads a :class:`~.view.TokenView` (the token table of the document as arrays)
and the text. It never sees a spaCy ``Doc``, so it can be tested and reused without a pipeline.

1. **Runs.** Maximal sequences of name-like tokens ("Goldman Sachs Group Inc.", "S&P 500"),
   joined by connectors ("Bank of America", "Procter & Gamble") and by the line breaks of a
   wrapped paragraph, without leading words that are cues or stop words ("Shares of
   Northwind" gives "Northwind"). Words of headlines ("SAYS", "QTR", "Swings") are no name
   tokens, so a headline in capitals falls apart into its names.
2. **Gazetteer.** Known aliases inside runs are organisations; an alias that is also a word
   ("Target") needs a capital away from the start of a sentence, or other evidence. An alias
   followed by words of kind or place is a longer name ("Barclays Bank Ireland").
3. **Evidence** (:mod:`.evidence`). Other runs are scored: a legal suffix, a ticker after the
   name ("(NASDAQ: WULF)", "<JNJ.N>", "<NWA>"), an appositive ("Ramp, the fintech company"),
   a renaming ("Block, formerly Square,") and a word of kind ("Commission") are each enough;
   cues before and after (a reporting verb, a possessive before a metric) add their weight;
   a CamelCase or ALL-CAPS shape adds one or two. A score of three confirms. A run that looks
   like a person (a first name, a title before it, the surname of a person the text names)
   or is a place needs strong evidence.
4. **Document evidence.** Weak evidence for one name at several places adds up
   (``org.document``); a name listed with organisations is one (``org.listed``).
5. **Propagation** (:mod:`.propagation`). Every spelling of a confirmed organisation, its
   short form ("Goldman", "Heinz"), its acronym ("CRI") and its ticker are then found
   everywhere in the document, in capitals too ("MERIDIAN FOODS" in a headline).

**With a statistical model** (``extractor.load(model=...)``), its ORG entities are merged by
one policy: our evidence rules are applied first and win on every conflict (an entity that
overlaps a rule's mention is dropped, whatever its boundaries or label); the remaining ORG
entities are kept unless they are a stop word (month, currency, "AI", "CEO"), a place, or
overlap an amount of money or a percentage; kept names then take part in propagation like
any other. Entities of other labels are not used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import regex as re

from ..lexicon import OrganisationRow
from ..spans import SpanIndex
from .evidence import CONFIRMED, Evidence, looks_like_person_or_place, read_evidence
from .found import Draft, FoundOrg, OrgMention
from .knowledge import AFTER_WINDOW, OrgKnowledge
from .lists import read_lists
from .names import canonical_name, is_acronym_of, kind_of, name_key
from .propagation import CONNECTORS, Propagator
from .view import (
    Run,
    TokenView,
    find_runs,
    is_shaped,
    match_words,
    promising,
    run_bounds,
    shape_weight,
    skip_newline,
)

#: What a gazetteer entry adds to the evidence for an ambiguous alias ("Shell", "Target").
KNOWN_NAME = 2

#: Cashtags ("$TSLA") and Reuters instrument codes standing alone ("<JNJ.N>").
CASHTAG = re.compile(r"(?<![\w$])\$(?P<ticker>[A-Z]{1,5}+)(?![\w.]?\w)")
#: Business Wire's dateline glues its tag to the city and the name, with no spaces:
#: "MINNEAPOLIS--(BUSINESS WIRE)--Halvorsen Medical Corp."
WIRE_DASHES = re.compile(r"--\((?P<name>\p{Lu}[\p{Lu}\p{Ll} ]{2,30}?(?i:wire))\)--")
#: Reuters 1987 style: company names in angle brackets, "<Deltona Corp>".
BRACKETED = re.compile(r"<(?P<name>[A-Z][A-Za-z0-9&.,'\-]*+[ \n][A-Za-z0-9&.,'\- \n]{1,60}+)>")
#: A wire's tag in a press release's dateline: "Feb. 4, 2026 /PRNewswire/ --".
WIRE_TAG = re.compile(r"/(?P<name>\p{Lu}[\p{L}-]{2,29}+)/\s*+[-–—]")
#: Names are short: a run of more words than this is a title-cased line, not one name.
MAX_NAME_WORDS = 6
#: Titles that make the next word of a run a person's name: "Mr Bowen", "Dr. Axmacher".
_PERSON_TITLES = frozenset({"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Dr", "Dr.", "Sir", "Dame"})
#: Words that may follow a known name and make a longer one: "Barclays Bank Ireland".
_EXTENDING_KINDS = frozenset({"bank", "company", "media", "other", "central_bank"})

#: Particles of Dutch, German, French and Italian names: "Van der Linde", "Banca di Roma".
_PARTICLES = frozenset({"van", "von", "der", "den", "de", "du", "des", "la", "le", "del", "di"})
#: Kinds that a name with a legal suffix cannot have.
_PUBLIC_KINDS = frozenset({"government", "regulator", "central_bank"})

AliasEntry = tuple[tuple[str, ...], OrganisationRow, str]


@dataclass(frozen=True)
class AliasIndex:
    """Gazetteer aliases as token sequences.

    ``by_first`` holds one-word aliases and the first words of longer ones; ``by_pair`` holds
    the longer aliases by their first two words, longest first, so that a common first word
    ("New", "Bank") does not mean trying every alias that starts with it.
    """

    by_first: dict[str, list[AliasEntry]]
    by_ticker: dict[str, OrganisationRow]
    by_pair: dict[tuple[str, str], list[AliasEntry]] = field(default_factory=dict)
    single: dict[str, tuple[OrganisationRow, str]] = field(default_factory=dict)

    @classmethod
    def build(
        cls, rows: Sequence[OrganisationRow], tokenize: Callable[[str], Sequence[str]]
    ) -> AliasIndex:
        by_first: dict[str, list[AliasEntry]] = {}
        tickers: dict[str, list[OrganisationRow]] = {}
        for row in rows:
            for alias in {row.name, *row.aliases}:
                tokens = tuple(tokenize(alias))
                if tokens:
                    by_first.setdefault(tokens[0], []).append((tokens, row, alias))
            if row.ticker:
                tickers.setdefault(row.ticker, []).append(row)
        by_pair: dict[tuple[str, str], list[AliasEntry]] = {}
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
class _Weak:
    """Evidence below the bar for one name, gathered over the document."""

    name: str
    kind: str
    #: What the contexts of its mentions add up to, and the most its own words give once.
    context: int = 0
    intrinsic: int = 0
    mentions: dict[tuple[int, int], str] = field(default_factory=dict)
    aliases: set[str] = field(default_factory=set)


@dataclass
class _Document:
    """What the rules gather about one document while they read it."""

    view: TokenView
    runs: list[Run]
    orgs: dict[str, Draft] = field(default_factory=dict)
    weak: dict[str, _Weak] = field(default_factory=dict)
    #: Surnames of the people the text names with a first name or a title ("Chris Bowen"),
    #: read when first needed.
    people: frozenset[str] | None = None
    #: (new name's draft, old name's span) for "Block, formerly Square".
    renamed: list[tuple[Draft, tuple[int, int]]] = field(default_factory=list)
    #: Where the furthest name read so far ends: a run that starts before is inside it.
    covered: int = 0


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
        self.propagator = Propagator(knowledge, tokenize)

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
        runs = find_runs(view)
        bounds = run_bounds(runs)
        doc = _Document(view, runs)
        for first, last, evidence in promising(view, runs, bounds):
            self._read_run(doc, first, last, evidence=evidence)
        self._confirm_weak(doc)
        if weight := self.k.rule("org.listed"):
            for first, last, score in read_lists(
                self.k, view, runs, bounds, list(doc.orgs.values()), weight
            ):
                self._confirm(doc, first, last, score, "org.listed")
        self._read_tickers(view.text, doc.orgs)
        self._read_model(view, model_orgs, doc.orgs)
        self._merge_renamed(doc)
        self._merge_abbreviated(doc.orgs)
        self._merge_short_names(doc.orgs, view.text)
        self.propagator.propagate(view, runs, doc.orgs.values())
        self._name_as_written(doc.orgs, view.text)
        return self._finish(doc.orgs, taken)

    def _surnames(self, doc: _Document) -> frozenset[str]:
        """The last words of runs that hold a first name or open with a title: "Chris Bowen",
        "Dina Habib Powell", "Rep. Stephen Fincher", "Mr Bowen"."""
        if doc.people is not None:
            return doc.people
        k, view = self.k, doc.view
        found = set()
        for first, last in doc.runs:
            if not 2 <= last - first <= 4:
                continue
            surname = view.word(last - 1)
            if surname in k.suffixes or surname in k.kind_parts or k.is_stop(surname):
                continue
            opener = view.word(first)
            if (
                opener in _PERSON_TITLES
                or opener in k.titles
                or any(view.word(i) in k.first_names for i in range(first, last - 1))
            ):
                found.add(surname)
        doc.people = frozenset(found)
        return doc.people

    # -- rules on one run ---------------------------------------------------------------

    def _read_run(self, doc: _Document, first: int, last: int, *, evidence: bool) -> None:
        """Read one run of name tokens: its aliases, and (with ``evidence``) the candidates
        between them."""
        view = doc.view
        if last - first == 1 and self._never_alone(view.word(first)):
            return  # most runs are one word: "The", "March", "Reuter"
        trimmed = self._trimmed(view, first, last)
        if trimmed is None:
            return
        first, last, lead_cue = trimmed
        if int(view.start[first]) < doc.covered:
            return  # inside a name read from an earlier run: "Securities and\nExchange ..."
        self._read_aliases(doc, first, last, evidence=evidence, lead_cue=lead_cue)

    def _never_alone(self, word: str) -> bool:
        """A stop or function word that is no known name's first word: never a name alone."""
        k = self.k
        return word not in self.aliases.by_first and (k.is_stop(word) or k.is_function(word))

    def _trimmed(
        self, view: TokenView, first: int, last: int
    ) -> tuple[int, int, tuple[str, int] | None] | None:
        """The run without the connectors, function words, commas and opening cues at its
        edges, and the cue among those it opened with ("Rival Kestrel Corp"); None if nothing
        is left."""
        k = self.k
        lead_cue: tuple[str, int] | None = None
        while first < last:
            word = view.word(first)
            if not (
                word in CONNECTORS
                or k.is_function(word)
                or word == ","
                or (view.sent_start[first] and self._opening_cue(word))
            ):
                break
            cue = k.cue("before", word)
            if cue is not None:
                lead_cue = (cue.id, cue.weight)
            first += 1
        while first < last:
            word = view.word(last - 1)
            if not (
                word in CONNECTORS
                or (k.is_function(word) and word not in k.kind_parts)  # "... Partners"
                or word == ","
            ):
                break
            last -= 1
        return (first, last, lead_cue) if first < last else None

    def _read_aliases(
        self,
        doc: _Document,
        first: int,
        last: int,
        *,
        evidence: bool,
        lead_cue: tuple[str, int] | None,
    ) -> None:
        """Read the known names of a trimmed run, and the candidates before, between and
        after them when the run has evidence."""
        view = doc.view
        run_first = first
        position = first
        pending = first
        while position < last:
            hit = self._alias_at(view, position)
            if hit and position > run_first and view.word(position - 1) in _PARTICLES:
                hit = None  # "Van der Linde Groep NV" is no "Linde"
            accepted = hit and self._accept_alias(doc, position, position + hit[0], run_first, last)
            if not hit or accepted is None:
                position += 1
                continue
            size, row, alias = hit
            if pending < position and evidence:
                self._read_candidate(doc, pending, position, lead_cue)
            if self._extends(view, position + size, last):
                end = self._read_extended(doc, position, last, row, alias)
            else:
                end = self._read_alias(doc, position, position + size, row, alias, accepted)
            doc.covered = max(doc.covered, end)
            position += size
            while position < last and int(view.start[position]) < end:
                position += 1  # what the alias took in: "Apple Inc", "Barclays Bank Ireland"
            if position < last:
                position = last  # "Domino's Pizza": the rest of the run belongs to the alias
            pending = position
        if pending < last and evidence:
            self._read_candidate(doc, pending, last, lead_cue if pending == first else None)

    def _opening_cue(self, word: str) -> bool:
        """A cue word that opens a sentence and a run: "Rival Kestrel Corp", "Chipmaker Arm";
        not a word of kind or a known name ("Bank of Montreal", "Target")."""
        return (
            word.casefold() in self.k.single_word_cues
            and word not in self.k.kind_parts
            and word not in self.aliases.by_first
        )

    def _alias_at(self, view: TokenView, position: int) -> tuple[int, OrganisationRow, str] | None:
        """The longest gazetteer alias at ``position``: its size in tokens, row and text.

        An alias may run on over tokens that are no names ("S&P 500") and over the line breaks
        of a wrapped paragraph ("Securities and\\nExchange Commission").
        """
        first = view.word(position)
        if first not in self.aliases.by_first:
            return None
        second = skip_newline(view, position + 1)
        if second < len(view):
            pair = (first, view.word(second))
            for tokens, row, alias in self.aliases.by_pair.get(pair, ()):
                end = match_words(view, second + 1, tokens[2:])
                if end is not None:
                    return end - position, row, alias
        hit = self.aliases.single.get(first)
        if hit is not None and not self.k.is_stop(hit[1]):
            return 1, hit[0], hit[1]
        return None

    def _is_name_word(self, word: str) -> bool:
        """A word that may go on a name: no suffix, stop word or connector."""
        return not (word in self.k.suffixes or self.k.is_stop(word) or word in CONNECTORS)

    def _accept_alias(
        self, doc: _Document, first: int, last: int, run_first: int, run_last: int
    ) -> Evidence | None:
        """The evidence for a gazetteer alias at tokens [first, last) of a run, or None when
        it is not the organisation there."""
        view, k = doc.view, self.k
        start, end = int(view.start[first]), view.end(last - 1)
        found = read_evidence(k, view, first, last, start, end)
        row, alias = self.aliases.single.get(view.word(first), (None, ""))
        ambiguous = last - first == 1 and row is not None and alias in row.ambiguous
        if (
            ambiguous
            and found.score + KNOWN_NAME < CONFIRMED
            and (view.sent_start[first] or (first > run_first and not found.strong))
        ):
            return None  # "Shell ..." opens a sentence, "New York City"; "Shell said" counts
        if last - first == 1 and not found.strong:
            before = [
                view.word(i) for i in range(max(run_first, first - 4), first) if not view.newline[i]
            ]
            connectors = [i for i, word in enumerate(before) if word in CONNECTORS]
            if connectors:
                before = before[connectors[-1] + 1 :]  # "Daniel Hynes of ANZ"
            if (
                (
                    (last < run_last and self._is_name_word(view.word(last)))
                    and not self._extends(view, last, run_last)
                )
                or any(w in k.first_names for w in before)
                or any(self._is_name_word(w) and not k.is_place(w) for w in before)
                or k.title_before.search(view.text, max(0, start - 40), start)
            ):
                return None  # "Dana Whitfield", "Maxine Waters", "chief executive Dana": a person
        return found

    def _read_alias(
        self,
        doc: _Document,
        first: int,
        last: int,
        row: OrganisationRow,
        alias: str,
        found: Evidence,
    ) -> int:
        """Record a gazetteer alias; returns where its mention ends."""
        view = doc.view
        start = int(view.start[first])
        org = self._org(doc.orgs, row.name, row.kind, row=row)
        org.mentions[(start, found.end)] = f"org.gazetteer:{row.id}"
        org.aliases.add(alias)
        self._read_ticker_after(view.text, found.end, org, doc.orgs)
        if found.rule == "org.renamed":
            self._read_old_name(doc, found.end, org)
        return found.end

    def _extends(self, view: TokenView, first: int, last: int) -> bool:
        """Whether the words [first, last) after a known name make a longer name of it: words
        of kind and places ("Bank Ireland", "Asset Management", "India")."""
        k = self.k
        if not first < last or last - first > 3:
            return False
        words = [view.word(i) for i in range(first, last) if not view.newline[i]]
        named = [w for w in words if w not in CONNECTORS and w not in k.suffixes]
        return (
            bool(named)
            and all(w in k.kind_parts or w in k.places or w in k.place_words for w in named)
            and not (words[-1] in CONNECTORS or words[-1] in k.event_words)
        )

    def _read_extended(
        self, doc: _Document, first: int, last: int, row: OrganisationRow, alias: str
    ) -> int:
        """ "Barclays Bank Ireland", "Wells Fargo Securities": a known name and words of kind
        or place are one organisation of its own, of the kind its words tell."""
        view = doc.view
        start, end = int(view.start[first]), view.end(last - 1)
        found = read_evidence(self.k, view, first, last, start, end)
        surface = view.text[start : found.end]
        name = canonical_name(surface, self.k.suffixes)
        words = name.split()
        org = self._org(doc.orgs, name, kind_of(words, self.k.kind_words, default=row.kind))
        org.mentions[(start, found.end)] = f"org.gazetteer:{row.id}"
        org.aliases.update((surface, name))
        self._read_ticker_after(view.text, found.end, org, doc.orgs)
        return found.end

    def _read_candidate(
        self,
        doc: _Document,
        first: int,
        last: int,
        lead_cue: tuple[str, int] | None,
    ) -> None:
        view, k = doc.view, self.k
        words = [view.word(i) for i in range(first, last)]
        if not self._may_name(words):
            return
        start, end = int(view.start[first]), view.end(last - 1)
        if (dashes := view.text.rfind("--", start, end)) >= 0:
            after = _after_dashes(view, dashes, end, first=first, last=last, words=words)
            if after is None:
                return
            start, first, words = after
        if (
            len(words) == 1
            and lead_cue is None
            and not is_shaped(words[0])
            and not self._lone_word_may_name(view, first, last, end)
        ):
            return
        found = read_evidence(k, view, first, last, start, end, words)
        score, rule = found.score, found.rule
        if lead_cue is not None:
            score += lead_cue[1]
            rule = rule or f"org.cue:{lead_cue[0]}"
        if rule is None or not score or self._person_or_place(doc, words, start, found):
            return
        first, start = self._with_partner(view, first, start, found)
        surface = view.text[start : found.end]
        name = canonical_name(surface, k.suffixes)
        if not name or name in k.suffixes or (k.is_junk(name) and not self._legal(name, found)):
            return
        if score < CONFIRMED:
            self._note_weak(doc, name, surface, start, found, score=score, rule=rule)
        else:
            self._note_confirmed(doc, name, surface, start, found, rule=rule)

    def _may_name(self, words: list[str]) -> bool:
        """Whether the words of a run may be a name: not only stop words, connectors and
        suffixes (unless it ends with a suffix: "CPI Corp", "Total SA"), not too long, and
        not a lone word of kind ("Bank")."""
        k = self.k
        with_suffix = len(words) > 1 and words[-1] in k.suffixes
        if not with_suffix and all(
            k.is_stop(w) or w in CONNECTORS or w in k.suffixes or w == "," for w in words
        ):
            return False
        if sum(w not in CONNECTORS and not w.isspace() for w in words) > MAX_NAME_WORDS:
            return False
        return not (len(words) == 1 and words[0] in k.kind_words)

    def _lone_word_may_name(self, view: TokenView, first: int, last: int, end: int) -> bool:
        """Whether a lone plain word without a cue before it may be a name: not one that is
        capitalised only because it starts a sentence, and one that something follows that
        could make it a name."""
        if view.sent_start[first] and not self._strong_after(view, last):
            return False
        return view.text[end : end + 1] in (",", "(", " ", "'", "’", "-", "<", "\n")

    def _person_or_place(
        self, doc: _Document, words: list[str], start: int, found: Evidence
    ) -> bool:
        """Whether a name without strong evidence is rather a person, a place or a title."""
        k = self.k
        return not found.strong and (
            looks_like_person_or_place(k, doc.view, words, start)
            or (len(words) == 1 and words[0] in self._surnames(doc))
            or (len(words) > 1 and words[0] in k.titles)
        )

    def _note_weak(
        self,
        doc: _Document,
        name: str,
        surface: str,
        start: int,
        found: Evidence,
        *,
        score: int,
        rule: str,
    ) -> None:
        """Keep a name with too little evidence alone, for its other mentions to confirm."""
        weak = doc.weak.setdefault(name_key(name), _Weak(name, self._kind(name, found)))
        weak.context += score - found.intrinsic
        weak.intrinsic = max(weak.intrinsic, found.intrinsic)
        weak.mentions[(start, found.end)] = rule
        weak.aliases.update((surface, name))

    def _note_confirmed(
        self, doc: _Document, name: str, surface: str, start: int, found: Evidence, *, rule: str
    ) -> None:
        """Record a confirmed mention, with the ticker, the initials or the old name after it."""
        org = self._org(doc.orgs, name, self._kind(name, found))
        if found.kind is not None and org.row is None:
            org.kind = found.kind
        org.mentions[(start, found.end)] = rule
        org.aliases.update((surface, name))
        text = doc.view.text
        self._read_ticker_after(text, found.end, org, doc.orgs)
        self._read_acronym(text, found.end, name, surface, org)
        if rule == "org.renamed":
            self._read_old_name(doc, found.end, org)

    def _kind(self, name: str, found: Evidence) -> str:
        """The kind of a name: the one its context gives, else its words' ("Bank"); a name
        with a legal suffix is a company ("Federated Department Stores Inc" is no ministry)."""
        kind = found.kind or kind_of(name.split(), self.k.kind_words)
        if kind in _PUBLIC_KINDS and (found.rule or "").startswith("org.suffix"):
            return "company"
        return kind

    def _legal(self, name: str, found: Evidence) -> bool:
        """A stop word with a legal suffix is a company ("CPI Corp", "Total SA"); a country
        with one is not ("Japan Inc")."""
        return (found.rule or "").startswith("org.suffix") and name not in self.k.countries

    def _strong_after(self, view: TokenView, last: int) -> bool:
        """Whether what follows token ``last`` may make a sentence's first word a name:
        "Monzo swung to", "Ramp, the fintech company"."""
        if last >= len(view):
            return False
        if view.after_trigger[last]:
            return True
        if (
            last + 1 < len(view)
            and view.after_pair_first[last]
            and view.after_pair_second[last + 1]
        ):
            return True
        return bool(view.comma[last] and last + 1 < len(view) and view.after_comma[last + 1])

    def _with_partner(
        self, view: TokenView, first: int, start: int, found: Evidence
    ) -> tuple[int, int]:
        """ "Castle and Cooke Inc", "Pope and Talbot Inc": a one-word name joined by "and" to
        a name with a legal suffix is part of it."""
        if not (found.rule or "").startswith(("org.suffix", "org.ticker")) or first < 2:
            return first, start
        if view.word(first - 1) not in ("and", "AND") or not view.name[first - 2]:
            return first, start
        if first > 2 and (
            view.name[first - 3] or view.word(first - 3) in ("between", "and", ",", "&", "with")
        ):
            return first, start  # "Apple Computer and Microsoft Corp", "between Spirit and ..."
        partner = view.word(first - 2)
        capitals = partner.isupper() and view.word(first).isupper()  # "SCOTT AND STRINGFELLOW"
        if (
            self.k.is_junk(partner)
            or partner in self.aliases.by_first
            or (is_shaped(partner) and not capitals)
        ):
            return first, start
        return first - 2, int(view.start[first - 2])

    def _read_acronym(self, text: str, end: int, name: str, surface: str, org: Draft) -> None:
        acronym = self.k.acronym_after.match(text, end, end + AFTER_WINDOW)
        if acronym and (
            is_acronym_of(acronym.group("acronym"), name)
            or is_acronym_of(acronym.group("acronym"), surface)
        ):
            org.aliases.add(acronym.group("acronym"))

    def _read_old_name(self, doc: _Document, end: int, org: Draft) -> None:
        """ "Block, formerly Square,": the old name is a mention of the same organisation."""
        view = doc.view
        renamed = self.k.renamed_after.match(view.text, end, end + AFTER_WINDOW)
        if renamed is None:
            return
        index = int(_token_at(view, renamed.end()))
        if index >= len(view) or int(view.start[index]) != renamed.end() or not view.name[index]:
            return
        last = index
        while last < len(view) and (view.name[last] or view.connector[last]) and last - index < 6:
            last += 1
        while last > index + 1 and view.connector[last - 1]:
            last -= 1
        start, stop = int(view.start[index]), view.end(last - 1)
        found = read_evidence(self.k, view, index, last, start, stop)
        doc.renamed.append((org, (start, found.end)))
        old = canonical_name(view.text[start : found.end], self.k.suffixes)
        if old and not self.k.is_junk(old):
            org.mentions[(start, found.end)] = "org.renamed"
            org.aliases.add(old)

    # -- evidence over the document -------------------------------------------------------

    def _confirm_weak(self, doc: _Document) -> None:
        """Names whose weak evidence at several places adds up to a confirmation."""
        enabled = self.k.rule("org.document")
        for key, weak in doc.weak.items():
            org = doc.orgs.get(key)
            if org is None and (
                not enabled
                or len(weak.mentions) < 2
                or weak.context < 2
                or weak.context + weak.intrinsic < CONFIRMED + 1
            ):
                continue
            if org is None:
                org = self._org(doc.orgs, weak.name, weak.kind)
            for span, rule in weak.mentions.items():
                org.mentions.setdefault(span, "org.document" if org.row is None else rule)
            org.aliases.update(weak.aliases)

    def _confirm(self, doc: _Document, first: int, last: int, score: int, rule: str) -> None:
        """Record the run [first, last) as an organisation found by a document rule."""
        view, k = doc.view, self.k
        words = [view.word(i) for i in range(first, last)]
        start = int(view.start[first])
        found = read_evidence(k, view, first, last, start, view.end(last - 1))
        score += found.score or max(shape_weight(word) for word in words)
        if score < CONFIRMED or looks_like_person_or_place(k, view, words, start):
            return
        if len(words) == 1 and (words[0] in self._surnames(doc) or words[0] in k.kind_words):
            return
        end = view.end(last - 1)
        name = canonical_name(view.text[start:end], k.suffixes)
        if not name or k.is_junk(name):
            return
        org = self._org(doc.orgs, name, kind_of(name.split(), k.kind_words))
        org.mentions[(start, end)] = rule
        org.aliases.add(name)

    def _merge_renamed(self, doc: _Document) -> None:
        """The old name of a renamed company, read on its own too, is the same company."""
        if not doc.renamed:
            return
        owner = {span: key for key, org in doc.orgs.items() for span in org.mentions}
        for org, span in doc.renamed:
            other = doc.orgs.get(owner.get(span, ""))
            if other is not None and other is not org and other.row is None:
                org.mentions.update(other.mentions)
                org.aliases.update(other.aliases)
                del doc.orgs[other.key]

    # -- tickers, brackets and a statistical model ----------------------------------------

    def _read_ticker_after(self, text: str, end: int, org: Draft, orgs: dict[str, Draft]) -> None:
        """The ticker after a name: the organisation's ticker and exchange. In brackets with
        its exchange ("(NASDAQ: NBIS)") the ticker is a mention of it, and the exchange one
        of the exchange; a code in angle brackets ("<JNJ.N>", "<NWA>") is neither."""
        k = self.k
        if (match := k.ticker_after.match(text, end, end + AFTER_WINDOW)) is not None:
            row = k.exchange_prefix[match.group("exchange")]
            org.ticker = org.ticker or match.group("ticker")
            org.exchange = org.exchange or row.name
            org.aliases.add(match.group("ticker"))
            org.mentions.setdefault(match.span("ticker"), "org.ticker")
            exchange = self._org(orgs, row.name, "exchange")
            start, stop = match.span("exchange")
            if text.startswith("Other ", start):  # Yahoo's "(Other OTC: ANFGF-news)"
                start += len("Other ")
            exchange.mentions.setdefault((start, stop), f"org.ticker:{row.id}")
            return
        at = end + 2 if text[end : end + 2] in ("'s", "’s") else end
        if (match := k.ric_after.match(text, at, at + AFTER_WINDOW)) is not None:
            org.ticker = org.ticker or match.group("ticker")
            org.exchange = org.exchange or k.exchange_ric[match.group("suffix")].name
        elif (match := k.bracket_ticker_after.match(text, at, at + AFTER_WINDOW)) is not None:
            org.ticker = org.ticker or match.group("ticker")

    def _read_tickers(self, text: str, orgs: dict[str, Draft]) -> None:
        if "$" in text:
            for match in CASHTAG.finditer(text):
                ticker = match.group("ticker")
                row = self.aliases.by_ticker.get(ticker)
                org = self._org(
                    orgs, row.name if row else ticker, row.kind if row else "company", row=row
                )
                org.ticker = org.ticker or ticker
                org.mentions[match.span()] = "org.cashtag"
        if "--(" in text and self.k.rule("org.dateline"):
            for match in WIRE_DASHES.finditer(text):
                self._wire(orgs, match)
        if "/" in text and self.k.rule("org.dateline"):
            for match in WIRE_TAG.finditer(text):
                self._wire(orgs, match)
        if "<" in text:
            for match in BRACKETED.finditer(text):
                surface = match.group("name").strip()
                name = canonical_name(surface, self.k.suffixes)
                if name and not self.k.is_junk(name):
                    start = match.start("name")
                    org = self._org(orgs, name, kind_of(name.split(), self.k.kind_words))
                    org.mentions[(start, start + len(surface))] = "org.bracketed"
                    org.aliases.add(name)

    def _wire(self, orgs: dict[str, Draft], match: re.Match[str]) -> None:
        """The wire service named in a dateline: a publisher."""
        name = match.group("name")
        wire = self._known(name)
        org = self._org(orgs, wire.name if wire else name, "media", row=wire)
        org.mentions[match.span("name")] = "org.dateline"
        org.aliases.add(name)

    def _known(self, name: str) -> OrganisationRow | None:
        """The gazetteer's row for exactly the alias ``name``."""
        tokens = tuple(self.tokenize(name))
        if len(tokens) == 1:
            hit = self.aliases.single.get(tokens[0])
            return hit[0] if hit else None
        if len(tokens) > 1:
            for alias_tokens, row, _ in self.aliases.by_pair.get((tokens[0], tokens[1]), ()):
                if alias_tokens == tokens:
                    return row
        return None

    def _read_model(
        self, view: TokenView, spans: Sequence[tuple[int, int]], orgs: dict[str, Draft]
    ) -> None:
        """ORG entities of a statistical model, where no rule already found something."""
        claimed = SpanIndex(span for org in orgs.values() for span in org.mentions)
        for start, end in spans:
            if claimed.overlaps(start, end):
                continue  # our evidence rules win on conflicts
            surface = view.text[start:end]
            name = canonical_name(surface, self.k.suffixes)
            if not name or self.k.is_junk(name):
                continue
            if any(self.k.is_stop(word) for word in name.split()) and " " not in name:
                continue
            org = self._org(orgs, name, kind_of(name.split(), self.k.kind_words))
            org.mentions[(start, end)] = "model:ORG"
            org.aliases.add(name)

    def _merge_short_names(self, orgs: dict[str, Draft], text: str) -> None:
        """A shorter name found on its own is the longer one when the text names exactly one
        that it is a short form of: "Northwind" is Northwind Robotics, "Kelun" is Guangzhou
        Kelun Robotics, the headline's "WASTE" is Waste Management, "Halloway" is Halloway's
        (whose mentions then take their "'s" in: "Halloway's same-store sales").

        A name read with its legal suffix is a full name, never the short form of another:
        "Alpenrose Holding AG" is not "Alpenrose Asia Ltd".
        """
        longer: dict[str, list[Draft]] = {}
        for org in orgs.values():
            shorts = self.propagator.short_forms(org) | self._prefixes(org.name)
            if org.name.endswith(_POSSESSIVES):
                shorts.add(org.name[:-2])
            for short in shorts:
                longer.setdefault(short.casefold(), []).append(org)
        for key, org in list(orgs.items()):
            if org.row is not None or _has_legal_name(org):
                continue
            candidates = [
                c
                for c in longer.get(org.name.casefold(), [])
                if c.key in orgs and (c.kind == org.kind or org.kind == "company")
            ]
            if len(candidates) == 1 and candidates[0] is not org:
                target = candidates[0]
                possessive = target.name.endswith(_POSSESSIVES)
                for (start, end), rule in org.mentions.items():
                    if possessive and text[end : end + 2] in _POSSESSIVES:
                        end += 2
                    target.mentions[(start, end)] = rule
                target.aliases.update(org.aliases)
                del orgs[key]

    def _merge_abbreviated(self, orgs: dict[str, Draft]) -> None:
        """A name whose words are the beginnings of a longer name's words, one for one, is
        that name abbreviated: the headline's "Pinecrest Pharma" is Pinecrest
        Pharmaceuticals Inc, "Acme Tech" is Acme Technologies. Looked for only among names
        that share their first word; the full name must have been read with its legal
        suffix."""
        by_first: dict[str, list[Draft]] = {}
        for org in orgs.values():
            words = org.name.split()
            if len(words) > 1 and org.row is None:
                by_first.setdefault(words[0].casefold(), []).append(org)
        for group in by_first.values():
            full = [org for org in group if _has_legal_name(org)]
            if len(group) < 2 or not 0 < len(full) <= _MAX_FULL_NAMES:
                continue  # many legal names on one first word: a list, not one company
            for org in group:
                if _has_legal_name(org):
                    continue
                targets = [f for f in full if _abbreviates(org.name, f.name)]
                if len(targets) == 1 and org.key in orgs:
                    targets[0].mentions.update(org.mentions)
                    targets[0].aliases.update(org.aliases)
                    del orgs[org.key]

    @staticmethod
    def _prefixes(name: str) -> set[str]:
        words = name.split()
        return {" ".join(words[:size]) for size in range(1, len(words))}

    # -- records --------------------------------------------------------------------------

    def _org(
        self, orgs: dict[str, Draft], name: str, kind: str, *, row: OrganisationRow | None = None
    ) -> Draft:
        key = name_key(row.name if row else name)
        org = orgs.get(key)
        if org is None:
            org = orgs[key] = Draft(key=key, name=row.name if row else name, kind=kind, row=row)
            if row is not None:
                org.ticker, org.exchange = row.ticker, row.exchange
        elif org.row is None and org.name.isupper() and not name.isupper():
            org.name = name  # "Becor Western" rather than the headline's "BECOR WESTERN"
        return org

    def _name_as_written(self, orgs: dict[str, Draft], text: str) -> None:
        """A known company is named as the text gives its legal name: "Coinbase Global Inc"
        is Coinbase Global, "J.P. Morgan and Co" is J.P. Morgan, not today's JPMorgan Chase.
        Where the text gives no legal name, the gazetteer's name stays ("Nvidia")."""
        suffixes = self.k.suffixes
        for org in orgs.values():
            if org.row is None or org.kind not in ("company", "bank"):
                continue
            legal = [
                text[start:end]
                for start, end in org.mentions
                if text[start:end].split()[-1].rstrip(".,") in suffixes
                or text[start:end].split()[-1] in suffixes
            ]
            if legal:
                name = canonical_name(max(legal, key=len), suffixes)
                if name and not name.isupper():
                    org.name = name

    def _finish(self, orgs: dict[str, Draft], taken: Sequence[tuple[int, int]]) -> list[FoundOrg]:
        """The organisations with their mentions; where two mentions overlap, the longer one
        (then the earlier) stays, and nothing that overlaps an amount does."""
        claimed = SpanIndex(taken)
        spans = sorted(
            ((start, end, key) for key, org in orgs.items() for start, end in org.mentions),
            key=lambda span: (span[0], span[0] - span[1]),
        )
        kept: dict[str, list[OrgMention]] = {}
        reach = -1
        for start, end, key in spans:
            if start < reach or claimed.overlaps(start, end):
                continue
            reach = end
            kept.setdefault(key, []).append(
                OrgMention(start, end, orgs[key].mentions[(start, end)])
            )
        # Drafts that ended with one name are one organisation: "Ford Motor Co" named as
        # written and a separate "Ford Motor" are the same company, and a record names each
        # company once.
        firsts: dict[str, Draft] = {}
        merged: dict[str, list[OrgMention]] = {}
        for key, org in orgs.items():
            if key in kept:
                first = firsts.setdefault(org.name, org)
                if first is not org:
                    first.ticker = first.ticker or org.ticker
                    first.exchange = first.exchange or org.exchange
                merged.setdefault(org.name, []).extend(kept[key])
        found = [
            FoundOrg(
                name,
                org.kind,
                org.ticker,
                org.exchange,
                tuple(sorted(merged[name], key=lambda m: m.start)),
            )
            for name, org in firsts.items()
        ]
        found.sort(key=lambda f: f.mentions[0].start)
        return found


_POSSESSIVES = ("'s", "’s")
#: At most this many legal names sharing a first word are compared with its other names.
_MAX_FULL_NAMES = 4


def _has_legal_name(org: Draft) -> bool:
    """Whether the text gives the organisation's name with a legal suffix."""
    return any(rule.startswith("org.suffix") for rule in org.mentions.values())


def _abbreviates(short: str, full: str) -> bool:
    """Whether each word of ``short`` begins the same word of ``full``, one shorter at least.

    >>> _abbreviates("Pinecrest Pharma", "Pinecrest Pharmaceuticals")
    True
    >>> _abbreviates("Pinecrest Labs", "Pinecrest Pharmaceuticals")
    False
    """
    a, b = short.casefold().split(), full.casefold().split()
    return (
        len(a) == len(b)
        and a != b
        and all(y.startswith(x) and len(x) >= 3 for x, y in zip(a, b, strict=True))
    )


def _after_dashes(
    view: TokenView, dashes: int, end: int, *, first: int, last: int, words: list[str]
) -> tuple[int, int, list[str]] | None:
    """The start, first token and words of a name after the dashes of a dateline
    ("MINNEAPOLIS--(BUSINESS WIRE)--Halvorsen"), or None when nothing is left of it."""
    start = dashes + 2
    while start < end and not view.text[start].isalnum():
        start += 1
    first = _token_at(view, start + 1) - 1
    if start >= end or first >= last:
        return None
    return start, first, [view.text[start : view.end(first)], *words[first - last :][1:]]


def _token_at(view: TokenView, offset: int) -> int:
    """The index of the first token that starts at or after ``offset``."""
    return int(view.start.searchsorted(offset))
