"""Overlap tests over character or token spans, in logarithmic time (or in the span's length).

Every stage keeps time linear (or n log n) in the number of mentions of a document: a test
"does this span overlap any of those" is never a loop over the whole document's spans, since
a page of 100,000 prices is an article too. Pure Python, no spaCy. (Range look-ups by
position among sorted mentions are :class:`extractor.facts.ordered.Ordered`'s.)
"""

from __future__ import annotations

import bisect
import itertools
from array import array
from collections.abc import Iterable

import regex as re


class SpanIndex:
    """Fixed spans ``(start, end)``, which may overlap one another.

    >>> index = SpanIndex([(10, 20), (0, 5)])
    >>> index.overlaps(4, 6), index.overlaps(5, 10), index.overlaps(15, 15)
    (True, False, True)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        #: The furthest end of the spans up to each one.
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether some span ``(s, e)`` has ``s < end and start < e``."""
        before = bisect.bisect_left(self._starts, end)  # the spans that start before ``end``
        return before > 0 and self._reach[before - 1] > start


class Occupied:
    """Spans added one by one, none overlapping another, for overlap tests in time linear in
    the length of the span tested: each position holds the number of the span that covers it.

    Positions are token indexes or character offsets in ``[0, length]``.

    >>> taken = Occupied(10)
    >>> taken.add(2, 5)
    >>> taken.overlaps(4, 8), taken.overlaps(5, 8), taken.overlaps(3, 3), taken.overlaps(2, 2)
    (True, False, True, False)
    """

    def __init__(self, length: int) -> None:
        # plain arrays: numpy's cost per call is ten times that of a short slice
        self._owner = array("q", [0]) * (length + 1)  # 0: no span; one spare at the end
        self._empty: bytearray | None = None  # where empty spans were added, once there is one
        self._count = 0

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps a span added, as ``s < end and start < e`` says:
        they share a position, or one of them is empty and lies strictly inside the other."""
        if start < end:
            return any(self._owner[start:end]) or (
                self._empty is not None and any(self._empty[start + 1 : end])
            )
        if not 0 < start < len(self._owner):
            return False
        owner = self._owner[start]
        return owner != 0 and self._owner[start - 1] == owner

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``, which must overlap no span added before."""
        if start < end:
            self._count += 1
            self._owner[start:end] = array("q", [self._count]) * (end - start)
        else:
            if self._empty is None:
                self._empty = bytearray(len(self._owner))
            self._empty[start] = 1


#: A run of whitespace, and a run of other characters (bounded by the caller's ``endpos``).
_SPACE = re.compile(r"\s*+")
_WORD = re.compile(r"\S*+")


def reach(text: str, pos: int, *, words: int, chars: int) -> int:
    """An ``endpos`` for ``pattern.match(text, pos, endpos)`` that keeps the match what it is
    on the whole text, while the call's time stays independent of the text's length.

    Without an ``endpos`` the ``regex`` module scans the whole rest of the text for a literal
    that the pattern requires before it tries to match; called once per mention, that makes
    a stage quadratic. ``words`` and ``chars`` are the pattern's own bounds: it reads (matches
    or looks ahead at) at most ``words`` runs of non-space characters, each at most ``chars``
    long, with any whitespace around them. The end returned is past all of that, past the
    whitespace after it, and one character further, so that ``\\b``, ``$``, ``\\Z`` and
    look-aheads see what they would on the whole text.

    >>> text = "investment  bank" + " of the sector" * 1000
    >>> reach(text, 10, words=1, chars=8)
    18
    """
    end = pos
    for _ in range(words):
        end = _space_after(text, end)
        word = _WORD.match(text, end, end + chars)
        assert word is not None  # a run may be empty
        end = word.end()
    return min(len(text), _space_after(text, end) + 1)


def _space_after(text: str, pos: int) -> int:
    """The end of the whitespace at ``pos`` (``pos`` itself when there is none)."""
    space = _SPACE.match(text, pos)
    assert space is not None  # the run may be empty
    end: int = space.end()
    return end
