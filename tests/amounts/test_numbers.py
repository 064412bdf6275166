from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.amounts.numbers import NumberWords, parse_digits, scaled, strip_zeros


class DigitsCase(NamedTuple):
    text: str
    value: str
    dot_groups: bool = False


DIGITS = [
    DigitsCase("1,234,567.89", "1234567.89"),
    DigitsCase("1.234.567,89", "1234567.89"),
    DigitsCase("205,68", "205.68"),
    DigitsCase("94,456", "94456"),
    DigitsCase("1.727", "1.727"),
    DigitsCase("1.727", "1727", dot_groups=True),
    DigitsCase("169.000", "169000", dot_groups=True),
    DigitsCase("1.25", "1.25", dot_groups=True),
    DigitsCase("1'049,95", "1049.95"),
    DigitsCase("9\u202f800", "9800"),
    DigitsCase("9 800", "9800"),
    DigitsCase(".75", "0.75"),
    DigitsCase("0.0085", "0.0085"),
    DigitsCase("12,5", "12.5"),
]


@pytest.mark.parametrize("case", DIGITS, ids=[f"{c.text}|{c.dot_groups}" for c in DIGITS])
def test_parse_digits(case: DigitsCase) -> None:
    assert parse_digits(case.text, dot_groups=case.dot_groups) == Decimal(case.value)


class WordsCase(NamedTuple):
    text: str
    value: str | None


WORDS = [
    WordsCase("twenty", "20"),
    WordsCase("forty-five", "45"),
    WordsCase("one hundred", "100"),
    WordsCase("a hundred", "100"),
    WordsCase("one hundred and five", "105"),
    WordsCase("half a billion", "500000000"),
    WordsCase("two and a half million", "2500000"),
    WordsCase("three quarters", "0.75"),
    WordsCase("a quarter million", "250000"),
    WordsCase("one million two hundred thousand", "1200000"),
    WordsCase("twelve", "12"),
    WordsCase("banana", None),
    WordsCase("a", None),
]


@pytest.mark.parametrize("case", WORDS, ids=[c.text for c in WORDS])
def test_number_words(case: WordsCase) -> None:
    expected = None if case.value is None else Decimal(case.value)
    assert NumberWords.default().parse(case.text) == expected


def test_scaled_is_exact_and_plain() -> None:
    assert scaled(Decimal("1.2"), Decimal("1000000000")) == Decimal("1200000000")
    assert str(scaled(Decimal("1.2"), Decimal("1000000000"))) == "1200000000"
    assert str(scaled(Decimal("0.1"), Decimal("0.1"))) == "0.01"
    assert str(strip_zeros(Decimal("21000000.00"))) == "21000000"
    assert str(strip_zeros(Decimal("1.8500"))) == "1.85"
