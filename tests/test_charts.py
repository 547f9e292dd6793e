"""Charts: every SVG parses, every mark sits where its number says, the data tables agree."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from markupsafe import Markup

from generator.charts import BANDS, Scale, chart_id, cohort_chart, report_charts, score_domain, text
from generator.engine.plan import build_plan
from generator.report.cohort import cohort_tables, summarize
from generator.report.model import assemble
from generator.report.render import Renderer

from .helpers import PROJECT, decision, practice

ARTIFACTS = "test-artifacts"
NS = {"s": "http://www.w3.org/2000/svg"}
SVG_RE = re.compile(r"<svg\b.*?</svg>", re.S)
TABLE_RE = re.compile(r"<table>.*?</table>", re.S)


def report_dir(built, pid: str):
    """Where ``img-guide build`` put ``pid``'s report (the layout without a link secret)."""
    for folder in (built.site_dir / "local" / "applicants" / pid, built.site_dir / "applicants" / pid):
        if (folder / "index.html").is_file():
            return folder
    raise AssertionError(f"no built report of {pid} under {built.site_dir}")


NO_SCORE_YET = {
    "step2ck": {"date": "2027-05-20"},
    "practice": [
        {"exam": "NBME 9", "score": 214, "date": "2026-08-02"},
        {"exam": "NBME 11", "score": 226, "date": "2026-09-20"},
        {"exam": "NBME 13", "score": 233, "date": "2026-11-01"},
    ],
}
SCORED = {
    "tracks": ["internal-medicine", "medicine-psychiatry"],
    "step2ck": {"score": 228, "date": "2026-06-20"},
    "practice": practice(221, 233),
}


def charts_of(over: dict) -> tuple[object, object, dict[str, Markup]]:
    d = decision(over)
    plan = build_plan(d, PROJECT.plans)
    return d, plan, report_charts(d, plan, PROJECT.rulebook)


def parse(block: str) -> ET.Element:
    """The one SVG of a chart block, parsed as XML (fails on anything malformed)."""
    found = SVG_RE.findall(str(block))
    assert len(found) == 1, block[:200]
    return ET.fromstring(found[0])


def data_table(block: str) -> ET.Element:
    found = TABLE_RE.findall(str(block))
    assert len(found) == 1
    return ET.fromstring(found[0])


def cells(table: ET.Element) -> list[list[str]]:
    return [[td.text or "" for td in tr.findall("td")] for tr in table.iter("tr") if tr.findall("td")]


def scale_of(svg: ET.Element, axis: str = "x") -> Scale:
    d0, d1 = (float(v) for v in svg.get(f"data-{axis}-domain").split())
    r0, r1 = (float(v) for v in svg.get(f"data-{axis}-range").split())
    return Scale((d0, d1), (r0, r1))


def by_class(svg: ET.Element, cls: str) -> list[ET.Element]:
    return [e for e in svg.iter() if cls in (e.get("class") or "").split()]


# ---- the scale function ---------------------------------------------------------------------
def test_scale_is_linear_clamped_and_rounded():
    x = Scale((200, 260), (20, 640))
    assert x(200) == 20 and x(260) == 640
    assert x(230) == 330
    assert x(228) == pytest.approx(20 + 28 * 620 / 60, abs=0.05)
    assert x(150) == 20 and x(300) == 640  # clamped
    days = Scale((date(2027, 1, 1).toordinal(), date(2027, 1, 11).toordinal()), (0, 100))
    assert days(date(2027, 1, 6)) == 50


def test_score_domain_pads_to_multiples_of_ten():
    assert score_domain([218, 240]) == (210, 250)
    assert score_domain([220, 245]) == (210, 250)
    assert score_domain([196, 262]) == (190, 270)


def test_text_is_escaped_for_xml_and_markdown():
    assert text("<b>&") == "&lt;b&gt;&amp;"
    assert "[" not in text("[x](javascript:1)") and "(" not in text("[x](javascript:1)")
    assert ET.fromstring(f"<t>{text('[x](y) *a* <b> & é')}</t>").text == "[x](y) *a* <b> & é"


# ---- 1. the Step 2 CK scale ---------------------------------------------------------------------
def test_score_marker_sits_at_the_scale_of_the_score():
    d, _, charts = charts_of(SCORED)
    for track in ("internal-medicine", "medicine-psychiatry"):
        svg = parse(charts[f"scale:{track}"])
        x = scale_of(svg)
        assert x.domain == (200.0, 260.0) and x.range == (20.0, 640.0)
        [mark] = by_class(svg, "img-mark")
        assert mark.get("data-value") == "228" and "img-mark--score" in mark.get("class")
        line = mark.find("s:line", NS)
        assert float(line.get("x1")) == x(228) == pytest.approx(20 + (228 - 200) * 620 / 60, abs=0.05)
        # the marker falls inside the band the engine gave, which is outlined
        band = next(b for b in by_class(svg, "img-band") if b.get("data-band") == d.bands[track])
        assert float(band.get("x")) <= x(228) <= float(band.get("x")) + float(band.get("width"))
        assert "img-band--current" in band.get("class")


