"""Score the extractor against gold-annotated JSONL files.

The gold format is one JSON object a line::

    {"id": str, "text": str, "spans": [{"start": int, "end": int, "label": str, ...}],
     "meta": {"labels_annotated": [...], ...}}

Each label is scored only on the records whose ``meta.labels_annotated`` names it (all the
labels of its spans when the field is missing). Scores are exact-span and overlapping-span
precision, recall and F1, and, on exact matches, the accuracy of values and currencies.
Gold files with KPI->VALUE ``relations`` are also scored for facts: relation links, and
whole facts where the gold gives them (:mod:`extractor.evaluate_facts`).
"""

from __future__ import annotations

import fnmatch
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .errors import InputError
from .evaluate_facts import (
    FactScore,
    GoldRelation,
    f1,
    gold_relations,
    ratio,
    rounded,
    shown,
)
from .pipeline import Extractor
from .records import DocumentRecord


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    value: Decimal | None = None
    currency: str | None = None
    #: A percentage's value in the unit of its kind (50 for 50bps), where ``value`` is in
    #: percentage points (0.5), as the corpora write it.
    unit_value: Decimal | None = None


def _money(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(m.start, m.end, m.value, m.currency) for m in record.money]


def _percent(record: DocumentRecord) -> list[Predicted]:
    """Percentages valued as the corpora value them: the percentage number, so 40 basis
    points is 0.4 (gold that states a ``kind`` gives its value in that kind's unit)."""
    return [
        Predicted(p.start, p.end, p.percentage_points, unit_value=p.value)
        for p in record.percentages
    ]


def _organisations(record: DocumentRecord) -> list[Predicted]:
    """Organisations as ORG gold marks them (FiNER-ORD, Reuters): stock indices are not."""
    return [
        Predicted(m.start, m.end) for c in record.companies if c.kind != "index" for m in c.mentions
    ]


def _financial_entities(record: DocumentRecord) -> list[Predicted]:
    """FinEntity's FIN_ENTITY marks companies and indices alike."""
    return [Predicted(m.start, m.end) for c in record.companies for m in c.mentions]


def _metrics(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(m.start, m.end) for m in record.metrics]


#: Gold label -> the predictions it is scored against.
PREDICTIONS: dict[str, Callable[[DocumentRecord], list[Predicted]]] = {
    "MONEY": _money,
    "PERCENT": _percent,
    "ORG": _organisations,
    "FIN_ENTITY": _financial_entities,
    "KPI": _metrics,
}


@dataclass
class LabelScore:
    """Counts for one label; the ratios are properties."""

    label: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    overlap_tp_pred: int = 0
    overlap_tp_gold: int = 0
    predicted: int = 0
    gold: int = 0
    value_ok: int = 0
    value_n: int = 0
    currency_ok: int = 0
    currency_n: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return ratio(self.tp, self.predicted)

    @property
    def recall(self) -> float:
        return ratio(self.tp, self.gold)

    @property
    def f1(self) -> float:
        return f1(self.precision, self.recall)

    @property
    def overlap_precision(self) -> float:
        return ratio(self.overlap_tp_pred, self.predicted)

    @property
    def overlap_recall(self) -> float:
        return ratio(self.overlap_tp_gold, self.gold)

    @property
    def overlap_f1(self) -> float:
        return f1(self.overlap_precision, self.overlap_recall)

    @property
    def value_accuracy(self) -> float | None:
        return self.value_ok / self.value_n if self.value_n else None

    @property
    def currency_accuracy(self) -> float | None:
        return self.currency_ok / self.currency_n if self.currency_n else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "overlap_precision": round(self.overlap_precision, 4),
            "overlap_recall": round(self.overlap_recall, 4),
            "overlap_f1": round(self.overlap_f1, 4),
            "value_accuracy": rounded(self.value_accuracy),
            "currency_accuracy": rounded(self.currency_accuracy),
        }


@dataclass
class Report:
    documents: int
    scores: dict[str, LabelScore]
    #: Relation links and whole facts, for gold files that carry relations.
    links: FactScore | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "documents": self.documents,
            "labels": {label: score.to_dict() for label, score in sorted(self.scores.items())},
        }
        if self.links is not None:
            result["relations"] = self.links.to_dict()
        return result

    def format_table(self) -> str:
        head = (
            f"{'label':<12}{'gold':>7}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}"
            f"{'ovl F1':>8}{'value':>8}{'cur':>8}"
        )
        lines = [f"{self.documents} documents", head]
        for label, s in sorted(self.scores.items()):
            lines.append(
                f"{label:<12}{s.gold:>7}{s.predicted:>7}{s.precision:>8.3f}{s.recall:>8.3f}"
                f"{s.f1:>8.3f}{s.overlap_f1:>8.3f}{shown(s.value_accuracy):>8}"
                f"{shown(s.currency_accuracy):>8}"
            )
        if self.links is not None:
            lines += self.links.format_lines()
        return "\n".join(lines)


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    spans: tuple[dict[str, Any], ...]
    labels: frozenset[str]
    flags: tuple[str, ...]
    #: KPI->VALUE relations, strict or not, with their whole facts where the gold has them.
    relations: tuple[GoldRelation, ...] = ()


