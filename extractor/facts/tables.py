"""Tables in plain text: newswire earnings tables and press-release key-figure tables.

A row is a line that starts with a metric and gives its figures after it::

    Shr profit 45 cts vs loss nine cts          wire: value, "vs", prior value
    Net 4,549,000 vs 3,666,000                  bare numbers in the table's currency
    Revenue      $5.2bn      $4.8bn      +8%    columns: this period, the prior, the change
    Diluted EPS | $1.87 | Up 10% YoY

One fact per row, with its value, prior value and change. In a wire row a "profit" or "loss"
after "vs" tells the sign of the prior figure; it is no metric of its own. A box of key figures
("Diluted EPS" on one line, "$1.87" on the next, "Up 10% YoY" on the third) is one row too. The
period of a row comes from the section line above it ("Year", "Six mths", "Nine months") or
the headline, which :mod:`extractor.facts.timeline` applies; the company from the article.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

import regex as re

from ..amounts.numbers import scaled
from ..metrics.finder import FoundMetric
from ..money.grammar import parse_money
from .model import Amount, Change, FoundFact

#: Between a row's metric and its first figure: nothing, a footnote number, a sign word, a
#: colon or a column gap.
_LEAD = re.compile(
    r"\A\d{0,2}+[\s:|/]*+(?:\((?:[^()\n]{1,30})\)[\s:|/]*+)?"
    r"(?:(?i:profit|loss|gain|income)\s++)?\Z"
)
#: Between the current and the prior figure: "vs", "vs loss", a column gap.
_VERSUS = re.compile(
    r"\A(?:\s*+(?i:vs\.?|versus|against|compared\s+with)\s*+(?:(?i:profit|loss|gain|income)\s++)?"
    r"|[ \t]{2,}+|\s*+[|/]\s*+)\Z"
)
#: Between two columns of a press-release table, or before the change.
_COLUMN = re.compile(r"\A(?:[ \t]{2,}+|\s*+[|/]\s*+|[ \t]*+\n\s*+)\Z")
#: A change column: "+8%", "Up 10% YoY", "(3)%".
_CHANGE_LEAD = re.compile(r"(?i:up|down|increase|decrease|rise|fall)\s*+\Z|[+\-−–]\s*\Z")
#: Sign words that name the sign of a figure in a row, not a metric.
SIGN_FAMILIES = frozenset({"profit", "loss", "gains"})
#: Between a metric and its sign in brackets: "Net income (loss)".
_BRACKETED_SIGN = re.compile(r"[ \t]*+\(")
#: Before a sign word: "vs", "versus".
_SIGN_BEFORE = re.compile(r"(?i:\bvs\.?|\bversus|\bagainst)\s*+\Z")


def is_row_start(text: str, metric: FoundMetric, line_start: int) -> bool:
    """A metric that opens its line (after white space, or a period's word: "Full-year
    dividend per share") opens a table row."""
    return bool(_ROW_PREFIX.fullmatch(text, line_start, metric.start))


#: What may stand before a row's metric: white space, a bullet, a period's word.
_ROW_PREFIX = re.compile(
    r"[ \t|•*-]*+(?:(?i:full[- ]year|half[- ]year|first[- ]half|interim|final|annual|quarterly)"
    r"\s++)?"
)


@dataclass(frozen=True)
class TableUnit:
    """What a table's bare figures are counted in: "(£m)" is 1,000,000 GBP, "(pence)" 0.01
    GBP, "(in millions of U.S. dollars)" 1,000,000 USD."""

    multiplier: Decimal
    currency: str | None = None


#: A scale word of a table's unit: "£m", "$000", "in millions", "EUR bn".
_UNIT_SCALE = re.compile(
    r"(?i:(?<![\p{L}])(?P<scale>millions?|mn|mln|m|billions?|bn|thousands?|k|'?000s?)(?![\p{L}\d]))"
)
_UNIT_SCALE_WORDS = {
    "m": "million",
    "mn": "million",
    "mln": "million",
    "bn": "billion",
    "k": "thousand",
}
#: Words of a unit label that say nothing of the unit: "in millions of U.S. dollars".
_UNIT_FILLER = re.compile(r"(?i:\b(?:in|of|amounts|figures|all|unaudited|except\b.*)\b)")


def unit_of(label: str) -> TableUnit | None:
    """The unit a label gives a table's figures, read by the money grammar; None if none.

    >>> unit_of("£m")
    TableUnit(multiplier=Decimal('1000000'), currency='GBP')
    >>> unit_of("pence")
    TableUnit(multiplier=Decimal('0.01'), currency='GBP')
    >>> unit_of("in millions of U.S. dollars, unaudited")
    TableUnit(multiplier=Decimal('1000000'), currency='USD')
    >>> unit_of("in millions, except per-share data"), unit_of("NII")
    (TableUnit(multiplier=Decimal('1000000'), currency=None), None)
    """
    label = label.split(",")[0].strip()
    if not label or len(label) > 60:
        return None
    scale = _UNIT_SCALE.search(label)
    word = None
    if scale is not None:
        found = scale.group("scale").casefold().strip("'")
        word = _UNIT_SCALE_WORDS.get(found, "thousand" if found.startswith("000") else found)
        word = word.rstrip("s")
        label = label[: scale.start()] + " " + label[scale.end() :]
    rest = " ".join(_UNIT_FILLER.sub(" ", label).split())
    probes = []
    if rest:
        number = f"1 {word}" if word else "1"
        probes = [f"{rest}{number}", f"{rest} {number}", f"{number} {rest}", f"1{rest}"]
    for probe in probes:
        parsed = parse_money(probe)
        if parsed is not None and parsed.start == 0 and parsed.end == len(probe):
            return TableUnit(parsed.value, parsed.currency)
    if word is not None and not rest:
        return TableUnit(_MULTIPLIERS[word])
    return None


_MULTIPLIERS = {
    "thousand": Decimal(1000),
    "million": Decimal(1_000_000),
    "billion": Decimal(1_000_000_000),
}
#: A table's unit on a line of its own: "Key figures (in millions of U.S. dollars)",
#: "(€ million)", "All figures in $ thousands".
TABLE_UNIT_LINE = re.compile(
    r"\((?P<label>[^()\n]{1,60})\)|(?i:\bfigures\s+in\s+|\bin\s+)(?P<words>[^()\n,.;]{2,40})"
)


def line_unit(text: str, start: int, end: int) -> TableUnit | None:
    """The unit a short line without figures gives the table below it."""
    if end - start > 120:
        return None
    for match in TABLE_UNIT_LINE.finditer(text, start, end):
        label = match.group("label") or match.group("words")
        unit = unit_of(label)
        if unit is not None and unit.multiplier != 1:
            return unit
    return None


#: A row's unit in brackets between its metric and its figures: "Group revenue (£m)".
_ROW_UNIT = re.compile(r"\((?P<label>[^()\n]{1,30})\)")


def row_unit(text: str, metric: FoundMetric, first: Amount) -> TableUnit | None:
    """The unit a row's label gives in brackets: "Group revenue (£m)   2,184.6"."""
    match = _ROW_UNIT.search(text, metric.end, first.start)
    return unit_of(match.group("label")) if match else None


#: Losses, whose figures a table may bracket as negative: "GAAP operating loss (18.4)".
LOSS_FAMILIES = frozenset({"loss", "operating_loss"})


def as_loss(fact: FoundFact) -> FoundFact:
    """A loss row's bracketed figures are the amounts of the loss: "(18.4)" is a loss of 18.4."""

    def positive(amount: Amount | None) -> Amount | None:
        if amount is None or amount.value >= 0:
            return amount
        return replace(amount, value=-amount.value)

    return replace(fact, value=positive(fact.value), prior_value=positive(fact.prior_value))


def in_unit(fact: FoundFact, unit: TableUnit, *, per_share: bool) -> FoundFact:
    """A row's bare figures counted in ``unit``: "2,184.6" in "(£m)" is 2,184,600,000 GBP. A
    table's unit does not apply to figures per share ("except per-share data")."""
    if per_share and unit.multiplier > 1:
        return fact

    def counted(amount: Amount | None) -> Amount | None:
        if amount is None or amount.kind != "number":
            return amount
        return replace(
            amount,
            kind="money" if unit.currency else amount.kind,
            value=scaled(amount.value, unit.multiplier),
            currency=unit.currency or amount.currency,
        )

    return replace(
        fact,
        value=counted(fact.value),
        value_high=counted(fact.value_high),
        prior_value=counted(fact.prior_value),
    )


def sign_words(text: str, metrics: Sequence[FoundMetric], amounts: Sequence[Amount]) -> set[int]:
    """Indexes of the metrics in a row that are the sign of a figure: "vs loss nine cts"."""
    signs = set()
    for index, metric in enumerate(metrics[1:], start=1):
        if metric.family not in SIGN_FAMILIES or " " in metric.text.strip():
            continue
        if _BRACKETED_SIGN.fullmatch(text, metrics[index - 1].end, metric.start) and (
            text.startswith(")", metric.end)
        ):
            signs.add(index)  # "Net income (loss)": the row's figures may be either
            continue
        after = next((a for a in amounts if a.start >= metric.end), None)
        if after is None or text[metric.end : after.start].strip():
            continue  # a sign stands right before its figure
        before = text[max(metrics[index - 1].end, metric.start - 12) : metric.start]
        if _SIGN_BEFORE.search(before) or not before.strip():
            signs.add(index)
    return signs


def row_fact(
    text: str,
    sentence: tuple[int, int],
    metric: FoundMetric,
    amounts: Sequence[Amount],
    *,
    end: int,
) -> FoundFact | None:
    """The fact of one table row that starts with ``metric``; ``end`` ends the row's figures."""
    figures = [a for a in amounts if metric.end <= a.start and a.end <= end]
    if not figures:
        return None
    first = figures[0]
    if not _LEAD.match(text[metric.end : first.start]):
        return None
    value = first
    value_high = None
    rest = figures[1:]
    if rest and value.range == "low" and rest[0].range == "high":
        value_high, rest = rest[0], rest[1:]
    prior = None
    change = None
    position = (value_high or value).end
    for amount in rest:
        gap = text[position : amount.start]
        lead = _CHANGE_LEAD.search(gap)
        if prior is None and not lead and _VERSUS.match(gap) and _same_kind(value, amount):
            prior = amount
            position = amount.end
            continue
        if amount.kind == "percent" and (lead or _COLUMN.match(gap) or _VERSUS.match(gap)):
            change = _change(text, amount, gap, position)
        break
    if change is None and prior is not None and prior.value != value.value:
        direction = "up" if value.value > prior.value else "down"
        change = Change(
            value.start, prior.end, text[value.start : prior.end], None, direction, None
        )
    return FoundFact(
        metric=metric,
        value=value,
        value_high=value_high,
        prior_value=prior,
        change=change,
        period=None,
        company=None,
        sentence=sentence,
        rule="fact.table_row",
    )


def _same_kind(value: Amount, prior: Amount) -> bool:
    if value.kind == "percent" or prior.kind == "percent":
        return value.kind == prior.kind
    return True


def _change(text: str, amount: Amount, gap: str, position: int) -> Change:
    lead = _CHANGE_LEAD.search(gap)
    start = position + lead.start() if lead else amount.start
    word = lead.group().casefold() if lead else ""
    down = amount.value < 0 or word.startswith(("down", "decr", "fall", "-", "−", "–"))
    return Change(
        start,
        amount.end,
        text[start : amount.end],
        abs(amount.value),
        "down" if down else "up",
        None,
        unit=amount.unit or "percent",
    )


def with_currency(amount: Amount, currency: str | None) -> Amount:
    """A bare number in a table of money figures is money in the table's currency."""
    if amount.kind != "number" or currency is None:
        return amount
    return replace(amount, kind="money", currency=currency)


#: A label line of a key-figure box: the metric, perhaps a footnote number, units, a colon.
_LABEL_REST = re.compile(r"\d{0,2}+[ \t]*+(?:\([^()\n]{1,30}\))?[ \t]*+:?\s*+\Z")
#: What a figure line of a box may say besides its figures: "Up 10% YoY", "vs", "+".
_FIGURE_WORDS = re.compile(
    r"\A(?:[\s+\-−–|/(),:]++|(?i:up|down|vs\.?|versus|from|yoy|y/y|qoq|q/q|flat|unchanged|"
    r"year-on-year|year-over-year|increase|decrease|rise|fall|prior|previous|year|quarter)\b)*+\Z"
)
#: How many figure lines a box may have: value, prior value, change.
BOX_LINES = 3


def box(
    text: str,
    sentences: Sequence[tuple[int, int]],
    amounts: Sequence[Sequence[Amount]],
    index: int,
    metric: FoundMetric,
) -> tuple[int, list[Amount], int] | None:
    """A box of key figures that gives a metric on a line of its own and its figures on the
    lines below: the end of the box, its figures and how many lines of figures it takes."""
    start, end = sentences[index]
    if text[start : metric.start].strip(" \t•*-") or not _LABEL_REST.match(text, metric.end, end):
        return None
    figures: list[Amount] = []
    lines = 0
    for following in range(index + 1, min(len(sentences), index + 1 + BOX_LINES)):
        line_start, line_end = sentences[following]
        found = list(amounts[following])
        if not found or "\n" in text[line_start:line_end].strip():
            break
        rest, position = [], line_start
        for amount in found:
            rest.append(text[position : amount.start])
            position = amount.end
        rest.append(text[position:line_end])
        if not _FIGURE_WORDS.match(" ".join(rest)):
            break
        figures.extend(found)
        end = line_end
        lines += 1
    return (end, figures, lines) if figures else None