def test_target_and_latest_practice_score_without_a_score():
    _, _, charts = charts_of(NO_SCORE_YET)
    svg = parse(charts["scale:internal-medicine"])
    x = scale_of(svg)
    marks = {m.get("data-value"): m for m in by_class(svg, "img-mark")}
    assert set(marks) == {"235", "233"}  # the default target, the latest practice score
    assert "img-mark--target" in marks["235"].get("class")
    assert "img-mark--practice" in marks["233"].get("class")
    for value, mark in marks.items():
        assert float(mark.find("s:line", NS).get("x1")) == x(int(value))
    # two points apart on the scale: 2 * (range / domain) units apart in the picture
    gap = float(marks["235"].get("data-x")) - float(marks["233"].get("data-x"))
    assert gap == pytest.approx(2 * 620 / (x.domain[1] - x.domain[0]), abs=0.11)


def test_bands_and_screens_follow_the_rulebook():
    _, _, charts = charts_of(NO_SCORE_YET)
    svg = parse(charts["scale:internal-medicine"])
    x = scale_of(svg)
    th = PROJECT.rulebook.thresholds
    bands = by_class(svg, "img-band")
    assert [b.get("data-band") for b in bands] == [rid for rid, _ in BANDS["internal-medicine"]]
    for band, (_, key) in zip(bands[1:], BANDS["internal-medicine"][1:], strict=True):
        assert float(band.get("x")) == x(th[key])
    screens = {int(e.get("data-value")) for e in by_class(svg, "img-ref--screen")}
    assert screens == {k["screen"] for k in PROJECT.rulebook.tiers["kinds"]["internal-medicine"]}
    for e in by_class(svg, "img-ref--screen"):
        assert float(e.get("x1")) == x(int(e.get("data-value")))


def test_scale_table_holds_the_same_numbers():
    _, _, charts = charts_of(NO_SCORE_YET)
    block = charts["scale:internal-medicine"]
    svg, rows = parse(block), cells(data_table(block))
    table = {(r[0], r[1]) for r in rows}
    for mark in by_class(svg, "img-mark"):
        assert any(r[0] == mark.get("data-value") for r in rows)
    assert ("233", "Latest practice score") in table and ("235", "Target") in table
    for e in by_class(svg, "img-ref--screen") + by_class(svg, "img-ref--pass"):
        assert any(r[0] == e.get("data-value") for r in rows)
    assert ("220–229", "Internal medicine, viable") in table  # in words: no rule ID as a label


# ---- 2. practice scores over time -----------------------------------------------------------
def test_practice_points_sit_at_their_date_and_score():
    d, plan, charts = charts_of(NO_SCORE_YET)
    svg = parse(charts["practice"])
    x, y = scale_of(svg, "x"), scale_of(svg, "y")
    points = by_class(svg, "img-point--practice")
    points = [p for p in points if p.get("data-value")]  # not the legend's
    assert [(p.get("data-date"), int(p.get("data-value"))) for p in points] == [
        ("2026-08-02", 214),
        ("2026-09-20", 226),
        ("2026-11-01", 233),
    ]
    for p in points:
        assert float(p.get("cx")) == x(date.fromisoformat(p.get("data-date")))
        assert float(p.get("cy")) == y(int(p.get("data-value")))
    assert float(points[2].get("cy")) < float(points[0].get("cy"))  # higher scores are higher up
    refs = {int(e.get("data-value")): e for e in svg.iter() if "img-ref" in (e.get("class") or "").split()}
    assert set(refs) == {235, 230, 220}  # target, readiness threshold, floor
    for v, e in refs.items():
        assert float(e.get("y1")) == float(e.get("y2")) == y(v)
    goals = [g for g in by_class(svg, "img-point--goal") if g.get("data-value")]
    assert [g.get("data-date") for g in goals] == [c.date.isoformat() for c in plan.checkpoints if c.goal]
    assert by_class(svg, "img-exam-line")[0].get("data-date") == "2027-05-20"


def test_practice_table_holds_the_same_numbers():
    _, _, charts = charts_of(NO_SCORE_YET)
    block = charts["practice"]
    rows = cells(data_table(block))
    assert ["2026-09-20", "NBME 11", "226"] in rows
    svg = parse(block)
    shown = {
        (p.get("data-date"), p.get("data-value")) for p in by_class(svg, "img-point") if p.get("data-value")
    }
    listed = {(r[0], r[2]) for r in rows if r[0]}
    assert shown == listed


