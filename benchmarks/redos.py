"""Growth of run time on hostile and mention-dense text: every stage must stay linear.

    python benchmarks/redos.py [--sizes 10000,100000,1000000] [--only NAME,...]
                               [--max-exponent 1.2]

Times the whole pipeline (``Extractor()(text)``, process CPU time) on each input at each size,
and in the same run spaCy-style tokenization alone (``extractor.pipeline.make_doc``) as the
baseline. The loaded pipeline is frozen out of the garbage collector (``gc.freeze()``), as
a long-running worker would do, and each run starts collected: both steady the figures. Prints
seconds per size, the pipeline's time over the tokenizer's at the largest
size, and the growth exponent between the two largest sizes: log(t2 / t1) / log(n2 / n1),
1.0 for linear time, 2.0 for quadratic. Exits 1 when an exponent is above --max-exponent;
inputs that take under half a second at the largest size are shown but not judged (their
growth is noise).

The inputs: patterns that find nothing but tempt a regex to backtrack; pages dense with
mentions ("$1 " repeated: 333,333 amounts in a megabyte); articles of thousands of distinct
facts and names; and real news, Reuters-21578 stories (../shared/corpora when present,
otherwise the project's own corpus) joined to the size.
"""

from __future__ import annotations

import argparse
import gc
import math
import sys
import time
from collections.abc import Callable
from itertools import count

from corpus import joined

from extractor import Extractor
from extractor.pipeline import make_doc


