"""Injection: markup, links, template syntax and Markdown structure in profile and catalog text
render as text on every built page, in page titles and in the search index, and nothing runs
in a real browser (headless Chromium): no injected element, no dialog, no ``window.__pwned``.
"""

from __future__ import annotations

import html
import json
import threading
from dataclasses import dataclass
from datetime import date
from functools import partial
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import markdown
import pytest

from generator.inputs.yamlio import load_yaml
from generator.report.model import assemble
from generator.report.render import Renderer
from generator.site.build import build

from .conftest import copy_project
from .helpers import PROJECT, decision

AS_OF = date(2026, 11, 22)
PID = "amira-haddad"
COHORT = "2028-mp"
SECRET = b"0123456789abcdefghij0123456789ABCDEFGHIJ"  # 40 bytes
MARK = "__pwned"  # every payload that could run code carries it

P = {
    "script": "<script>window.__pwned=1;alert('script')</script>",
    "img": "<img src=x onerror=\"window.__pwned=1;alert('img')\">",
    "svg": "<svg onload=window.__pwned=1>",
    "breakout": '"><script>window.__pwned=1</script>',
    "link": "[PwnLink](javascript:window.__pwned=1)",
    "anchor": '<a href="javascript:window.__pwned=1">PwnAnchor</a>',
    "attr": '{: onclick="window.__pwned=1" }',
    "entity": "&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    "jinja": "{{ 7*7 }}",
    "include": "{% include 'x' %}",
    "heading": "# PwnHeading",
    "pipes": "| PwnCellA | PwnCellB |",
    "emph": "*PwnEmph*",
    "comment": "<!-- PwnComment -->",
}
NAME = f"Amira {P['script']} {P['img']} {P['link']} {P['jinja']} {P['include']} {P['pipes']}"
NOTES = "\n".join(
    [
        *P.values(),
        "|---|---|",
        "| c | d |",
        "[PwnRef][r]",
        "",
        "[r]: javascript:window.__pwned=1",
        "!!! danger",
    ]
)
PROGRAM = f"Pwn Program {P['script']} {P['jinja']}"


def nasty_profile(original: dict[str, Any]) -> dict[str, Any]:
    data = dict(original)
    data["name"] = NAME
    data["notes"] = NOTES
    data["notes_for_applicant"] = NOTES  # the notes the report shows (``notes`` stays with the advisor)
    data["weak_areas"] = [
        P[k] for k in ("script", "img", "svg", "link", "jinja", "include", "heading", "pipes")
    ]
    exams = [P["script"], P["img"], f"{P['jinja']} {P['pipes']}"]
    data["practice"] = [{**x, "exam": exam} for x, exam in zip(data["practice"], exams, strict=True)]
    data["research"] = [
        {"kind": "case-report", "topic": f"{P['script']} {P['img']} {P['link']} {P['breakout']}",
         "area": f"{P['include']} {P['jinja']}"},
        {"kind": "poster", "topic": f"{P['anchor']} {P['attr']} {P['emph']}", "area": P["heading"]},
    ]  # fmt: skip
    data["usce"] = [*data["usce"], {"specialty": "other", "kind": "hands-on", "months": 1}]
    return data


NASTY_CATALOG = {
    "description": NOTES[:2000],
    "programs": [
        {
            "name": PROGRAM,
            "track": "medicine-psychiatry",
            "type": "community",
            "state": "NY",
            "visas": ["j1"],
            "source": f"{P['img']} {P['link']} {P['anchor']}",
            "last_verified": "2026-10-01",
            "notes": NOTES[:2000],
        },
        {
            "name": f"Pwn Excluded {P['img']} {P['include']}",
            "track": "medicine-psychiatry",
            "type": "university",
            "state": "MA",
            "visas": [],
            "source": P["script"],
            "last_verified": "2020-01-01",
            "notes": P["svg"],
        },
    ],
}


