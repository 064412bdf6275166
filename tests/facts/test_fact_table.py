"""The facts table a database gets: whole facts, and the README's query over the samples."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from helpers import CORPORA

from extractor import Extractor
from extractor.batch import batch

#: The README's example query ("revenue facts of one company, by period" and the others).
README_QUERY = """
  SELECT period_key, metric, value, currency, change_percent, change_direction
  FROM facts WHERE company = 'Northwind Robotics' ORDER BY period_key, metric"""


def test_the_readme_query_returns_every_fact_of_the_company(
    tmp_path: Path, extractor: Extractor
) -> None:
    out = tmp_path / "samples.db"
    batch([str(CORPORA / "samples")], str(out))
    text = (CORPORA / "samples" / "northwind-q3-2025.txt").read_text(encoding="utf-8")
    wanted = [f for f in extractor(text).facts if f.company == "Northwind Robotics"]
    with sqlite3.connect(out) as db:
        rows = db.execute(README_QUERY).fetchall()
        keys = db.execute(
            "SELECT DISTINCT period_key FROM facts WHERE company = 'Northwind Robotics'"
        ).fetchall()
        columns = [row[1] for row in db.execute("PRAGMA table_info(facts)")]
    assert len(rows) == len(wanted) >= 10
    assert ("2025-Q3",) in keys  # "third-quarter", its year from "the same quarter of 2024"
    for column in (
        "company_source",
        "period_fiscal_year",
        "period_quarter",
        "period_half",
        "prior_period_key",
        "forecast",
        "estimate",
        "value_unit",
        "change_unit",
        "change_amount",
    ):
        assert column in columns


def test_a_forecast_and_its_period_reach_the_table(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Orchard Systems Inc said third-quarter revenue rose 4% to $1.1 billion, compared with "
        "$1.06 billion in the third quarter of 2024. It expects fourth-quarter revenue of "
        "$1.2 billion.",
        encoding="utf-8",
    )
    out = tmp_path / "a.db"
    batch([str(tmp_path / "in")], str(out))
    with sqlite3.connect(out) as db:
        rows = db.execute(
            "SELECT period_key, prior_period_key, forecast, company_source, period_quarter "
            "FROM facts WHERE metric = 'revenue' ORDER BY seq"
        ).fetchall()
    assert rows == [("2025-Q3", "2024-Q3", 0, "clause", 3), ("2025-Q4", None, 1, "anaphor", 4)]