def read_gold(path: Path) -> Iterator[GoldDocument]:
    """The records of a gold file; a malformed line raises an error naming file and line."""
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), exc.strerror or str(exc)) from exc
    with handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                text = data["text"]
                all_spans = data.get("spans", [])
                spans = tuple(s for s in all_spans if s.get("start") is not None)
                meta = data.get("meta") or {}
                labels = meta.get("labels_annotated") or {s["label"] for s in spans}
                yield GoldDocument(
                    id=str(data.get("id", f"{path.name}:{number}")),
                    text=text,
                    spans=spans,
                    labels=frozenset(labels),
                    flags=tuple(meta.get("flags") or ()),
                    relations=gold_relations(text, all_spans, data.get("relations") or ()),
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}:{number}", f"not a gold record: {exc}") from exc


def evaluate(
    paths: Iterable[Path],
    *,
    extractor: Extractor | None = None,
    labels: Sequence[str] | None = None,
    exclude_flags: Sequence[str] = (),
    keep_errors: int = 0,
) -> Report:
    """Score ``extractor`` (the default pipeline when None) on the gold files ``paths``.

    ``exclude_flags`` are glob patterns: a record with a ``meta.flags`` entry that matches one is
    left out. ``keep_errors`` keeps that many false positives and negatives per label.
    """
    extractor = extractor or Extractor()
    documents = [
        doc
        for path in paths
        for doc in read_gold(Path(path))
        if not any(fnmatch.fnmatchcase(f, pattern) for f in doc.flags for pattern in exclude_flags)
    ]
    wanted = set(labels) if labels else None
    scores: dict[str, LabelScore] = {}
    links = FactScore() if any(doc.relations for doc in documents) else None
    records = extractor.pipe((doc.text for doc in documents), doc_ids=(doc.id for doc in documents))
    for doc, record in zip(documents, records, strict=True):
        if links is not None and "KPI" in doc.labels:
            links.add(doc.text, record, doc.relations, keep=keep_errors)
        for label in doc.labels:
            if label not in PREDICTIONS or (wanted is not None and label not in wanted):
                continue
            score = scores.setdefault(label, LabelScore(label))
            gold = [s for s in doc.spans if s["label"] == label]
            _score(score, doc, gold, PREDICTIONS[label](record), keep_errors=keep_errors)
    return Report(documents=len(documents), scores=scores, links=links)


def _score(
    score: LabelScore,
    doc: GoldDocument,
    gold: list[dict[str, Any]],
    predicted: list[Predicted],
    *,
    keep_errors: int,
) -> None:
    gold_by_span = {(g["start"], g["end"]): g for g in gold}
    predicted_spans = {(p.start, p.end) for p in predicted}
    score.gold += len(gold_by_span)
    score.predicted += len(predicted_spans)
    seen: set[tuple[int, int]] = set()
    for p in predicted:
        key = (p.start, p.end)
        if key in seen:
            continue
        seen.add(key)
        g = gold_by_span.get(key)
        if any(p.start < ge and gs < p.end for gs, ge in gold_by_span):
            score.overlap_tp_pred += 1
        if g is None:
            score.fp += 1
            _keep(score, keep_errors, "fp", doc, p.start, p.end)
            continue
        score.tp += 1
        gold_value = _decimal(g.get("value"))
        if gold_value is not None:
            in_unit = g.get("kind", "percent") != "percent" and p.unit_value is not None
            value = p.unit_value if in_unit else p.value
            score.value_n += 1
            score.value_ok += value is not None and value == gold_value
        if "currency" in g:
            score.currency_n += 1
            score.currency_ok += g["currency"] == p.currency
    for gs, ge in gold_by_span:
        if any(ps < ge and gs < pe for ps, pe in predicted_spans):
            score.overlap_tp_gold += 1
        if (gs, ge) not in predicted_spans:
            score.fn += 1
            _keep(score, keep_errors, "fn", doc, gs, ge)


def _keep(
    score: LabelScore, limit: int, kind: str, doc: GoldDocument, start: int, end: int
) -> None:
    if len(score.errors) < limit:
        score.errors.append(
            {"kind": kind, "id": doc.id, "text": doc.text[start:end], "start": start}
        )


def _decimal(value: object) -> Decimal | None:
    if value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None