@dataclass
class Built:
    site_dir: Path
    applicant: Path  # the applicant's report site folder
    cohort: Path  # the cohort site folder
    secret: bool


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[Built]:
    """The nasty project built twice: local reports, then private report links with a secret."""
    root = tmp_path_factory.mktemp("injection")
    project = copy_project(root / "project", profiles=[PID])
    path = project.profiles_dir / f"{PID}.yml"
    data = nasty_profile(load_yaml(path).data)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")  # JSON is YAML: exact strings
    (project.content_dir / "programs" / "nasty.yml").write_text(json.dumps(NASTY_CATALOG), encoding="utf-8")
    out = []
    for secret in (None, SECRET):
        site_dir = root / ("site-private" if secret else "site-local")
        publish = {COHORT} if secret else None  # the second build also shows the reports on the cohort site
        specs = build(project, AS_OF, site_dir=site_dir, publish=publish, secret=secret, jobs=1).specs
        [applicant] = [s for s in specs if s.kind == "applicant" and s.subject == PID]
        [cohort] = [s for s in specs if s.kind == "cohort" and s.subject == COHORT]
        out.append(Built(site_dir, site_dir / applicant.out, site_dir / cohort.out, secret is not None))
    assert out[1].applicant != out[0].applicant and "applicants" not in out[1].applicant.parts
    return out


# ---- static checks of every built page ---------------------------------------------------------
@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""


class Page(HTMLParser):
    """Every element with its attributes and direct text; the document's <title>."""

    VOID = frozenset(("area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"))

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.title: str | None = None
        self._open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = Element(tag, {k: v or "" for k, v in attrs})
        self.elements.append(el)
        if tag not in self.VOID:
            self._open.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i].tag == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self._open:
            return
        self._open[-1].text += data
        in_svg = any(e.tag == "svg" for e in self._open)
        if self._open[-1].tag == "title" and not in_svg:
            self.title = (self.title or "") + data

    def text(self) -> str:
        return "".join(e.text for e in self.elements if e.tag not in ("script", "style"))


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


REPORT_SEARCH = "src:assets/img-guide/report-search.js"


def scripts_signature(page: Page) -> list[str]:
    """What a page's scripts are, with relative paths normalised (for comparing pages)."""
    out = []
    for s in (e for e in page.elements if e.tag == "script"):
        src = s.attrs.get("src", "")
        out.append("src:" + src.lstrip("./") if src else f"inline:{s.attrs.get('type', '')}:{s.text[:12]}")
    return out


BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRS = ("href", "src", "xlink:href", "action", "formaction", "data", "srcdoc", "poster")


def injected_elements(page: Page) -> list[str]:
    """Everything on the page that came from the payloads as structure, not text."""
    found = []
    for el in page.elements:
        where = f"<{el.tag} {el.attrs}>"
        if el.tag == "script":
            src = el.attrs.get("src", "")
            if MARK in el.text or "alert(" in el.text or (src and not src.lstrip("./").startswith("assets/")):
                found.append(f"script {where} {el.text[:60]!r}")
        if el.tag in ("iframe", "object", "embed", "base", "frame", "frameset"):
            found.append(f"frame {where}")
        for name, value in el.attrs.items():
            if name.startswith("on"):
                found.append(f"event handler {where}")
            squashed = "".join(value.split()).lower()
            if name in URL_ATTRS and (squashed.startswith(BAD_SCHEMES) or MARK in value):
                found.append(f"dangerous URL {where}")
            if name == "style" and MARK in value:
                found.append(f"style from the profile {where}")
        if el.tag in ("img", "image") and el.attrs.get("src", el.attrs.get("href")) == "x":
            found.append(f"image from the profile {where}")
        structure = {
            ("a", "PwnLink"), ("a", "PwnAnchor"), ("a", "PwnRef"), ("em", "PwnEmph"),
            ("td", "PwnCellA"), ("th", "PwnCellA"),
        }  # fmt: skip
        if (el.tag, el.text.strip()) in structure:
            found.append(f"Markdown structure <{el.tag}>{el.text.strip()}")
        if el.tag in ("h1", "h2", "h3", "h4", "h5", "h6") and "PwnHeading" in el.text:
            found.append(f"heading <{el.tag}>{el.text}")
        if el.tag == "div" and "danger" in el.attrs.get("class", "").split():
            found.append("admonition from the notes")
        if el.tag == "style" and MARK in el.text:
            found.append("style from the profile")
    return found


