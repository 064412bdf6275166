"""One article as a self-contained HTML page: highlights with their values, and its facts.

The highlights follow displaCy's entity view (a coloured mark with its label, displaCy's
colours); hovering one shows its normalised value and the id of the rule that found it.
``displacy.render`` itself is not called: its entity markup has no place for a value, a rule
id or a sentence anchor. Below the text, a table of
facts links each row to its sentence. Every piece of the article is escaped: the page is
safe to open whatever the article holds, and it needs no network.

>>> from extractor import extract
>>> text = "TeraWulf posted a <b>$427 million</b> net loss."
>>> page = render_document(text, extract(text, doc_id="a1"))
>>> "&lt;b&gt;" in page and "<b>" not in page
True
>>> 'data-value="USD 427,000,000"' in page
True
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from html import escape

from ..records import DocumentRecord, Fact, FactValue
from .style import LABELS, page

#: Which label wins where two highlights overlap: amounts first, then names, then metrics.
_PRIORITY = {label: rank for rank, label in enumerate(LABELS)}


@dataclass(frozen=True)
class Highlight:
    start: int
    end: int
    label: str
    value: str
    rule: str


def render_document(text: str | None, record: DocumentRecord, *, back: str | None = None) -> str:
    """The HTML page of one record; ``text`` is the article (None when it is not at hand).

    ``back`` is the address of an index page to link back to.
    """
    parts = [f"<h1>{escape(record.id)}</h1>"]
    if back:
        parts.insert(
            0, f'<p class="nav"><a href="{escape(back, quote=True)}">← all documents</a></p>'
        )
    parts.append(_counts(record))
    if text is not None:
        parts.append(_legend())
        parts.append(f'<div class="entities">{render_text(text, record)}</div>')
    else:
        parts.append('<p class="note">The article text is not available: only its record.</p>')
    parts.append(render_facts(record, text=text))
    return page(f"{record.id}: extracted facts", "\n".join(parts))


def highlights(record: DocumentRecord) -> list[Highlight]:
    """Every mention of a record as a highlight, overlaps resolved by label priority."""
    found = [
        Highlight(m.start, m.end, "MONEY", _money(m.value, m.currency), m.rule)
        for m in record.money
    ]
    found += [
        Highlight(p.start, p.end, "PERCENT", _percent(p.value, p.kind), p.rule)
        for p in record.percentages
    ]
    found += [
        Highlight(m.start, m.end, "ORG", f"{c.name} ({c.kind})", m.rule)
        for c in record.companies
        for m in c.mentions
    ]
    found += [
        Highlight(
            m.start, m.end, "METRIC", m.name + (f" · {m.segment}" if m.segment else ""), m.rule
        )
        for m in record.metrics
    ]
    kept: list[Highlight] = []
    for item in sorted(found, key=lambda h: (_PRIORITY[h.label], h.start - h.end)):
        if not any(k.start < item.end and item.start < k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda h: h.start)


def render_text(text: str, record: DocumentRecord) -> str:
    """The article with its highlights and an anchor at the start of every fact's sentence."""
    anchors = sorted({f.sentence.start for f in record.facts})
    events = [(h.start, 1, h) for h in highlights(record)]
    pieces: list[str] = []
    position = 0
    anchor_index = 0
    for start, _, item in events:
        while anchor_index < len(anchors) and anchors[anchor_index] <= start:
            pieces.append(_escaped(text[position : anchors[anchor_index]]))
            position = max(position, anchors[anchor_index])
            pieces.append(_anchor(anchors[anchor_index]))
            anchor_index += 1
        pieces.append(_escaped(text[position:start]))
        pieces.append(_mark(text[item.start : item.end], item))
        position = item.end
    for anchor in anchors[anchor_index:]:
        pieces.append(_escaped(text[position:anchor]))
        position = max(position, anchor)
        pieces.append(_anchor(anchor))
    pieces.append(_escaped(text[position:]))
    return "".join(pieces)


#: Longer sentences are cut to this many characters in the facts table.
SENTENCE_CHARS = 240


def render_facts(record: DocumentRecord, *, text: str | None = None) -> str:
    """The facts of a record as a table; each row shows its sentence, linked to it in the
    article (``text``; without it, the sentence's offsets)."""
    if not record.facts:
        return '<h2>Facts</h2><p class="note">No facts in this document.</p>'
    rows = "\n".join(_fact_row(fact, text) for fact in record.facts)
    return (
        '<h2>Facts</h2>\n<table class="facts"><thead><tr><th>company</th><th>metric</th>'
        "<th>value</th><th>change</th><th>period</th><th>sentence</th></tr></thead>\n"
        f"<tbody>\n{rows}\n</tbody></table>"
    )


