"""Generate ``iso4217.jsonl`` and ``currencies_cldr.jsonl`` from the Unicode CLDR data in Babel.

Source: Babel (BSD-3-Clause), which carries the Unicode CLDR (Unicode License v3); both are
permissive. The output is committed; ``tests/test_pattern_integrity.py`` regenerates it in
memory and fails when it drifts. Run from the repository root::

    python patterns/generators/cldr_currencies.py

Hand-written news and wire forms (``dlrs``, ``stg``, ``$`` read as USD) live in
``currencies.jsonl``, which is loaded after these files and overrides them by surface text.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

from babel import Locale, numbers
from babel.core import get_global
from babel.localedata import locale_identifiers

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

#: Pre-euro currencies that archives of financial news still name (Reuters 1987 and the like).
LEGACY_IN_NEWS = frozenset(
    {"ATS", "BEF", "DEM", "ESP", "FIM", "FRF", "GRD", "IEP", "ITL", "LUF", "NLG", "PTE", "XEU"}
)


def _current_codes() -> set[str]:
    current: set[str] = set()
    for entries in get_global("territory_currencies").values():
        for code, _start, end, tender in entries:
            if end is None and tender:
                current.add(code)
    return current


def _row(**fields: object) -> str:
    return json.dumps(fields, ensure_ascii=False, sort_keys=False)


def iso4217_rows() -> list[str]:
    english = Locale.parse("en")
    current = _current_codes()
    rows = []
    for code in sorted(numbers.list_currencies()):
        if len(code) != 3 or not code.isalpha() or not code.isupper():
            continue
        rows.append(
            _row(
                id=f"iso4217.{code.lower()}",
                type="iso4217",
                code=code,
                name=english.currencies.get(code, code),
                minor_units=numbers.get_currency_precision(code),
                historic=code not in current,
            )
        )
    return rows


def _clean(symbol: str) -> str:
    """Drop format characters (RLM, zero-width space) and make odd spaces plain."""
    kept = "".join(ch for ch in symbol if unicodedata.category(ch) != "Cf")
    return " ".join(kept.split())


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "_", text)


def _codepoints(text: str) -> str:
    return "-".join(f"{ord(ch):x}" for ch in text)


def _is_alphabetic(text: str) -> bool:
    return all(unicodedata.category(ch).startswith("L") or ch in ". " for ch in text)


def currency_rows() -> list[str]:
    english = Locale.parse("en")
    current = _current_codes()
    wanted = sorted(current | LEGACY_IN_NEWS)
    rows: list[str] = []

    for code in wanted:
        rows.append(
            _row(
                id=f"cldr.code.{code.lower()}",
                type="currency",
                text=code,
                currency=code,
                kind="code",
            )
        )

    names: dict[str, set[str]] = defaultdict(set)
    for code in wanted:
        for count in (1, 2):
            name = numbers.get_currency_name(code, count=count, locale=english)
            if name and "(" not in name and name != code:
                names[name.casefold()].add(code)
    for name in sorted(names):
        codes = sorted(names[name])
        rows.append(
            _row(
                id=f"cldr.name.{'+'.join(codes).lower()}.{_slug(name)}",
                type="currency",
                text=name,
                currency=codes[0] if len(codes) == 1 else None,
                kind="name",
                position="suffix",
                case_sensitive=False,
                **({"candidates": codes} if len(codes) > 1 else {}),
            )
        )

    symbols: dict[str, set[str]] = defaultdict(set)
    for code in wanted:
        symbols[_clean(english.currency_symbols.get(code, code))].add(code)
    for identifier in sorted(locale_identifiers()):
        locale = Locale.parse(identifier)
        if not locale.territory:
            continue
        for code in numbers.get_territory_currencies(locale.territory, tender=True):
            symbol = _clean(locale.currency_symbols.get(code, ""))
            if symbol:
                symbols[symbol].add(code)
    for symbol, of_symbol in list(symbols.items()):
        # Arabic-script abbreviations are often written without their final dot: "د.ك"
        if symbol.endswith(".") and not symbol.isascii() and symbol[:-1] not in symbols:
            symbols[symbol[:-1]] = set(of_symbol)
    codes_as_text = set(numbers.list_currencies())
    for symbol in sorted(symbols):
        codes = sorted(symbols[symbol])
        if not symbol or symbol in codes_as_text or (len(symbol) == 1 and symbol.isascii()):
            continue
        rows.append(
            _row(
                id=f"cldr.symbol.{'+'.join(codes).lower()}.{_codepoints(symbol)}",
                type="currency",
                text=symbol,
                currency=codes[0] if len(codes) == 1 else None,
                kind="symbol",
                position="suffix" if _is_alphabetic(symbol) else "both",
                **({"candidates": codes} if len(codes) > 1 else {}),
            )
        )
    return rows


OUTPUTS = {"iso4217.jsonl": iso4217_rows, "currencies_cldr.jsonl": currency_rows}


def render() -> dict[str, str]:
    """The text of every output file."""
    return _common.render(OUTPUTS)


def main() -> None:
    _common.write(OUTPUTS)


if __name__ == "__main__":
    main()
