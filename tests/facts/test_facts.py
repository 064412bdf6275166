"""Golden facts: sentences in the style of earnings news, and the one fact each must give.

Every row states the whole fact: a field left at its default must come out empty. Known gaps
are strict xfails, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from extractor import Extractor
from extractor.records import DocumentRecord, Fact

Change = tuple[str | None, str, str | None]  # percent, direction, basis
Period = tuple[str, str | None]  # kind, label


@dataclass(frozen=True)
class FactCase:
    id: str
    text: str
    metric: str
    value: str | None
    currency: str | None = None
    kind: str = "money"
    change: Change | None = None
    prior: str | None = None
    high: str | None = None
    period: Period | None = None
    company: str | None = None
    segment: str | None = None
    gap: str | None = None  # why it fails today: a strict xfail


def _shown(fact: Fact) -> dict[str, object]:
    """The parts of a fact a row states, as plain values for a readable diff."""
    return {
        "metric": fact.metric,
        "value": None if fact.value is None else str(fact.value.amount),
        "currency": None if fact.value is None else fact.value.currency,
        "kind": "money" if fact.value is None else fact.value.kind,
        "change": None
        if fact.change is None
        else (
            None if fact.change.percent is None else str(fact.change.percent),
            fact.change.direction,
            fact.change.basis,
        ),
        "prior": None if fact.prior_value is None else str(fact.prior_value.amount),
        "high": None if fact.value_high is None else str(fact.value_high.amount),
        "period": None if fact.period is None else (fact.period.kind, fact.period.label),
        "company": fact.company,
        "segment": fact.segment,
    }


def _wanted(case: FactCase) -> dict[str, object]:
    return {
        "metric": case.metric,
        "value": case.value,
        "currency": case.currency,
        "kind": case.kind,
        "change": case.change,
        "prior": case.prior,
        "high": case.high,
        "period": case.period,
        "company": case.company,
        "segment": case.segment,
    }


CASES = [
    # -- wire headlines and leads ---------------------------------------------------------
    FactCase(
        "rose-to",
        "Apple Inc said quarterly revenue rose 8% to $94.9 billion.",
        "revenue",
        "94900000000",
        "USD",
        change=("8", "up", None),
        period=("quarter", None),
        company="Apple",
    ),
    FactCase(
        "headline-caps",
        "ACME CORP Q3 NET PROFIT RISES 12 PCT TO 45.6 MLN DLRS",
        "net_income",
        "45600000",
        "USD",
        change=("12", "up", None),
        period=("quarter", "Q3"),
        company="ACME",
    ),
    FactCase(
        "headline-caps-company",
        "ACME CORP Q3 NET PROFIT RISES 12 PCT TO 45.6 MLN DLRS",
        "net_income",
        "45600000",
        "USD",
        change=("12", "up", None),
        period=("quarter", "Q3"),
        company="ACME",
    ),
    FactCase(
        "units",
        "Tesla's deliveries fell 13% year-on-year to 384,122 vehicles in the second quarter.",
        "deliveries",
        "384122",
        kind="number",
        change=("13", "down", "year-over-year"),
        period=("quarter", "Q2"),
        company="Tesla",
    ),
    FactCase(
        "loss-before",
        "Volkswagen posted a 2.3 billion euro operating loss in the first half.",
        "operating_loss",
        "2300000000",
        "EUR",
        period=("half", "H1"),
        company="Volkswagen",
    ),
    FactCase(
        "loss-of",
        "Boeing reported a net loss of $1.4 billion for the third quarter.",
        "net_loss",
        "1400000000",
        "USD",
        period=("quarter", "Q3"),
        company="Boeing",
    ),
    FactCase(
        "loss-quarterly",
        "It reported a quarterly net loss of $427 million.",
        "net_loss",
        "427000000",
        "USD",
        period=("quarter", None),
    ),
    FactCase(
        "loss-narrowed",
        "The company narrowed its annual loss to $12 million from $30 million.",
        "net_loss",
        "12000000",
        "USD",
        prior="30000000",
        change=(None, "down", None),
        period=("year", None),
    ),
    FactCase(
        "segment",
        "Microsoft's cloud revenue grew 21% year over year to $24.3 billion.",
        "revenue",
        "24300000000",
        "USD",
        change=("21", "up", "year-over-year"),
        company="Microsoft",
        segment="cloud",
    ),
    FactCase(
        "turnover",
        "Unilever's turnover rose 1.9% to 60.1 billion euros in 2023.",
        "revenue",
        "60100000000",
        "EUR",
        change=("1.9", "up", None),
        period=("year", "FY2023"),
        company="Unilever",
    ),
    FactCase(
        "pretax",
        "Barclays said its pre-tax profit slid 6% to 1.9 billion pounds in the first quarter.",
        "pretax_income",
        "1900000000",
        "GBP",
        change=("6", "down", None),
        period=("quarter", "Q1"),
        company="Barclays",
    ),
    FactCase(
        "sequential",
        "Sales jumped 40% sequentially to $1.1 billion.",
        "revenue",
        "1100000000",
        "USD",
        change=("40", "up", "sequential"),
        period=("quarter", None),
    ),
    FactCase(
        "trend-only",
        "Siemens Energy's orders plunged 30% in the fourth quarter.",
        "bookings",
        None,
        None,
        change=("30", "down", None),
        period=("quarter", "Q4"),
        company="Siemens Energy",
    ),
    FactCase(
        "comparable-sales",
        "Walmart's same-store sales in the U.S. rose 4.9% in the quarter.",
        "same_store_sales",
        None,
        None,
        change=("4.9", "up", None),
        period=("quarter", None),
        company="Walmart",
    ),
    FactCase(
        "up-after",
        "Netflix's operating income for the quarter was $2.6 billion, up 37% year over year.",
        "operating_income",
        "2600000000",
        "USD",
        change=("37", "up", "year-over-year"),
        period=("quarter", None),
        company="Netflix",
    ),
    FactCase(
        "doubled",
        "Free cash flow more than doubled to $2.1 billion.",
        "free_cash_flow",
        "2100000000",
        "USD",
        change=(None, "up", None),
    ),
    FactCase(
        "halved",
        "Revenue halved to 120 million pounds in the six months to June.",
        "revenue",
        "120000000",
        "GBP",
        change=(None, "down", None),
        period=("half", None),
    ),
    FactCase(
        "flat",
        "Sales were flat at $2.3 billion.",
        "revenue",
        "2300000000",
        "USD",
        change=(None, "flat", None),
    ),
    FactCase(
        "adjusted-ebitda",
        "Adjusted EBITDA climbed 22% to $612 million in fiscal 2024.",
        "adjusted_ebitda",
        "612000000",
        "USD",
        change=("22", "up", None),
        period=("year", "FY2024"),
    ),
    FactCase(
        "of-value",
        "For fiscal 2024, the group generated revenue of 12.4 billion Swiss francs.",
        "revenue",
        "12400000000",
        "CHF",
        period=("year", "FY2024"),
    ),
    FactCase(
        "stood-at",
        "Net debt stood at 4.2 billion euros at the end of June.",
        "debt",
        "4200000000",
        "EUR",
    ),
    FactCase(
        "record",
        "The firm's backlog reached a record $18.4 billion.",
        "backlog",
        "18400000000",
        "USD",
    ),
    FactCase(
        "nine-months",
        "Total revenue for the nine months ended September 30, 2024 was $2.4 billion.",
        "revenue",
        "2400000000",
        "USD",
        period=("nine months", "9M 2024"),
    ),
    FactCase(
        "provisions",
        "The bank set aside $1.2 billion in provisions for credit losses in the third quarter.",
        "provisions",
        "1200000000",
        "USD",
        period=("quarter", "Q3"),
    ),
    # -- prior-period comparisons ---------------------------------------------------------
    FactCase(
        "fell-from",
        "Net income fell to $3.2 billion from $4.1 billion a year earlier, Ford Motor Co said.",
        "net_income",
        "3200000000",
        "USD",
        prior="4100000000",
        change=(None, "down", "year-over-year"),
        company="Ford Motor",
    ),
    FactCase(
        "compared-with",
        "Amazon said sales increased 13% to $143.1 billion in the second quarter, "
        "compared with $127.4 billion in the second quarter of 2022.",
        "revenue",
        "143100000000",
        "USD",
        prior="127400000000",
        change=("13", "up", None),
        period=("quarter", "Q2 2023"),
        company="Amazon",
    ),
    FactCase(
        "aum",
        "Assets under management rose to $1.2 trillion from $1.1 trillion.",
        "aum",
        "1200000000000",
        "USD",
        prior="1100000000000",
        change=(None, "up", None),
    ),
    FactCase(
        "margin-points",
        "Operating margin narrowed to 9.8% from 11.2% a year ago.",
        "operating_margin",
        "9.8",
        kind="percent",
        prior="11.2",
        change=(None, "down", "year-over-year"),
    ),
    FactCase(
        "basis-points",
        "Gross margin widened by 120 basis points to 41.5% in the third quarter.",
        "gross_margin",
        "41.5",
        kind="percent",
        change=("1.2", "up", None),
        period=("quarter", "Q3"),
    ),
    FactCase(
        "bracketed-prior",
        "Revenue amounted to EUR 3.1bn (Q3 2024: EUR 2.9bn).",
        "revenue",
        "3100000000",
        "EUR",
        prior="2900000000",
        change=(None, "up", None),
    ),
    FactCase(
        "earlier-forecast",
        "The company now expects revenue of $1.61 billion for 2025, compared with prior "
        "guidance of $1.59 billion.",
        "revenue",
        "1610000000",
        "USD",
        prior="1590000000",
        change=(None, "up", None),
        period=("year", "FY2025"),
    ),
    FactCase(
        "growth-noun",
        "The bank expects full-year NII growth of about 5%.",
        "net_interest_income",
        None,
        change=("5", "up", None),
        period=("year", None),
    ),
    FactCase(
        "growth-metric",
        "Revenue corresponded to organic growth of 5.8% in the third quarter.",
        "organic_growth",
        None,
        change=("5.8", "up", None),
        period=("quarter", "Q3"),
    ),
    FactCase(
        "investment-bank",
        "Income at the investment bank rose 12% to £3.1 billion.",
        "net_income",
        "3100000000",
        "GBP",
        change=("12", "up", None),
    ),
    FactCase(
        "npat",
        "NPAT for the half came in at A$412.5 million.",
        "net_income",
        "412500000",
        "AUD",
        period=("half", None),
    ),
    FactCase(
        "abbreviation-after",
        "Annual recurring revenue (ARR) reached $1.71 billion, up 26% year-over-year.",
        "annual_recurring_revenue",
        "1710000000",
        "USD",
        change=("26", "up", "year-over-year"),
    ),
    FactCase(
        "appositive",
        "Net interest income (NII), the difference between what a bank earns on loans and pays "
        "out on deposits, increased 7% to $3.78 billion.",
        "net_interest_income",
        "3780000000",
        "USD",
        change=("7", "up", None),
    ),
    FactCase(
        "clause-between-commas",
        "The average cost to mine one bitcoin, excluding depreciation, was $38,900.",
        "expense",
        "38900",
        "USD",
    ),
    FactCase(
        "dated-prior",
        "Zorvex Corp had posted a net profit of $981 million in the same quarter last year.",
        "net_income",
        None,
        prior="981000000",
        company="Zorvex",
    ),
    FactCase(
        "growth-range",
        "The company now expects FY26 revenue growth of 2% to 3% in constant currency.",
        "revenue",
        None,
        change=("2", "up", None),
        period=("year", "FY2026"),
    ),
    FactCase(
        "metric-then-guidance",
        "It retained its operating margin guidance of 20% to 22% for the year.",
        "operating_margin",
        "20",
        kind="percent",
        high="22",
        period=("year", None),
    ),
    FactCase(
        "lower-than",
        "Realisation per tonne was ₹5,927, marginally lower than ₹5,980 in the previous quarter.",
        "average_selling_price",
        "5927",
        "INR",
        prior="5980",
        change=(None, "down", None),
    ),
    FactCase(
        "topped",
        "Bookings in the quarter topped $9 billion.",
        "bookings",
        "9000000000",
        "USD",
        period=("quarter", None),
    ),
    FactCase(
        "figure-clause-dates-it",
        "Barclays expects group net interest income, excluding investment banking, of more than "
        "£12.5 billion in 2025.",
        "net_interest_income",
        "12500000000",
        "GBP",
        period=("year", "FY2025"),
        company="Barclays",
    ),
    # -- guidance ranges ------------------------------------------------------------------
    FactCase(
        "guidance-between",
        "The company expects full-year revenue of between $5.6 billion and $5.8 billion.",
        "revenue",
        "5600000000",
        "USD",
        high="5800000000",
        period=("year", None),
    ),
    FactCase(
        "guidance-plus-minus",
        "Nvidia forecast second-quarter revenue of $28 billion, plus or minus 2%.",
        "revenue",
        "28000000000",
        "USD",
        period=("quarter", "Q2"),
        company="Nvidia",
    ),
    FactCase(
        "buyback-up-to",
        "HSBC announced a share buyback of up to $3 billion.",
        "buyback",
        "3000000000",
        "USD",
        company="HSBC",
    ),
    # -- per-share figures ----------------------------------------------------------------
    FactCase(
        "eps-compared",
        "Diluted earnings per share were $1.63, compared with $1.24 a year earlier.",
        "diluted_eps",
        "1.63",
        "USD",
        prior="1.24",
        change=(None, "up", "year-over-year"),
    ),
    FactCase(
        "dividend-cents",
        "Shell raised its quarterly dividend by 4% to 34.4 cents a share.",
        "dividend",
        "0.344",
        None,  # cents, and no dollar or euro amount in the text: which cents is open
        change=("4", "up", None),
        period=("quarter", None),
        company="Shell",
    ),
    FactCase(
        "wire-dividend",
        "Meridian Foods Corp raised its quarterly dividend to 22 cts a share from 20 cts.",
        "dividend",
        "0.22",
        "USD",
        prior="0.2",
        change=(None, "up", None),
        period=("quarter", None),
        company="Meridian Foods",
    ),
    FactCase(
        "eps-after-profit",
        "Net income rose 31% to $212 million, or $1.63 a diluted share, "
        "from $162 million, or $1.24 a share.",
        "diluted_eps",
        "1.63",
        "USD",
        prior="1.24",
    ),
    FactCase(
        "eps-wire-loss",
        "Meridian Foods Corp said it lost 4.1 mln dlrs, or 22 cts per share, in the "
        "fourth quarter.",
        "eps",
        "0.22",
        "USD",
        period=("quarter", "Q4"),
        company="Meridian Foods",
        gap="'lost' is a verb, no loss metric, so the per-share figure has no anchor",
    ),
]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.gap)] if c.gap else []
        )
        for c in CASES
    ],
)
def test_fact(extractor: Extractor, case: FactCase) -> None:
    record = extractor(case.text)
    facts = [f for f in record.facts if f.metric == case.metric]
    assert facts, f"no {case.metric} fact in {[f.metric for f in record.facts]}"
    assert _shown(facts[0]) == _wanted(case)
    _assert_offsets(case.text, record)


def _assert_offsets(text: str, record: DocumentRecord) -> None:
    for fact in record.facts:
        spans = [
            fact.metric_span,
            fact.value,
            fact.value_high,
            fact.prior_value,
            fact.change,
            fact.period,
        ]
        for span in spans:
            if span is not None:
                assert text[span.start : span.end] == span.text
        assert fact.sentence.start <= fact.metric_span.start < fact.sentence.end


# -- several facts in one sentence ------------------------------------------------------


@dataclass(frozen=True)
class ListCase:
    id: str
    text: str
    #: metric, amount, period label
    facts: list[tuple[str, str, str | None]] = field(default_factory=list)
    gap: str | None = None


LIST_CASES = [
    ListCase(
        "respectively-metrics",
        "Revenue, operating income and net income were $5.1 billion, $1.2 billion and "
        "$800 million, respectively.",
        [
            ("revenue", "5100000000", None),
            ("operating_income", "1200000000", None),
            ("net_income", "800000000", None),
        ],
    ),
    ListCase(
        "respectively-years",
        "Interest expense was $92 million, $167 million and $218 million for the years ended "
        "December 31, 2018, 2019 and 2020, respectively.",
        [
            ("interest_expense", "92000000", "FY2018"),
            ("interest_expense", "167000000", "FY2019"),
            ("interest_expense", "218000000", "FY2020"),
        ],
    ),
    ListCase(
        "fiscal-years",
        "Depreciation and amortization expenses were approximately $0.8 billion, $0.9 billion, "
        "and $1.0 billion for fiscal 2021, 2020, and 2019, respectively.",
        [
            ("depreciation_amortization", "800000000", "FY2021"),
            ("depreciation_amortization", "900000000", "FY2020"),
            ("depreciation_amortization", "1000000000", "FY2019"),
        ],
    ),
    ListCase(
        "years-inline",
        "Premiums were $87 million in 2020 and $92 million in 2019.",
        [("premiums", "87000000", "FY2020"), ("premiums", "92000000", "FY2019")],
    ),
    ListCase(
        "subject-not-complement",
        "Amortization expense for these capitalized costs was $322 million, $298 million, and "
        "$262 million for the years ended December 31, 2020, 2019, and 2018, respectively.",
        [
            ("depreciation_amortization", "322000000", "FY2020"),
            ("depreciation_amortization", "298000000", "FY2019"),
            ("depreciation_amortization", "262000000", "FY2018"),
        ],
    ),
    ListCase(
        "two-lists",
        "Revenue rose to $5.2 billion and net income was $610 million.",
        [("revenue", "5200000000", None), ("net_income", "610000000", None)],
    ),
    ListCase(
        "ordinal-quarters",
        "Capital expenditures were $13.1 billion, $12.0 billion and $10.9 billion in the first, "
        "second and third quarters, respectively.",
        [
            ("capex", "13100000000", "Q1"),
            ("capex", "12000000000", "Q2"),
            ("capex", "10900000000", "Q3"),
        ],
    ),
]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.gap)] if c.gap else []
        )
        for c in LIST_CASES
    ],
)
def test_fact_lists(extractor: Extractor, case: ListCase) -> None:
    record = extractor(case.text)
    got = [
        (f.metric, str(f.value.amount) if f.value else None, f.period.label if f.period else None)
        for f in record.facts
    ]
    assert got == case.facts
    _assert_offsets(case.text, record)


# -- no fact ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Bitcoin rose 5% to $91,000 on Tuesday.",  # a price, and no metric
        "Revenue is expected to rise next year.",  # a trend without a figure
        "Analysts said the shares were cheap at $88.20.",
        "The company hired 1,200 engineers in 2024.",
        "Revenue growth of 5% across the sector surprised analysts.",
    ],
)
def test_no_fact(extractor: Extractor, text: str) -> None:
    assert extractor(text).facts == ()


# -- attribution ------------------------------------------------------------------------


def test_anaphor_resolves_to_the_main_company(extractor: Extractor) -> None:
    text = (
        "Harbourline Group PLC said on Tuesday that demand from airlines held up. "
        "Harbourline's order book grew. The company said revenue rose 6% to 2.1 billion pounds."
    )
    record = extractor(text)
    assert record.main_company == "Harbourline"
    (fact,) = record.facts
    assert (fact.metric, fact.company) == ("revenue", "Harbourline")


def test_an_analysts_firm_owns_no_figure(extractor: Extractor) -> None:
    text = (
        'Pinecrest Pharmaceuticals Inc beat estimates. "A clean beat," said Evan Seidel, an '
        "analyst at Leerink Partners, who noted that international sales rose 64%."
    )
    (fact,) = extractor(text).facts
    assert (fact.metric, fact.company) == ("revenue", "Pinecrest Pharmaceuticals")


def test_a_unit_in_a_clause_of_contrast_is_no_later_subject(extractor: Extractor) -> None:
    text = (
        "Barclays Plc said income at the investment bank rose 12% to £3.1 billion, while "
        "Barclays UK posted a 7% increase in net interest income to £1.95 billion.\n\n"
        "The lender's CET1 ratio stood at 14.1%."
    )
    companies = {f.metric: f.company for f in extractor(text).facts}
    assert companies["net_interest_income"] == "Barclays UK"
    assert companies["cet1_ratio"] == "Barclays"


def test_no_company_is_left_null(extractor: Extractor) -> None:
    text = "Harbourline Group PLC opened a plant. Industry revenue rose 6% to 2.1 billion pounds."
    (fact,) = extractor(text).facts
    assert fact.company is None


def test_the_company_named_in_the_sentence_wins(extractor: Extractor) -> None:
    text = (
        "Harbourline Group PLC said its sales rose. Rival Kestrel Automation Corp said its "
        "revenue fell 4% to $960 million."
    )
    facts = extractor(text).facts
    assert [(f.metric, f.company) for f in facts if f.value] == [("revenue", "Kestrel Automation")]


def test_loss_keeps_a_positive_amount(extractor: Extractor) -> None:
    (fact,) = extractor("The group swung to a net loss of $35 million.").facts
    assert fact.metric == "net_loss"
    assert fact.value is not None and fact.value.amount == Decimal("35000000")


def test_repeated_figures_make_one_fact(extractor: Extractor) -> None:
    text = (
        "Kestrel Automation Corp posted revenue of $960 million for the quarter. "
        "The $960 million in revenue beat forecasts, Kestrel said."
    )
    facts = extractor(text).facts
    assert [(f.metric, str(f.value.amount) if f.value else None) for f in facts] == [
        ("revenue", "960000000")
    ]


@pytest.mark.parametrize(
    ("text", "change", "low", "high"),
    [
        ("Acme Corp expects revenue to grow 8-14% in 2025.", "grow 8-14%", "8", "14"),
        ("It expects revenue to grow 8% to 14%.", "grow 8% to 14%", "8", "14"),
        ("Revenue is expected to rise between 0.4% and 2.3%.", "0.4% and 2.3%", "0.4", "2.3"),
        (
            "Acme expects operating margin to widen 50 to 80 bps.",
            "widen 50 to 80 bps",
            "0.5",
            "0.8",
        ),
    ],
)
def test_a_change_given_as_a_range_keeps_both_ends(
    extractor: Extractor, text: str, change: str, low: str, high: str
) -> None:
    """A percentage range is two mentions; the change of the fact holds both ends."""
    (fact,) = extractor(text).facts
    assert fact.change is not None and fact.value is None
    assert (fact.change.text, fact.change.percent, fact.change.percent_high) == (
        change,
        Decimal(low),
        Decimal(high),
    )


def test_guidance_range_in_percent_is_a_value_and_its_high_end(extractor: Extractor) -> None:
    (fact,) = extractor("Acme Corp raised guidance of 8-14% for revenue growth.").facts
    assert fact.value is not None and fact.value_high is not None
    assert (fact.value.amount, fact.value_high.amount, fact.forecast) == (
        Decimal(8),
        Decimal(14),
        True,
    )
