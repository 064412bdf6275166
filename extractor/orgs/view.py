"""The token table of one document, and the runs of name-like tokens in it.

The recogniser never sees a spaCy ``Doc``: :class:`TokenView` holds the tokens' offsets and
per-token flags as numpy arrays, so that runs are found for the whole document in a few
vectorised steps and only runs with a sign of an organisation are looked at in Python.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import regex as re
from numpy.typing import NDArray

#: The length of a line that a hard-wrapping wire (Reuters 1987: about 65) breaks inside a
#: sentence; a shorter line is a headline or a heading, whose name does not go on below it.
_WRAPPED_LINE = range(45, 91)


@dataclass
class TokenView:
    """The tokens of one document: texts by index, offsets, and per-token flags."""

    text: str
    start: NDArray[np.int64]
    name: NDArray[np.bool_]
    connector: NDArray[np.bool_]
    sent_start: NDArray[np.bool_]
    #: The token is a hyphen; the token is a line break alone ("\n"); a legal suffix.
    hyphen: NDArray[np.bool_]
    newline: NDArray[np.bool_]
    #: The token is a line break that wraps a paragraph (:func:`wrapped_lines`).
    wrap: NDArray[np.bool_]
    suffix: NDArray[np.bool_]
    #: The token is a stop word or a function word: never a name alone.
    stop: NDArray[np.bool_]
    #: The token is "and" or "&"; it may join two items of a list ("," "and" "or" "&" "<"
    #: "(").
    conjunction: NDArray[np.bool_]
    joiner: NDArray[np.bool_]
    #: The token is a person's title ("analyst", "CEO", "head").
    title: NDArray[np.bool_]
    #: The token has a brand's shape (:func:`is_shaped`); it is a weak cue after a name
    #: ("said").
    shaped: NDArray[np.bool_]
    weak_after: NDArray[np.bool_]
    #: The token is in a sentence of capitalised words: a title-cased headline, a menu.
    titled: NDArray[np.bool_]
    #: Cheap signs of evidence, per token: it is a kind word, a legal suffix or a one-word cue;
    #: it starts a gazetteer alias; it may start evidence after a name (and, after a comma,
    #: what follows it may); it may end a multi-word cue before a name.
    evidence: NDArray[np.bool_]
    alias_first: NDArray[np.bool_]
    after_trigger: NDArray[np.bool_]
    after_pair_first: NDArray[np.bool_]
    after_pair_second: NDArray[np.bool_]
    comma: NDArray[np.bool_]
    after_comma: NDArray[np.bool_]
    before_last: NDArray[np.bool_]
    before_second_last: NDArray[np.bool_]
    #: The token is a possessive "'s": part of a name before a legal suffix ("Macy's Inc").
    possessive: NDArray[np.bool_]
    #: Token hashes, and the hash of a string in the same table.
    orth: NDArray[np.uint64]
    hash: Callable[[str], int]
    word: Callable[[int], str]

    def end(self, index: int) -> int:
        return int(self.start[index]) + len(self.word(index))

    def __len__(self) -> int:
        return len(self.start)


Run = tuple[int, int]

#: A sentence is title-cased when it has this many capitalised words of four letters or more,
#: and at least four times as many of them as lower-case ones (prose has its verbs in lower
#: case: "Profit fell at Bank of Montreal and rose at Zorvex Corp").
_TITLED_WORDS = 4


def titled_sentences(
    sent_start: NDArray[np.bool_], capital: NDArray[np.bool_], lower: NDArray[np.bool_]
) -> NDArray[np.bool_]:
    """Per token: whether its sentence is mostly capitalised words ("Retirement Savings By
    Ellen Chang", "NWA INC <NWA> 4TH QTR NET"). ``capital`` and ``lower`` mark the long
    capitalised and lower-case words."""
    if not len(sent_start):
        return np.zeros(0, dtype=bool)
    sentence = np.cumsum(sent_start) - 1
    sentence[sentence < 0] = 0
    capitals = np.bincount(sentence, weights=capital)
    lowers = np.bincount(sentence, weights=lower)
    titled = (capitals >= _TITLED_WORDS) & (lowers * 4 <= capitals)
    per_token: NDArray[np.bool_] = titled[sentence]
    return per_token


def find_runs(view: TokenView) -> list[Run]:
    """Maximal runs [first, last) of name tokens and the connectors between them.

    Vectorised over the token table: a connector joins two name tokens, a hyphen only when it
    touches both ("Hewlett-Packard", not "LONDON - Harbourline"), a possessive only before a
    legal suffix ("Halloway's Inc", not "Nvidia's Blackwell"), and a line break only where
    it wraps a paragraph ("Equitable Life Assurance\\nSociety"). A run ends after a legal
    suffix that follows a name ("Nomura Holdings Inc | Chief Executive"), also before "and"
    and another name ("MARA Holdings and Riot Platforms").
    """
    names = view.name
    if not names.any():
        return []
    n = len(names)
    joins = np.zeros_like(names)
    cut = np.zeros(n + 1, dtype=bool)  # cut[i]: a run ends after token i
    if n > 2:
        between = names[:-2] & names[2:]
        joins[1:-1] = view.connector[1:-1] & between
        if n > 3 and view.connector.any():  # "Society of the United States"
            pair = view.connector[1:-2] & view.connector[2:-1] & names[:-3] & names[3:]
            joins[1:-2] |= pair
            joins[2:-1] |= pair
        text = view.text
        if view.hyphen.any():
            for index in np.flatnonzero(joins & view.hyphen).tolist():
                start = int(view.start[index])
                if text[start - 1 : start].isspace() or text[start + 1 : start + 2].isspace():
                    joins[index] = False  # "LONDON - Harbourline" is no "Hewlett-Packard"
        if view.wrap.any():
            joins[1:-1] |= view.wrap[1:-1] & between
        if view.possessive.any():
            joins[1:-1] |= view.possessive[1:-1] & names[:-2] & view.suffix[2:]
        suffix = view.suffix
        cut[1 : n - 1] = suffix[1:-1] & ~suffix[2:] & names[2:] & names[:-2]
        if n > 3:  # "MARA Holdings and Riot Platforms": two names, listed
            joins[2:-1] &= ~(suffix[1:-2] & names[:-3] & view.conjunction[2:-1] & names[3:])
    inside = names | joins
    before = np.zeros(n, dtype=bool)  # the token before is inside the same run
    before[1:] = inside[:-1] & ~cut[: n - 1]
    after = np.zeros(n, dtype=bool)
    after[:-1] = inside[1:] & ~cut[: n - 1]
    firsts = np.flatnonzero(inside & ~before)
    lasts = np.flatnonzero(inside & ~after) + 1
    runs = list(zip(firsts.tolist(), lasts.tolist(), strict=True))
    # a one-word run, a comma and the next run: where a partnership may be listed (rare)
    listed = (lasts[:-1] - firsts[:-1] == 1) & (firsts[1:] == lasts[:-1] + 1)
    if not (listed & view.comma[np.minimum(lasts[:-1], n - 1)]).any():
        return runs
    return _join_partnerships(view, runs)


def run_bounds(runs: list[Run]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The first tokens and the ends of ``runs`` as arrays."""
    firsts = np.fromiter((a for a, _ in runs), dtype=np.int64, count=len(runs))
    lasts = np.fromiter((b for _, b in runs), dtype=np.int64, count=len(runs))
    return firsts, lasts


def promising(
    view: TokenView, runs: list[Run], bounds: tuple[NDArray[np.int64], NDArray[np.int64]]
) -> list[tuple[int, int, bool]]:
    """The runs with any sign of an organisation; the rest (most) cannot reach a score.

    A run is promising if it holds the first word of a gazetteer alias, a kind word, a legal
    suffix or a cue word, or if the token after it may start evidence or the token before it
    may end a cue. The flag says whether there is a sign of evidence besides an alias: without
    one, only gazetteer aliases are looked for in the run.
    """
    if not runs:
        return []
    firsts, lasts = bounds
    # a cue may open the run itself: "Shares of Quorvan", "Analysts at Jefferies"
    evidence_marks = np.concatenate(([0], np.cumsum(view.evidence | view.before_second_last)))
    alias_marks = np.concatenate(([0], np.cumsum(view.alias_first)))
    inside = (evidence_marks[lasts] - evidence_marks[firsts]) > 0
    alias = (alias_marks[lasts] - alias_marks[firsts]) > 0
    n = len(view)
    trigger = np.zeros(n + 1, dtype=bool)  # trigger[i]: evidence may start at token i
    trigger[:n] = view.after_trigger
    trigger[: n - 1] |= view.comma[:-1] & view.after_comma[1:]
    if view.after_pair_first.any():
        trigger[: n - 1] |= view.after_pair_first[:-1] & view.after_pair_second[1:]
    # "Pope and Talbot Inc", "Gabelli and Co Inc": a conjunction before a legal suffix
    if view.conjunction.any():
        trigger[: n - 1] |= view.conjunction[:-1] & view.suffix[1:]
    after = trigger[lasts]
    cue_before = np.zeros(n + 2, dtype=bool)  # cue_before[i + 2]: a strong cue ends at i
    cue_before[2:] = view.evidence
    cue_before[3:] |= view.before_last[1:] & view.before_second_last[:-1]
    # "head of research at BofA": "at" with a person's title a few words before it
    if view.title.any():
        titles = np.concatenate(([0], np.cumsum(view.title)))
        upto = np.arange(1, n + 1)
        near = titles[upto] - titles[np.maximum(upto - 7, 0)] > 0
        cue_before[2:] |= (view.orth == view.hash("at")) & near
    before = cue_before[firsts + 1]
    if view.weak_after.any():
        shaped_marks = np.concatenate(([0], np.cumsum(view.shaped)))
        shaped = (shaped_marks[lasts] - shaped_marks[firsts]) > 0
        weak = np.zeros(n + 1, dtype=bool)
        weak[:n] = view.weak_after
        after |= weak[lasts] & shaped
    evidence = inside | after | before
    # a run of one stop word is nothing: "The", "March", "Reuter"
    alone = (lasts - firsts == 1) & view.stop[firsts] & ~view.alias_first[firsts]
    keep = (evidence | alias) & ~alone
    return [
        (first, last, bool(sign))
        for (first, last), kept, sign in zip(runs, keep.tolist(), evidence.tolist(), strict=True)
        if kept
    ]


def _join_partnerships(view: TokenView, runs: list[Run]) -> list[Run]:
    """ "Carr, Riggs & Ingram": names listed with commas, the last two joined by "&"."""
    joined: list[Run] = []
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


def skip_newline(view: TokenView, index: int) -> int:
    """``index``, or the token after it when it is a line break alone."""
    return index + 1 if index < len(view) and view.newline[index] else index


def words_at(view: TokenView, index: int, size: int) -> tuple[tuple[str, ...], int] | None:
    """The ``size`` words from token ``index`` on (a line break between two skipped), and the
    token after them; None when the text ends first."""
    words = []
    end = len(view)
    for number in range(size):
        if number:
            index = skip_newline(view, index)
        if index >= end:
            return None
        words.append(view.word(index))
        index += 1
    return tuple(words), index


def match_words(view: TokenView, index: int, words: Sequence[str]) -> int | None:
    """Where ``words`` end when the tokens from ``index`` on spell them (a line break before
    each word skipped); None when they do not."""
    size = len(view)
    for word in words:
        index = skip_newline(view, index)
        if index >= size or view.word(index) != word:
            return None
        index += 1
    return index


def wrapped_lines(
    text: str,
    start: NDArray[np.int64],
    length: NDArray[np.int64],
    *,
    newline: NDArray[np.bool_],
    line_break: NDArray[np.bool_],
    lower: NDArray[np.bool_],
) -> NDArray[np.bool_]:
    """Per token: it is a line break that wraps a paragraph ("Equitable Life Assurance\n
    Society of the United States") rather than ending a headline, a heading or a list item.

    ``newline`` marks bare line breaks, ``line_break`` every white space that holds one, and
    ``lower`` the lower-case words of three letters or more. A wrapped line is as long as a
    wire's lines, has two lower-case words or more, and does not end with a stop. Vectorised:
    one pass over the line breaks, whatever their number.
    """
    wrap = np.zeros(len(start), dtype=bool)
    breaks = np.flatnonzero(line_break)
    if not len(breaks):
        return wrap
    previous = np.concatenate(([-1], breaks[:-1]))
    line_start = np.where(previous >= 0, start[previous] + length[previous], 0)
    line_length = start[breaks] - line_start
    counts = np.concatenate(([0], np.cumsum(lower)))
    lowers = counts[breaks] - counts[previous + 1]
    maybe = (
        newline[breaks]
        & (line_length >= _WRAPPED_LINE.start)
        & (line_length < _WRAPPED_LINE.stop)
        & (lowers >= 2)
    )
    for index in breaks[maybe].tolist():
        offset = int(start[index])
        wrap[index] = text[offset - 1 : offset] not in ".:;"
    return wrap


#: Surnames that look like CamelCase: "McMullen", "MacDonald".
_SURNAME_PREFIX = re.compile(r"Ma?c\p{Lu}\p{Ll}")
#: What a brand's shape adds to other evidence: more for CamelCase than for capitals.
_CAMEL_WEIGHT, _CAPITALS_WEIGHT = 2, 1


@lru_cache(maxsize=16384)
def shape_weight(word: str) -> int:
    if not is_shaped(word):
        return 0
    return _CAPITALS_WEIGHT if word.isupper() else _CAMEL_WEIGHT


@lru_cache(maxsize=16384)
def is_shaped(word: str) -> bool:
    """CamelCase ("TeraWulf", "iPhone") or ALL-CAPS ("NVIDIA", "BHP"): a brand's shape."""
    letters = [ch for ch in word if ch.isalpha()]
    if len(letters) < 2 or _SURNAME_PREFIX.match(word):
        return False
    if all(ch.isupper() for ch in letters):
        return True
    return any(a.islower() and b.isupper() for a, b in itertools.pairwise(word))
