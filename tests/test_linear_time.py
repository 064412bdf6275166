"""Time linear in the text's length (issue 11): a stage that calls ``pattern.match(text, pos)``
once per mention must bound the call with an ``endpos``, or the ``regex`` module scans the whole
rest of the text for a literal the pattern requires ("bank", "across") on every call."""

from __future__ import annotations

import time

import pytest
import regex as re

from extractor import Extractor
from extractor.spans import reach


def _distinct_changes(size: int) -> str:
    """ "Revenue rose 0%. Revenue rose 1%. ..." to ``size`` characters: a fact per sentence."""
    parts: list[str] = []
    length = 0
    while length < size:
        parts.append(f"Revenue rose {len(parts)}%. ")
        length += len(parts[-1])
    return "".join(parts)[:size]


def _cpu_seconds(extractor: Extractor, text: str) -> float:
    """The best of three runs, in process CPU time (the machine is shared)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        extractor(text)
        best = min(best, time.process_time() - started)
    return best


def test_dense_facts_take_time_linear_in_the_text(extractor: Extractor) -> None:
    """Ten times the text takes about ten times the time, not a hundred: before the matches
    after each mention were bounded, 200 KB of distinct facts took 22 times as long as 20 KB
    (done whole: 200 KB is one piece)."""
    extractor(_distinct_changes(2_000))  # warm up
    small = _cpu_seconds(extractor, _distinct_changes(20_000))
    large = _cpu_seconds(extractor, _distinct_changes(200_000))
    assert large / small < 15, f"20 KB: {small:.2f} s, 200 KB: {large:.2f} s of CPU"


def _metric_list(size: int) -> str:
    """One sentence of thousands of metrics: "revenue, revenue, ... were $1, $2 and $3"."""
    return "revenue, " * ((size - 33) // 9) + "were $1, $2 and $3, respectively"


def test_one_sentence_of_many_metrics_takes_time_linear_in_the_text(
    extractor: Extractor,
) -> None:
    """Before each metric's "compares with" test was bounded by what it reads, the regex module
    scanned the clause up to the metric on every metric: 200 KB took 24 times as long as 20 KB
    (the redos input "metric list", exponent 1.3 in CI)."""
    extractor(_metric_list(2_000))  # warm up
    small = _cpu_seconds(extractor, _metric_list(20_000))
    large = _cpu_seconds(extractor, _metric_list(200_000))
    assert large / small < 15, f"20 KB: {small:.2f} s, 200 KB: {large:.2f} s of CPU"


@pytest.mark.parametrize(
    ("text", "pos", "words", "chars", "end"),
    [
        ("net  bank", 3, 1, 8, 9),  # the text's end
        ("net  bank of x", 3, 1, 8, 11),  # past the word, its space and one more character
        ("x" * 50, 0, 2, 8, 17),  # a run longer than ``chars`` counts as several
        ("a \n\n b", 1, 0, 5, 6),  # whitespace is crossed whole
    ],
)
def test_reach_covers_the_pattern(text: str, pos: int, words: int, chars: int, end: int) -> None:
    assert reach(text, pos, words=words, chars=chars) == end


def test_bounded_match_is_the_whole_text_match() -> None:
    """The bounded call finds what the unbounded one does, at the edges of the bound too."""
    bank = re.compile(r"[ \t]++(?i:bank|banks|banking|banker|bankers)\b")
    for text in ("a  bankers", "a  bankersx", "a bank", "a  banker s", "a \tbanks\n", "a"):
        assert bool(bank.match(text, 1, reach(text, 1, words=1, chars=8))) == bool(
            bank.match(text, 1)
        ), text
