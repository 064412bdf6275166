"""Growth of run time on hostile strings: linear rules take about 4x longer on 4x the input.

    python benchmarks/redos.py [--size N]

For each hostile pattern, times the whole pipeline (process CPU time) on N and 4N characters
and prints the ratio. A ratio far above 4 (we flag 8) means time grows faster than the input.
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
    # organisations: every rule, and one name repeated (propagation)
    "capitalised words": lambda n: "Acme " * (n // 5),
    "names with suffixes": lambda n: "Acme Inc, " * (n // 10),
    "many names": lambda n: " ".join(f"Zor{i:x} Inc said." for i in range(n // 16)),
    "possessives": lambda n: "Acme's third-quarter revenue " * (n // 29),
    "lists of names": lambda n: "Acme <AC.N>, Bolt, " * (n // 19),
    "renamings": lambda n: "Acme, formerly Bolt, " * (n // 21),
    "capitals headline": lambda n: "ACME SAYS NET UP " * (n // 17),
    "wrapped lines": lambda n: "the shares of Acme Holdings Corp and Bolt Union\n" * (n // 48),
    "credit lines": lambda n: "(c) 2025 Acme Press " * (n // 20),
    # facts: many metrics and amounts in one sentence, one table, one list
    "metric sentence": lambda n: "revenue rose 5% to $1 million and " * (n // 34),
    "metric list": lambda n: "revenue, " * (n // 9) + "were $1, $2 and $3, respectively",
    "table rows": lambda n: "Net 1,000 vs 2,000\n" * (n // 19),
    "prior links": lambda n: "from net income of 3 mln dlrs " * (n // 30),
    "periods": lambda n: "in the third quarter of 2024 " * (n // 29),
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
    "fractions": lambda n: "37-1/2 cts " * (n // 11),
    "elided units": lambda n: "5 cts vs 4, " * (n // 12),
    "number-word range ends": lambda n: "nine to 10 mln dlrs " * (n // 20),
    "number words with a scale": lambda n: "$1 vs loss two mln " * (n // 19),
}


def timed(run: Callable[[str], object], text: str) -> float:
    start = time.process_time()
    run(text)
    return time.process_time() - start


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
