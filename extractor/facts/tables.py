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
from dataclasses import replace

import regex as re

from .metrics import FoundMetric
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
#: Before a sign word: "vs", "versus".
_SIGN_BEFORE = re.compile(r"(?i:\bvs\.?|\bversus|\bagainst)\s*+\Z")


def is_row_start(text: str, metric: FoundMetric, line_start: int) -> bool:
    """A metric that opens its line (after white space) opens a table row."""
    return not text[line_start : metric.start].strip(" \t|•*-")


def sign_words(text: str, metrics: Sequence[FoundMetric], amounts: Sequence[Amount]) -> set[int]:
    """Indexes of the metrics in a row that are the sign of a figure: "vs loss nine cts"."""
    signs = set()
    for index, metric in enumerate(metrics[1:], start=1):
        if metric.family not in SIGN_FAMILIES or " " in metric.text.strip():
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
