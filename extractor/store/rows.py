"""A record flattened into the rows of the normalised tables (:mod:`extractor.store.schema`).

Databases and the CSV sink take their rows from here. The input is a record as JSON data
(``json.loads(record_json, parse_float=Decimal)``), so amounts stay exact.

>>> import json
>>> from decimal import Decimal
>>> from extractor import extract
>>> record = extract("TeraWulf posted a $427 million quarterly net loss.", doc_id="a1")
>>> rows = record_rows(json.loads(record.to_json(), parse_float=Decimal))
>>> rows["facts"][0][:4], rows["facts"][0][9:11], rows["facts"][0][23]
(('a1', 0, 'TeraWulf', 'net_loss'), (427000000, 'USD'), 'clause')
>>> [row[2] for row in rows["mentions"]]
['ORG', 'MONEY', 'METRIC']
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from .schema import ARTICLES, COMPANIES, FACTS, MENTIONS

Row = tuple[Any, ...]


def record_rows(record: dict[str, Any]) -> dict[str, list[Row]]:
    """The rows of one record, by table name, in the column order of the schema."""
    article_id = record["id"]
    source = record.get("source") or {}
    companies = record.get("companies") or []
    facts = record.get("facts") or []
    article: Row = (
        article_id,
        record["schema_version"],
        record.get("main_company"),
        source.get("path"),
        source.get("line"),
        source.get("offset"),
        source.get("url"),
        source.get("published"),
        json.dumps(source.get("meta") or {}, default=_json_number, ensure_ascii=False),
        len(record.get("money") or []),
        len(record.get("percentages") or []),
        len(companies),
        len(facts),
    )
    return {
        ARTICLES.name: [article],
        COMPANIES.name: [
            (
                article_id,
                c["name"],
                c["kind"],
                c.get("ticker"),
                c.get("exchange"),
                len(c["mentions"]),
                int(c["name"] == record.get("main_company")),
            )
            for c in companies
        ],
        MENTIONS.name: mention_rows(record),
        FACTS.name: [fact_row(article_id, seq, fact) for seq, fact in enumerate(facts)],
    }


def mention_rows(record: dict[str, Any]) -> list[Row]:
    """Every mention of a record, ordered by where it starts in the text."""
    found: list[tuple[int, int, str, dict[str, Any], Any, Any, Any, Any]] = []
    for m in record.get("money") or []:
        found.append((m["start"], m["end"], "MONEY", m, m["value"], m["currency"], None, None))
    for p in record.get("percentages") or []:
        found.append((p["start"], p["end"], "PERCENT", p, p["value"], None, p["kind"], None))
    for c in record.get("companies") or []:
        for m in c["mentions"]:
            found.append((m["start"], m["end"], "ORG", m, None, None, c["kind"], c["name"]))
    for m in record.get("metrics") or []:
        found.append((m["start"], m["end"], "METRIC", m, None, None, None, m["name"]))
    found.sort(key=lambda item: (item[0], item[1], item[2]))
    return [
        (
            *(record["id"], seq, label, m["text"], start, end, m["rule"]),
            *(value, currency, kind, name, *_quantity_columns(label, m)),
        )
        for seq, (start, end, label, m, value, currency, kind, name) in enumerate(found)
    ]


def _quantity_columns(label: str, mention: dict[str, Any]) -> Row:
    """How a money or percent mention was read: currency source, range end, bound, rate."""
    if label not in ("MONEY", "PERCENT"):
        return (None,) * 7
    rate = mention.get("exchange_rate") or {}
    per_share = mention.get("per_share")
    return (
        mention.get("currency_source"),
        mention.get("range"),
        mention.get("qualifier"),
        None if per_share is None else int(per_share),
        rate.get("base"),
        rate.get("quote"),
        rate.get("rate"),
    )


def fact_row(article_id: str, seq: int, fact: dict[str, Any]) -> Row:
    value = fact.get("value") or {}
    change = fact.get("change") or {}
    period = fact.get("period") or {}
    prior_period = fact.get("prior_period") or {}
    return (
        article_id,
        seq,
        fact.get("company"),
        fact["metric"],
        fact["metric_span"]["text"],
        fact["metric_span"]["start"],
        fact["metric_span"]["end"],
        fact.get("segment"),
        value.get("kind"),
        value.get("amount"),
        value.get("currency"),
        value.get("text"),
        value.get("start"),
        value.get("end"),
        (fact.get("value_high") or {}).get("amount"),
        (fact.get("prior_value") or {}).get("amount"),
        change.get("percent"),
        change.get("direction"),
        change.get("basis"),
        period.get("kind"),
        period.get("label"),
        period_key(period.get("label")),
        period.get("text"),
        fact.get("company_source"),
        value.get("unit"),
        None if not value else int(bool(value.get("per_share"))),
        change.get("unit"),
        (change.get("amount") or {}).get("amount"),
        period.get("fiscal_year"),
        period.get("quarter"),
        period.get("half"),
        period.get("year_source"),
        prior_period.get("label"),
        period_key(prior_period.get("label")),
        int(bool(fact.get("forecast"))),
        int(bool(fact.get("estimate"))),
        fact["sentence"]["start"],
        fact["sentence"]["end"],
        fact["rule"],
        change.get("percent_high"),
    )


def period_key(label: str | None) -> str | None:
    """A period label that sorts in time: "Q3 2025" -> "2025-Q3", "FY2024" -> "2024-FY".

    >>> [period_key(x) for x in ("Q3 2025", "FY2024", "H1 2025", "9M 2024", "Q3", None)]
    ['2025-Q3', '2024-FY', '2025-H1', '2024-9M', None, None]
    >>> period_key("Q3 FY2025")
    '2025-Q3'
    """
    if not label:
        return None
    if label.startswith("FY") and label[2:].isdigit():
        return f"{label[2:]}-FY"
    part, _, year = label.partition(" ")
    year = year.removeprefix("FY")
    return f"{year}-{part}" if year.isdigit() else None


def _json_number(value: object) -> int | float:
    """A ``Decimal`` of the parsed record (``parse_float=Decimal``) as a JSON number again, so
    that ``{"score": 0.25}`` in an input's metadata stays a number in the ``meta`` column.

    >>> json.dumps({"score": Decimal("0.25"), "n": Decimal("3")}, default=_json_number)
    '{"score": 0.25, "n": 3}'
    """
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"{type(value).__name__} is not JSON")
