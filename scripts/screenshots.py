"""Screenshots for the README: one report (desktop, phone, dark, print) and the dashboard.

Builds the sample profiles (fictional applicants) as of 2026-11-22 into a temporary folder and
photographs the pages with Debian's Chromium through Playwright. Run from the repository root:

    .venv/bin/python scripts/screenshots.py            # writes screenshots/*.png
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.project import Project  # noqa: E402
from generator.site.build import build  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
OUT = ROOT / "screenshots"


def main() -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="img-guide-shots-") as tmp:
        project = Path(tmp) / "project"
        for name in ("content", "profiles"):
            shutil.copytree(ROOT / name, project / name)
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        (project / "docs").mkdir()
        build(Project(project), date(2026, 11, 22))
        site = project / "site"
        report = site / "local" / "applicants" / "amira-haddad"
        shots = [
            ("report-desktop", report / "index.html", 1280, 1000, "light", "screen"),
            ("report-phone", report / "index.html", 390, 844, "light", "screen"),
            ("report-dark", report / "program-tiers.html", 1280, 1000, "dark", "screen"),
            ("report-print", report / "study-plan.html", 900, 1200, "light", "print"),
            ("dashboard", site / "index.html", 1280, 820, "light", "screen"),
        ]
        OUT.mkdir(exist_ok=True)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for name, page_path, width, height, scheme, media in shots:
                context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                page = context.new_page()
                page.goto(page_path.as_uri())
                page.emulate_media(media=media)
                page.wait_for_load_state("load")
                page.screenshot(path=str(OUT / f"{name}.png"))
                context.close()
                print(f"wrote screenshots/{name}.png")
            browser.close()


if __name__ == "__main__":
    main()
