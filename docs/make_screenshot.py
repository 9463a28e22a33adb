"""Regenerate docs/html-report.png: the example newsroom's review page in headless Chromium.

python docs/make_screenshot.py            # needs the system chromium and playwright (test extra)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        page_path = Path(tmp) / "review.html"
        subprocess.run(
            [sys.executable, "-m", "newslint", "check", "drafts/ambel-rewrite.md", "--format", "html",
             "-o", str(page_path)],
            cwd=ROOT / "examples",
            check=False,
        )  # fmt: skip
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 860})
            page.goto(page_path.as_uri())
            page.click("mark.hl.sev-warning")  # choose a finding: its evidence opens beside it
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(ROOT / "docs" / "html-report.png"))
            browser.close()


if __name__ == "__main__":
    main()
