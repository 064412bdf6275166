"""Whole facts: each shape of issue 15 in sentences of our own, with the fact it must give.

A row names the fact by its metric (and value, where a text has several of one metric) and
states the parts it checks; ``None`` in a row means "must be empty". Known gaps are strict
xfails, so a fix shows up as an unexpected pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from extractor import Extractor
from extractor.records import Fact, Source

UNSET = object()

Change = tuple[str | None, str, str | None]  # percent, direction, unit of the percent
Period = tuple[str | None, str | None]  # kind, label


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    metric: str
    #: Selects the fact among those of its metric, by the text of its value.
    value: str | None = None
    high: object = UNSET
    prior: object = UNSET
    change: object = UNSET
    change_amount: object = UNSET
    period: object = UNSET
    prior_period: object = UNSET
    company: object = UNSET
    source: object = UNSET
    segment: object = UNSET
    forecast: bool = False
    estimate: bool = False
    unit: object = UNSET
    currency: object = UNSET
    published: date | None = None
    gap: str | None = None


def _parts(fact: Fact) -> dict[str, object]:
    change = fact.change
    return {
        "high": None if fact.value_high is None else fact.value_high.text,
        "prior": None if fact.prior_value is None else fact.prior_value.text,
        "change": None
        if change is None
        else (
            None if change.percent is None else str(change.percent),
            change.direction,
            change.unit,
        ),
        "change_amount": None if change is None or change.amount is None else change.amount.text,
        "period": None if fact.period is None else (fact.period.kind, fact.period.label),
        "prior_period": None
        if fact.prior_period is None
        else (fact.prior_period.kind, fact.prior_period.label),
        "company": fact.company,
        "source": fact.company_source,
        "segment": fact.segment,
        "forecast": fact.forecast,
        "estimate": fact.estimate,
        "unit": None if fact.value is None else fact.value.unit,
        "currency": None if fact.value is None else fact.value.currency,
    }


CASES = [
    # -- periods with their year ----------------------------------------------------------
    Case(
        "fiscal-quarter-keeps-fiscal-year",
        "Orchard Systems reported revenue of $2.1 billion for Q3 FY2025.",
        "revenue",
        period=("quarter", "Q3 FY2025"),
    ),
    Case(
        "year-from-the-text",
        "In the third quarter of 2025, Orchard Systems' revenue rose 4% to $1.1 billion.",
        "revenue",
        period=("quarter", "Q3 2025"),
        change=("4", "up", "percent"),
    ),
    Case(
        "year-from-the-publication-date",
        "Orchard Systems said fourth-quarter revenue rose 4% to $1.1 billion.",
        "revenue",
        period=("quarter", "Q4 2025"),
        published=date(2026, 2, 10),
    ),
    Case(
        "year-from-a-dateline",
        "BOSTON, Feb. 10, 2026 /Newswire/ -- Orchard Systems said fourth-quarter revenue "
        "rose 4% to $1.1 billion.",
        "revenue",
        period=("quarter", "Q4 2025"),
    ),
    Case(
        "no-year-anywhere",
        "Orchard Systems said fourth-quarter revenue rose 4% to $1.1 billion.",
        "revenue",
        period=("quarter", "Q4"),
    ),
    Case(
        "half-year-label",
        "Lindqvist AB's revenue in H1 2025 was 3.4 billion euros.",
        "revenue",
        period=("half", "H1 2025"),
        currency="EUR",
    ),
    Case(
        "nine-months-label",
        "Revenue for the nine months ended September 30, 2024 was $2.4 billion.",
        "revenue",
        period=("nine months", "9M 2024"),
    ),
    Case(
        "prior-period-of-the-prior-value",
        "Orchard's third-quarter net income rose to $212 million from $162 million in the same "
        "quarter of 2024.",
        "net_income",
        prior="$162 million",
        period=("quarter", "Q3 2025"),
        prior_period=("quarter", "Q3 2024"),
    ),
    Case(
        "own-clause-period-forecast",
        "Lindqvist AB lifted its full-year forecast to 2.4 billion euros after first-half sales "
        "climbed 5%.",
        "guidance",
        period=("year", None),
        forecast=True,
    ),
    Case(
        "own-clause-period-sales",
        "Lindqvist AB lifted its full-year forecast to 2.4 billion euros after first-half sales "
        "climbed 5%.",
        "revenue",
        period=("half", "H1"),
        change=("5", "up", "percent"),
    ),
    # -- tables ---------------------------------------------------------------------------
    Case(
        "wire-headline-gives-the-quarter",
        "ORCHARD SYSTEMS INC <ORCS> 3RD QTR NET\n\nShr 41 cts vs 36 cts\n"
        "    Net 12,400,000 vs 10,900,000\n    Nine mths\n    Shr 1.10 dlrs vs 95 cts\n",
        "net_income",
        prior="10,900,000",
        period=("quarter", "Q3"),
        prior_period=("quarter", "Q3"),
        company="ORCHARD SYSTEMS",  # the organisation rules read the headline
        source="article",
        currency="USD",
    ),
    Case(
        "wire-section-line-gives-nine-months",
        "ORCHARD SYSTEMS INC <ORCS> 3RD QTR NET\n\nShr 41 cts vs 36 cts\n"
        "    Net 12,400,000 vs 10,900,000\n    Nine mths\n    Shr 1.10 dlrs vs 95 cts\n",
        "eps",
        value="1.10 dlrs",
        prior="95 cts",
        period=("nine months", None),
    ),
    Case(
        "wire-loss-sign-after-vs",
        "KESWICK MILLS <KSW> 4TH QTR LOSS\n\nShr profit 45 cts vs loss nine cts\n"
        "    Net profit 9.8 mln vs loss two mln\n",
        "eps",
        prior="nine cts",
        period=("quarter", "Q4"),
    ),
    Case(
        "press-release-columns",
        "Orchard Systems Inc. reports third-quarter results\n\n"
        "Three Months Ended September 30, 2025\n"
        "Revenue            $412.5 million     $380.1 million     9%\n"
        "Net income         $51.2 million      $40.3 million      27%\n",
        "revenue",
        prior="$380.1 million",
        change=("9", "up", "percent"),
        period=("quarter", "Q3 2025"),
        prior_period=("quarter", "Q3 2024"),
        company="Orchard Systems",
        source="article",
    ),
    Case(
        "headline-quarter-before-a-year",
        "Orchard Systems raises FY26 guidance after Q2 profit beats estimates\n\n"
        "Orchard Systems Inc said revenue rose 8.6% to $44.5 billion.\n",
        "revenue",
        period=("quarter", "Q2"),
    ),
    Case(
        "the-quarter-numbered-later",
        "Orchard Systems posts record quarter\n\n"
        "Orchard Systems Inc said third-quarter revenue rose to $248 million.\n\n"
        "Net income was $96.7 million.\n",
        "net_income",
        period=("quarter", "Q3"),
    ),
    Case(
        "headline-fact-takes-the-articles-period",
        "Orchard revenue jumps 55%\n\n"
        "Orchard Systems Inc reported third-quarter revenue of $1.87 billion.\n",
        "revenue",
        value=None,
        period=("quarter", "Q3"),
    ),
    Case(
        "sequentially-keeps-the-quarter",
        "Orchard Systems Inc reported third-quarter revenue of $1.87 billion. "
        "Power costs fell 6% sequentially.",
        "expense",
        period=("quarter", "Q3"),
    ),
    Case(
        "table-unit-in-a-header",
        "Orchard Systems Inc. reports third-quarter results\n\n"
        "Key figures (in millions of U.S. dollars, except per-share data)\n\n"
        "                         Q3 2025    Q3 2024\n"
        "Revenue                    412.6      341.0\n"
        "Operating loss            (18.4)     (41.2)\n"
        "Diluted EPS                 1.24       0.98\n",
        "operating_loss",
        prior="(41.2)",
        period=("quarter", "Q3 2025"),
        currency="USD",
    ),
    Case(
        "table-unit-of-a-row",
        "Glenmore Foods plc - results for the year ended 30 September 2025\n\n"
        "                                  FY25      FY24\n"
        "Group revenue (£m)              2,184.6   2,021.3\n"
        "Adjusted basic EPS (pence)         24.6      20.9\n"
        "Profit/(loss) before tax (£m)      98.7    (12.5)\n",
        "pretax_income",
        prior="(12.5)",
        currency="GBP",
        period=("year", "FY2025"),
    ),
    Case(
        "key-figure-box",
        "Key figures\n\nDiluted EPS2\n$1.87\nUp 10% YoY\n",
        "diluted_eps",
        change=("10", "up", "percent"),
    ),
    Case(
        "scale-after-a-line-break",
        "Total revenue was 3.36\nbillion dollars in 2024.",
        "revenue",
        value="3.36\nbillion dollars",
        period=("year", "FY2024"),
    ),
    # -- forecasts and estimates ----------------------------------------------------------
    Case(
        "expects-to-reach",
        "Orchard expects revenue to reach $85 million in the fourth quarter.",
        "revenue",
        forecast=True,
        period=("quarter", "Q4"),
    ),
    Case(
        "guidance-range-is-one-fact",
        "The company issued guidance of $7.2 billion to $7.4 billion in revenue for 2026.",
        "revenue",
        high="$7.4 billion",
        forecast=True,
        period=("year", "FY2026"),
    ),
    Case(
        "outlook-names-its-metric",
        "Orchard raised its revenue outlook to $5.6 billion.",
        "revenue",
        forecast=True,
    ),
    Case(
        "analysts-estimate-is-marked",
        "Analysts had expected earnings of $2.10 a share.",
        "eps",
        estimate=True,
    ),
    Case(
        "beat-margin-is-no-change",
        "Orchard's adjusted EPS of $1.34 beat estimates by 6.2%.",
        "adjusted_eps",
        change=None,
        estimate=False,
    ),
    Case(
        "consensus-is-no-prior",
        "Orchard's revenue was $4.82 billion, above the consensus estimate of $4.61 billion.",
        "revenue",
        prior=None,
    ),
    # -- links that prose makes -----------------------------------------------------------
    Case(
        "rise-in-metric-to-value",
        "Keswick reported a 9 pct rise in group turnover to 612.3 mln stg.",
        "revenue",
        change=("9", "up", "percent"),
        currency="GBP",
    ),
    Case(
        "margin-in-basis-points",
        "Orchard's operating margin expanded 180 bps to 22.4% in 3Q25.",
        "operating_margin",
        change=("1.8", "up", "basis_points"),
        period=("quarter", "Q3 2025"),
    ),
    Case(
        "absolute-change-by",
        "Orchard raised its buyback authorisation by $2bn.",
        "buyback",
        change=(None, "up", None),
        change_amount="$2bn",
    ),
    Case(
        "absolute-change-and-percent",
        "Revenue was $18.1 million, an increase of $3.2 million, or 21.5%.",
        "revenue",
        change=("21.5", "up", "percent"),
        change_amount="$3.2 million",
    ),
    Case(
        "respectively-values-and-changes",
        "Revenue and operating income of $4.1 billion and $2.87 billion were up 6% and 9%, "
        "respectively.",
        "operating_income",
        value="$2.87 billion",
        change=("9", "up", "percent"),
    ),
    Case(
        "kept-forecast-gets-no-change",
        "Hanami Corp kept its forecast for net income at 18 billion yen and raised its interim "
        "dividend.",
        "net_income",
        change=None,
        period=None,
        forecast=True,
    ),
    Case(
        "prior-named-by-its-own-metric",
        "Orchard said it earned $74.7 million, up from earnings of $63.2 million a year earlier.",
        "net_income",
        prior="$63.2 million",
    ),
    # -- the company of every fact --------------------------------------------------------
    Case(
        "company-in-the-clause",
        "Orchard Systems said Lindqvist AB's revenue rose 4% to 2 billion euros.",
        "revenue",
        company="Lindqvist",
        source="clause",
    ),
    Case(
        "company-is-the-subject",
        "Orchard Systems said on Tuesday that demand held up; net income rose 12% to $40 million.",
        "net_income",
        company="Orchard Systems",
        source="subject",
    ),
    Case(
        "company-from-an-anaphor",
        "Orchard Systems Inc opened a plant in Ohio. The Pittsburgh-based company said revenue "
        "rose 6% to $2.1 billion.",
        "revenue",
        company="Orchard Systems",
        source="anaphor",
    ),
    Case(
        "segment-keeps-its-company",
        "Orchard Systems Corp said its cloud revenue grew 21% to $2.3 billion.",
        "revenue",
        company="Orchard Systems",
        segment="cloud",
    ),
    Case(
        "named-unit-in-the-clause",
        "Orchard Systems said operating profit at its Keswick Pipeline Corp unit fell 4.5% to "
        "$150 million.",
        "operating_income",
        company="Keswick Pipeline",
        source="clause",
    ),
    Case(
        "equal-claim-leaves-it-null",
        "Orchard Systems Inc and Lindqvist AB report results\n\nRevenue rose 5% to $3 billion.",
        "revenue",
        company=None,
        source=None,
    ),
    Case(
        "wire-number-word-prior",
        "KESWICK MILLS <KSW> 4TH QTR NET\n\nNet profit 9.8 mln vs loss two mln\n",
        "net_income",
        prior="two mln",
    ),
    # -- known gaps -------------------------------------------------------------------------
    Case(
        "verb-as-the-metric",
        "Orchard Systems earned $74.7 million in the third quarter.",
        "net_income",
        period=("quarter", "Q3"),
        gap="a verb that names the figure ('earned') is no metric",
    ),
    Case(
        "month-before-the-metric",
        "Orchard Systems said its March sales rose 11.2% from a year earlier.",
        "revenue",
        period=("month", None),
        gap="a month named before the metric ('March sales') is no period yet",
    ),
    # -- metrics people report today, with their units -------------------------------------
    Case(
        "hash-rate-in-eh-s",
        "Realized hash rate rose 40% to 6.5 EH/s in the quarter.",
        "hash_rate",
        unit="EH/s",
    ),
    Case(
        "deliveries-count-vehicles",
        "Its deliveries rose 13% to 384,122 vehicles in the second quarter.",
        "deliveries",
        unit="vehicles",
    ),
    Case(
        "average-shares",
        "Avg shrs 20.9 mln vs 19.9 mln",
        "average_shares",
        unit="shares",
    ),
]


def _find(facts: tuple[Fact, ...], case: Case) -> Fact:
    mine = [f for f in facts if f.metric == case.metric]
    assert mine, f"no {case.metric} fact in {[f.metric for f in facts]}"
    if case.value is not None:
        mine = [f for f in mine if f.value is not None and f.value.text == case.value]
        assert mine, f"no {case.metric} fact with the value {case.value!r}"
    return mine[0]


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c, id=c.id, marks=[pytest.mark.xfail(strict=True, reason=c.gap)] if c.gap else []
        )
        for c in CASES
    ],
)
def test_whole_fact(extractor: Extractor, case: Case) -> None:
    source = None if case.published is None else Source(published=case.published)
    record = extractor(case.text, source=source)
    got = _parts(_find(record.facts, case))
    wanted = {name: getattr(case, name) for name in got if getattr(case, name) is not UNSET}
    assert {name: got[name] for name in wanted} == wanted
    for fact in record.facts:
        for span in (fact.metric_span, fact.value, fact.prior_value, fact.change, fact.period):
            if span is not None:
                assert case.text[span.start : span.end] == span.text


def test_the_headline_is_its_own_sentence(extractor: Extractor) -> None:
    text = "ORCHARD PROFIT JUMPS\n\nOrchard Systems said revenue was $5 million."
    facts = extractor(text).facts
    assert [(f.metric, f.value.text if f.value else None) for f in facts] == [
        ("revenue", "$5 million")
    ]


def test_a_wrapped_line_is_no_boundary(extractor: Extractor) -> None:
    text = "Orchard Systems said its net income for the year ended\nJune 30 rose to $5 million."
    (fact,) = extractor(text).facts
    assert (fact.metric, fact.value.text if fact.value else None) == ("net_income", "$5 million")


def test_bare_numbers_in_a_table_take_its_currency(extractor: Extractor) -> None:
    text = (
        "KESWICK MILLS <KSW> 4TH QTR NET\n\nShr 41 cts vs 36 cts\n"
        "    Net 12,400,000 vs 10,900,000\n"
    )
    net = next(f for f in extractor(text).facts if f.metric == "net_income")
    assert net.value is not None and net.prior_value is not None
    assert (net.value.kind, net.value.currency, net.value.amount) == (
        "money",
        "USD",
        Decimal("12400000"),
    )


def test_company_source_is_set_with_the_company(extractor: Extractor) -> None:
    text = "Orchard Systems Inc said revenue rose 4% to $1 billion. Sales in Ohio fell 2%."
    for fact in extractor(text).facts:
        assert (fact.company is None) == (fact.company_source is None)


def test_a_tables_unit_scales_its_bare_figures(extractor: Extractor) -> None:
    """ "(in millions ...)" above a table and "(£m)", "(pence)" on a row count its figures;
    a table's unit leaves figures per share alone; a bracketed figure is negative."""
    text = (
        "Key figures (in millions of U.S. dollars, except per-share data)\n\n"
        "                         Q3 2025    Q3 2024\n"
        "Revenue                    412.6      341.0\n"
        "Net income (loss)           (2.1)       4.5\n"
        "Diluted EPS                 1.24       0.98\n\n"
        "Group revenue (£m)        2,184.6    2,021.3\n"
        "Adjusted basic EPS (pence)   24.6       20.9\n"
    )
    facts = {
        (f.metric_span.text, f.value.text): (str(f.value.amount), f.value.currency)
        for f in extractor(text).facts
        if f.value is not None
    }
    assert facts[("Revenue", "412.6")] == ("412600000", "USD")
    assert facts[("Net income", "(2.1)")] == ("-2100000", "USD")
    assert facts[("Diluted EPS", "1.24")] == ("1.24", "USD")
    assert facts[("Group revenue", "2,184.6")] == ("2184600000", "GBP")
    assert facts[("Adjusted basic EPS", "24.6")] == ("0.246", "GBP")


def test_a_ticker_in_brackets_is_no_comparison(extractor: Extractor) -> None:
    """ "(NASDAQ: ACME)" is not "(Q3 2024: EUR 2.9bn)": the period after it is the fact's own,
    and a bracketed comparison with its period still gives the prior value."""
    text = (
        "Acme Corp (NASDAQ: ACME) reported third-quarter revenue of $1.2 billion, up 8%, "
        "and net income of EUR 3.1bn (Q3 2024: EUR 2.9bn)."
    )
    facts = {f.metric: f for f in extractor(text).facts}
    revenue, income = facts["revenue"], facts["net_income"]
    assert revenue.period is not None
    assert text[revenue.period.start : revenue.period.end] == "third-quarter"
    assert income.prior_value is not None and income.prior_value.text == "EUR 2.9bn"
    assert income.prior_period is not None and income.prior_period.label == "Q3 2024"
