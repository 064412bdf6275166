"""One way in (issue 12, item 1): a file gives the same text, id and record whichever command
reads it, and an article carries its title, URL and publication date into its record.

Everything runs on real files in temporary folders, through the real command line; the Dask
engine runs on the LocalCluster it starts, in a process of its own.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from extractor.cli import app
from extractor.io import read_document
from extractor.records import DocumentRecord
from extractor.report.document import render_document

runner = CliRunner()

#: A news page written for this test: the article, and around it a menu, a price in a
#: subscription box and a footer that raw markup would put in the text.
PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Orchard Systems lifts revenue | The Ledger</title>
  <meta property="og:title" content="Orchard Systems lifts third-quarter revenue">
  <meta property="article:published_time" content="2024-11-05T07:30:00Z">
  <link rel="canonical" href="https://ledger.example/tech/orchard-q3">
</head>
<body>
  <nav><a href="/">Home</a> <a href="/markets">Markets</a> <a href="/tech">Tech</a></nav>
  <aside class="subscribe">Subscribe for $1 a week and save 50% on your first year.</aside>
  <main><article>
    <h1>Orchard Systems lifts third-quarter revenue</h1>
    <p>Orchard Systems Inc said on Tuesday that third-quarter revenue rose 12% to $410 million,
    helped by demand for its warehouse robots from large retailers.</p>
    <p>Net income fell to $38 million from $45 million a year earlier as the company spent more
    on research, and it kept its full-year revenue outlook of $1.6 billion.</p>
  </article></main>
  <footer>Copyright 2024 The Ledger. Subscribe to our newsletter for $5 a month.</footer>
</body>
</html>
"""


def _record(text: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(text)
    return data


def _extractor(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "extractor", *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, timeout=600)


def test_an_html_page_gives_one_record_through_extract_show_batch_and_dask(
    tmp_path: Path,
) -> None:
    page = tmp_path / "orchard.html"
    page.write_text(PAGE, encoding="utf-8")

    extracted = runner.invoke(app, ["extract", str(page)])
    assert extracted.exit_code == 0, extracted.stderr
    record = _record(extracted.stdout)
    assert record["id"] == str(page)
    assert record["source"] == {
        "path": str(page),
        "line": None,
        "offset": None,
        "url": "https://ledger.example/tech/orchard-q3",
        "title": "Orchard Systems lifts third-quarter revenue",
        "published": "2024-11-05",
        "meta": {},
    }
    # the article only: no price of the subscription box, no menu, no footer
    assert [m["text"] for m in record["money"]] == [
        "$410 million",
        "$38 million",
        "$45 million",
        "$1.6 billion",
    ]
    revenue = next(f for f in record["facts"] if f["metric"] == "revenue")
    assert (revenue["period"]["label"], revenue["period"]["year_source"]) == (
        "Q3 2024",
        "published",
    )

    batched = tmp_path / "out.jsonl"
    done = runner.invoke(app, ["batch", str(page), "-o", str(batched)])
    assert done.exit_code == 0, done.stderr
    assert _record(batched.read_text(encoding="utf-8")) == record

    shown = tmp_path / "shown.html"
    done = runner.invoke(app, ["show", str(page), "-o", str(shown)])
    assert done.exit_code == 0, done.stderr
    text = read_document(str(page)).text
    expected = render_document(text, DocumentRecord.model_validate_json(extracted.stdout))
    assert shown.read_text(encoding="utf-8") == expected

    report = tmp_path / "report"
    done = runner.invoke(app, ["show", str(tmp_path), "--include", "*.html", "-o", str(report)])
    assert done.exit_code == 0, done.stderr
    assert "Subscribe" not in (report / "docs" / "doc-000001.html").read_text(encoding="utf-8")

    folder = tmp_path / "dask.jsonl"
    args = ["batch", str(page), "-o", str(folder), "--engine", "dask", "--workers", "1"]
    done_dask = _extractor(*args, "--no-progress", cwd=tmp_path)
    assert done_dask.returncode == 0, done_dask.stderr
    (part,) = folder.glob("part-*.jsonl")
    assert _record(part.read_text(encoding="utf-8")) == record


FEED = [
    {
        "id": "w1",
        "text": "Orchard Systems Inc said third-quarter revenue rose 12% to $410 million.",
        "title": "Orchard lifts revenue",
        "published": "Tue, 05 Nov 2024 07:30:00 GMT",
    },
    {
        "id": "w2",
        "text": "Kestrel Automation Corp said third-quarter revenue fell 3% to $96 million.",
        "published": "2023-10-31",
    },
]


def test_a_date_field_reaches_the_source_and_the_year_of_a_facts_period(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(row) + "\n" for row in FEED), encoding="utf-8")
    table = tmp_path / "feed.csv"
    table.write_text(
        "id,text,published\n"
        'h1,"Harbor Freight Lines said third-quarter revenue rose 7% to $412 million.",'
        "2022-11-02\n",
        encoding="utf-8",
    )
    output = tmp_path / "out.jsonl"
    args = ["batch", str(feed), str(table), "-o", str(output), "--date-field", "published"]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.stderr
    records = [_record(line) for line in output.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["source"]["published"], r["source"]["title"]) for r in records] == [
        ("w1", "2024-11-05", "Orchard lifts revenue"),
        ("w2", "2023-10-31", None),
        ("h1", "2022-11-02", None),
    ]
    periods = [r["facts"][0]["period"] for r in records]
    assert [(p["label"], p["fiscal_year"], p["year_source"]) for p in periods] == [
        ("Q3 2024", 2024, "published"),
        ("Q3 2023", 2023, "published"),
        ("Q3 2022", 2022, "published"),
    ]
    assert records[0]["source"]["meta"] == {
        "title": "Orchard lifts revenue",
        "published": "Tue, 05 Nov 2024 07:30:00 GMT",
    }

    without = tmp_path / "without.jsonl"
    assert runner.invoke(app, ["batch", str(feed), "-o", str(without)]).exit_code == 0
    first = _record(without.read_text(encoding="utf-8").splitlines()[0])
    assert first["source"]["published"] is None
    assert first["facts"][0]["period"]["fiscal_year"] is None


