"""What an applicant and an advisor see, in Chromium at desktop and phone width: where the header
leads, titles with the name, words instead of rule IDs, no sideways scroll, readable charts, search
from file:// and over HTTP that stays within one report, the guide's way back, print, and the dashboard."""

from __future__ import annotations

import re
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.inputs.profiles import load_profiles

WIDTHS = [1280, 390]
PAGES = {
    "index.html": "Overview",
    "study-plan.html": "Study plan",
    "narrative.html": "Narrative guidance",
    "program-tiers.html": "Program tiers",
}


@pytest.fixture
def at(browser):
    """A page at a given width (and colour scheme)."""
    contexts = []

    def make(width: int, scheme: str = "light"):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        pg = context.new_page()
        pg.requests = []
        pg.on("request", lambda r: pg.requests.append(r.url))
        return pg

    yield make
    for c in contexts:
        c.close()


def report(built, pid: str = "amira-haddad") -> Path:
    return built.site_dir / "local" / "applicants" / pid


def names(built) -> dict[str, str]:
    return {p.id: p.name for p in load_profiles([built.profiles_dir])}


def resolves(href_url: str) -> Path:
    assert href_url.startswith("file://"), href_url
    path = Path(href_url.removeprefix("file://").split("#")[0].split("?")[0])
    assert path.is_file(), f"{href_url} is not a page (a folder listing at best)"
    return path


@pytest.mark.parametrize("width", WIDTHS)
def test_header_links_lead_to_pages_and_titles_carry_the_name(built, at, width):
    pg = at(width)
    folder = report(built)
    for name, title in PAGES.items():
        pg.goto((folder / name).as_uri())
        assert pg.title().startswith(f"Amira Haddad · {title} - "), pg.title()
        assert pg.locator("article h1").inner_text().startswith(f"Amira Haddad · {title}")
        logo = pg.eval_on_selector("header a.md-logo", "a => a.href")
        assert resolves(logo) == folder / "index.html"
        home = pg.eval_on_selector("header a.img-header-home", "a => a.href")
        assert resolves(home) == folder / "index.html"
        nav = pg.eval_on_selector_all(".img-report-nav a.md-nav__link", "as => as.map(a => a.href)")
        assert [resolves(h).name for h in nav[:4]] == list(PAGES)
        assert resolves(nav[-1]).parts[-2:] == ("guide", "index.html")
    for page in (
        built.site_dir / "local" / "guide" / "index.html",
        built.site_dir / "public" / "cohorts" / "2028-mp" / "index.html",
        built.site_dir / "public" / "guide" / "step-scores.html",
    ):
        pg.goto(page.as_uri())
        resolves(pg.eval_on_selector("header a.md-logo", "a => a.href"))


RULE_ID = re.compile(
    r"\b(?:SCN|STAGE|CYCLE|BAND|READY|TIME|DELAY|PLAN|PROG|NARR|LOR|RES|USCE|STEP[123]|VISA|ECFMG|"
    r"EXAM|FAIL|MATCH|SIGNAL|TIER)-[A-Z0-9]+(?:-[A-Z0-9]+)*\b"
)
VISIBLE_WORDS = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  document.querySelectorAll('article .img-cite').forEach(a => a.remove());
  return document.querySelector('article').innerText;
}"""


def test_no_rule_id_outside_citation_links(built, at):
    pg = at(1280)
    pages = [report(built, pid) / name for pid in names(built) for name in PAGES]
    pages += sorted((built.site_dir / "public" / "cohorts").glob("*/index.html"))
    for path in pages:
        pg.goto(path.as_uri())
        text = pg.evaluate(VISIBLE_WORDS)
        found = RULE_ID.findall(text)
        assert not found, (path, found[:5])
        assert "medicine-psychiatry" not in text and "internal-medicine" not in text, path
        assert ".md#" not in text and ".html#" not in text, path


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_scrolls_sideways_and_chart_text_is_readable(built, at, width):
    pg = at(width)
    pages = [
        report(built, pid) / name
        for pid in ("amira-haddad", "diego-ramirez", "youssef-mansour")
        for name in PAGES
    ]
    pages += [
        built.site_dir / "public" / "cohorts" / "2028-im" / "index.html",
        built.site_dir / "local" / "guide" / "step-scores.html",
        built.site_dir / "index.html",
        built.site_dir / "public" / "index.html",
    ]
    charts = 0
    for path in pages:
        pg.goto(path.as_uri())
        wide = pg.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 0, (path, width, wide)
        sizes = pg.evaluate("""() => [...document.querySelectorAll('svg.img-chart__svg text')].map(t =>
            parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a)""")
        charts += len(sizes)
        assert not sizes or min(sizes) >= 10, (path, width, min(sizes))
    assert charts > 50  # the check above saw real chart text


def _search(pg, words: str) -> list[str]:
    pg.keyboard.press("s")  # a real key: Material loads the index from file:// only then
    pg.wait_for_function(
        "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
        timeout=15_000,
    )
    pg.locator("input.md-search__input").press_sequentially(words)
    pg.wait_for_timeout(600)
    return pg.eval_on_selector_all(".md-search-result__item a", "as => as.map(a => a.href)")


def test_search_from_file_finds_the_reports_own_pages_and_no_other(built, at):
    pg = at(1280)
    folder = report(built)
    pg.goto((folder / "study-plan.html").as_uri())
    own = _search(pg, "consultation")  # the combined track's own words, in her report and the guide
    assert any(h.startswith(folder.as_uri() + "/") for h in own), own
    pg.goto((folder / "index.html").as_uri())
    hits = _search(pg, "Ramírez")  # another applicant's name
    assert not any("/applicants/" in h and "/amira-haddad/" not in h for h in hits), hits
    pg.goto((folder / "narrative.html").as_uri())
    guide = _search(pg, "signals")
    assert any("/guide/" in h for h in guide), guide
    assert all(u.startswith("file:") for u in pg.requests), [
        u for u in pg.requests if not u.startswith("file:")
    ]


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on the loopback, as a static host such as GitHub Pages serves it."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def test_search_over_http_finds_the_reports_own_pages_the_guide_and_no_other(built, at):
    """Over HTTP the report's own index and the site's shared guide index are two requests,
    merged in the browser: the same results as from file://."""
    local = built.site_dir / "local"
    with served(local) as base:
        folder = f"{base}/applicants/amira-haddad"
        pg = at(1280)
        pg.goto(f"{folder}/study-plan.html")
        own = _search(pg, "consultation")
        assert any(h.startswith(f"{folder}/") for h in own), own
        pg.goto(f"{folder}/index.html")
        hits = _search(pg, "Ramírez")  # another applicant's name
        assert not any("/applicants/" in h and "/amira-haddad/" not in h for h in hits), hits
        pg.goto(f"{folder}/narrative.html")
        guide = _search(pg, "signals")
        assert any(h.startswith(f"{base}/guide/") for h in guide), guide
        assert any(h.startswith(f"{folder}/") for h in guide), guide
        for hit in guide:  # every result leads to a page of the site
            assert (local / hit.removeprefix(f"{base}/").split("?")[0].split("#")[0]).is_file(), hit
        indexes = {u.removeprefix(base) for u in pg.requests if "search_index" in u}
        assert indexes == {"/applicants/amira-haddad/search/search_index.json", "/search/search_index.json"}
        # blob: the merged index, made in the page
        elsewhere = [u for u in pg.requests if not u.startswith((base, f"blob:{base}/"))]
        assert not elsewhere, elsewhere


