"""The report in a real browser: headless Chromium (Debian's), driven by Playwright, on our
own sample articles. What a person sees is checked: distinct colours per label, highlights
that never wrap, sentences in the facts table, counted histogram bars, and a screenshot.

``.ci/run`` installs Chromium when it is missing and sets EXTRACTOR_REQUIRE_BROWSER=1, which
turns a missing browser into a failure instead of a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import CORPORA

from extractor.report import show

SAMPLE = CORPORA / "samples" / "northwind-q3-2025.txt"
#: Chromium flags for a closed network and a root user (as the machine probe found them).
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("EXTRACTOR_REQUIRE_BROWSER") == "1":
        pytest.fail("no Chromium, but EXTRACTOR_REQUIRE_BROWSER=1")
    pytest.skip("no Chromium here (apt-get install chromium)")


def _playwright() -> Any:
    try:
        import playwright.sync_api as sync_api
    except ImportError as exc:
        if os.environ.get("EXTRACTOR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"playwright cannot be imported ({exc}), but EXTRACTOR_REQUIRE_BROWSER=1")
        pytest.skip(f"playwright cannot be imported ({exc})")
    return sync_api


def _launch(playwright: Any) -> Any:
    return playwright.chromium.launch(executable_path=_chromium(), args=FLAGS)


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    sync_api = _playwright()
    report = show([str(SAMPLE)], tmp_path / "northwind.html")
    with sync_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            # Narrow, so that lines wrap often: no highlight may wrap inside itself.
            page = browser.new_page(viewport={"width": 520, "height": 900})
            page.goto(report.as_uri())
            expected = {
                ("ORG", "Northwind Robotics Inc"): "Northwind Robotics (company)",
                ("MONEY", "$1.42 billion"): "USD 1,420,000,000",
                ("PERCENT", "120 basis points"): "120 bp",
                ("METRIC", "revenue"): "revenue",
            }
            for (label, text), value in expected.items():
                mark = page.locator(f'mark[data-label="{label}"]', has_text=text).first
                assert mark.is_visible()
                assert mark.get_attribute("data-value") == value
                mark.hover()
                assert mark.evaluate("m => getComputedStyle(m, '::after').display") == "block"
                assert value in mark.evaluate("m => getComputedStyle(m, '::after').content")
            for mark in page.locator("mark.ent").all():  # one box each: never wrapped
                assert mark.evaluate("m => m.getClientRects().length") == 1, mark.inner_text()
            colours = {
                label: page.locator(f'mark[data-label="{label}"]').first.evaluate(
                    "m => getComputedStyle(m).backgroundColor"
                )
                for label in ("MONEY", "PERCENT", "ORG", "METRIC")
            }
            assert len(set(colours.values())) == 4, colours  # money and percent differ
            rows = page.locator("table.facts tbody tr")
            assert rows.count() >= 10
            first = rows.nth(0).locator("td.sentence a")
            assert first.inner_text().startswith("Northwind Robotics Inc. (NASDAQ: NWRB) reported")
            first.click()
            assert page.evaluate("location.hash").startswith("#s")
            shot = tmp_path / "northwind-report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_index_in_headless_chromium(tmp_path: Path) -> None:
    sync_api = _playwright()
    index = show([str(SAMPLE.parent)], tmp_path / "report")
    with sync_api.sync_playwright() as playwright:
        browser = _launch(playwright)
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 900})
            page.goto(index.as_uri())
            top = page.locator("h2:has-text('Top companies') + table tbody td:first-child")
            names = top.all_inner_texts()
            assert "Northwind Robotics" in names
            assert not {"Nasdaq", "Nasdaq Composite", "Reuters"} & set(names)  # not companies
            counts = page.locator("svg text.count").all_text_contents()
            assert counts and all(c.replace(",", "").isdigit() for c in counts)
            bars = page.locator("svg rect")
            assert bars.count() == len(counts)  # every bar has its count written on it
            shot = tmp_path / "index.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