def test_show_reads_inputs_with_the_options_of_batch(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    rows = [{"guid": f"g{n}", "body": row["text"]} for n, row in enumerate(FEED)]
    feed.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    report = tmp_path / "report"
    args = ["show", str(feed), "--text-field", "body", "--id-field", "guid", "-o", str(report)]
    done = runner.invoke(app, args)
    assert done.exit_code == 0, done.stderr
    first = (report / "docs" / "doc-000001.html").read_text(encoding="utf-8")
    assert "<h1>g0</h1>" in first and "$410 million" in first
    without = runner.invoke(app, ["show", str(feed), "-o", str(tmp_path / "other")])
    assert without.exit_code == 1  # no 'text' field: each line is a failure, as in a batch
    assert "no 'text' field holding a string" in without.stderr


def test_show_reads_a_gzipped_batch_output_and_its_texts(tmp_path: Path) -> None:
    texts = tmp_path / "news"
    texts.mkdir()
    (texts / "orchard.html").write_text(PAGE, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    done = runner.invoke(app, ["batch", str(texts), "-o", str(output)])
    assert done.exit_code == 0, done.stderr
    packed = tmp_path / "out.jsonl.gz"
    packed.write_bytes(gzip.compress(output.read_bytes()))
    report = tmp_path / "report"
    done = runner.invoke(app, ["show", str(packed), "--texts", str(tmp_path), "-o", str(report)])
    assert done.exit_code == 0, done.stderr
    page = (report / "docs" / "doc-000001.html").read_text(encoding="utf-8")
    assert 'data-label="MONEY"' in page  # the text was found again: its amounts highlighted
    assert "Subscribe" not in page


def test_extract_reads_a_page_on_standard_input_as_html(tmp_path: Path) -> None:
    page = tmp_path / "orchard.html"
    page.write_text(PAGE, encoding="utf-8")
    from_file = _record(runner.invoke(app, ["extract", str(page)]).stdout)
    piped = runner.invoke(app, ["extract", "-", "--input-format", "html"], input=PAGE)
    assert piped.exit_code == 0, piped.stderr
    record = _record(piped.stdout)
    assert record["source"]["path"] == "-"
    assert record["money"] == from_file["money"]
    assert record["source"]["published"] == from_file["source"]["published"]
