"""Growth of run time on hostile strings: linear rules take about 4x longer on 4x the input.

    python benchmarks/redos.py [--size N]

For each hostile pattern, times the whole pipeline on N and 4N characters and prints the
ratio. A ratio far above 4 (we flag 8) means time grows faster than the input.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from extractor import Extractor
from extractor.normalize.money import money_grammar
from extractor.normalize.percent import percent_grammar

HOSTILE: dict[str, Callable[[int], str]] = {
    "digits": lambda n: "1" * n,
    "comma groups": lambda n: "1," * (n // 2),
    "dot groups": lambda n: "1." * (n // 2),
    "apostrophe groups": lambda n: "1'000" * (n // 5),
    "space groups": lambda n: "100 " * (n // 4) + "Kč",
    "dollar signs": lambda n: "$" * n,
    "dollar numbers": lambda n: "$1" * (n // 2),
    "open parens": lambda n: "(" * n + "1",
    "percent signs": lambda n: "%" * n,
    "number words": lambda n: "twenty " * (n // 7) + "dollars",
    "range words": lambda n: "between 5 and " * (n // 14),
    "minus signs": lambda n: "- " * (n // 2),
    "url escapes": lambda n: "%20" * (n // 3),
    "articles": lambda n: "a " * (n // 2),
    "space before scale": lambda n: "$m" + " " * n + "5",
    "lakh crore": lambda n: "Rs 1 " + "lakh " * (n // 5),
}

#: Inputs that hold one amount every few characters. Timed on the money and percent grammars
#: alone: the later stages have their own costs per mention.
MANY_AMOUNTS: dict[str, Callable[[int], str]] = {
    "cents after dollars": lambda n: "$1 " + "25 cents " * (n // 9),
    "bracketed amounts": lambda n: "$1 (€1) " * (n // 8),
    "scaled numbers": lambda n: "$1 and 12.3 million " * (n // 20),
    "signs between numbers": lambda n: "1 $ " * (n // 4),
    "range ends": lambda n: "EUR 7.1-7.6B " * (n // 13),
    "rate lines": lambda n: "($1 = 83.12 rupees) " * (n // 20),
    "percent ranges": lambda n: "8-14% " * (n // 6),
    "number-word shares": lambda n: "one in " * (n // 7),
}


def timed(run: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    run(text)
    return time.perf_counter() - start


def grammars(text: str) -> None:
    money_grammar().find(text)
    percent_grammar().find(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=25_000)
    args = parser.parse_args()
    extractor = Extractor()
    worst = 0.0
    for title, inputs, run in (
        ("whole pipeline", HOSTILE, extractor),
        ("money and percent grammars", MANY_AMOUNTS, grammars),
    ):
        print(f"{title}\n{'input':<24}{'N s':>10}{'4N s':>10}{'ratio':>8}")
        for name, make in inputs.items():
            small = timed(run, make(args.size))
            large = timed(run, make(4 * args.size))
            ratio = large / max(small, 1e-4)
            worst = max(worst, ratio)
            flag = "  superlinear?" if ratio > 8 else ""
            print(f"{name:<24}{small:>10.3f}{large:>10.3f}{ratio:>8.1f}{flag}")
    print(f"worst ratio {worst:.1f} (linear is about 4)")


if __name__ == "__main__":
    main()