def all_pages(built: Built) -> list[Path]:
    return sorted(built.site_dir.rglob("*.html"))


def report_pages(built: Built) -> list[Path]:
    pages = [built.applicant / f"{p}.html" for p in ("index", "study-plan", "narrative", "program-tiers")]
    pages.append(built.cohort / "index.html")
    if built.secret:  # published reports inside the cohort site
        pages += sorted((built.cohort / "applicants").rglob("*.html"))
    return pages


@pytest.mark.parametrize("which", ["local", "secret"])
def test_no_page_holds_an_injected_element(sites, which):
    built = sites[which == "secret"]
    pages = all_pages(built)
    assert len(pages) > 20
    problems = {str(p.relative_to(built.site_dir)): injected_elements(parse(p)) for p in pages}
    assert {k: v for k, v in problems.items() if v} == {}
    # and the payloads did reach the pages, as text (so the check above is not vacuous)
    overview = parse(built.applicant / "index.html").text()
    assert NAME in overview
    for key in ("script", "img", "entity", "jinja", "include", "heading", "pipes", "comment", "emph", "attr"):
        assert P[key] in overview, key
    assert "49" not in overview.split("Amira", 1)[1].split("Tracks", 1)[0]
    narrative = parse(built.applicant / "narrative.html").text()
    assert f"{P['include']} {P['jinja']}" in narrative and P["breakout"] in narrative
    tiers = parse(built.applicant / "program-tiers.html").text()
    assert PROGRAM in tiers
    cohort = parse(built.cohort / "index.html").text()
    # a cohort of one is too small to summarise: the page names no program, and never an applicant
    assert "too few to summarise" in cohort and NAME not in cohort


@pytest.mark.parametrize("which", ["local", "secret"])
def test_reports_have_only_the_themes_scripts(sites, which):
    """A report page runs the same scripts as a guide page of its site: nothing added but, on a
    page of the report site, the script that merges its search index with the guide's."""
    built = sites[which == "secret"]
    guide = next(built.cohort.rglob("guide/index.html"), None) or next(
        built.site_dir.rglob("guide/index.html")
    )
    expected = sorted(scripts_signature(parse(guide)))
    assert any(s.startswith("src:assets/") for s in expected)
    for path in report_pages(built):
        page = parse(path)
        signature = scripts_signature(page)
        if path.parent == built.applicant:
            signature.remove(REPORT_SEARCH)
            [tag] = [e for e in page.elements if e.attrs.get("src", "").endswith("/report-search.js")]
            assert tag.attrs == {"src": "../../assets/img-guide/report-search.js", "data-site-root": "../../"}
        assert sorted(signature) == expected, path


@pytest.mark.parametrize("which", ["local", "secret"])
def test_page_titles_hold_no_markup(sites, which):
    built = sites[which == "secret"]
    for path in all_pages(built):
        title = parse(path).title
        if title is None:
            continue
        assert "<" not in title and ">" not in title, (path, title)
        for marker in (MARK, "Pwn", "{{", "{%", "javascript:"):
            assert marker not in title, (path, title)


def test_search_indexes_hold_the_payloads_as_escaped_text(sites):
    indexes = sorted(p for b in sites for p in b.site_dir.rglob("search/search_index.json"))
    assert indexes
    seen_escaped = False
    for path in indexes:
        docs = json.loads(path.read_text(encoding="utf-8"))["docs"]
        for doc in docs:
            title, text = doc["title"], doc["text"]
            for marker in (MARK, "Pwn", "{{", "{%", "<script", "<img", "<svg", "<a "):
                assert marker not in title, (path, title)
            # Material renders result text as HTML: tags from the payloads must be escaped in it
            for raw in ("<script", "<img", "<svg", '<a href="javascript', "<!--"):
                assert raw not in text, (path, doc["location"], raw)
            assert '<a href="javascript' not in text and "<h1" not in text
            if "&lt;script&gt;window.__pwned=1;alert('script')&lt;/script&gt;" in text:
                seen_escaped = True
                assert "{{ 7*7 }}" in text
    assert seen_escaped, "the published reports' text is not in any search index"


