"""Mentions sorted by where they start, looked up by position in logarithmic time.

Every stage of the linker asks "which amounts lie between here and there?" or "what is the
first trend word after this metric?"; answering by bisection keeps each stage linear in the
number of mentions, however many a sentence holds.

>>> spans = Ordered([(2, "a"), (5, "b"), (9, "c")], key=lambda item: item[0])
>>> spans.between(3, 9), spans.first_from(6), spans.last_before(5)
([(5, 'b')], (9, 'c'), (2, 'a'))
>>> spans.nearest(0, 10, 8, lambda item: item[1] != "c"), spans.last_between(0, 10, 2)
((5, 'b'), [(5, 'b'), (9, 'c')])
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Ordered(Generic[T]):
    """Items sorted by their start (``key``), with range lookups."""

    def __init__(self, items: Sequence[T], *, key: Callable[[T], int]) -> None:
        self.items = list(items)
        self.starts = [key(item) for item in self.items]

    def between(self, start: int, end: int) -> list[T]:
        """The items that start at or after ``start`` and before ``end``."""
        return self.items[
            bisect.bisect_left(self.starts, start) : bisect.bisect_left(self.starts, end)
        ]

    def last_between(self, start: int, end: int, count: int) -> list[T]:
        """At most the last ``count`` items that start in [start, end)."""
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        return self.items[max(low, high - count) : high]

    def nearest(
        self,
        start: int,
        end: int,
        position: int,
        keep: Callable[[T], bool],
        *,
        tries: int = 16,
    ) -> T | None:
        """The item starting in [start, end) nearest to ``position`` that ``keep`` accepts,
        among the ``tries`` nearest (so that a span full of refused items costs no more)."""
        low = bisect.bisect_left(self.starts, start)
        high = bisect.bisect_left(self.starts, end)
        middle = min(max(bisect.bisect_left(self.starts, position), low), high)
        left, right = middle - 1, middle
        for _ in range(tries):
            if not (left >= low or right < high):
                break
            candidates = []
            if left >= low:
                candidates.append(left)
            if right < high:
                candidates.append(right)
            best = min(candidates, key=lambda i: abs(self.starts[i] - position))
            if keep(self.items[best]):
                return self.items[best]
            if best == left:
                left -= 1
            else:
                right += 1
        return None

    def first_from(self, position: int) -> T | None:
        """The first item that starts at or after ``position``."""
        index = bisect.bisect_left(self.starts, position)
        return self.items[index] if index < len(self.items) else None

    def last_before(self, position: int) -> T | None:
        """The last item that starts before ``position``."""
        index = bisect.bisect_left(self.starts, position)
        return self.items[index - 1] if index else None

    def __len__(self) -> int:
        return len(self.items)
