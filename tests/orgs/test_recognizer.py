"""Golden cases for organisations: evidence rules, kinds, propagation, rejections."""

from __future__ import annotations

from typing import NamedTuple

import pytest

from extractor import Extractor, extract


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
    # evidence from context for names no list knows
    case("Quorvan swung to a loss in the year.", Org("Quorvan", "company", ("Quorvan",))),
    case("Quorvan on Thursday recorded a gain.", Org("Quorvan", "company", ("Quorvan",))),
    case("Quorvan raised its outlook.", Org("Quorvan", "company", ("Quorvan",))),
    case("Quorvan's third-quarter revenue rose 355%.", Org("Quorvan", "company", ("Quorvan",))),
    case(
        "Kelvora, the fintech company behind corporate cards, raised $500 million.",
        Org("Kelvora", "company", ("Kelvora",)),
    ),
    case(
        "Spending at Kelvora, a London-based lender, rose.",
        Org("Kelvora", "company", ("Kelvora",)),
    ),
    case(
        "Kelvora, formerly Mistrel, recorded a gain. Mistrel was founded in 2009.",
        Org("Kelvora", "company", ("Kelvora", "Mistrel", "Mistrel")),
    ),
    case(
        "Kelvora (formerly Mistrel) said it would hire.",
        Org("Kelvora", "company", ("Kelvora", "Mistrel")),
    ),
    case(
        "Orders rose at Kelvora, which opened a plant last year, said its chairman.",
        Org("Kelvora", "company", ("Kelvora",)),
    ),
    case(
        "Analysts said packaging maker Huvira beat estimates.",
        Org("Huvira", "company", ("Huvira",)),
    ),
    case(
        '"Demand is strong," said Dana Reyes, head of research at Quorvan Capital.',
        Org("Quorvan Capital", "company", ("Quorvan Capital",)),
        absent=("Dana Reyes",),
    ),
    case(
        "The Monetary Policy Committee (MPC) met. The MPC kept rates on hold.",
        Org(
            "Monetary Policy Committee",
            "government",
            ("Monetary Policy Committee", "MPC", "MPC"),
        ),
    ),
    case(
        "Signatories include Hershey <HSY.N>, Marvela, Cargolo and Nestle <NESN.S>.",
        Org("Marvela", "company", ("Marvela",)),
        Org("Cargolo", "company", ("Cargolo",)),
    ),
    case(
        "Growth was strong at Kelvora Group N.V. (NASDAQ: KLVR), the company said.",
        Org("Kelvora", "company", ("Kelvora Group N.V", "KLVR"), ticker="KLVR"),
        Org("Nasdaq", "exchange", ("NASDAQ",)),
    ),
    case("Macy's <M.N> rose 3.8%.", Org("Macy", "company", ("Macy's",), ticker="M")),
    # 1987 wires: headlines in capitals, bare tickers, wrapped lines
    case(
        "NWA INC <NWA> 4TH QTR NET\n\nShr profit 45 cts vs loss nine cts",
        Org("NWA", "company", ("NWA INC",), ticker="NWA"),
        absent=("QTR", "NET"),
    ),
    case(
        "HARTFORD UNIT POSTS 4TH QTR GAIN\n\nHartford Insurance Group, a unit of ITT Corp, said",
        Org("Hartford Insurance", "company", ("HARTFORD", "Hartford Insurance Group")),
        absent=("HARTFORD UNIT POSTS",),
    ),
    case(
        "CASTLE AND COOKE <CKE> TAKES FOURTH QTR LOSS\n\nCastle and Cooke Inc said it would",
        Org("Castle and Cooke", "company", ("CASTLE AND COOKE", "Castle and Cooke Inc")),
    ),
    case(
        "The offer came from the senior management and the Equitable Life Assurance\n"
        "Society of the United States, which raised the value of its offer by 20 pct.",
        Org(
            "Equitable Life Assurance Society of the United States",
            "other",
            ("Equitable Life Assurance\nSociety of the United States",),
        ),
    ),
    # boundaries
    case(
        "Rolls-Royce Holdings plc raised its guidance.",
        Org("Rolls-Royce", "company", ("Rolls-Royce Holdings plc",)),
    ),
    case(
        "Barclays Bank Ireland handles the European business of Barclays.",
        Org("Barclays Bank Ireland", "bank", ("Barclays Bank Ireland",)),
        Org("Barclays", "bank", ("Barclays",)),
    ),
    case(
        "Profit fell at Bank of Montreal4 and rose at Zorvex Corp.",
        Org("Bank of Montreal", "bank", ("Bank of Montreal",)),
    ),
    case(
        "It said in a filing with the Securities and\nExchange Commission that it holds a stake.",
        Org(
            "Securities and Exchange Commission",
            "regulator",
            ("Securities and\nExchange Commission",),
        ),
        absent=("Exchange\nCommission", "Exchange Commission"),
    ),
    # wires, publishers, credit lines: media
    *[
        case(text, Org(name, "media", (mention,)))
        for text, name, mention in (
            (
                "AUSTIN, Texas, Feb. 4, 2026 /PRNewswire/ -- Zorvex Inc. said",
                "PR Newswire",
                "PRNewswire",
            ),
            (
                "NEW YORK, March 2, 2026 (GLOBE NEWSWIRE) -- Zorvex Inc said",
                "GlobeNewswire",
                "GLOBE NEWSWIRE",
            ),
            ("SAN JOSE (BUSINESS WIRE) -- Zorvex Inc said", "Business Wire", "BUSINESS WIRE"),
            ("LONDON (dpa-AFX) - Zorvex Inc said", "dpa", "dpa-AFX"),
            ("Shares rose 1.2%. (Reporting by RTTNews)", "RTTNews", "RTTNews"),
            ("Written by the editors, powered by Quorvan Press.", "Quorvan Press", "Quorvan Press"),
            ("Copyright 2025 Daily Markets Wire", "Daily Markets Wire", "Daily Markets Wire"),
            ("Source: company statement. (c) Kelvora Media 2015", "Kelvora Media", "Kelvora Media"),
        )
    ],
    # dateline glued by double hyphens (Business Wire), and the name after it
    case(
        "MINNEAPOLIS--(BUSINESS WIRE)--Halvorsen Medical Corp. (NYSE: HLVM) today reported.",
        Org("Halvorsen Medical", "company", ("Halvorsen Medical Corp", "HLVM"), "HLVM"),
        Org("Business Wire", "media", ("BUSINESS WIRE",)),
        absent=("MINNEAPOLIS",),
    ),
    # a period's label ends a name
    case(
        "Nordhavn Bank Q3 profit rises\n\nNordhavn Bank A/S reported a profit.",
        Org("Nordhavn Bank", "bank", ("Nordhavn Bank", "Nordhavn Bank A/S")),
        absent=("Nordhavn Bank Q3",),
    ),
    # a possessive that belongs to the name, before a legal suffix
    case(
        "Halloway's sales beat forecasts.\n\nHalloway's Inc said sales rose. Halloway's raised "
        "its forecast.",
        Org("Halloway's", "company", ("Halloway's", "Halloway's Inc", "Halloway's")),
    ),
    # particles: a known name ("Linde") inside a longer one
    case(
        "Dutch retailer Van der Linde Groep NV said profit fell. Van der Linde's shares fell.",
        Org("Van der Linde", "company", ("Van der Linde Groep NV", "Van der Linde")),
        absent=("Linde",),
    ),
    # a headline's abbreviation of the legal name; two legal names that share a word
    case(
        "Pinecrest Pharma beats estimates\n\nPinecrest Pharmaceuticals Inc beat estimates. "
        "Pinecrest narrowed its forecast.",
        Org(
            "Pinecrest Pharmaceuticals",
            "company",
            ("Pinecrest Pharma", "Pinecrest Pharmaceuticals Inc", "Pinecrest"),
        ),
    ),
    case(
        "Alpenrose Holding AG said profit rose. Its unit Alpenrose Asia Ltd reported a profit. "
        "Alpenrose shares rose.",
        Org("Alpenrose", "company", ("Alpenrose Holding AG", "Alpenrose")),
        Org("Alpenrose Asia", "company", ("Alpenrose Asia Ltd",)),
    ),
    # a known company takes the legal name the text gives it
    case(
        "Coinbase revenue jumps\n\nCoinbase Global Inc reported revenue. Coinbase shares rose.",
        Org("Coinbase Global", "company", ("Coinbase", "Coinbase Global Inc", "Coinbase"), "COIN"),
    ),
    # initials of a long name, used without introducing them; a known name and a place
    case(
        "Rivals Tata Consultancy Services and Wipro reported, with TCS posting a rise.",
        Org("Tata Consultancy Services", "company", ("Tata Consultancy Services", "TCS")),
    ),
    case(
        "Barclays said income rose, while Barclays UK posted a 7% increase.",
        Org("Barclays UK", "bank", ("Barclays UK",)),
    ),
    # a name with a legal suffix ends before "and" another name; a data provider
    case(
        "Like rivals MARA Holdings and Riot Platforms, Coldlake is converting capacity.",
        Org("MARA", "company", ("MARA Holdings",)),
        absent=("MARA Holdings and Riot Platforms",),
    ),
    case(
        "Analysts polled by Visible Alpha expected $7.52.",
        Org("Visible Alpha", "company", ("Visible Alpha",)),
    ),
    # rejections
    case("Dana Whitfield said demand was strong.", absent=("Dana Whitfield", "Dana")),
    case(
        "Chris Bowen attacked the plan. Bowen said it would fail. Bowen said so again.",
        absent=("Bowen",),
    ),
    case("Total revenue 1,904 1,812\nTotal income 412 381", absent=("Total",)),
    case("Japan Inc is changing fast.", absent=("Japan", "Japan Inc")),
    case("Zorvex will hold its Investor Day on March 18.", absent=("Investor Day",)),
    case("WALL STREET RALLIES ON RATE HOPES", absent=("WALL STREET", "WALL STREET RALLIES")),
    case("Separately, the German lender is working on a deal.", absent=("Separately",)),
    case("Retirement Savings By Ellen Chang | 08/26/15", absent=("Retirement Savings",)),
    case("Apple Watch sales rose. Apple Inc said so.", absent=("Apple Watch",)),
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


