"""Print: a report prints cleanly, and `img-guide pdf` writes one PDF of the four report pages."""

from __future__ import annotations

import sys

import pytest

from generator.cli import main
from generator.share import pdf

from .conftest import copy_project

ARTIFACTS = "test-artifacts"
# Diego's report (overview, study plan, narrative, program tiers) printed on A4: about 11 pages.
EXPECTED_PAGES = range(6, 17)


def report_dir(built, pid: str):
    """Where ``img-guide build`` put ``pid``'s report (the layout without a link secret)."""
    for folder in (built.site_dir / "local" / "applicants" / pid, built.site_dir / "applicants" / pid):
        if (folder / "index.html").is_file():
            return folder
    raise AssertionError(f"no built report of {pid} under {built.site_dir}")


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_pdf_of_a_built_report(built, capsys):
    out = built.root / ARTIFACTS
    out.mkdir(exist_ok=True)
    target = out / "diego-ramirez.pdf"
    code, stdout, err = run(
        capsys,
        "--project",
        str(built.root),
        "pdf",
        "diego-ramirez",
        "--site-dir",
        str(built.site_dir),
        "--output",
        str(target),
    )
    assert code == 0, err
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = pdf.count_pages(data)
    assert pages in EXPECTED_PAGES, pages
    assert f"({pages} pages)" in stdout
    # one part per report page, each starting a page: at least four pages
    assert pages >= len(pdf.PAGES)


def test_pdf_builds_the_report_when_no_site_is_given(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p", profiles=["diego-ramirez"])
    monkeypatch.chdir(tmp_path)
    code, stdout, err = run(
        capsys, "--project", str(project.root), "pdf", "diego-ramirez", "--as-of", "2026-11-22"
    )
    assert code == 0, err
    target = tmp_path / "diego-ramirez-report.pdf"
    assert target.read_bytes().startswith(b"%PDF-")
    assert pdf.count_pages(target.read_bytes()) in EXPECTED_PAGES
    assert not project.site_dir.exists()  # site/ is left alone


def test_unknown_applicant_is_a_usage_error(built, capsys, tmp_path):
    code, _, err = run(
        capsys,
        "--project",
        str(built.root),
        "pdf",
        "nobody",
        "--site-dir",
        str(built.site_dir),
        "--output",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "no applicant 'nobody'" in err and "diego-ramirez" in err
    assert not (tmp_path / "x.pdf").exists()


def test_missing_built_report_says_to_build_first(built, capsys, tmp_path):
    code, _, err = run(
        capsys,
        "--project",
        str(built.root),
        "pdf",
        "diego-ramirez",
        "--site-dir",
        str(tmp_path / "empty"),
        "--output",
        str(tmp_path / "x.pdf"),
    )
    assert code == 1 and "img-guide build" in err and "Traceback" not in err


def test_bad_options_are_usage_errors(built, capsys, tmp_path):
    code, _, err = run(
        capsys, "--project", str(built.root), "pdf", "diego-ramirez", "--output", str(tmp_path / "x.txt")
    )
    assert code == 2 and ".pdf" in err
    code, _, err = run(
        capsys,
        "--project",
        str(built.root),
        "pdf",
        "diego-ramirez",
        "--site-dir",
        "s",
        "--as-of",
        "2026-11-22",
        "--output",
        str(tmp_path / "x.pdf"),
    )
    assert code == 2 and "--as-of" in err


def test_missing_chromium_says_what_to_install(built, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(pdf, "CHROMIUM", str(tmp_path / "no-chromium"))
    code, out, err = run(
        capsys, "--project", str(built.root), "pdf", "diego-ramirez", "--output", str(tmp_path / "x.pdf")
    )
    assert code == 1
    assert "apt-get install chromium" in err and "Traceback" not in err and out == ""
    assert not (tmp_path / "x.pdf").exists()


def test_missing_playwright_says_what_to_install(built, capsys, monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "playwright", None)
    monkeypatch.setitem(sys.modules, "playwright.sync_api", None)
    code, _, err = run(
        capsys, "--project", str(built.root), "pdf", "diego-ramirez", "--output", str(tmp_path / "x.pdf")
    )
    assert code == 1 and "pip install playwright" in err and "Traceback" not in err


@pytest.mark.parametrize("page_name", ["index.html", "study-plan.html"])
def test_report_prints_without_navigation_and_keeps_charts(built, page, page_name):
    report = report_dir(built, "diego-ramirez") / page_name
    page.goto(report.as_uri())
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer"):
        loc = page.locator(selector)
        assert loc.count() == 0 or not loc.first.is_visible(), selector
    figures = page.locator("figure.img-chart")
    assert figures.count() >= 1
    for i in range(figures.count()):
        fig = figures.nth(i)
        assert fig.locator("svg").is_visible()
        assert fig.evaluate("f => getComputedStyle(f).breakInside") == "avoid"
        assert not fig.locator("details").is_visible()  # the chart itself carries the numbers on paper
    article = page.locator("article").bounding_box()
    assert article and article["x"] < 60  # the article takes the page, no sidebar beside it
