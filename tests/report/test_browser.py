"""The report in a real browser: headless Chromium (Debian's), driven by Playwright.

``.ci/run`` installs Chromium when it is missing and sets EXTRACTOR_REQUIRE_BROWSER=1, which
turns a missing browser into a failure instead of a skip.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import shared_path

from extractor.report import show

SEED = "000_437e256efc7f49e1"
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


def test_report_in_headless_chromium(tmp_path: Path) -> None:
    sync_api = _playwright()
    article = shared_path("seeds", f"{SEED}.txt")
    report = show([str(article)], tmp_path / "seed.html")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.goto(report.as_uri())
            expected = {
                ("ORG", "TeraWulf"): "TeraWulf (company)",
                ("MONEY", "$21 million"): "USD 21,000,000",
                ("PERCENT", "117%"): "117%",
                ("METRIC", "net loss"): "net_loss",
            }
            for (label, text), value in expected.items():
                mark = page.locator(f'mark[data-label="{label}"]', has_text=text).first
                assert mark.is_visible()
                assert mark.get_attribute("data-value") == value
                mark.hover()
                tip = mark.evaluate("m => getComputedStyle(m, '::after')")
                assert mark.evaluate("m => getComputedStyle(m, '::after').display") == "block"
                assert value in mark.evaluate("m => getComputedStyle(m, '::after').content")
                assert tip is not None
            rows = page.locator("table.facts tbody tr")
            assert rows.count() == 2
            rows.nth(0).locator("a").click()
            assert page.evaluate("location.hash").startswith("#s")
            shot = tmp_path / "seed-report.png"
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 20_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
