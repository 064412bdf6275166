"""Golden cases for money, one per form that financial news writes."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.money.grammar import parse_money_all


class Amount(NamedTuple):
    text: str
    value: str
    currency: str | None
    range: str | None = None
    per_share: bool = False


class MoneyCase(NamedTuple):
    text: str
    expected: tuple[Amount, ...]


def case(text: str, *expected: Amount) -> MoneyCase:
    return MoneyCase(text, expected)


CASES = [
    # symbols before and after the number
    case("revenue of $21 million", Amount("$21 million", "21000000", "USD")),
    case("a US$4.7 billion deal", Amount("US$4.7 billion", "4700000000", "USD")),
    case("priced at C$1.23", Amount("C$1.23", "1.23", "CAD")),
    case("raised A$300m", Amount("A$300m", "300000000", "AUD")),
    case("worth HK$3.2bn", Amount("HK$3.2bn", "3200000000", "HKD")),
    case("for S$415 million", Amount("S$415 million", "415000000", "SGD")),
    case("a loss of £84.5m", Amount("£84.5m", "84500000", "GBP")),
    case("I have €10M", Amount("€10M", "10000000", "EUR")),
    case("spend ¥120bn", Amount("¥120bn", "120000000000", "JPY")),
    case("valued at ₹18,000 crore", Amount("₹18,000 crore", "180000000000", "INR")),
    case("R$260,00 each", Amount("R$260,00", "260", "BRL")),
    case("costs 49,96 €", Amount("49,96 €", "49.96", "EUR")),
    case("a 10k$ prize", Amount("10k$", "10000", "USD")),
    case("the cost is 100元!", Amount("100元", "100", "CNY")),
    # ISO codes before or after
    case("sold EUR 5 million of bonds", Amount("EUR 5 million", "5000000", "EUR")),
    case("a 5 million USD loan", Amount("5 million USD", "5000000", "USD")),
    case("USD115.5 per unit", Amount("USD115.5", "115.5", "USD")),
    case("they lost 75 USD million", Amount("75 USD million", "75000000", "USD")),
    case("$1,190.00 AUD", Amount("$1,190.00 AUD", "1190", "AUD")),
    # currency names
    case("give me 20 dollars", Amount("20 dollars", "20", "USD")),
    case("for 323 million euros", Amount("323 million euros", "323000000", "EUR")),
    case("20 million pounds sterling", Amount("20 million pounds sterling", "20000000", "GBP")),
    case("309,381 yen", Amount("309,381 yen", "309381", "JPY")),
    case("3.62 billion yuan", Amount("3.62 billion yuan", "3620000000", "CNY")),
    case("4.5 billion Swiss francs", Amount("4.5 billion Swiss francs", "4500000000", "CHF")),
    case(
        "125 million australian dollars",
        Amount("125 million australian dollars", "125000000", "AUD"),
    ),
    case("35 lakh rupees", Amount("35 lakh rupees", "3500000", "INR")),
    case("528 million francs", Amount("528 million francs", "528000000", None)),
    # scale words and suffixes
    case("$5k", Amount("$5k", "5000", "USD")),
    case("$5 thousand", Amount("$5 thousand", "5000", "USD")),
    case("$5mn and $5MM", Amount("$5mn", "5000000", "USD"), Amount("$5MM", "5000000", "USD")),
    case("$1.2bn", Amount("$1.2bn", "1200000000", "USD")),
    case("$10B", Amount("$10B", "10000000000", "USD")),
    case("3 bln dlrs", Amount("3 bln dlrs", "3000000000", "USD")),
    case("$2tn", Amount("$2tn", "2000000000000", "USD")),
    case("GDP is $2.174T.", Amount("$2.174T", "2174000000000", "USD")),
    case("Rs 35 lakh", Amount("Rs 35 lakh", "3500000", "INR")),
    # number words
    case("twenty million dollars", Amount("twenty million dollars", "20000000", "USD")),
    case("half a billion euros", Amount("half a billion euros", "500000000", "EUR")),
    case(
        "two and a half billion dollars",
        Amount("two and a half billion dollars", "2500000000", "USD"),
    ),
    case("a one-yen bid", Amount("one-yen", "1", "JPY")),
    # minor units
    case("25 cents a share", Amount("25 cents", "0.25", None, per_share=True)),
    case("a 2.5p dividend", Amount("2.5p", "0.025", "GBP")),
    case("470 pence", Amount("470 pence", "4.7", "GBP")),
    case("up 10¢", Amount("10¢", "0.1", None)),
    case("$2.10, up 10¢", Amount("$2.10", "2.1", "USD"), Amount("10¢", "0.1", "USD")),
    case(
        "C$1.34 a share, up from 90 cents",
        Amount("C$1.34", "1.34", "CAD", per_share=True),
        Amount("90 cents", "0.9", "CAD", per_share=True),
    ),
    case("20 dollars 43 cents", Amount("20 dollars 43 cents", "20.43", "USD")),
    # an amount takes one minor part: a run of cents is not one amount
    case(
        "$1 25 cents 25 cents",
        Amount("$1 25 cents", "1.25", "USD"),
        Amount("25 cents", "0.25", "USD"),
    ),
    # negatives
    case("a loss of $(1.3) million", Amount("$(1.3) million", "-1300000", "USD")),
    case("a loss of (1.3) million dollars", Amount("(1.3) million dollars", "-1300000", "USD")),
    case("net was -$5m", Amount("-$5m", "-5000000", "USD")),
    case("revenue is ($99.99).", Amount("($99.99)", "-99.99", "USD")),
    case("-15€ or $-99.99", Amount("-15€", "-15", "EUR"), Amount("$-99.99", "-99.99", "USD")),
    case("-15€ ($-99.99)", Amount("-15€", "-15", "EUR"), Amount("$-99.99", "-99.99", "USD")),
    case("(approximately £ 15 million)", Amount("£ 15 million", "15000000", "GBP")),
    # ranges: two mentions, each with the scale applied
    case(
        "$5-$6 billion",
        Amount("$5", "5000000000", "USD", "low"),
        Amount("$6 billion", "6000000000", "USD", "high"),
    ),
    case(
        "between $5 million and $6 million",
        Amount("$5 million", "5000000", "USD", "low"),
        Amount("$6 million", "6000000", "USD", "high"),
    ),
    case(
        "5-6 billion dollars",
        Amount("5", "5000000000", "USD", "low"),
        Amount("6 billion dollars", "6000000000", "USD", "high"),
    ),
    case(
        "£60m-£70m a year",
        Amount("£60m", "60000000", "GBP", "low"),
        Amount("£70m", "70000000", "GBP", "high"),
    ),
    case(
        "sales rose from $5 million to $6 million",
        Amount("$5 million", "5000000", "USD"),
        Amount("$6 million", "6000000", "USD"),
    ),
    # per share
    case("$1.63 a diluted share", Amount("$1.63", "1.63", "USD", per_share=True)),
    case("earnings per share of $1.40", Amount("$1.40", "1.4", "USD", per_share=True)),
    # the 1987 newswire style of Reuters-21578
    case("25 mln dlrs", Amount("25 mln dlrs", "25000000", "USD")),
    case("1.5 billion yen", Amount("1.5 billion yen", "1500000000", "JPY")),
    case("15 mln stg", Amount("15 mln stg", "15000000", "GBP")),
    case("Shr 55 cts vs 45 cts", Amount("55 cts", "0.55", "USD"), Amount("45 cts", "0.45", "USD")),
    case("4.2 mln Canadian dlrs", Amount("4.2 mln Canadian dlrs", "4200000", "CAD")),
    case("25 mln U.S. dlrs", Amount("25 mln U.S. dlrs", "25000000", "USD")),
    case("1.8500 marks", Amount("1.8500 marks", "1.85", "DEM")),
    # continental and other groupings
    case("€ 2.109,00", Amount("€ 2.109,00", "2109", "EUR")),
    case("Rp 169.000", Amount("Rp 169.000", "169000", "IDR")),
    case("9 800 Kč", Amount("9 800 Kč", "9800", "CZK")),
    case("CHF 1'049,95", Amount("CHF 1'049,95", "1049.95", "CHF")),
    # an ambiguous symbol settled by another amount in the same text
    case(
        "Rs 2,400 crore, or ₹24 billion",
        Amount("Rs 2,400 crore", "24000000000", "INR"),
        Amount("₹24 billion", "24000000000", "INR"),
    ),
]

NOT_MONEY = [
    "in 2019 and 2020",
    "on March 3, 2024 at 10:30 a.m.",
    "call 555-123-4567 or +1 800 555 0199",
    "Q3 results",
    "COVID-19 cases",
    "the S&P 500 index",
    "the G7 summit",
    "3M said on Tuesday",
    "the 3rd quarter, the 21st century",
    "cut rates by 50bps",
    "5m people and 20k users",
    "the 1990s",
    "ALL 5 solutions are wrong.",
    "a twenty pound bag of rice",
    "it won 5 awards",
    "Model 3 and iPhone 15",
]


@pytest.mark.parametrize("case", CASES, ids=[c.text for c in CASES])
def test_money(case: MoneyCase) -> None:
    found = parse_money_all(case.text)
    got = [Amount(m.text, str(m.value), m.currency, m.range, m.per_share) for m in found]
    expected = [a._replace(value=str(Decimal(a.value))) for a in case.expected]
    assert got == expected
    for money in found:
        assert case.text[money.start : money.end] == money.text


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert parse_money_all(text) == []


KNOWN_GAPS = [
    pytest.param(
        "Do you think sen 100,000 is expensive?",
        "1000",
        marks=pytest.mark.xfail(strict=True, reason="minor units only after the number"),
    ),
    pytest.param(
        "It costs $119. 95",
        "119.95",
        marks=pytest.mark.xfail(strict=True, reason="a space after the decimal point"),
    ),
]


@pytest.mark.parametrize(("text", "value"), KNOWN_GAPS)
def test_known_gaps(text: str, value: str) -> None:
    found = parse_money_all(text)
    assert [m.value for m in found] == [Decimal(value)]