def _fact_row(fact: Fact, text: str | None) -> str:
    metric = escape(fact.metric) + (
        f" <small>{escape(fact.segment)}</small>" if fact.segment else ""
    )
    value = _value(fact.value)
    if fact.value_high is not None:
        value += " – " + _value(fact.value_high)
    if fact.prior_value is not None:
        value += f" <small>(from {_value(fact.prior_value)})</small>"
    change = ""
    if fact.change is not None:
        arrow = {"up": "▲", "down": "▼", "flat": "▶"}[fact.change.direction]
        amount = "" if fact.change.percent is None else f" {_number(fact.change.percent)}%"
        basis = f" <small>{escape(fact.change.basis)}</small>" if fact.change.basis else ""
        change = f"{arrow}{amount}{basis}"
    period = ""
    if fact.period is not None:
        period = escape(fact.period.label or fact.period.kind or "")
    start, end = fact.sentence.start, fact.sentence.end
    if text is None:
        sentence = f"characters {start}–{end}"
    else:
        words = " ".join(text[start:end].split())
        if len(words) > SENTENCE_CHARS:
            words = words[: SENTENCE_CHARS - 1].rstrip() + "…"
        sentence = f'<a href="#s{start}">{escape(words)}</a>'
    return (
        f"<tr><td>{escape(fact.company or '')}</td><td>{metric}</td><td>{value}</td>"
        f'<td>{change}</td><td>{period}</td><td class="sentence">{sentence}</td></tr>'
    )


def _counts(record: DocumentRecord) -> str:
    items = [
        ("money", len(record.money)),
        ("percentages", len(record.percentages)),
        ("companies", len(record.companies)),
        ("metrics", len(record.metrics)),
        ("facts", len(record.facts)),
    ]
    main = (
        f" · main company: <strong>{escape(record.main_company)}</strong>"
        if record.main_company
        else ""
    )
    return '<p class="counts">' + " · ".join(f"{n} {name}" for name, n in items) + main + "</p>"


def _legend() -> str:
    marks = "".join(f'<span class="ent ent-{label.lower()}">{label}</span>' for label in LABELS)
    return f'<p class="legend">{marks}</p>'


def _mark(surface: str, item: Highlight) -> str:
    tip = escape(f"{item.value} · rule {item.rule}", quote=True)
    return (
        f'<mark class="ent ent-{item.label.lower()}" data-label="{item.label}" '
        f'data-value="{escape(item.value, quote=True)}" '
        f'data-rule="{escape(item.rule, quote=True)}" '
        f'data-tip="{tip}" title="{tip}" tabindex="0">{_escaped(surface)}'
        f'<span class="label">{item.label}</span></mark>'
    )


def _anchor(start: int) -> str:
    return f'<span class="sentence" id="s{start}"></span>'


def _escaped(text: str) -> str:
    return escape(text, quote=False).replace("\n", "<br>\n")


def _value(value: FactValue | None) -> str:
    if value is None:
        return ""
    if value.kind == "money":
        return escape(_money(value.amount, value.currency))
    if value.kind == "percent":
        return escape(f"{_number(value.amount)}%")
    return escape(_number(value.amount))


def _money(amount: Decimal, currency: str | None) -> str:
    return f"{currency or '?'} {_number(amount)}"


def _percent(value: Decimal, kind: str) -> str:
    # the value is in the unit of its kind: 120 basis points is 120 bp
    unit = {"percent": "%", "percentage_points": " pp", "basis_points": " bp"}.get(kind, "%")
    return f"{_number(value)}{unit}"


def _number(value: Decimal) -> str:
    """ "427,000,000", "0.25", "1,234.5": grouped, exact, without an exponent."""
    text = format(value, "f")
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    grouped = f"{int(whole.lstrip('-') or 0):,}"
    fraction = fraction.rstrip("0")
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


def labels_of(records: Iterable[DocumentRecord]) -> dict[str, int]:
    """How many highlights of each label the records hold."""
    counts = dict.fromkeys(LABELS, 0)
    for record in records:
        for item in highlights(record):
            counts[item.label] += 1
    return counts
