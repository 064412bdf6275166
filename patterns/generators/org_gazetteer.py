"""Generate ``org_gazetteer.jsonl``: companies of the major stock indices, with tickers.

Source: pytickersymbols 1.17.10 (MIT License, (c) 2023 portfolio+), whose data lists the
constituents of 20 indices (S&P 500, Nasdaq 100, Dow Jones, FTSE 100, DAX, CAC 40, Nikkei 225
and others). English words from english-words 2.0.2 (MIT; the public-domain web2 list) flag
the aliases that are also ordinary words ("Target", "Shell"): those need a capital letter away
from the start of a sentence before they count. The output is committed;
``tests/test_pattern_integrity.py`` regenerates it in memory and fails when it drifts. Run from
the repository root::

    python patterns/generators/org_gazetteer.py
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

from english_words import get_english_words_set
from pytickersymbols.indices_data import INDICES

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

#: Legal forms dropped from the canonical name ("Aegon N.V." -> "Aegon").
LEGAL = (
    r"(?:,?\s+(?:Inc\.?|Incorporated|Corp\.?|Corporation|Co\.?|Company|Ltd\.?|Limited|plc|PLC|"
    r"Plc|N\.V\.|NV|S\.A\.|SA|SE|AG|A/S|ASA|AB|Oyj|S\.p\.A\.|SpA|L\.P\.|LP|LLC|Holdings?|"
    r"Group|Groep|KGaA|& Co\.?( KGaA)?))+$"
)
#: Words that may end a name without being distinctive ("Marriott International").
GENERIC_TAIL = re.compile(
    r"\s+(?:International|Technologies|Technology|Holdings?|Group|Systems|Industries|"
    r"Incorporated|Enterprises|Worldwide|Global)$"
)
#: Short names that news uses for something else far more often than for the company: the
#: company keeps its full name ("News Corp", "Match Group", "City Holding Company").
GENERIC_SHORT_NAMES = frozenset(
    {
        "City",
        "News",
        "Match",
        "Partners",
        "Investor",
        "Universal",
        "Southern",
        "Progressive",
        "Continental",
        "Interface",
        "Integer",
        "Next",
        "NOW",
        "SHIFT",
        "Pool",
        "Ball",
        "Hub",
        "Compass",
        "Evolution",
        "Phoenix",
        "Noble",
        "Douglas",
        "Lindsay",
        "Dana",
        "Sharp",
        "Deluxe",
        "Stride",
        "Enact",
        "Recruit",
        "Diploma",
        "Harmonic",
        "Rational",
        "Mosaic",
        "Admiral",
        "Indus",
        "Alamo",
        "Dover",
        "Hilltop",
        "Griffon",
        "Safehold",
        "Upbound",
        "Verve",
        "Cactus",
        "Ichor",
        "PROG",
        "SCREEN",
        "Hayward",
        "Tidewater",
        "Scholastic",
        "Hexagon",
        "Plexus",
        "Radian",
        "GEO",
        "Waters",
        "Apollo",
        "Investors",
        "Equity",
        "Regions",
        "Essential",
        "Ventas",
        "Federal",
        "National",
        "General",
        "United",
        "Bancorp",
        "Financial",
        "Holdings",
        "Capital",
        "Resources",
        "Energy",
        "Industries",
    }
)
#: Yahoo suffix -> exchange, for rows without a "traded as" field.
SUFFIX_EXCHANGE = {
    "T": "Tokyo Stock Exchange",
    "L": "London Stock Exchange",
    "DE": "Xetra",
    "PA": "Euronext Paris",
    "MC": "Bolsa de Madrid",
    "ST": "Nasdaq Stockholm",
    "AS": "Euronext Amsterdam",
    "HE": "Nasdaq Helsinki",
    "BR": "Euronext Brussels",
    "SW": "SIX Swiss Exchange",
    "MI": "Borsa Italiana",
}
TRADED_AS = {
    "NYSE": "NYSE",
    "Nasdaq": "Nasdaq",
    "TYO": "Tokyo Stock Exchange",
    "FWB": "Xetra",
    "LSE": "London Stock Exchange",
    "Euronext Paris": "Euronext Paris",
    "BMAD": "Bolsa de Madrid",
    "Nasdaq Stockholm": "Nasdaq Stockholm",
    "Euronext Amsterdam": "Euronext Amsterdam",
    "Nasdaq Helsinki": "Nasdaq Helsinki",
    "SIX": "SIX Swiss Exchange",
    "Euronext Brussels": "Euronext Brussels",
    "BIT": "Borsa Italiana",
    "TSX": "TSX",
    "AMEX": "NYSE American",
    "ASX": "ASX",
}


def canonical(name: str) -> str:
    name = re.sub(r"^The\s+", "", name.strip())
    return re.sub(LEGAL, "", name).strip(" ,")


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "x"


def exchange_of(company: dict) -> str | None:  # type: ignore[type-arg]
    traded = ((company.get("metadata") or {}).get("traded_as") or "").split(":")[0].strip()
    if traded in TRADED_AS:
        return TRADED_AS[traded]
    symbol = company.get("symbol") or ""
    return SUFFIX_EXCHANGE.get(symbol.rsplit(".", 1)[-1]) if "." in symbol else None


def rows() -> list[str]:
    words = get_english_words_set(["web2"], lower=True)
    companies: dict[str, dict] = {}  # type: ignore[type-arg]
    for index in INDICES.values():
        for company in index["companies"]:
            companies.setdefault(canonical(company["name"]), company)
    out = []
    for name in sorted(companies):
        company = companies[name]
        if len(name) < 2:
            continue
        full = company["name"].strip()
        aliases = {full, name}
        if name in GENERIC_SHORT_NAMES and full != name:
            aliases.discard(name)
            name = full.rstrip(".,")
        short = GENERIC_TAIL.sub("", name)
        if (
            short != name
            and len(short) >= 4
            and short.lower() not in words
            and short not in GENERIC_SHORT_NAMES
        ):
            aliases.add(short)
        ambiguous = sorted(a for a in aliases if " " not in a and a.lower() in words)
        symbol = company.get("symbol")
        row = {
            "id": f"gazetteer.{slug(name)}",
            "type": "organisation",
            "name": name,
            "kind": "company",
            "aliases": sorted(aliases),
        }
        if ambiguous:
            row["ambiguous"] = ambiguous
        if symbol:
            row["ticker"] = symbol.split(".")[0]
        exchange = exchange_of(company)
        if exchange:
            row["exchange"] = exchange
        row["source"] = "pytickersymbols"
        out.append(json.dumps(row, ensure_ascii=False))
    return out


OUTPUTS = {"org_gazetteer.jsonl": rows}


def render() -> dict[str, str]:
    """The text of every output file."""
    return _common.render(OUTPUTS)


def main() -> None:
    _common.write(OUTPUTS)


if __name__ == "__main__":
    main()
