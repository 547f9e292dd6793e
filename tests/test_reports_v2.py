"""Reports follow the cycle (rulebook v2): every sample profile, on dates across the Match."""

from __future__ import annotations

import re
from datetime import date

import pytest

from generator.engine.engine import decide
from generator.engine.plan import build_plan
from generator.inputs.profiles import load_profiles
from generator.report.calendar import events
from generator.report.model import assemble
from generator.report.render import Renderer

from .helpers import PROJECT, ROOT, decision

PROFILES = load_profiles([ROOT / "profiles"])
DATES = [date(2026, 6, 1), date(2026, 12, 3), date(2027, 3, 10), date(2027, 4, 10)]
RENDERER = Renderer(PROJECT)
SOAP_WHEN = ("BAND-IM-VIABLE", "BAND-IM-CHALLENGING", "BAND-MP-BORDERLINE", "BAND-MP-CONCERNING")


def cases():
    return [(p, day) for day in DATES for p in PROFILES]


@pytest.mark.parametrize(("profile", "as_of"), cases(), ids=lambda x: getattr(x, "id", str(x)))
def test_nothing_past_is_shown_as_ahead(profile, as_of):
    d = decide(profile, PROJECT.rulebook, as_of)
    plan = build_plan(d, PROJECT.plans)
    assert all(c.date >= as_of for c in plan.checkpoints)
    assert all(t.due is None or t.due >= as_of for t in plan.tasks)
    assert plan.exam_date is None or plan.exam_date >= as_of
    assert all(e[1] >= as_of for e in events(d, plan))
    pages = RENDERER.applicant_pages(assemble(d, PROJECT))
    assert not re.search(r"\bin -\d", "".join(pages.values()))
    if d.has("CYCLE-OVER"):
        body = pages["index.md"].split("· Overview\n", 1)[1]
        first = next(line for line in body.splitlines() if line.startswith(("!!!", "## ")))
        assert first.startswith("!!! warning"), body[:300]  # before "What to do next"
        assert plan.kind in ("profile", "none") and not plan.tasks


@pytest.mark.parametrize(("profile", "as_of"), cases(), ids=lambda x: getattr(x, "id", str(x)))
def test_a_passed_step2_ck_gets_no_deadline_to_sit_it(profile, as_of):
    d = decide(profile, PROJECT.rulebook, as_of)
    report = assemble(d, PROJECT)
    deadlines = ("Latest Step 2 CK exam date", "Step 2 CK score in hand")
    shown = [k.label for k in report.key_dates] + [e[2] for e in events(d, report.plan)]
    overview = RENDERER.applicant_pages(report)["index.md"]
    if d.facts["step2_passed"]:
        assert not [x for x in shown if x.startswith(deadlines)], shown
        assert not any(x in overview for x in deadlines)
    elif d.has("CYCLE-PREPARING") and not d.has("EXAM-NO-ATTEMPTS"):
        assert any(x.startswith(deadlines) for x in shown), shown  # still ahead of the applicant


@pytest.mark.parametrize(("profile", "as_of"), cases(), ids=lambda x: getattr(x, "id", str(x)))
def test_scores_and_plans_fit_the_person(profile, as_of):
    d = decide(profile, PROJECT.rulebook, as_of)
    f = d.facts
    if f["step2_score"] is not None and not f["step2_passed"]:
        assert set(d.bands.values()) == {None}
    assert all(x.step == "step2ck" for x in f["practice"])  # Step 1 practice is never read as Step 2 CK
    plan = build_plan(d, PROJECT.plans)
    goals = [c.goal for c in plan.checkpoints if c.goal is not None]
    assert goals == sorted(goals)
    if plan.kind == "step2" and f["practice_latest"] is not None:
        assert all(g >= f["practice_latest"] for g in goals)
    if plan.kind == "step2" and f["practice_count"] >= 2:
        text = " ".join(c.exam for c in plan.checkpoints) + " ".join(
            i for ph in plan.phases for i in ph.focus
        )
        assert "Baseline" not in text
    if plan.kind == "step1":
        assert all(g >= f["step1_passing"] for g in goals)
    soap = d.has("CYCLE-INTERVIEWING") or d.has("CYCLE-MATCH-WEEKS")
    fragile = f["failures"] or not f["step2_passed"] or any(d.has(b) for b in SOAP_WHEN)
    if not d.has("EXAM-NO-ATTEMPTS"):
        assert d.has("MATCH-SOAP-PLAN") == bool(soap and fragile)


def test_plan_length_label_matches_its_dates():
    d = decision({"step2ck": {"date": "2027-01-20"}}, date(2026, 11, 22))
    plan = build_plan(d, PROJECT.plans)
    assert plan.weeks == 8 and plan.length_label == "8-week"
    long = build_plan(decision({}, date(2026, 11, 22)), PROJECT.plans)
    assert long.length_label == f"{round(long.weeks * 7 / 30.44)}-month"


def test_the_tiers_page_signals_only_fitting_programs():
    d = decide(next(p for p in PROFILES if p.id == "amira-haddad"), PROJECT.rulebook, date(2026, 12, 3))
    page = RENDERER.applicant_pages(assemble(d, PROJECT))["program-tiers.md"]
    section = page.split("## Where to spend program signals", 1)[1]
    rows = [r for r in section.splitlines() if r.startswith("| ") and not r.startswith("| Program")]
    assert rows and all("| likely |" in r or "| target |" in r for r in rows)
    tiers_part = page.split("## Where to spend program signals", 1)[0]
    blocks = tiers_part.split("#### Excluded by the program's own requirements")[1:]
    assert blocks  # the sample has excluded programs: none of them may be signalled
    for block in blocks:
        for line in block.split("\n### ")[0].splitlines():
            if line.startswith("| ") and "Program" not in line and "---" not in line:
                assert line.split("|")[1].strip() not in section
    assert "no figure" not in section or "latest known" in section


def test_plans_keep_delirium_dementia_and_psychosis_together():
    focus = PROJECT.plans["step2"]["medicine-psychiatry"]["phases"][1]["focus"]
    assert "Delirium, dementia and psychosis" in focus and "Delirium" not in focus


def test_interview_season_plan_aims_at_the_rank_list():
    d = decision({"match_year": 2027, "graduation": {"status": "graduated", "year": 2025}}, date(2026, 12, 3))
    assert d.has("CYCLE-INTERVIEWING") and d.has("TIME-PASS-BY-RANK")
    plan = build_plan(d, PROJECT.plans)
    assert plan.exam_date == d.facts["sit_by_rank"] == date(2027, 2, 3)  # four weeks before 2027-03-03
    late = decision(
        {
            "match_year": 2027,
            "graduation": {"status": "graduated", "year": 2025},
            "step2ck": {"date": "2027-02-20"},
        },
        date(2026, 12, 3),
    )
    assert any("must be taken by 3 February 2027" in n for n in build_plan(late, PROJECT.plans).notes)
