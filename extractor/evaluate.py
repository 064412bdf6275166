"""Score the extractor against gold-annotated JSONL files.

The gold format is one JSON object a line::

    {"id": str, "text": str, "spans": [{"start": int, "end": int, "label": str, ...}],
     "meta": {"labels_annotated": [...], ...}}

Each label is scored only on the records whose ``meta.labels_annotated`` names it (all the
labels of its spans when the field is missing). Scores are exact-span and overlapping-span
precision, recall and F1, and, on exact matches, the accuracy of values and currencies.
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
from .pipeline import Extractor
from .records import DocumentRecord


@dataclass(frozen=True)
class Predicted:
    start: int
    end: int
    value: Decimal | None = None
    currency: str | None = None


def _money(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(m.start, m.end, m.value, m.currency) for m in record.money]


def _percent(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(p.start, p.end, p.value) for p in record.percentages]


def _organisations(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(m.start, m.end) for c in record.companies for m in c.mentions]


def _metrics(record: DocumentRecord) -> list[Predicted]:
    return [Predicted(m.start, m.end) for m in record.metrics]


#: Gold label -> the predictions it is scored against.
PREDICTIONS: dict[str, Callable[[DocumentRecord], list[Predicted]]] = {
    "MONEY": _money,
    "PERCENT": _percent,
    "ORG": _organisations,
    "FIN_ENTITY": _organisations,
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
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    @property
    def overlap_precision(self) -> float:
        return self.overlap_tp_pred / self.predicted if self.predicted else 0.0

    @property
    def overlap_recall(self) -> float:
        return self.overlap_tp_gold / self.gold if self.gold else 0.0

    @property
    def overlap_f1(self) -> float:
        return _f1(self.overlap_precision, self.overlap_recall)

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
            "value_accuracy": _round(self.value_accuracy),
            "currency_accuracy": _round(self.currency_accuracy),
        }


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


@dataclass
class LinkScore:
    """Metric-to-value links of facts against gold KPI->VALUE relations (strict ones).

    A predicted link counts when its metric span overlaps the gold KPI span and its value span
    overlaps the gold VALUE span; each gold link is matched once.
    """

    predicted: int = 0
    gold: int = 0
    matched_predicted: int = 0
    matched_gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched_predicted / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched_gold / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        return _f1(self.precision, self.recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Report:
    documents: int
    scores: dict[str, LabelScore]
    links: LinkScore | None = None

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "documents": self.documents,
            "labels": {label: score.to_dict() for label, score in sorted(self.scores.items())},
        }
        if self.links is not None:
            result["kpi_value_links"] = self.links.to_dict()
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
                f"{s.f1:>8.3f}{s.overlap_f1:>8.3f}{_fmt(s.value_accuracy):>8}"
                f"{_fmt(s.currency_accuracy):>8}"
            )
        if self.links is not None:
            links = self.links
            lines.append(
                f"{'KPI->VALUE':<12}{links.gold:>7}{links.predicted:>7}{links.precision:>8.3f}"
                f"{links.recall:>8.3f}{links.f1:>8.3f}   (strict relations, overlap)"
            )
        return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class GoldDocument:
    id: str
    text: str
    spans: tuple[dict[str, Any], ...]
    labels: frozenset[str]
    flags: tuple[str, ...]
    #: Strict KPI->VALUE relations as ((kpi start, end), (value start, end)).
    links: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


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
                    links=_gold_links(all_spans, data.get("relations") or ()),
                )
            except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as exc:
                raise InputError(f"{path}:{number}", f"not a gold record: {exc}") from exc


def _gold_links(
    spans: list[dict[str, Any]], relations: Iterable[dict[str, Any]]
) -> tuple[tuple[tuple[int, int], tuple[int, int]], ...]:
    links = []
    for relation in relations:
        if not relation.get("strict"):
            continue
        head, tail = spans[relation["head"]], spans[relation["tail"]]
        if (
            head.get("label") == "KPI"
            and tail.get("label") == "VALUE"
            and head["start"] is not None
        ):
            links.append(((head["start"], head["end"]), (tail["start"], tail["end"])))
    return tuple(sorted(set(links)))


def _predicted_links(record: DocumentRecord) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    links = []
    for fact in record.facts:
        metric = (fact.metric_span.start, fact.metric_span.end)
        for value in (fact.value, fact.value_high, fact.prior_value):
            if value is not None:
                links.append((metric, (value.start, value.end)))
    return sorted(set(links))


def _score_links(score: LinkScore, gold: GoldDocument, record: DocumentRecord) -> None:
    predicted = _predicted_links(record)
    score.gold += len(gold.links)
    score.predicted += len(predicted)
    unmatched = list(gold.links)
    for metric, value in predicted:
        hit = next(
            (g for g in unmatched if _overlaps(metric, g[0]) and _overlaps(value, g[1])), None
        )
        if hit is not None:
            unmatched.remove(hit)
            score.matched_predicted += 1
    score.matched_gold += len(gold.links) - len(unmatched)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


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
    links = LinkScore() if any(doc.links for doc in documents) else None
    records = extractor.pipe((doc.text for doc in documents), doc_ids=(doc.id for doc in documents))
    for doc, record in zip(documents, records, strict=True):
        if links is not None and "KPI" in doc.labels:
            _score_links(links, doc, record)
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
            score.value_n += 1
            score.value_ok += p.value is not None and p.value == gold_value
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
