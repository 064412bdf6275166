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
TEXT = st.one_of(st.text(), st.lists(FINANCIAL, max_size=40).map("".join))

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
