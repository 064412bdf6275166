"""Invariants that hold on any string (sqlite-utils' hypothesis tests)."""

from __future__ import annotations

import json
import threading

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import Extractor, json_schema

SCHEMA = json_schema()

#: Characters that money and percent rules care about, to reach deep into the grammar.
FINANCIAL = st.sampled_from(
    [
        *"0123456789.,'-()%$£€¥₹ ",
        *("US$", "C$", "bn", "m", "million", "dlrs", "pct", "bps", "cents", " per cent"),
        *("twenty", "half a ", "between ", " and ", " to ", "Rs ", "crore"),
    ]
)
#: The forms of money and percentages that the world's news writes (issue 13).
WORLD = st.sampled_from(
    [
        *("€m ", "$m ", "EURm ", "$A", "A$", "US$", "BThe ", "EPS2 ", " (", ")", " = "),
        *("lakh ", "crore ", "12,34,567", "250 000", "350.000", ",-", " Kč", " đ", " zł"),
        *(" bucks", "€ur", " L.E", "ringgit ", " 원", " 円", " руб.", " рублей", " ريال"),
        *(" रु", "Fr. ", " pln", " BTC", " bitcoins", " satoshis", "Rs ", "₹"),
        *("no less than ", "at most ", "over ", " basis points", " bps", "%", "-", "–"),
        *("between ", " and ", " to ", "one in ", " out of ", "1/4 of", " vs ", " of "),
        *("All figures are in Canadian dollars. ", "Toronto ", "<WPLA.S>", " cents"),
        *("0", "1", "7", "12", "3.1", "(2.1)", "(12.5)%", "($790 million)", "2019 "),
        *("-1/2", "1/4", " 3/8", "½", "37-1/2 cts", " Australian cents", " H.K. Cents"),
        *("nine", " two mln", " mln", "\nNet ", "\nShr ", " vs loss ", " from ", " prior"),
    ]
)
TEXT = st.one_of(
    st.text(),
    st.lists(FINANCIAL, max_size=40).map("".join),
    st.lists(WORLD, max_size=30).map("".join),
)

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")


@given(TEXT)
@settings(max_examples=400)
def test_any_text_gives_a_valid_record_with_exact_offsets(text: str) -> None:
    record = _EXTRACTOR(text)
    mentions = [*record.money, *record.percentages]
    for mention in mentions:
        assert 0 <= mention.start <= mention.end <= len(text)
        assert text[mention.start : mention.end] == mention.text
    jsonschema.validate(json.loads(record.to_json()), SCHEMA)


_EXTRACTOR = Extractor()

HOSTILE = [
    "1" * 200_000,
    "1," * 100_000,
    "1." * 100_000,
    "$" * 200_000,
    "$1" * 100_000,
    "1 " * 100_000,
    "- " * 100_000,
    "(" * 100_000 + "1",
    "twenty " * 30_000 + "dollars",
    "between 5 and " * 20_000,
    "%" * 200_000,
    "a " * 100_000,
    "100 " * 50_000 + "Kč",
    "$" + "9" * 100_000,
    "$m" + " " * 200_000 + "5",
    "Rs 1 " + "lakh " * 40_000,
    "1-1/2 " * 40_000 + "cts",
    "1 1 1/2 " * 30_000,
    "nine to " * 30_000 + "10 mln dlrs",
]


def test_hostile_strings_finish() -> None:
    """Catastrophic backtracking would never finish; linear rules do this in seconds.

    Not a speed measurement (benchmarks/redos.py reports growth rates): a guard with a bound
    far above the expected time.
    """
    for text in HOSTILE:
        done = threading.Event()
        worker = threading.Thread(target=_run_then_set, args=(text, done), daemon=True)
        worker.start()
        assert done.wait(120), f"no result after 120 s on {text[:20]!r}... ({len(text)} chars)"


def _run_then_set(text: str, done: threading.Event) -> None:
    _EXTRACTOR(text)
    done.set()
