"""Report pages: golden Markdown for sample applicants, and free text that stays text."""

from __future__ import annotations

import os

import markdown
import pytest

from generator.report.model import assemble
from generator.report.render import CALENDAR, REPORT_PAGES, Renderer

from .helpers import AS_OF, PROJECT, ROOT, decision

GOLDEN = ROOT / "tests" / "golden" / "reports"
GOLDEN_APPLICANTS = ["amira-haddad", "diego-ramirez", "sofia-alvarez", "youssef-mansour"]


def _pages(pid: str) -> dict[str, str]:
    from generator.engine.engine import decide
    from generator.inputs.profiles import load_profiles

    d = decide(load_profiles([ROOT / "profiles" / f"{pid}.yml"])[0], PROJECT.rulebook, AS_OF)
    return Renderer(PROJECT).applicant_pages(assemble(d, PROJECT))


@pytest.mark.parametrize("pid", GOLDEN_APPLICANTS)
def test_report_pages_match_golden(pid):
    pages = _pages(pid)
    assert set(pages) - set(REPORT_PAGES) <= {CALENDAR} and set(REPORT_PAGES) <= set(pages)
    for name, text in ((n, t) for n, t in pages.items() if n in REPORT_PAGES):
        path = GOLDEN / pid / name
        if os.environ.get("IMG_GUIDE_UPDATE_GOLDEN"):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        assert text == path.read_text(encoding="utf-8"), f"{pid}/{name} differs from its golden file"


def test_rendering_is_deterministic():
    assert _pages("amira-haddad") == _pages("amira-haddad")


def test_every_report_cites_rules_with_guide_links():
    pages = _pages("youssef-mansour")
    for rid in ("STEP2-RETAKE", "SCN-FAILED-ATTEMPT", "LOR-GAP"):
        assert f"[{rid}](/guide/" in pages["index.md"]  # a citation link, never a word of a sentence
    assert "(/guide/low-scores.md#step2-retake)" in pages["index.md"]


def test_every_rule_anchor_exists_in_the_guide():
    book = PROJECT.rulebook
    missing = [r.id for r in book.rules if r.id.lower() not in PROJECT.anchors]
    assert missing == []


NASTY = {
    "name": "<script>alert(1)</script> [x](javascript:alert(2)) {{ 7*7 }}",
    "notes": "# Heading\n| a | b |\n<img src=x onerror=alert(3)>\n{% include 'x' %}\n1. list\n- item\n=====",
    "weak_areas": ["<b>bold</b>", "*emph* `code` {: #id }"],
    "practice": [
        {"exam": "[link](http://evil.example)", "score": 220, "date": "2026-10-01"},
        {"exam": "|pipe|", "score": 225, "date": "2026-11-01"},
    ],
    "step2ck": {"date": "2027-05-01"},
}


def test_free_text_renders_as_text_not_structure():
    d = decision(NASTY)
    pages = Renderer(PROJECT).applicant_pages(assemble(d, PROJECT))
    for name, text in pages.items():
        body = text.split("---", 2)[-1] if text.startswith("---") else text
        html = markdown.markdown(
            body, extensions=["tables", "attr_list", "admonition", "md_in_html", "def_list"]
        )
        assert "<script" not in html and "<img" not in html and "<b>" not in html, name
        assert 'href="javascript' not in html and 'href="http://evil' not in html, name
        assert "<em>emph</em>" not in html and 'id="id"' not in html, name
        assert "<h1>Heading</h1>" not in html, name
    overview = markdown.markdown(pages["index.md"].split("---", 2)[-1], extensions=["tables"])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview
    assert "{{ 7*7 }}" in overview