def repeated(unit: str) -> Callable[[int], str]:
    """``unit`` repeated to the size."""
    return lambda size: (unit * (size // len(unit) + 1))[:size]


def numbered(template: str) -> Callable[[int], str]:
    """``template`` filled with 0, 1, 2... until the size: distinct mentions, facts, names."""

    def make(size: int) -> str:
        parts: list[str] = []
        length = 0
        for number in count():
            part = template.format(n=number, m=number % 97)
            parts.append(part)
            length += len(part)
            if length >= size:
                return "".join(parts)[:size]
        raise AssertionError("unreachable")

    return make


INPUTS: dict[str, Callable[[int], str]] = {
    # patterns that find nothing
    "digits": repeated("1"),
    "comma groups": repeated("1,"),
    "dot groups": repeated("1."),
    "apostrophe groups": repeated("1'000"),
    "space groups": lambda size: repeated("100 ")(size - 2) + "Kč",
    "dollar signs": repeated("$"),
    "open parens": lambda size: "(" * (size - 1) + "1",
    "percent signs": repeated("%"),
    "number words": lambda size: repeated("twenty ")(size - 7) + "dollars",
    "range words": repeated("between 5 and "),
    "minus signs": repeated("- "),
    "url escapes": repeated("%20"),
    "articles": repeated("a "),
    "space before scale": lambda size: "$m" + " " * (size - 3) + "5",
    "lakh crore": lambda size: "Rs 1 " + repeated("lakh ")(size - 5),
    # dense mentions
    "$1": repeated("$1 "),
    "$1 no spaces": repeated("$1"),
    "revenue sentences": repeated("Revenue rose 5% to $3m. "),
    "Apple Inc": repeated("Apple Inc "),
    "Apple Inc and Apple": repeated("Apple Inc. said Apple rose. "),
    # dense amounts in the money and percent grammars' harder forms
    "cents after dollars": lambda size: "$1 " + repeated("25 cents ")(size - 3),
    "bracketed amounts": repeated("$1 (€1) "),
    "scaled numbers": repeated("$1 and 12.3 million "),
    "signs between numbers": repeated("1 $ "),
    "range ends": repeated("EUR 7.1-7.6B "),
    "rate lines": repeated("($1 = 83.12 rupees) "),
    "percent ranges": repeated("8-14% "),
    "number-word shares": repeated("one in "),
    "fractions": repeated("37-1/2 cts "),
    "elided units": repeated("5 cts vs 4, "),
    "number-word range ends": repeated("nine to 10 mln dlrs "),
    "number words with a scale": repeated("$1 vs loss two mln "),
    # many distinct facts and names
    "distinct values": numbered("Revenue was ${n}. "),
    "distinct changes": numbered("Revenue rose {n}%. "),
    "distinct companies": numbered("Xq{n}z Corp revenue rose {m}% "),
    "one long sentence": numbered("revenue ${n} and net loss of {m}% "),
    "value list": lambda size: "Revenue was " + numbered("${n} in Q{m} 20{m}, ")(size - 12),
    # organisations: every rule, and one name repeated (propagation)
    "capitalised words": repeated("Acme "),
    "names with suffixes": repeated("Acme Inc, "),
    "many names": numbered("Zor{n:x} Inc said. "),
    "possessives": repeated("Acme's third-quarter revenue "),
    "lists of names": repeated("Acme <AC.N>, Bolt, "),
    "renamings": repeated("Acme, formerly Bolt, "),
    "names sharing a word": numbered("Acme X{n:x} Inc said. Acme Y{n:x} rose. "),
    "capitals headline": repeated("ACME SAYS NET UP "),
    "wrapped lines": repeated("the shares of Acme Holdings Corp and Bolt Union\n"),
    "credit lines": repeated("(c) 2025 Acme Press "),
    # facts: many metrics and amounts in one sentence, one table, one list
    "metric sentence": repeated("revenue rose 5% to $1 million and "),
    "metric list": lambda size: (
        "revenue, " * ((size - 33) // 9) + "were $1, $2 and $3, respectively"
    ),
    "table rows": repeated("Net 1,000 vs 2,000\n"),
    "prior links": repeated("from net income of 3 mln dlrs "),
    "periods": repeated("in the third quarter of 2024 "),
    "prior periods": repeated("revenue of $1 million in the same quarter last year and "),
    # real news
    "Reuters stories": joined,
}


#: CPU seconds at the largest size below which growth is not judged.
MIN_JUDGED = 0.5

#: Times an input over the bound is timed again before it fails.
CONFIRMS = 2


def cpu_seconds(run: Callable[[str], object], text: str, *, at_least: float = 1.0) -> float:
    """CPU seconds of one ``run(text)``; short runs are repeated and averaged. Each starts
    with the garbage of the run before collected, so that no run pays for another."""
    runs = 0
    gc.collect()
    start = time.process_time()
    while True:
        run(text)
        runs += 1
        spent = time.process_time() - start
        if spent >= at_least:
            return spent / runs


def exponent(small: tuple[int, float], large: tuple[int, float]) -> float:
    """How time grows with size between two sizes: 1.0 linear, 2.0 quadratic."""
    (n1, t1), (n2, t2) = small, large
    return math.log(max(t2, 1e-6) / max(t1, 1e-6)) / math.log(n2 / n1)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="characters, ascending")
    parser.add_argument("--only", default="", help="comma-separated input names")
    parser.add_argument("--max-exponent", type=float, default=1.2)
    parser.add_argument(
        "--repeat-for",
        type=float,
        default=1.0,
        help="CPU seconds each timing repeats its run for, at least (shorter is noisier)",
    )
    parser.add_argument(
        "--min-judged",
        type=float,
        default=MIN_JUDGED,
        help="CPU seconds at the largest size below which growth is shown but not judged",
    )
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in INPUTS]
    if unknown or len(sizes) < 2 or sizes != sorted(sizes):
        parser.error(
            f"unknown inputs {unknown}" if unknown else "give two or more sizes, ascending"
        )
    extractor = Extractor()
    extractor("warm up: $5 million, 5%, Acme Corp.")
    nlp = extractor.nlp
    gc.freeze()  # the loaded pipeline is left out of collections, as in a long-running worker

    def tokenize(text: str) -> object:
        return make_doc(nlp, text)

    header = "".join(f"{_size(size):>9}" for size in sizes)
    print(f"{'input':<22}{header}{'tokenizer':>11}{'ratio':>8}{'exponent':>10}")
    worst = 0.0
    for name in chosen or INPUTS:

        def timed(chosen: list[int], name: str = name) -> list[tuple[int, float]]:
            return [
                (size, cpu_seconds(extractor, INPUTS[name](size), at_least=args.repeat_for))
                for size in chosen
            ]

        timings = timed(sizes)
        baseline = cpu_seconds(tokenize, INPUTS[name](sizes[-1]), at_least=args.repeat_for)
        growth = exponent(timings[-2], timings[-1])
        # Under half a second for the largest input, the growth is noise (allocation,
        # caches), and no input that fast can stall a worker: it is shown, not judged.
        judged = timings[-1][1] >= args.min_judged
        # Over the bound, the two largest sizes are timed again, up to CONFIRMS times, and the
        # lowest growth kept: a busy machine can slow one timing, while a superlinear stage is
        # superlinear in every one.
        for _ in range(CONFIRMS if judged else 0):
            if growth <= args.max_exponent:
                break
            again = timed(sizes[-2:])
            if exponent(*again) < growth:
                timings[-2:], growth = again, exponent(*again)
        worst = max(worst, growth if judged else 0.0)
        flag = "  superlinear" if judged and growth > args.max_exponent else ""
        flag = flag or ("" if judged else "  (too fast to judge)")
        cells = "".join(f"{seconds:>9.2f}" for _, seconds in timings)
        ratio = timings[-1][1] / max(baseline, 1e-6)
        print(f"{name:<22}{cells}{baseline:>11.2f}{ratio:>7.0f}x{growth:>10.2f}{flag}")
    print(
        f"seconds of CPU per input size; tokenizer and ratio at {_size(sizes[-1])}; "
        f"worst exponent {worst:.2f} (at most {args.max_exponent})"
    )
    return 1 if worst > args.max_exponent else 0


def _size(size: int) -> str:
    return f"{size // 1_000_000} MB" if size >= 1_000_000 else f"{size // 1000} KB"


if __name__ == "__main__":
    sys.exit(main())
