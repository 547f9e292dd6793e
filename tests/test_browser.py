"""What a person sees: headless Chromium (Playwright driving Debian's /usr/bin/chromium)."""

from __future__ import annotations

import re

ARTIFACTS = "test-artifacts"


def test_overview_shows_scenario_band_and_actions(built, page):
    overview = built.site_dir / "local" / "applicants" / "amira-haddad" / "index.html"
    page.goto(overview.as_uri())
    body = page.locator("article").inner_text()
    assert "final scores" in body  # the situation sentence of SCN-SCORES-COMPLETE
    band = page.locator("article table").first.inner_text()
    assert "Internal medicine–psychiatry, borderline" in band and "228" in band  # in words
    assert page.locator("article a.img-cite[href$='#band-mp-borderline']").count() >= 1  # cited
    assert page.locator("article ol li").count() == 3  # the three next steps, first
    assert page.title() == "Amira Haddad · Overview - Residency strategy reports"
    (built.root / ARTIFACTS).mkdir(exist_ok=True)
    page.screenshot(path=str(built.root / ARTIFACTS / "overview.png"), full_page=True)
    assert all(u.startswith("file:") for u in page.requests), page.requests


def test_study_plan_shows_dated_checkpoints(built, page):
    plan = built.site_dir / "local" / "applicants" / "diego-ramirez" / "study-plan.html"
    page.goto(plan.as_uri())
    checkpoints = page.locator("#checkpoints + table, h2#checkpoints ~ div table").first
    text = checkpoints.inner_text()
    rows = [
        r for r in text.splitlines() if re.match(r"^\d{1,2} [A-Z][a-z]+ \d{4}\t", r)
    ]  # "27 December 2026"
    assert len(rows) >= 3, text
    assert "Aim for" in text
    heading = page.locator("article").inner_text()
    assert "20 May 2027" in heading  # the planned exam date from the profile


def test_guide_link_from_a_report_lands_on_the_rule_section(built, page):
    overview = built.site_dir / "local" / "applicants" / "youssef-mansour" / "index.html"
    page.goto(overview.as_uri())
    page.locator("article a[href$='#step2-retake']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("guide/low-scores.html#step2-retake")
    assert page.locator("#step2-retake").is_visible()