# ---- a real browser ------------------------------------------------------------------------------
def visit(page, url: str) -> list[str]:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.goto(url)
    page.wait_for_load_state("load")
    return dialogs


@pytest.mark.parametrize("which", ["local", "secret"])
def test_chromium_runs_nothing_from_the_profile(sites, page, which):
    built = sites[which == "secret"]
    visible: dict[str, str] = {}
    for path in report_pages(built):
        dialogs = visit(page, path.as_uri())
        assert dialogs == [], (path, dialogs)
        assert page.evaluate("typeof window.__pwned") == "undefined", path
        assert (
            page.locator("img[src='x'], svg[onload], [onerror], [onclick], a[href^='javascript']").count()
            == 0
        )
        assert page.title() and "Pwn" not in page.title() and "<" not in page.title()
        key = path.name if path.parent == built.applicant else f"cohort/{path.relative_to(built.cohort)}"
        visible[key] = page.locator("article").inner_text()
    overview = visible["index.html"]
    assert P["script"] in overview and P["img"] in overview and P["link"] in overview
    assert f"{P['jinja']} {P['include']}" in overview and P["entity"] in overview and P["comment"] in overview
    assert P["heading"] in overview and P["pipes"] in overview
    assert f"{P['include']} {P['jinja']}" in visible["narrative.html"]
    assert PROGRAM in visible["program-tiers.html"]
    if built.secret:
        assert any(NAME in text for key, text in visible.items() if key.startswith("cohort/applicants/"))
    assert all(u.startswith("file:") for u in page.requests), [
        u for u in page.requests if not u.startswith("file:")
    ]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        return None


@pytest.fixture
def served(sites):
    """The private build over HTTP on localhost (Material's search worker does not run from file://)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(sites[1].site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", sites[1]
    server.shutdown()
    server.server_close()
    thread.join()


def test_search_results_show_the_payloads_as_text(served, page):
    base, built = served
    cohort_url = f"{base}/{built.cohort.relative_to(built.site_dir).as_posix()}/index.html"
    dialogs = visit(page, cohort_url)
    page.locator("input.md-search__input").click()
    ready = "!document.querySelector('.md-search-result__meta').textContent.includes('Initializing')"
    page.wait_for_function(ready, timeout=15_000)  # the search worker has built the index
    page.locator("input.md-search__input").press_sequentially(
        "PwnCellA"
    )  # Material searches on keys, not fill
    results = page.locator(".md-search-result__item")
    results.first.wait_for(state="visible", timeout=15_000)
    shown = page.locator(".md-search-result").inner_text()
    assert "PwnCellA" in shown and P["script"] in shown and P["img"] in shown  # as text
    assert page.evaluate("typeof window.__pwned") == "undefined" and dialogs == []
    assert page.locator(".md-search-result img[src='x'], .md-search-result script").count() == 0


# ---- known display bug in the charts (not a security issue) --------------------------------------
def test_chart_text_shows_apostrophes_once():
    d = decision({"practice": [{"exam": "O'Brien NBME", "score": 220, "date": "2026-03-01"},
                               {"exam": "UWSA 2", "score": 230, "date": "2026-05-01"}],
                  "step2ck": {"date": "2027-05-01"}})  # fmt: skip
    page = Renderer(PROJECT).applicant_pages(assemble(d, PROJECT))["index.md"].split("---", 2)[-1]
    rendered = markdown.markdown(page, extensions=["tables", "attr_list", "md_in_html", "admonition"])
    text = html.unescape(rendered)
    assert "O'Brien NBME" in text and "&#39;" not in text
