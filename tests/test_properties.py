"""Invariants that hold on any string (sqlite-utils' hypothesis tests), and a seeded fuzz run.

For every text: no exception; the record validates against the published JSON Schema; and
every span it reports (money, percentages, each mention of each company, metrics, and each
span of each fact: metric phrase, value, high end, prior value, change, period, sentence) has
exact offsets, ``text[start:end] == span.text``, in the text as the extractor reads it (lone
surrogates replaced by U+FFFD, one for one, :mod:`extractor.sanitize`).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Iterator

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractor import Extractor, json_schema
from extractor.records import DocumentRecord

SCHEMA = json_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)

#: Pieces of financial news, so that random texts reach deep into every rule.
WORDS = [
    *"0123456789.,'-()%$£€¥₹:;/&\n",
    *(" ", " ", " ", "  ", "\n\n", ". ", ", "),
    *("US$", "C$", "HK$", "bn", "m", "mln", "million", "billion", "dlrs", "pct", "bps"),
    *("cents", " per cent", "percent", "basis points", "twenty", "half a ", "between "),
    *(" and ", " to ", " from ", "Rs ", "crore", "EUR", "USD", "yen", "a share", "per share"),
    *("Acme", "Corp", "Inc.", "Inc", "plc", "Group", "Holdings", "Apple", "Goldman Sachs"),
    *("Northwind Robotics", "(NASDAQ: ACME)", "<ACME.N>", "$TSLA", "Bank of", "the company"),
    *("revenue", "Revenue", "net loss", "net income", "EPS", "EBITDA", "sales", "margin"),
    *("rose", "fell", "increased", "declined", "surged", "was", "were", "of", "by", "to"),
    *("Q3", "Q4 2024", "fiscal 2023", "the quarter", "first half", "year-over-year"),
    *("respectively", "versus", "compared with", "up from", "said", "reported", "its"),
]
#: Characters that break naive code: lone surrogates, right-to-left marks and overrides,
#: zero-width characters, NUL, other controls, and characters outside the BMP.
ODD = [
    *("\ud800", "\udbff", "\udc00", "\udfff", "\ud83d", "\ude00"),
    *("\u200f", "\u200e", "\u202e", "\u202d", "\u2066", "\u2069", "\u061c"),
    *("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"),
    *("\x00", "\x01", "\x1b", "\x7f", "\r", "\t", "\x0b", "\x0c", "\u2028", "\u2029"),
    *("\u00a0", "\u2009", "\u202f", "\u3000", "\U0001f4b0", "\U0001d7d9", "٣", "٫", "߀"),
    # numbers longer than any amount
    *("0" * 31, "9" * 45, "1," * 20 + "000", "1." * 25, "1" * 25 + "." + "9" * 25, "1e999"),
]

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
    st.lists(st.sampled_from(WORDS + ODD), max_size=60).map("".join),
    st.lists(st.one_of(st.sampled_from(WORDS), st.characters()), max_size=60).map("".join),
    st.lists(WORLD, max_size=30).map("".join),
)

settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("ci")

_EXTRACTOR = Extractor()
#: The same pipeline, with texts over 300 characters done in pieces.
_PIECES = Extractor(nlp=_EXTRACTOR.nlp, piece_chars=300)


def read_as(text: str) -> str:
    """The text as the extractor reads it: each lone surrogate replaced by U+FFFD."""
    return "".join("\ufffd" if 0xD800 <= ord(ch) <= 0xDFFF else ch for ch in text)


def spans(record: DocumentRecord) -> Iterator[tuple[str, int, int, str | None]]:
    """(where, start, end, text) of every span of a record; text None where it has none."""
    for m in record.money:
        yield "money", m.start, m.end, m.text
    for p in record.percentages:
        yield "percent", p.start, p.end, p.text
    for company in record.companies:
        for org in company.mentions:
            yield f"company {company.name}", org.start, org.end, org.text
    for metric in record.metrics:
        yield "metric", metric.start, metric.end, metric.text
    for fact in record.facts:
        for name in ("metric_span", "value", "value_high", "prior_value", "change", "period"):
            span = getattr(fact, name)
            if span is not None:
                yield f"fact.{name}", span.start, span.end, span.text
        yield "fact.sentence", fact.sentence.start, fact.sentence.end, None


def check(text: str, record: DocumentRecord) -> None:
    """The invariants of one record of ``text``."""
    seen = read_as(text)
    for where, start, end, span_text in spans(record):
        assert 0 <= start <= end <= len(text), (where, start, end, len(text))
        if span_text is not None:
            assert seen[start:end] == span_text, (where, start, end, span_text)
    for fact in record.facts:
        assert fact.sentence.start < fact.sentence.end
    errors = list(VALIDATOR.iter_errors(json.loads(record.to_json())))
    assert not errors, errors[0].message


@given(TEXT)
@settings(max_examples=400)
def test_any_text_gives_a_valid_record_with_exact_offsets(text: str) -> None:
    check(text, _EXTRACTOR(text))


@given(st.lists(st.sampled_from(WORDS + ODD), min_size=100, max_size=400).map("".join))
@settings(max_examples=60)
def test_texts_done_in_pieces_keep_exact_offsets(text: str) -> None:
    record = _PIECES(text)
    check(text, record)
    whole = _EXTRACTOR(text)
    assert record.percentages == whole.percentages
    # an ambiguous currency ("Rs") is settled by the other amounts of the piece, not the text,
    # and so is where it came from (currency_source: "context" from another piece, or none)
    settled = {"currency", "currency_source"}
    assert [m.model_dump(exclude=settled) for m in record.money] == [
        m.model_dump(exclude=settled) for m in whole.money
    ]
    for piece, full in zip(record.money, whole.money, strict=True):
        assert piece.currency == full.currency or None in (piece.currency, full.currency)
        sources = (piece.currency_source, full.currency_source)
        assert sources[0] == sources[1] or None in sources or "context" in sources


@given(st.text(), st.dictionaries(st.text(), st.text() | st.integers(), max_size=3))
@settings(max_examples=100)
def test_any_id_and_metadata_give_a_record_that_serialises(doc_id: str, meta: dict) -> None:  # type: ignore[type-arg]
    from extractor.records import Source

    record = _EXTRACTOR(
        "Acme Corp revenue rose 5% to $3m.", doc_id=doc_id, source=Source(meta=meta)
    )
    data = json.loads(record.to_json())
    assert data["id"] == read_as(doc_id)
    assert not list(VALIDATOR.iter_errors(data))


#: How many fuzz inputs, and the seed: the same inputs on every run.
FUZZ_INPUTS = 10_000
FUZZ_SEED = 20_240_611


def fuzz_texts(count: int, seed: int) -> Iterator[str]:
    """``count`` texts of financial words, odd characters and random code points."""
    rng = random.Random(seed)
    for _ in range(count):
        parts = []
        for _ in range(rng.randint(0, 50)):
            roll = rng.random()
            if roll < 0.7:
                parts.append(rng.choice(WORDS))
            elif roll < 0.9:
                parts.append(rng.choice(ODD))
            else:
                parts.append(chr(rng.randint(0, 0x10FFFF)))
        yield "".join(parts)


def test_fixed_seed_fuzz_run() -> None:
    """10,000 texts, the same on every run, through ``pipe`` as a batch would send them."""
    texts = list(fuzz_texts(FUZZ_INPUTS, FUZZ_SEED))
    started = time.process_time()
    done = 0
    for text, record in zip(texts, _EXTRACTOR.pipe(texts, batch_size=256), strict=True):
        check(text, record)
        done += 1
    assert done == FUZZ_INPUTS
    assert time.process_time() - started < 110  # CI must stay quick


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
    "\udfff" * 100_000,
    "\u200b$1" * 50_000,
    "Apple Inc " * 20_000,
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
    check(text, _EXTRACTOR(text))
    done.set()
