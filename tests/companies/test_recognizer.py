"""Golden cases for organisations: evidence rules, kinds, propagation, rejections."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from extractor import Extractor


class Org(NamedTuple):
    name: str
    kind: str
    mentions: tuple[str, ...]
    ticker: str | None = None


class OrgCase(NamedTuple):
    text: str
    expected: tuple[Org, ...]
    #: names that must not be organisations
    absent: tuple[str, ...] = ()


def case(text: str, *expected: Org, absent: tuple[str, ...] = ()) -> OrgCase:
    return OrgCase(text, expected, absent)


CASES = [
    # legal suffixes
    *[
        case(
            f"Zorvex {suffix} said it would cut jobs.",
            Org("Zorvex", "company", (f"Zorvex {suffix}",)),
        )
        for suffix in (
            "Inc",
            "Corp",
            "Corporation",
            "Ltd",
            "PLC",
            "LLC",
            "AG",
            "SA",
            "NV",
            "SE",
            "Holdings",
            "Group",
            "& Co",
        )
    ],
    case("Workday, Inc. raised its outlook.", Org("Workday", "company", ("Workday, Inc",))),
    case(
        "Carr, Riggs & Ingram, LLC (CRI) hired staff. CRI said it would grow.",
        Org("Carr, Riggs & Ingram", "company", ("Carr, Riggs & Ingram, LLC", "CRI", "CRI")),
    ),
    # ticker forms
    case(
        "TeraWulf (NASDAQ: WULF) rose. WULF gained again.",
        Org("TeraWulf", "company", ("TeraWulf", "WULF", "WULF"), ticker="WULF"),
    ),
    case(
        "Zorvex Systems (NYSE:ZVX) fell.",
        Org("Zorvex Systems", "company", ("Zorvex Systems", "ZVX"), "ZVX"),
    ),
    case(
        "Johnson & Johnson <JNJ.N> said",
        Org("Johnson & Johnson", "company", ("Johnson & Johnson",), "JNJ"),
    ),
    case("Traders piled into $TSLA on Monday.", Org("Tesla", "company", ("$TSLA",), "TSLA")),
    # context cues
    case("Shares of Quorvan rose 5%.", Org("Quorvan", "company", ("Quorvan",))),
    case(
        "The rally lifted companies like BrightPath.", Org("BrightPath", "company", ("BrightPath",))
    ),
    case(
        "Investors favoured firms such as Kelvora and Mistrel.",
        Org("Kelvora", "company", ("Kelvora",)),
    ),
    case("Quorvan's chief executive resigned.", Org("Quorvan", "company", ("Quorvan",))),
    case("Quorvan reported higher sales.", Org("Quorvan", "company", ("Quorvan",))),
    case("Quorvan posted a loss.", Org("Quorvan", "company", ("Quorvan",))),
    case(
        "It lost share to Quorvan, the mining company, last year.",
        Org("Quorvan", "company", ("Quorvan",)),
    ),
    case("It lost ground to rival Quorvan last year.", Org("Quorvan", "company", ("Quorvan",))),
    case("The Quorvan-owned mine closed.", Org("Quorvan", "company", ("Quorvan",))),
    # kinds from the gazetteer and from the name's own words
    case(
        "The Federal Reserve held rates.",
        Org("Federal Reserve", "central_bank", ("Federal Reserve",)),
    ),
    case(
        "The SEC sued the firm.", Org("Securities and Exchange Commission", "regulator", ("SEC",))
    ),
    case("Nasdaq said trading resumed.", Org("Nasdaq", "exchange", ("Nasdaq",))),
    case("The S&P 500 rose 1%.", Org("S&P 500", "index", ("S&P 500",))),
    case("Reuters reported the deal.", Org("Reuters", "media", ("Reuters",))),
    case(
        "Pearl River Commercial Bank posted a profit.",
        Org("Pearl River Commercial Bank", "bank", ("Pearl River Commercial Bank",)),
    ),
    case(
        "The Ohio Department of Natural Resources says the plan is weak.",
        Org(
            "Ohio Department of Natural Resources",
            "government",
            ("Ohio Department of Natural Resources",),
        ),
    ),
    # document-level propagation
    case(
        "Goldman Sachs Group Inc. cut jobs. Goldman said more cuts may follow.",
        Org("Goldman Sachs", "bank", ("Goldman Sachs Group Inc", "Goldman")),
    ),
    case(
        "TeraWulf's revenue rose. Analysts praised companies like TeraWulf.",
        Org("TeraWulf", "company", ("TeraWulf", "TeraWulf")),
    ),
    case(
        "MERIDIAN FOODS SEES GAIN\nMeridian Foods Corp said sales rose.",
        Org("Meridian Foods", "company", ("MERIDIAN FOODS", "Meridian Foods Corp")),
    ),
    # rejections
    case("Dana Whitfield said demand was strong.", absent=("Dana Whitfield", "Dana")),
    case("chief executive Dana Whitfield said so.", absent=("Dana Whitfield", "Dana")),
    case("Bitcoin mining income fell as AI demand grew in HPC.", absent=("Bitcoin", "AI", "HPC")),
    case("Washington said the talks would resume.", absent=("Washington",)),
    case("However, demand said little.", absent=("However",)),
    case("In January the CEO spoke.", absent=("January", "CEO")),
    case(
        "Infrastructure Advantages Drive AI Transition", absent=("Infrastructure Advantages Drive",)
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c.text[:60] for c in CASES])
def test_organisations(extractor: Extractor, case: OrgCase) -> None:
    record = extractor(case.text)
    found = {c.name: c for c in record.companies}
    for org in case.expected:
        assert org.name in found, f"{org.name!r} not in {sorted(found)}"
        company = found[org.name]
        assert company.kind == org.kind
        assert tuple(m.text for m in company.mentions) == org.mentions
        if org.ticker is not None:
            assert company.ticker == org.ticker
        for mention in company.mentions:
            assert case.text[mention.start : mention.end] == mention.text
    mentioned = {m.text for c in record.companies for m in c.mentions}
    for name in case.absent:
        assert name not in found and name not in mentioned


def test_main_company_is_the_one_named_most(extractor: Extractor) -> None:
    text = (
        "Quorvan Ltd said sales rose. Rival Kestrel Corp disagreed. "
        "Quorvan said it would hire. Shares of Quorvan rose."
    )
    record = extractor(text)
    assert record.main_company == "Quorvan"


def test_no_main_company_without_a_company(extractor: Extractor) -> None:
    assert extractor("The Federal Reserve held rates; the S&P 500 rose.").main_company is None
