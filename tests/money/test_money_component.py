"""The money and percent components' records: currency sources, rates, ranges, crypto."""

from __future__ import annotations

from decimal import Decimal

from spacy.language import Language

from extractor import Extractor
from extractor.records import ExchangeRate


def test_currency_source_says_how_the_currency_was_decided(extractor: Extractor) -> None:
    record = extractor(
        "All amounts are in Canadian dollars. Sales were EUR 3 million and 2 million euros; "
        "profit was $5 million, or 25 cents a share."
    )
    assert [(m.text, m.currency, m.currency_source) for m in record.money] == [
        ("EUR 3 million", "EUR", "code"),
        ("2 million euros", "EUR", "name"),
        ("$5 million", "CAD", "context"),
        ("25 cents", "CAD", "context"),
    ]
    assert extractor("It cost £5.").money[0].currency_source == "symbol"
    assert extractor("It cost 5 francs.").money[0].currency_source is None


def test_exchange_rate_line_gives_the_rate_on_both_sides(extractor: Extractor) -> None:
    record = extractor("Sales rose to Rs 500 crore. ($1 = 83.1200 Indian rupees)")
    rate = ExchangeRate(base="USD", quote="INR", rate=Decimal("83.12"))
    assert [(m.text, m.exchange_rate) for m in record.money] == [
        ("Rs 500 crore", None),
        ("$1", rate),
        ("83.1200 Indian rupees", rate),
    ]


def test_percent_ranges_are_two_mentions_in_their_own_unit(extractor: Extractor) -> None:
    record = extractor("Margins of 8-14% and a cut of 25 to 50 basis points.")
    assert [(p.text, p.value, p.kind, p.range) for p in record.percentages] == [
        ("8", Decimal(8), "percent", "low"),
        ("14%", Decimal(14), "percent", "high"),
        ("25", Decimal(25), "basis_points", "low"),
        ("50 basis points", Decimal(50), "basis_points", "high"),
    ]
    assert record.percentages[3].percentage_points == Decimal("0.5")


def test_crypto_amounts_are_no_money_unless_asked(blank: Language) -> None:
    text = "The fund sold 1,500 BTC for $90 million."
    blank.add_pipe("fin_money", config={"crypto": True})
    doc = blank(text)
    assert [m.text for m in doc._.fin_money] == ["$90 million"]
    assert [(c.text, c.coin, c.value) for c in doc._.fin_crypto] == [
        ("1,500 BTC", "BTC", Decimal(1500))
    ]
    assert [(s.text, s.label_) for s in doc.spans["fin_crypto"]] == [("1,500 BTC", "CRYPTO")]


def test_crypto_is_off_by_default(extractor: Extractor) -> None:
    record = extractor("The fund sold 1,500 BTC for $90 million.")
    assert [m.text for m in record.money] == ["$90 million"]


def test_sample_article_keeps_its_five_amounts_and_three_percentages(
    extractor: Extractor,
) -> None:
    from helpers import shared_path

    text = shared_path("seeds", "000_437e256efc7f49e1.txt").read_text(encoding="utf-8")
    record = extractor(text)
    assert len(record.money) == 5
    assert len(record.percentages) == 3
