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
    assert not list(tmp_path.glob("*.pdf")), "no untracked file in the working folder"
    target = project.site_dir / "pdf" / "diego-ramirez-report.pdf"  # git-ignored, never published
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    assert pdf.count_pages(data) in EXPECTED_PAGES
    assert [p.name for p in project.site_dir.iterdir()] == ["pdf"]  # the site is not built
    assert b"file:" not in data and b"/tmp/" not in data  # no link to the folder it was printed from
    assert b"/URI (https://" in data or b"/URI(https://" in data or b"/Dest" in data
    # a later build keeps the PDF and does not publish it
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--jobs", "1"]) == 0
    assert target.read_bytes() == data
    assert not list((project.site_dir / "public").rglob("*.pdf"))


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


def test_pdf_links_never_name_the_printing_machine_or_the_token(tmp_path, capsys):
    from generator.share.links import token
    from generator.site.build import build

    from .helpers import AS_OF

    secret = b"correct-horse-battery-staple-0123456789-abcdef"
    project = copy_project(tmp_path / "p", profiles=["diego-ramirez"])
    build(project, AS_OF, secret=secret, jobs=1)
    target = tmp_path / "out.pdf"
    env_secret = {"IMG_GUIDE_LINK_SECRET": secret.decode()}
    import os

    old = {k: os.environ.get(k) for k in env_secret}
    os.environ.update(env_secret)
    try:
        code, _, err = run(
            capsys,
            "--project",
            str(project.root),
            "pdf",
            "diego-ramirez",
            "--site-dir",
            str(project.site_dir),
            "--output",
            str(target),
        )
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    assert code == 0, err
    data = target.read_bytes()
    assert b"file:" not in data
    assert str(tmp_path).encode() not in data
    assert token(secret, "diego-ramirez").encode() not in data
    assert b"/Dest" in data or b"/GoTo" in data  # links between the report's pages stay, inside the PDF
