"""The company an article is about, and the company each sentence is about, without a parser.

**Sentence subject.** A sentence is about the company whose mention opens it ("Monzo swung to
a loss", "In the quarter, Nebius's revenue rose", "Shares of Ramp rose") or is followed by a
reporting or financial verb or a possessive before a metric ("... as Block recorded a gain",
"... while Nebius's revenue rose"). The earliest such mention wins. Publishers (kind
``media``), indices, exchanges and governments are never the subject.

**Lead company.** The company of the headline, else the subject (or the first company) of the
first sentence: what a table or a run of figures after it reports about.

**Main company.** The company the article is about, scored over the whole text: the headline
and the first sentence weigh most, then each sentence whose subject it is (more when the
sentence gives an amount), then, a little, each mention. Named most is not enough: a
company quoted in every paragraph of an article about another does not win.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

import regex as re

from .found import FoundOrg, OrgMention
from .knowledge import AFTER_WINDOW, OrgKnowledge

#: Kinds of organisation that may be an article's or a sentence's subject company.
SUBJECT_KINDS = frozenset({"company", "bank"})
#: What may stand between a sentence's start and its subject: "The", "Shares of", "In the
#: third quarter,", "Meanwhile,".
_OPENER = re.compile(
    r"""[\s"'“‘(*•–-]*+
    (?:(?:In|On|For|During|After|Before|At|By|Over|Under|Despite|With|Meanwhile|However|
        Separately|Also|Elsewhere|Overall|Still|But|And|Yet)\b[^,.;\n]{0,60}+,\s*+)?
    (?:(?:The|the)\s++)?(?:(?:Shares|Stock|Units)\s++(?:of|in)\s++)?
    """,
    re.VERBOSE,
)
#: How long an opener may be: "In the third quarter of its fiscal year ending in June, The".
_MAX_OPENER = 100
#: A preposition right before a name: the name is no subject ("analysts at X said").
_PREPOSITION_BEFORE = re.compile(
    r"(?r)(?<![\w-])(?:at|of|from|with|by|for|to|in|on|than|like|as)\s++\Z"
)
#: Weights of the main-company score.
_HEADLINE, _FIRST_SENTENCE, _FIRST_SUBJECT = 6.0, 4.0, 3.0
_SUBJECT_WITH_AMOUNT, _SUBJECT, _MENTION = 2.0, 1.0, 0.25


@dataclass(frozen=True)
class Subject:
    """The company a sentence is about: the sentence [start, end), its name, the mention."""

    start: int
    end: int
    company: str
    mention: OrgMention
    rule: str


@dataclass(frozen=True)
class Decision:
    """What the article is about: the main company, the lead company, each sentence's
    subject."""

    main: str | None
    lead: str | None
    subjects: tuple[Subject, ...]


def decide(
    k: OrgKnowledge,
    text: str,
    found: Sequence[FoundOrg],
    *,
    sentences: Sequence[int],
    headline_end: int,
    amounts: Sequence[int] = (),
) -> Decision:
    """The main company, lead company and sentence subjects of one document.

    ``sentences`` are the character offsets where sentences start (the first is 0);
    ``headline_end`` is where the headline ends (0 when there is none); ``amounts`` are the
    starts of money amounts and percentages, sorted.
    """
    mentions = sorted(
        (m.start, m.end, org.name, m)
        for org in found
        if org.kind in SUBJECT_KINDS
        for m in org.mentions
    )
    if not mentions:
        return Decision(None, None, ())
    bounds = [*sentences[1:], len(text)]
    subjects: list[Subject] = []
    first_of: dict[int, str] = {}  # sentence number -> its first company
    for start, _, name, _ in mentions:
        number = bisect.bisect_right(sentences, start) - 1
        first_of.setdefault(number, name)
    taken: set[int] = set()
    for start, end, name, mention in mentions:
        number = bisect.bisect_right(sentences, start) - 1
        if number in taken:
            continue
        rule = _subject_rule(k, text, sentences[number], start, end)
        if rule is not None:
            taken.add(number)
            subjects.append(Subject(sentences[number], bounds[number], name, mention, rule))
    lead = _lead(mentions, subjects, first_of, sentences, headline_end)
    main = _main(mentions, subjects, sentences, headline_end, amounts, bounds)
    return Decision(main, lead, tuple(subjects))


def _subject_rule(k: OrgKnowledge, text: str, sentence: int, start: int, end: int) -> str | None:
    """How the mention [start, end) is its sentence's subject, or None."""
    if start - sentence <= _MAX_OPENER:
        opener = _OPENER.match(text, sentence, start)
        if opener is not None and opener.end() == start:
            return "subject.opens"
    if _PREPOSITION_BEFORE.search(text, max(sentence, start - 12), start):
        return None  # "Analysts at Mistrel said": the analysts said it
    window = end + AFTER_WINDOW
    if k.cue_after.match(text, end, window) or k.possessive_after.match(text, end, window):
        return "subject.verb"
    return None


def _lead(
    mentions: list[tuple[int, int, str, OrgMention]],
    subjects: list[Subject],
    first_of: dict[int, str],
    sentences: Sequence[int],
    headline_end: int,
) -> str | None:
    if headline_end and mentions[0][0] < headline_end:
        return mentions[0][2]
    first = bisect.bisect_right(sentences, headline_end) - 1 if headline_end else 0
    for subject in subjects:
        if subject.start == sentences[first]:
            return subject.company
        if subject.start > sentences[first]:
            break
    return first_of.get(first)


def _main(
    mentions: list[tuple[int, int, str, OrgMention]],
    subjects: list[Subject],
    sentences: Sequence[int],
    headline_end: int,
    amounts: Sequence[int],
    bounds: Sequence[int],
) -> str | None:
    score: dict[str, float] = {}
    first_seen: dict[str, int] = {}
    body = bisect.bisect_right(sentences, headline_end) - 1 if headline_end else 0
    first_body = sentences[body] if body < len(sentences) else 0
    placed: set[tuple[str, str]] = set()  # the headline and the first sentence count once
    for start, _, name, _ in mentions:
        first_seen.setdefault(name, start)
        score[name] = score.get(name, 0.0) + _MENTION
        if headline_end and start < headline_end:
            placed.add((name, "headline"))
        elif first_body <= start < bounds[body]:
            placed.add((name, "first"))
    for name, place in placed:
        score[name] += _HEADLINE if place == "headline" else _FIRST_SENTENCE
    for subject in subjects:
        at = bisect.bisect_left(amounts, subject.start)
        with_amount = at < len(amounts) and amounts[at] < subject.end
        weight = _SUBJECT_WITH_AMOUNT if with_amount else _SUBJECT
        if subject.start == first_body:
            weight += _FIRST_SUBJECT
        score[subject.company] = score.get(subject.company, 0.0) + weight
    return max(score, key=lambda name: (score[name], -first_seen[name]))


def headline_end(text: str) -> int:
    """Where the headline ends: the first line, when it is short, ends without a full stop
    and prose follows it; 0 when the text has no headline."""
    end = text.find("\n", 0, 300)
    if end <= 0:
        return 0
    line = text[:end].rstrip()
    if not line or line[-1] in ".:" or len(line) < 8 or not text[end:].strip():
        return 0
    return end
