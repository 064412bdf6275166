"""Generate ``iso4217.jsonl`` and ``currencies_cldr.jsonl`` from the Unicode CLDR data in Babel.

``currencies_cldr.jsonl`` holds, for every current currency (and the pre-euro ones news still
names): its ISO code, upper case and, unless it is an English word, lower case ("pln"); its
English names; its symbols in every locale of a country that uses it; its names in the
official languages of those countries, whole ("российских рублей", "ريال سعودي") and by their
head word ("рублей", "원", "złotych"); every other Unicode currency sign, with no currency; and
the English names and adjectives of the countries that use it ("India", "Indian"), which
settle an ambiguous "Rs" or "$" from what a text is about.

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

#: ISO codes that are also English words or common abbreviations: no lower-case form for them
#: ("all 5", "try 3", "a 10 pen").
LOWER_CASE_WORDS = frozenset(
    {
        "all", "ang", "awg", "bam", "bob", "cad", "cup", "dop", "gel", "kes", "lak", "mad",
        "mop", "mur", "nad", "pen", "php", "ron", "sos", "std", "top", "try", "tnd", "mga",
    }
)  # fmt: skip

#: Who counts as speaking a country's language: an official language, or one that a fifth of
#: the people speak.
_SPOKEN_SHARE = 20.0


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


def _spoken(territory: str) -> set[str]:
    languages = get_global("territory_languages").get(territory, {})
    return {
        language
        for language, info in languages.items()
        if info.get("official_status") in ("official", "de_facto_official")
        or (info.get("population_percent") or 0) >= _SPOKEN_SHARE
    }


def _local_names(wanted: set[str], english: Locale) -> dict[str, set[str]]:
    """Names of each currency in the languages of the countries that use it.

    A name of one word is kept; a longer one by its head word, the word it shares with the
    names of other currencies of the same kind, and only of that kind ("рубль" in "российский
    рубль" and "белорусский рубль", both rubles; "원" of both wons; not "جنوب", south, which
    names a pound and a rand), and whole, since the head alone leaves the currency open
    ("ريال سعودي" is Saudi, "ريال" any riyal). Short Latin-script words ("a", "re") and
    English words are left out: the English names are written by hand or come from the
    English locale.
    """
    # a kind by the first letter of its English noun: "Riyal" and "Rial", "Krone" and "Krona"
    kind = {code: english.currencies.get(code, code).split()[-1].casefold()[:1] for code in wanted}
    english_words = {
        word.casefold() for code in wanted for word in english.currencies.get(code, "").split()
    }
    found: dict[str, set[str]] = defaultdict(set)
    for identifier in sorted(locale_identifiers()):
        locale = Locale.parse(identifier)
        if locale.territory is None or not _speaks_own_language(locale):
            continue
        for text, code in _names_in_locale(
            locale, territory=locale.territory, wanted=wanted, kind=kind
        ):
            if "(" in text or text.upper() in wanted or text in english_words:
                continue
            if text.isascii() and len(text) < 5:
                continue
            found[text].add(code)
    return found


def _speaks_own_language(locale: Locale) -> bool:
    """A locale of a country whose people speak its language, English left out."""
    if locale.territory is None or locale.language == "en":
        return False
    return bool({locale.language, str(locale)} & _spoken(locale.territory))


def _names_in_locale(
    locale: Locale, *, territory: str, wanted: set[str], kind: dict[str, str]
) -> list[tuple[str, str]]:
    """The (name, code) pairs a locale gives its country's currencies: see ``_local_names``."""
    forms_of: dict[str, set[str]] = {}
    for code, name in locale.currencies.items():
        if code in wanted:
            plural = locale._data["currency_names_plural"].get(code, {})
            forms_of[code] = {_clean(form) for form in (name, *plural.values()) if form}
    kinds_of_word: dict[str, set[str]] = defaultdict(set)
    codes_of_word: dict[str, set[str]] = defaultdict(set)
    for code, forms in forms_of.items():
        for word in {w.casefold() for form in forms for w in form.split()}:
            kinds_of_word[word].add(kind[code])
            codes_of_word[word].add(code)
    pairs: list[tuple[str, str]] = []
    for code in numbers.get_territory_currencies(territory, tender=True):
        for form in forms_of.get(code, ()):
            words = [word.casefold() for word in form.split()]
            shared = {w for w in words if len(codes_of_word[w]) > 1 and len(kinds_of_word[w]) == 1}
            if len(words) == 1:
                texts = words
            elif len(shared) == 1:  # the whole name settles what its head leaves open
                texts = [form.casefold(), shared.pop()]
            else:
                texts = []
            pairs.extend((text, code) for text in texts)
    return pairs


