"""Names listed with organisations: "Hershey <HSY.N>, Mars, Blommer Chocolate and Cargill".

A list is a chain of runs of names separated by commas, "and", "or" or "&", each item perhaps
followed by its ticker in brackets. Items of a list that holds organisations are most likely
organisations too; rule ``org.listed`` gives them its weight, one more when two or more items
are known, and their shape adds to it. One pass over the runs, in order.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

import numpy as np
import regex as re
from numpy.typing import NDArray

from .found import Draft
from .knowledge import OrgKnowledge
from .view import Run, TokenView, shape_weight

#: What may stand between two items of a list: a ticker, then a comma or a conjunction.
_GAP = re.compile(
    r"""(?:\s*+<[^<>\n]{1,20}+>|\s*+\([^()\n]{1,30}+\))?
    \s*+(?:,\s*+(?:and\s++|or\s++)?|(?:and|or|&)\s++)""",
    re.VERBOSE,
)
#: A gap longer than this is not between two items of a list.
_MAX_GAP, _MAX_GAP_TOKENS = 40, 8
#: What may follow an item of a list.
JOINERS = (",", "and", "or", "&", "<", "(")


def read_lists(
    k: OrgKnowledge,
    view: TokenView,
    runs: list[Run],
    bounds: tuple[NDArray[np.int64], NDArray[np.int64]],
    orgs: Iterable[Draft],
    weight: int,
) -> Iterator[tuple[int, int, int]]:
    """The runs (first, last) listed with organisations, and the score each gets.

    Runs that may be linked (a comma, a conjunction or a bracket right after the first, the
    next a few tokens on) are found with numpy; only chains of them are read in Python.
    """
    if len(runs) < 2:
        return
    firsts, lasts = bounds
    n = len(view)
    linked = np.zeros(len(runs), dtype=bool)  # linked[i]: run i may go on to run i + 1
    linked[:-1] = (firsts[1:] - lasts[:-1] <= _MAX_GAP_TOKENS) & view.joiner[
        np.minimum(lasts[:-1], n - 1)
    ]
    if not linked.any():
        return
    starts = sorted(start for org in orgs for start, _ in org.mentions)
    if not starts:
        return
    text = view.text
    chain: list[tuple[Run, bool]] = []
    previous_end = -1
    for number in np.flatnonzero(linked | np.concatenate(([False], linked[:-1]))).tolist():
        first, last = runs[number]
        start, end = int(view.start[first]), view.end(last - 1)
        if text[start - 1 : start] == "<":
            continue  # a ticker in angle brackets belongs to the gap: "Hershey <HSY.N>, Mars"
        at = bisect.bisect_left(starts, start)
        known = at < len(starts) and starts[at] < end
        gap = text[previous_end:start] if previous_end >= 0 else ""
        if chain and not (len(gap) <= _MAX_GAP and _GAP.fullmatch(gap)):
            yield from _listed(k, view, chain, weight)
            chain = []
        chain.append(((first, last), known))
        previous_end = end
    yield from _listed(k, view, chain, weight)


def _listed(
    k: OrgKnowledge, view: TokenView, chain: list[tuple[Run, bool]], weight: int
) -> Iterator[tuple[int, int, int]]:
    known = sum(is_known for _, is_known in chain)
    if len(chain) < 2 or not known:
        return
    bonus = 1 if known >= 2 else -1
    for (first, last), is_known in chain:
        if is_known:
            continue
        words = [view.word(i) for i in range(first, last)]
        if any(k.is_stop(w) or w in k.function_words for w in words):
            continue
        yield first, last, weight + bonus + max(shape_weight(w) for w in words)
