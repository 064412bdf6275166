"""The index page of many documents: a summary, the top names, and amounts by currency.

The histogram is drawn as inline SVG, so the page stays one self-contained file.

>>> from decimal import Decimal
>>> svg = histogram_svg({"USD": [Decimal(5), Decimal(21_000_000)], "EUR": [Decimal(300)]})
>>> svg.startswith("<svg") and "USD" in svg and "1M" in svg
True
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from ..records import DocumentRecord
from .document import highlights
from .style import LABELS, page

#: Names of the powers of ten on the histogram's axis.
_SCALE = ("1", "10", "100", "1K", "10K", "100K", "1M", "10M", "100M", "1B", "10B", "100B", "1T")
_TOP = 10
_CURRENCIES = 8
#: Organisations that a report's "top companies" leaves out: they are named in passing (where
#: a share trades, which index it is in, who reported it), not what the news is about.
NOT_COMPANIES = frozenset({"exchange", "index", "media"})


@dataclass
class Summary:
    """What many records hold, gathered one record at a time."""

    documents: int = 0
    labels: Counter[str] = field(default_factory=Counter)
    facts: int = 0
    companies: Counter[str] = field(default_factory=Counter)
    metrics: Counter[str] = field(default_factory=Counter)
    #: For each currency, how many amounts fall in each power of ten (see :func:`_bucket`).
    amounts: dict[str, Counter[int]] = field(default_factory=dict)

    def add(self, record: DocumentRecord) -> None:
        self.documents += 1
        self.facts += len(record.facts)
        for item in highlights(record):
            self.labels[item.label] += 1
        self.companies.update(c.name for c in record.companies if c.kind not in NOT_COMPANIES)
        self.metrics.update(m.name for m in record.metrics)
        for money in record.money:
            self.amounts.setdefault(money.currency or "unknown", Counter())[
                _bucket(money.value)
            ] += 1


@dataclass(frozen=True)
class Entry:
    """A document on the index: its id, its page, and how much it holds (not the record, so
    that a long index does not keep every record in memory)."""

    id: str
    href: str | None
    main_company: str | None
    money: int
    percentages: int
    companies: int
    facts: int

    @classmethod
    def of(cls, record: DocumentRecord, href: str | None) -> Entry:
        return cls(
            record.id,
            href,
            record.main_company,
            len(record.money),
            len(record.percentages),
            len(record.companies),
            len(record.facts),
        )


def render_index(summary: Summary, entries: Iterable[Entry], *, title: str) -> str:
    """The index page: the summary, the top companies and metrics, the histogram, the list of
    ``entries`` (the documents that have a page; the summary counts every document)."""
    counts = "".join(
        f'<tr><td><span class="ent ent-{label.lower()}">{label}</span></td>'
        f"<td>{summary.labels[label]:,}</td></tr>"
        for label in LABELS
    )
    listed = list(entries)
    rows = "\n".join(_entry_row(entry) for entry in listed)
    more = summary.documents - len(listed)
    unlisted = (
        f'<p class="note">{more:,} more documents are counted above but have no page.</p>'
        if more > 0
        else ""
    )
    body = f"""<h1>{escape(title)}</h1>
<p class="counts">{summary.documents:,} documents · {summary.facts:,} facts</p>
<h2>Mentions by label</h2>
<table class="labels"><tbody>{counts}</tbody></table>
<h2>Top companies</h2>
{_top_table(summary.companies, "company", "documents")}
<h2>Top metrics</h2>
{_top_table(summary.metrics, "metric", "mentions")}
<h2>Amounts by currency</h2>
{_histogram(summary.amounts)}
<h2>Documents</h2>
<table class="documents"><thead><tr><th>document</th><th>main company</th><th>money</th>
<th>percentages</th><th>companies</th><th>facts</th></tr></thead>
<tbody>
{rows}
</tbody></table>
{unlisted}"""
    return page(title, body)


def _entry_row(entry: Entry) -> str:
    name = escape(entry.id)
    link = f'<a href="{escape(entry.href, quote=True)}">{name}</a>' if entry.href else name
    return (
        f"<tr><td>{link}</td><td>{escape(entry.main_company or '')}</td>"
        f"<td>{entry.money}</td><td>{entry.percentages}</td>"
        f"<td>{entry.companies}</td><td>{entry.facts}</td></tr>"
    )


def _top_table(counter: Counter[str], what: str, unit: str) -> str:
    if not counter:
        return '<p class="note">None.</p>'
    rows = "".join(
        f"<tr><td>{escape(name)}</td><td>{count:,}</td></tr>"
        for name, count in counter.most_common(_TOP)
    )
    head = f"<thead><tr><th>{what}</th><th>{unit}</th></tr></thead>"
    return f"<table>{head}<tbody>{rows}</tbody></table>"


def histogram_svg(amounts: Mapping[str, Iterable[Decimal]]) -> str:
    """Small multiples: for each currency, how many amounts fall in each power of ten."""
    return _histogram({c: Counter(_bucket(v) for v in values) for c, values in amounts.items()})


def _histogram(buckets: Mapping[str, Counter[int]]) -> str:
    """:func:`histogram_svg` of amounts already counted by power of ten."""
    if not buckets:
        return '<p class="note">No amounts of money.</p>'
    totals = {c: counts.total() for c, counts in buckets.items()}
    currencies = sorted(totals, key=lambda c: (-totals[c], c))[:_CURRENCIES]
    width, row, left, bar = 640, 46, 70, (640 - 70) / len(_SCALE)
    height = row * len(currencies) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="Amounts of money by currency and size">'
    ]
    for number, currency in enumerate(currencies):
        top = number * row
        counts = buckets[currency]
        most = max(counts.values())
        parts.append(f'<text x="0" y="{top + 26}">{escape(currency)} ({totals[currency]:,})</text>')
        for index, _ in enumerate(_SCALE):
            count = counts.get(index, 0)
            if not count:
                continue
            tall = max(2.0, 28 * count / most)
            x = left + index * bar
            parts.append(
                f'<rect x="{x:.1f}" y="{top + 40 - tall:.1f}" width="{bar - 4:.1f}" '
                f'height="{tall:.1f}" fill="#7aa6c2"><title>{escape(currency)} '
                f"{_SCALE[index]}–: {count:,}</title></rect>"
                f'<text class="count" x="{x + (bar - 4) / 2:.1f}" y="{top + 38 - tall:.1f}" '
                f'text-anchor="middle">{count:,}</text>'
            )
    axis = height - 6
    for index, name in enumerate(_SCALE):
        parts.append(f'<text x="{left + index * bar:.1f}" y="{axis}">{name}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bucket(value: Decimal) -> int:
    """The power of ten of an amount, within the axis (below 1 goes to the first bar)."""
    if value <= 0:
        return 0
    return max(0, min(len(_SCALE) - 1, math.floor(math.log10(float(value)))))