def test_indices_are_of_kind_index(extractor: Extractor) -> None:
    record = extractor("The FTSE 250 rose 1%, the DAX fell and the S&P 500 was flat.")
    assert {(c.name, c.kind) for c in record.companies} == {
        ("FTSE 250", "index"),
        ("DAX", "index"),
        ("S&P 500", "index"),
    }


MAIN_CASES = [
    pytest.param(
        "Quorvan swings to profit\n\nQuorvan Ltd said sales rose. Rival Kestrel Corp said "
        "demand was weak. Kestrel said it would hire. Kestrel Corp said costs fell. "
        "Shares of Kestrel rose.",
        "Quorvan",
        id="headline-not-the-one-named-most",
    ),
    pytest.param(
        "Kelvora Inc. said revenue rose 12% to $4.1 billion. Analysts at Zorvex Capital "
        "said the results were strong. Zorvex Capital raised its target.",
        "Kelvora",
        id="first-sentence",
    ),
    pytest.param(
        "LONDON (Reuters) - Reuters learned that Kelvora Corp swung to a loss of $5 million. "
        "Reuters could not reach Reuters Breakingviews.",
        "Kelvora",
        id="never-a-publisher",
    ),
]


@pytest.mark.parametrize(("text", "main"), MAIN_CASES)
def test_main_company(extractor: Extractor, text: str, main: str) -> None:
    assert extractor(text).main_company == main