def currency_rows() -> list[str]:
    english = Locale.parse("en")
    current = _current_codes()
    wanted = sorted(current | LEGACY_IN_NEWS)
    symbols = _symbols(english, wanted)
    return [
        *_code_rows(current, wanted),
        *_name_rows(english, current, wanted),
        *_symbol_rows(symbols),
        *_sign_rows(set(symbols)),
        *place_rows(english, current),
    ]


def _code_rows(current: set[str], wanted: list[str]) -> list[str]:
    """Every ISO code upper case, and the current ones lower case unless a word ("pln")."""
    rows = [
        _row(
            id=f"cldr.code.{code.lower()}",
            type="currency",
            text=code,
            currency=code,
            kind="code",
        )
        for code in wanted
    ]
    rows.extend(
        _row(
            id=f"cldr.code.{code.lower()}.lower",
            type="currency",
            text=code.lower(),
            currency=code,
            kind="code",
            position="suffix",
        )
        for code in sorted(current)
        if code.lower() not in LOWER_CASE_WORDS
    )
    return rows


def _name_rows(english: Locale, current: set[str], wanted: list[str]) -> list[str]:
    """English names (singular and plural), then the local names English does not give."""
    names: dict[str, set[str]] = defaultdict(set)
    for code in wanted:
        for count in (1, 2):
            name = numbers.get_currency_name(code, count=count, locale=english)
            if name and "(" not in name and name != code:
                names[name.casefold()].add(code)
    english_names = set(names)
    for text, local_codes in _local_names(set(current), english).items():
        if text not in english_names:
            names[text] |= local_codes
    rows: list[str] = []
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
                case_sensitive=name.upper() == name,  # no case to ignore: "円", "ريال"
                **({"candidates": codes} if len(codes) > 1 else {}),
            )
        )
    return rows


def _symbols(english: Locale, wanted: list[str]) -> dict[str, set[str]]:
    """Each symbol, English and of every locale of a country, with the currencies it names."""
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
    return symbols


def _symbol_rows(symbols: dict[str, set[str]]) -> list[str]:
    """The symbols that are not an ISO code or a single ASCII character."""
    codes_as_text = set(numbers.list_currencies())
    rows: list[str] = []
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


def _sign_rows(known: set[str]) -> list[str]:
    """The other Unicode currency signs, with no currency."""
    return [
        _row(
            id=f"cldr.sign.{_codepoints(sign)}",
            type="currency",
            text=sign,
            currency=None,
            kind="symbol",
            note=unicodedata.name(sign).lower(),
        )
        for sign in _other_currency_signs(known)
    ]


def _other_currency_signs(known: set[str]) -> list[str]:
    """Unicode currency signs (category Sc) that no locale gives a currency: "₶", "₯"."""
    signs = (chr(point) for point in range(0x20, 0x110000))
    return [
        sign
        for sign in signs
        if unicodedata.category(sign) == "Sc"
        and sign not in known
        and sign not in "$¢"  # the dollar and the cent are hand-written news forms
    ]


def place_rows(english: Locale, current: set[str]) -> list[str]:
    """The countries that use a currency, by English name and adjective ("Indian Rupee").

    A country lists its current currency first, then the pre-euro one that news archives
    name ("France": EUR, FRF).
    """
    places: dict[str, list[str]] = {}
    for territory, entries in sorted(get_global("territory_currencies").items()):
        tender = [code for code, _start, end, legal in entries if end is None and legal]
        legacy = sorted(
            (
                (end, code)
                for code, _start, end, _legal in entries
                if code in LEGACY_IN_NEWS and end
            ),
            reverse=True,
        )[:1]
        name = english.territories.get(territory)
        if not tender or tender[0] not in current or not name or "(" in name:
            continue
        places.setdefault(name, [tender[0], *(code for _end, code in legacy)])
    for code in sorted(current):
        words = english.currencies.get(code, "").split()
        adjective = " ".join(words[:-1])
        if len(words) > 1 and adjective[:1].isupper() and "(" not in adjective:
            places.setdefault(adjective, [code])
    return [
        _row(
            id=f"cldr.place.{codes[0].lower()}.{_slug(place).lower()}",
            type="currency_place",
            text=place,
            currencies=codes,
        )
        for place, codes in sorted(places.items())
    ]


OUTPUTS = {"iso4217.jsonl": iso4217_rows, "currencies_cldr.jsonl": currency_rows}


def render() -> dict[str, str]:
    """The text of every output file."""
    return _common.render(OUTPUTS)


def main() -> None:
    _common.write(OUTPUTS)


if __name__ == "__main__":
    main()