@pytest.mark.parametrize("over", ["http", "file"])
def test_report_search_without_the_guides_index_still_finds_the_report(built, at, tmp_path, over):
    """If the site's shared index cannot be loaded, a report's search keeps its own pages."""
    site = tmp_path / "local"
    shutil.copytree(built.site_dir / "local", site)
    for name in ("search_index.json", "search_index.js"):
        (site / "search" / name).unlink()
    pg = at(1280)
    with served(site) as base:
        root = base if over == "http" else site.as_uri()
        pg.goto(f"{root}/applicants/amira-haddad/narrative.html")
        hits = _search(pg, "signals")
    assert hits and all(h.startswith(f"{root}/applicants/amira-haddad/") for h in hits), hits


def test_local_guide_searches_from_file(built, at):
    pg = at(1280)
    pg.goto((built.site_dir / "local" / "guide" / "readiness.html").as_uri())
    hits = _search(pg, "postpone")
    assert hits and all("/applicants/" not in h for h in hits)


def test_a_guide_page_opened_from_a_report_leads_back(built, at):
    pg = at(390)
    folder = report(built)
    pg.goto((folder / "program-tiers.html").as_uri())
    pg.locator("article a.img-cite").first.click()
    pg.wait_for_load_state()
    assert "/guide/" in pg.url
    back = pg.locator("article .img-back a")
    assert back.inner_text() == "← Back to the report of Amira Haddad"
    back.click()
    pg.wait_for_load_state()
    assert pg.url == (folder / "index.html").as_uri()


def test_print_hides_the_navigation_and_keeps_the_charts(built, at):
    pg = at(1280)
    pg.goto((report(built) / "index.html").as_uri())
    pg.emulate_media(media="print")
    assert not pg.locator(".md-sidebar--primary").is_visible()
    assert not pg.locator("header.md-header").is_visible()
    assert pg.locator("figure.img-chart svg").first.is_visible()
    assert len(pg.pdf()) > 10_000


@pytest.mark.parametrize("width", WIDTHS)
def test_dashboard_lists_every_applicant_with_a_working_link(built, at, width):
    pg = at(width)
    pg.goto((built.site_dir / "index.html").as_uri())
    every = names(built)
    links = pg.eval_on_selector_all(
        "#img-dash tbody td[data-key=name] a", "as => as.map(a => [a.textContent, a.href])"
    )
    assert sorted(n for n, _ in links) == sorted(every.values())
    for name, href in links:
        assert resolves(href).parent.name in every and every[resolves(href).parent.name] == name
    pg.locator("#img-dash tbody a", has_text="Diego Ramírez").first.click()
    pg.wait_for_load_state()
    assert pg.title().startswith("Diego Ramírez · Overview")
    pg.go_back()
    pg.select_option("#img-cohort", "2028-mp")
    shown = pg.eval_on_selector_all("#img-dash tbody tr:not([hidden])", "rs => rs.length")
    cohort = [p for p in load_profiles([built.profiles_dir]) if p.cohort == "2028-mp"]
    assert shown == len(cohort)
    pg.select_option("#img-cohort", "")
    pg.select_option("#img-need", "letters")
    needs = pg.eval_on_selector_all("#img-dash tbody tr:not([hidden])", "rs => rs.map(r => r.dataset.needs)")
    assert needs and all("letters" in n.split("|") for n in needs)
    pg.select_option("#img-need", "")
    pg.locator("#img-dash th[data-key=next] button").click()
    dates = pg.eval_on_selector_all("#img-dash tbody tr", "rs => rs.map(r => r.dataset.next)")
    assert dates == sorted(dates)
    assert all(u.startswith("file:") for u in pg.requests)
