"""The money and percent grammars stay linear on inputs that hold an amount every few
characters (benchmarks/redos.py prints the growth; this is a guard with a generous bound)."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from extractor.money.grammar import money_grammar
from extractor.percent.grammar import percent_grammar

MANY_AMOUNTS: list[tuple[str, Callable[[int], str]]] = [
    ("cents after dollars", lambda n: "$1 " + "25 cents " * (n // 9)),
    ("bracketed amounts", lambda n: "$1 (€1) " * (n // 8)),
    ("scaled numbers", lambda n: "$1 and 12.3 million " * (n // 20)),
    ("signs between numbers", lambda n: "1 $ " * (n // 4)),
    ("range ends", lambda n: "EUR 7.1-7.6B " * (n // 13)),
    ("rate lines", lambda n: "($1 = 83.12 rupees) " * (n // 20)),
    ("wire table rows", lambda n: "$1\n" + "Net 1,000 vs 2,000\n" * (n // 19)),
    ("percent ranges", lambda n: "8-14% " * (n // 6)),
    ("number-word shares", lambda n: "one in " * (n // 7)),
    ("fractions", lambda n: "37-1/2 cts " * (n // 11)),
    ("elided units", lambda n: "5 cts vs 4, " * (n // 12)),
    ("number-word range ends", lambda n: "nine to 10 mln dlrs " * (n // 20)),
    ("number words with a scale", lambda n: "$1 vs loss two mln " * (n // 19)),
]


def _seconds(text: str) -> float:
    start = time.process_time()
    money_grammar().find(text)
    percent_grammar().find(text)
    return time.process_time() - start


@pytest.mark.parametrize(("name", "make"), MANY_AMOUNTS, ids=[n for n, _ in MANY_AMOUNTS])
def test_grammars_are_linear_in_the_number_of_amounts(
    name: str, make: Callable[[int], str]
) -> None:
    _seconds(make(1_000))  # compiled and warm
    small = _seconds(make(20_000))
    large = _seconds(make(160_000))
    # linear is 8x; quadratic would be 64x. A floor keeps timer noise on tiny times out.
    assert large <= 24 * max(small, 0.05), f"{name}: {small:.3f}s, then {large:.3f}s"