def test_no_practice_chart_without_practice_scores():
    _, _, charts = charts_of({"step2ck": {"date": "2027-05-20"}})
    assert charts["practice"] == ""
    assert charts["timeline"] != ""


def test_step2_score_shows_on_the_practice_chart():
    _, _, charts = charts_of(SCORED)
    svg = parse(charts["practice"])
    [sq] = [e for e in by_class(svg, "img-point--step2") if e.get("data-value")]
    x, y = scale_of(svg, "x"), scale_of(svg, "y")
    assert sq.get("data-value") == "228" and sq.get("data-date") == "2026-06-20"
    assert float(sq.get("data-x")) == x(date(2026, 6, 20)) and float(sq.get("data-y")) == y(228)


# ---- 3. the study plan as a timeline ----------------------------------------------------------
def test_timeline_places_exam_checkpoints_and_application_dates():
    d, plan, charts = charts_of(NO_SCORE_YET)
    svg = parse(charts["timeline"])
    x = scale_of(svg)
    assert x.domain[0] == d.as_of.toordinal()
    events = by_class(svg, "img-event")
    for e in events:
        assert float(e.get("data-x")) == x(date.fromisoformat(e.get("data-date")))
    dates = {e.get("data-date") for e in events}
    assert "2027-05-20" in dates  # the exam
    assert {c.date.isoformat() for c in plan.checkpoints} <= dates
    for key in ("score_deadline", "eras_submit", "match_day"):
        assert d.facts["dates"][key].isoformat() in dates
    [star] = by_class(svg, "img-event--star")
    assert star.get("data-date") == "2027-05-20"
    phases = by_class(svg, "img-phase")
    assert [p.get("data-from") for p in phases] == [p.start.isoformat() for p in plan.phases]
    for rect, ph in zip(phases, plan.phases, strict=True):
        assert float(rect.get("x")) == x(ph.start)
        assert float(rect.get("x")) + float(rect.get("width")) == pytest.approx(x(ph.end), abs=0.11)
    rows = cells(data_table(charts["timeline"]))
    assert {r[0] for r in rows if " to " not in r[0]} == dates


def test_profile_plan_timeline_has_tasks_and_application_dates():
    _, plan, charts = charts_of(SCORED)
    assert plan.kind == "profile"
    svg = parse(charts["timeline"])
    assert by_class(svg, "img-event--circle")  # the tasks
    assert not by_class(svg, "img-event--star") and not by_class(svg, "img-phase")


# ---- the markup: ids, text, determinism, Markdown ---------------------------------------------
def test_free_text_in_charts_stays_text():
    nasty = {
        "step2ck": {"date": "2027-05-01"},
        "practice": [
            {"exam": "<script>alert(1)</script>", "score": 220, "date": "2026-10-01"},
            {"exam": "[link](javascript:alert(2)) & *x*", "score": 225, "date": "2026-11-01"},
        ],
    }
    _, _, charts = charts_of(nasty)
    block = str(charts["practice"])
    assert "<script" not in block and "](javascript" not in block
    svg = parse(block)
    titles = [t.text for t in svg.iter("{http://www.w3.org/2000/svg}title")]
    assert any("<script>alert(1)</script>" in (t or "") for t in titles)
    assert ["2026-11-01", "[link](javascript:alert(2)) & *x*", "225"] in cells(data_table(block))


def test_charts_are_deterministic_with_ids_from_their_names():
    a, b = charts_of(SCORED)[2], charts_of(SCORED)[2]
    assert a == b
    for name, block in a.items():
        if block:
            assert f'id="{chart_id(name)}"' in block
            svg = parse(block)
            assert svg.get("role") == "img"
            assert svg.find("s:title", NS).get("id") == f"{chart_id(name)}-title"
            assert svg.find("s:desc", NS).text
            assert f"{chart_id(name)}-title" in svg.get("aria-labelledby")


def test_every_chart_of_every_sample_report_parses():
    from generator.engine.engine import decide
    from generator.inputs.profiles import load_profiles

    renderer = Renderer(PROJECT)
    for profile in load_profiles([PROJECT.profiles_dir]):
        d = decide(profile, PROJECT.rulebook, date(2026, 11, 22))
        pages = renderer.applicant_pages(assemble(d, PROJECT))
        for name in ("index.md", "study-plan.md"):
            found = SVG_RE.findall(pages[name])
            assert found, (profile.id, name)
            ids = []
            for s in found:
                root = ET.fromstring(s)
                ids += [e.get("id") for e in root.iter() if e.get("id")]
            assert len(ids) == len(set(ids)), (profile.id, name)


