"""Golden cases for money as the world's news writes it (issue 13).

Brackets as conversions or negatives, ranges that share their scale and currency, currencies
decided by the text around an amount, units before the number, glued and footnoted text,
exchange-rate lines, Indian numbering, currencies in their own scripts, cryptocurrencies,
and bounds. Each row states every amount the text holds.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

import pytest

from extractor.money.grammar import money_grammar, parse_money_all


class Seen(NamedTuple):
    text: str
    value: str
    currency: str | None
    source: str | None = None
    range: str | None = None


class Case(NamedTuple):
    id: str
    text: str
    expected: tuple[Seen, ...]


def case(id_: str, text: str, *expected: Seen) -> Case:
    return Case(id_, text, expected)


def check(case: Case) -> None:
    found = parse_money_all(case.text)
    got = [Seen(m.text, str(m.value), m.currency, m.source, m.range) for m in found]
    wanted = [
        e._replace(value=str(Decimal(e.value)), source=e.source or got[i].source)
        if i < len(got)
        else e
        for i, e in enumerate(case.expected)
    ]
    assert got == wanted
    for money in found:
        assert case.text[money.start : money.end] == money.text


BRACKETS = [
    case(
        "conversion-after-name",
        "Nestle paid 700 million Swiss francs ($790 million) for the brand.",
        Seen("700 million Swiss francs", "700000000", "CHF", "name"),
        Seen("$790 million", "790000000", "USD", "symbol"),
    ),
    case(
        "conversion-after-symbol",
        "Sales were ¥520.4B ($3.5B) in the year.",
        Seen("¥520.4B", "520400000000", "JPY"),
        Seen("$3.5B", "3500000000", "USD"),
    ),
    case(
        "conversion-of-rupees",
        "Sebi fined it 2.8 billion rupees ($33.6 million).",
        Seen("2.8 billion rupees", "2800000000", "INR"),
        Seen("$33.6 million", "33600000", "USD"),
    ),
    case(
        "aside",
        "The fee (€5 million) was paid in May.",
        Seen("€5 million", "5000000", "EUR"),
    ),
    case(
        "statement-negative",
        "Operating loss was ($2.1 million) versus $3.4 million.",
        Seen("($2.1 million)", "-2100000", "USD"),
        Seen("$3.4 million", "3400000", "USD"),
    ),
    case(
        "column-negative",
        "Net income   $1,234   ($567)",
        Seen("$1,234", "1234", "USD"),
        Seen("($567)", "-567", "USD"),
    ),
    case("inside-negative", "a loss of £(615)m", Seen("£(615)m", "-615000000", "GBP")),
    case(
        "rate-line-is-no-bracket",
        "($1 = 83.1200 Indian rupees)",
        Seen("$1", "1", "USD"),
        Seen("83.1200 Indian rupees", "83.12", "INR"),
    ),
]

RANGES = [
    case(
        "code-and-scale-shared",
        "EUR 7.1–7.6B",
        Seen("EUR 7.1", "7100000000", "EUR", range="low"),
        Seen("7.6B", "7600000000", "EUR", range="high"),
    ),
    case(
        "symbol-then-bare-scaled",
        "guidance of $5-6 billion",
        Seen("$5", "5000000000", "USD", range="low"),
        Seen("6 billion", "6000000000", "USD", range="high"),
    ),
    case(
        "bare-second-per-share",
        "a price of $5-6 a share",
        Seen("$5", "5", "USD", range="low"),
        Seen("6", "6", "USD", range="high"),
    ),
    case(
        "between-two-symbols",
        "between €1.2bn and €1.5bn",
        Seen("€1.2bn", "1200000000", "EUR", range="low"),
        Seen("€1.5bn", "1500000000", "EUR", range="high"),
    ),
    case(
        "change-is-no-range",
        "Revenue rose from $5 billion to 6 billion.",
        Seen("$5 billion", "5000000000", "USD"),
        Seen("6 billion", "6000000000", "USD"),
    ),
]

CONTEXT = [
    case(
        "stated-canadian",
        "All figures are in Canadian dollars. Revenue was $5 million, or 25 cents a share.",
        Seen("$5 million", "5000000", "CAD", "context"),
        Seen("25 cents", "0.25", "CAD", "context"),
    ),
    case(
        "cents-follow-the-dollar",
        "C$1.34 a share, up from 90 cents",
        Seen("C$1.34", "1.34", "CAD", "symbol"),
        Seen("90 cents", "0.9", "CAD", "context"),
    ),
    case(
        "cents-alone-unknown",
        "The shares rose 25 cents.",
        Seen("25 cents", "0.25", None, None),
    ),
    case(
        "rupees-pakistan",
        "Pakistan's budget: Karachi's bourse and Pakistani banks lent Rs 500 crore in Pakistan.",
        Seen("Rs 500 crore", "5000000000", "PKR", "context"),
    ),
    case(
        "rupees-india-default",
        "The company raised Rs 1,200 crore.",
        Seen("Rs 1,200 crore", "12000000000", "INR", "symbol"),
    ),
    case(
        "local-dollar-beside-us-dollar",
        "The Toronto lender earned $1.2 billion, or US$880 million, in Canada.",
        Seen("$1.2 billion", "1200000000", "CAD", "context"),
        Seen("US$880 million", "880000000", "USD", "symbol"),
    ),
    case(
        "wire-dollar-stays-us",
        "Shopify, the Canadian company, earned $1.2 billion.",
        Seen("$1.2 billion", "1200000000", "USD", "symbol"),
    ),
    case(
        "sydney-ticker",
        "Woodside Petroleum Ltd <WPLA.S> said its net loss rose to 17.14 mln dlrs.",
        Seen("17.14 mln dlrs", "17140000", "AUD", "context"),
    ),
    case(
        "francs-of-france",
        "France's Societe Generale said profit totalled 800 mln francs.",
        Seen("800 mln francs", "800000000", "FRF", "context"),
    ),
    case(
        "bare-amount-after-named-currency",
        "Swiss Re made a profit of 500 million Swiss francs, after a loss of 12.3 million a "
        "year earlier.",
        Seen("500 million Swiss francs", "500000000", "CHF", "name"),
        Seen("12.3 million", "12300000", "CHF", "context"),
    ),
    case(
        "wire-table-prior",
        "Net 121 mln dlrs vs 67.42 mln",
        Seen("121 mln dlrs", "121000000", "USD", "name"),
        Seen("67.42 mln", "67420000", "USD", "context"),
    ),
    case(
        "wire-table-rows",
        "Shr 55 cts vs 45 cts\nNet 412,000,000 vs 387,000,000\nAvg shrs 62,000,000 vs 58,000,000",
        Seen("55 cts", "0.55", "USD", "name"),
        Seen("45 cts", "0.45", "USD", "name"),
        Seen("412,000,000", "412000000", "USD", "context"),
        Seen("387,000,000", "387000000", "USD", "context"),
    ),
    case(
        "first-of-two-found-bare",
        "debentures valued at 213 mln and 619 mln dlrs, respectively",
        Seen("213 mln", "213000000", "USD"),
        Seen("619 mln dlrs", "619000000", "USD", "name"),
    ),
    case(
        "cents-of-ringgit",
        "Shr 3.9 cents vs 4.2 cents. Group net 35.8 mln ringgit vs 39.1 mln",
        Seen("3.9 cents", "0.039", "MYR", "context"),
        Seen("4.2 cents", "0.042", "MYR", "context"),
        Seen("35.8 mln ringgit", "35800000", "MYR", "name"),
        Seen("39.1 mln", "39100000", "MYR", "context"),
    ),
    case(
        "to-and-from",
        "Revenue rose to $220.84 mln from 173.50 mln in 1985.",
        Seen("$220.84 mln", "220840000", "USD"),
        Seen("173.50 mln", "173500000", "USD", "context"),
    ),
]

FORMATS = [
    case("unit-before-amount-euro", "€m 1,234", Seen("€m 1,234", "1234000000", "EUR")),
    case("unit-before-amount-dollar", "($m) $m 45.6", Seen("$m 45.6", "45600000", "USD")),
    case("unit-before-amount-code", "EURm 12.5", Seen("EURm 12.5", "12500000", "EUR")),
    case("dollar-then-a", "$A0.85", Seen("$A0.85", "0.85", "AUD")),
    case("a-then-dollar", "A$1.2bn", Seen("A$1.2bn", "1200000000", "AUD")),
    case("us-dollar-after", "2.75US$", Seen("2.75US$", "2.75", "USD")),
    case("glued-next-word", "EUR 3.1BThe company", Seen("EUR 3.1B", "3100000000", "EUR")),
    case("footnote-on-label", "Diluted EPS2 $1.87", Seen("$1.87", "1.87", "USD")),
    case("footnote-on-scale", "revenue of $21 million1", Seen("$21 million", "21000000", "USD")),
    case("canadian-hyphen", "earned $1.2-billion", Seen("$1.2-billion", "1200000000", "USD")),
    case("german-mrd", "1,5 Mrd. Euro", Seen("1,5 Mrd. Euro", "1500000000", "EUR")),
    case("indonesian-triliun", "Rp 5 triliun", Seen("Rp 5 triliun", "5000000000000", "IDR")),
    case("lakh-crore", "Rs 1.7 lakh crore", Seen("Rs 1.7 lakh crore", "1700000000000", "INR")),
    case("lakh-in-words", "three lakh rupees", Seen("three lakh rupees", "300000", "INR")),
    case("indian-grouping", "Rs 12,34,567.89", Seen("Rs 12,34,567.89", "1234567.89", "INR")),
    case("space-grouping-after-code", "DEM 250 000", Seen("DEM 250 000", "250000", "DEM")),
    case("dot-grouping", "350.000 đ", Seen("350.000 đ", "350000", "VND")),
    case("no-minor-units", "75,- Kč", Seen("75,- Kč", "75", "CZK")),
    case("no-minor-units-dots", "1.198,- Kr", Seen("1.198,- Kr", "1198", None)),
    case("bucks", "42 bucks", Seen("42 bucks", "42", None)),
    case(
        "bucks-beside-dollars",
        "$5 or 42 bucks",
        Seen("$5", "5", "USD"),
        Seen("42 bucks", "42", "USD"),
    ),
    case("euro-ur", "20 €ur", Seen("20 €ur", "20", "EUR")),
    case("egyptian-le", "42 L.E", Seen("42 L.E", "42", "EGP")),
    case("ringgit-before", "ringgit 42", Seen("ringgit 42", "42", "MYR")),
    case("ringgits-after", "42 malaysian ringgits", Seen("42 malaysian ringgits", "42", "MYR")),
    case("rupees-before", "Rupees 500 crore", Seen("Rupees 500 crore", "5000000000", "INR")),
    case(
        "name-before",
        "starts at dollar 22.5 million.",
        Seen("dollar 22.5 million", "22500000", "USD"),
    ),
    case("cents-after-sign", "35€ 99", Seen("35€ 99", "35.99", "EUR")),
    case("sign-between-numbers", "205,68 € 205.68", Seen("205,68 €", "205.68", "EUR")),
    case("sign-after-each", "10 $ 30 $", Seen("10 $", "10", "USD"), Seen("30 $", "30", "USD")),
    case("dollars-and-cents", "10 $ 30 cent", Seen("10 $ 30 cent", "10.3", "USD")),
    case("minor-before-more", "15 USD 50 more", Seen("15 USD 50", "15.5", "USD")),
    case("words-and-minor", "twenty dollar and 43", Seen("twenty dollar and 43", "20.43", "USD")),
    case(
        "two-prefixed-prices",
        "R$ 139,99 R$ 135,99",
        Seen("R$ 139,99", "139.99", "BRL"),
        Seen("R$ 135,99", "135.99", "BRL"),
    ),
    case("space-grouping-code", "PTE 120 000 000", Seen("PTE 120 000 000", "120000000", "PTE")),
]

SCRIPTS = [
    case("korean-won", "5,000 원", Seen("5,000 원", "5000", "KRW")),
    case("japanese-yen", "300 円", Seen("300 円", "300", "JPY")),
    case("rouble-abbreviated", "500 руб.", Seen("500 руб.", "500", "RUB")),
    case("roubles-genitive", "1128240 рублей", Seen("1128240 рублей", "1128240", "RUB")),
    case("zloty", "45,00 zł", Seen("45,00 zł", "45", "PLN")),
    case("koruna", "9 800 Kč", Seen("9 800 Kč", "9800", "CZK")),
    case("dong-sign", "880,000 ₫", Seen("880,000 ₫", "880000", "VND")),
    case("saudi-riyal-whole", "10 ريال سعودي", Seen("10 ريال سعودي", "10", "SAR")),
    case("riyal-ambiguous", "10 ريال", Seen("10 ريال", "10", None)),
    case("dirham-ambiguous", "10 درهم", Seen("10 درهم", "10", None)),
    case("pound-ambiguous", "10 جنيه", Seen("10 جنيه", "10", None)),
    case("toman-no-iso", "157,000 تومان", Seen("157,000 تومان", "157000", None)),
    case("rupee-devanagari", "रु 100", Seen("रु 100", "100", None)),
    case("swiss-fr", "Fr. 100", Seen("Fr. 100", "100", "CHF")),
    case("lower-case-code", "100 pln", Seen("100 pln", "100", "PLN")),
    case("livre-sign", "13800 ₶", Seen("13800 ₶", "13800", None)),
]

#: Wire stories (Reuters of 1987 and today's wires): fractions, cents named with their
#: country, number words with a scale and no unit, number-word range ends, and figures that
#: leave their unit to the amount they are compared with.
WIRE = [
    case(
        "fraction-cents",
        "Qtly div 37-1/2 cts vs 6-1/4 cts prior",
        Seen("37-1/2 cts", "0.375", "USD", "name"),
        Seen("6-1/4 cts", "0.0625", "USD", "name"),
    ),
    case(
        "fractions-spaced-and-plain",
        "It sold 1-1/2 mln dlrs of notes and paid 6 1/2 cents, 3/4 cent and 37½p.",
        Seen("1-1/2 mln dlrs", "1500000", "USD"),
        Seen("6 1/2 cents", "0.065", "USD", "context"),
        Seen("3/4 cent", "0.0075", "USD", "context"),
        Seen("37½p", "0.375", "GBP", "symbol"),
    ),
    case(
        "third-of-a-cent",
        "Qtly div 10 cts vs 8-1/3 cts",
        Seen("10 cts", "0.1", "USD"),
        Seen("8-1/3 cts", "0.0833333333333333", "USD"),
    ),
    case(
        "country-cents",
        "It earned 42 Australian cents a share, 5 Canadian cts and 3 euro cents.",
        Seen("42 Australian cents", "0.42", "AUD", "name"),
        Seen("5 Canadian cts", "0.05", "CAD", "name"),
        Seen("3 euro cents", "0.03", "EUR", "name"),
    ),
    case(
        "table-row-takes-its-unit",
        "Shr 21.6 H.K. Cents vs 12\n    Net 121 mln dlrs vs 67.42 mln",
        Seen("21.6 H.K. Cents", "0.216", "HKD", "name"),
        Seen("12", "0.12", "HKD", "context"),
        Seen("121 mln dlrs", "121000000", "USD", "name"),
        Seen("67.42 mln", "67420000", "USD", "context"),
    ),
    case(
        "number-word-with-scale",
        "Net profit was 12 mln dlrs, against a loss of two mln a year earlier.",
        Seen("12 mln dlrs", "12000000", "USD", "name"),
        Seen("two mln", "2000000", "USD", "context"),
    ),
    case(
        "number-word-in-a-table",
        "Shr 45 cts vs nine cts\n    Net profit 9.8 mln dlrs vs loss two mln\n",
        Seen("45 cts", "0.45", "USD"),
        Seen("nine cts", "0.09", "USD"),
        Seen("9.8 mln dlrs", "9800000", "USD"),
        Seen("two mln", "2000000", "USD", "context"),
    ),
    case(
        "number-word-range-end",
        "The unit was sold for nine to 10 mln dlrs, or twenty-five to 30 dlrs a share.",
        Seen("nine", "9000000", "USD", "name", "low"),
        Seen("10 mln dlrs", "10000000", "USD", "name", "high"),
        Seen("twenty-five", "25", "USD", "name", "low"),
        Seen("30 dlrs", "30", "USD", "name", "high"),
    ),
    case(
        "elided-unit-after-vs",
        "Final div six cents vs three, making nine cents vs 5.5. Net 1.2 mln dlrs",
        Seen("six cents", "0.06", "USD", "context"),
        Seen("three", "0.03", "USD", "context"),
        Seen("nine cents", "0.09", "USD", "context"),
        Seen("5.5", "0.055", "USD", "context"),
        Seen("1.2 mln dlrs", "1200000", "USD", "name"),
    ),
    case(
        "elided-unit-after-from",
        "It raised the dividend to 25 cts from 20. Sales rose to 3.2 billion dlrs from 2.8, "
        "and net to 1.5 mln dlrs from 900,000 a year earlier.",
        Seen("25 cts", "0.25", "USD"),
        Seen("20", "0.2", "USD", "context"),
        Seen("3.2 billion dlrs", "3200000000", "USD"),
        Seen("2.8", "2800000000", "USD", "context"),
        Seen("1.5 mln dlrs", "1500000", "USD"),
        Seen("900,000", "900000", "USD", "context"),
    ),
]

ONE_UNIT = [
    case("a-dollar", "It costs a dollar.", Seen("a dollar", "1", "USD", "name")),
    case(
        "a-dollar-and-cents",
        "above a dollar and 42 cents",
        Seen("a dollar and 42 cents", "1.42", "USD", "name"),
    ),
    case("a-penny", "Oh look, a penny!", Seen("a penny", "0.01", None)),
    case("a-dlr-a-share", "It paid a dlr a share.", Seen("a dlr", "1", "USD")),
]

NOT_MONEY = [
    "a dollar rally, a dollar-denominated bond, a penny stock, a pound of coal, a yen for risk",
    "12.3 million shares were sold for $5 million",
    "He sold two million shares for $5, open 24/7, on 3/10",
    "the one to $2 range",
    "revenue of $5 million vs 3 pct a year earlier",
    "revenue of $5 million from 2019 to 2020",
    "Avg shrs 62 mln vs 58 mln",
    "Euro 2024 starts in June",
    "1,500 BTC and 5000 bitcoins and 300 satoshis",
]


@pytest.mark.parametrize("case", BRACKETS, ids=[c.id for c in BRACKETS])
def test_brackets(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", RANGES, ids=[c.id for c in RANGES])
def test_ranges(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", CONTEXT, ids=[c.id for c in CONTEXT])
def test_currency_from_context(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", FORMATS, ids=[c.id for c in FORMATS])
def test_formats(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", SCRIPTS, ids=[c.id for c in SCRIPTS])
def test_own_scripts(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", WIRE, ids=[c.id for c in WIRE])
def test_wire_stories(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("case", ONE_UNIT, ids=[c.id for c in ONE_UNIT])
def test_one_unit_with_an_article(case: Case) -> None:
    check(case)


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    """Numbers that only look like money, and crypto amounts, give no money of their own."""
    texts = [m.text for m in parse_money_all(text)]
    assert all(t.startswith("$") for t in texts), texts


def test_exchange_rate_line_records_the_rate() -> None:
    grammar = money_grammar()
    found = grammar.find("Sales rose 5% ($1 = 83.1200 Indian rupees).")
    assert [q.rate for q in found] == [("USD", "INR", Decimal("83.12"))] * 2


def test_crypto_amounts_only_when_asked() -> None:
    text = "It bought 1,500 BTC, 5000 bitcoins and 300 satoshis for $90 million."
    grammar = money_grammar()
    assert [q.unit for q in grammar.find(text)] == ["USD"]
    coins = [q for q in grammar.find(text, with_crypto=True) if "crypto" in q.flags]
    assert [(text[q.start : q.end], q.coin, q.value) for q in coins] == [
        ("1,500 BTC", "BTC", Decimal(1500)),
        ("5000 bitcoins", "BTC", Decimal(5000)),
        ("300 satoshis", "BTC", Decimal("0.000003")),
    ]


QUALIFIED = [
    ("no less than $2.50", "$2.50", "2.5", "at_least"),
    ("over 3.10 dollars", "3.10 dollars", "3.1", "more_than"),
    ("at most 9€", "9€", "9", "at_most"),
    ("lower than 7€", "7€", "7", "less_than"),
    ("a minimum of £40m", "£40m", "40000000", "at_least"),
    ("north of $1 trillion", "$1 trillion", "1000000000000", "more_than"),
]


@pytest.mark.parametrize(("text", "span", "value", "qualifier"), QUALIFIED)
def test_bounds_keep_the_amount(text: str, span: str, value: str, qualifier: str) -> None:
    (found,) = parse_money_all(text)
    assert (found.text, found.value, found.qualifier) == (span, Decimal(value), qualifier)