def test_no_main_company_without_a_company(extractor: Extractor) -> None:
    assert extractor("The Federal Reserve held rates; the S&P 500 rose.").main_company is None


def test_sentence_subjects_and_lead_company(extractor: Extractor) -> None:
    text = (
        "Kelvora beats estimates\n\n"
        "In the third quarter, Kelvora Inc. reported revenue of $2 billion. "
        "Rival Zorvex Corp said demand was weak. "
        "Analysts at Mistrel Capital said little. "
        "Sales rose at both, while Zorvex's margin fell."
    )
    doc = extractor.nlp(text)
    assert doc._.fin_lead_company == "Kelvora"
    subjects = [
        (s.company, text[s.start : s.end].strip()[:24]) for s in doc._.fin_sentence_subjects
    ]
    assert subjects == [
        ("Kelvora", "Kelvora beats estimates"),
        ("Kelvora", "In the third quarter, Ke"),
        ("Zorvex", "Rival Zorvex Corp said d"),
        ("Zorvex", "Sales rose at both, whil"),
    ]
    for subject in doc._.fin_sentence_subjects:
        assert text[subject.mention.start : subject.mention.end] == subject.mention.text


def test_a_record_names_each_company_once() -> None:
    """A known company named as written ("Ford Motor Co" is Ford Motor) and a run that a
    wrapped line cut short ("Ford Motor\\nCredit Co") end with one name: one company, with
    the mentions of both, as the SQL sinks' key (article, company name) needs."""
    record = extract(
        "Ford Motor Co said its Ford Motor\nCredit Co unit will redeem 4.0 mln dlrs of its "
        "debentures. Ford said the debentures are redeemable at par."
    )
    names = [company.name for company in record.companies]
    assert len(names) == len(set(names)), names
    ford = next(c for c in record.companies if c.name == "Ford Motor")
    assert [m.text for m in ford.mentions][:2] == ["Ford Motor Co", "Ford Motor"]