# ---- 4. the cohort dashboard ------------------------------------------------------------------
def test_cohort_chart_is_aggregates_only_and_matches_the_tables():
    from generator.engine.engine import decide
    from generator.inputs.profiles import load_profiles

    profiles = [p for p in load_profiles([PROJECT.profiles_dir]) if p.cohort == "2028-mp"]
    ds = [decide(p, PROJECT.rulebook, date(2026, 11, 22)) for p in profiles]
    summaries = [summarize(assemble(d, PROJECT)) for d in ds]
    block = str(cohort_chart(cohort_tables(summaries, 3), len(summaries), 3, PROJECT.rulebook))
    for p in profiles:
        assert p.id not in block and p.name not in block
    svg = parse(block)
    x = scale_of(svg)
    bars = by_class(svg, "img-bar")
    tables = cohort_tables(summaries, 3)
    assert len(bars) == sum(len(rows) for rows in tables.values())
    counts = [str(r["count"]) for rows in tables.values() for r in rows]
    assert [b.get("data-value") for b in bars] == counts
    for bar in bars:
        value = bar.get("data-value")
        if value.isdigit():
            assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(x(int(value)), abs=0.11)
        else:  # suppressed: hatched up to the minimum, never drawn to its real length
            assert value == "fewer than 3" and "img-bar--suppressed" in bar.get("class")
            assert float(bar.get("x")) + float(bar.get("width")) == pytest.approx(x(3), abs=0.11)


# ---- in the built sites and in a browser ------------------------------------------------------
def test_built_pages_carry_the_svg_intact(built):
    report = report_dir(built, "diego-ramirez")
    overview = (report / "index.html").read_text(encoding="utf-8")
    for name in ("scale:internal-medicine", "practice"):
        m = re.search(rf'<figure class="img-chart[^"]*" id="{chart_id(name)}">.*?</figure>', overview, re.S)
        assert m, name
        svg = parse(m.group(0))
        assert by_class(svg, "img-mark") or by_class(svg, "img-point")
        assert "<p>" not in m.group(0)  # Markdown left the block alone
    plan = (report / "study-plan.html").read_text(encoding="utf-8")
    parse(
        re.search(r'<figure class="img-chart[^"]*" id="img-chart-timeline">.*?</figure>', plan, re.S).group(0)
    )
    cohort = (built.site_dir / "public" / "cohorts" / "2028-im" / "index.html").read_text(encoding="utf-8")
    parse(
        re.search(r'<figure class="img-chart[^"]*" id="img-chart-cohort">.*?</figure>', cohort, re.S).group(0)
    )
    for path in built.site_dir.rglob("*.html"):
        for s in SVG_RE.findall(path.read_text(encoding="utf-8")):
            if "img-chart__svg" in s:
                ET.fromstring(s)


def _fill(page, selector: str) -> tuple[int, ...]:
    value = page.eval_on_selector(selector, "e => getComputedStyle(e).fill")
    return tuple(int(v) for v in re.findall(r"\d+", value)[:3])


def test_overview_chart_in_light_and_dark(built, browser):
    overview = report_dir(built, "diego-ramirez") / "index.html"
    out = built.root / ARTIFACTS
    out.mkdir(exist_ok=True)
    shots = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        try:
            page = context.new_page()
            requests: list[str] = []
            page.on("request", lambda r, requests=requests: requests.append(r.url))
            page.goto(overview.as_uri())
            expected = "slate" if scheme == "dark" else "default"
            assert page.eval_on_selector("body", "b => b.dataset.mdColorScheme") == expected
            figure = page.locator("#img-chart-scale-internal-medicine")
            assert figure.is_visible()
            box = page.locator("#img-chart-scale-internal-medicine svg").bounding_box()
            assert box and box["width"] > 400 and box["height"] > 80
            assert page.locator("#img-chart-practice svg").is_visible()
            # chart text follows the scheme: dark on light, light on dark
            ink = _fill(page, "#img-chart-scale-internal-medicine svg text")
            assert (sum(ink) < 300) if scheme == "light" else (sum(ink) > 450), (scheme, ink)
            # the data table is beside the chart, one click away
            table = page.locator("#img-chart-scale-internal-medicine details table")
            assert not table.is_visible()
            page.locator("#img-chart-scale-internal-medicine summary").click()
            assert table.is_visible() and "233" in table.inner_text()
            page.locator("#img-chart-scale-internal-medicine summary").click()
            path = out / f"overview-chart-{scheme}.png"
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(path), full_page=True)
            figure.screenshot(path=str(out / f"scale-chart-{scheme}.png"))
            shots[scheme] = path
            assert all(u.startswith("file:") for u in requests), requests
        finally:
            context.close()
    for path in shots.values():
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 20_000
