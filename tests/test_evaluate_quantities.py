"""Money and percentages in ``extractor eval``: values compared as the corpora write them."""

from __future__ import annotations

import json
from pathlib import Path

from extractor.evaluate import evaluate


def test_eval_values_basis_points_as_the_corpora_do(tmp_path: Path) -> None:
    """Gold PERCENT values are percentage numbers (40 bps is 0.4), unless the gold states
    the kind, whose unit the value is then in; the record keeps 40 basis points either way."""
    text = "The margin rose 40 basis points to 12%, after 25 bps."
    spans = [
        {"start": 16, "end": 31, "label": "PERCENT", "text": "40 basis points", "value": "0.4"},
        {"start": 35, "end": 38, "label": "PERCENT", "text": "12%", "value": "12"},
        {
            "start": 46,
            "end": 52,
            "label": "PERCENT",
            "text": "25 bps",
            "value": "25",
            "kind": "basis_points",
        },
    ]
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "bp", "text": text, "spans": spans}) + "\n")
    score = evaluate([gold]).scores["PERCENT"]
    assert (score.tp, score.value_n, score.value_ok) == (3, 3, 3)
