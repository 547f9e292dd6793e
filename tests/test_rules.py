"""Each rule fires and does not fire at its boundaries (see tests/cases.py)."""

from __future__ import annotations

import pytest

from generator.engine.engine import decide

from .cases import CASES, RULEBOOK_IDS
from .helpers import AS_OF, PROJECT, decision


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_case(case):
    d = decision(case["over"], case["as_of"] or AS_OF)
    fired = set(d.rules)
    missing = [r for r in case["fire"] if r not in fired]
    wrong = [r for r in case["absent"] if r in fired]
    assert not missing, f"expected to fire: {missing}; fired: {d.rules}"
    assert not wrong, f"expected not to fire: {wrong}; reasons: {[d.get(r).reason for r in wrong]}"


def test_rules_file_defines_exactly_the_rulebook_ids():
    assert sorted(PROJECT.rulebook.ids) == sorted(RULEBOOK_IDS)


def test_every_rule_is_asserted_to_fire_by_some_case():
    asserted = {r for c in CASES for r in c["fire"]}
    assert sorted(set(RULEBOOK_IDS) - asserted) == []


def test_every_rule_also_stays_silent_somewhere_unless_it_always_fires():
    always = {"TIME-MATCH-DAY"}
    fired_everywhere = set(RULEBOOK_IDS)
    for c in CASES:
        fired_everywhere &= set(decision(c["over"], c["as_of"] or AS_OF).rules)
    assert fired_everywhere == always


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_exactly_one_scenario_and_one_band_per_scored_track(case):
    d = decision(case["over"], case["as_of"] or AS_OF)
    assert len(d.group("scenario")) == 1
    assert len(d.group("cycle")) == 1
    for track, band in d.bands.items():
        if not d.facts["step2_passed"]:
            assert band is None
        else:
            assert band is not None and sum(1 for f in d.fired if f.rule.track == track) == 1


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_every_fired_rule_has_a_reason_naming_facts(case):
    d = decision(case["over"], case["as_of"] or AS_OF)
    for f in d.fired:
        assert f.reason and "{" not in f.reason and "None" not in f.reason, (f.rule.id, f.reason)


def test_the_engine_does_not_read_the_clock(monkeypatch):
    """With the clock moved years away, explain and every report page say exactly the same."""
    import datetime as dt
    import sys

    from generator.inputs.profiles import load_profiles
    from generator.report.model import assemble
    from generator.report.render import Renderer

    profiles = load_profiles([PROJECT.profiles_dir])

    def outputs() -> list[object]:
        out: list[object] = []
        for profile in profiles:
            d = decide(profile, PROJECT.rulebook, AS_OF)
            out += [d.to_json(), Renderer(PROJECT).applicant_pages(assemble(d, PROJECT))]
        return out

    before = outputs()

    class SameKind(type):  # a real date or datetime still passes isinstance checks
        def __instancecheck__(cls, obj: object) -> bool:
            return isinstance(obj, cls.__mro__[1])

    class OtherDay(dt.date, metaclass=SameKind):
        @classmethod
        def today(cls):  # noqa: ANN206 - as date.today
            return cls(2031, 3, 9)

    class OtherTime(dt.datetime, metaclass=SameKind):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206 - as datetime.now
            return cls(2031, 3, 9, 12, 0, tzinfo=tz)

        @classmethod
        def today(cls):  # noqa: ANN206
            return cls(2031, 3, 9, 12, 0)

    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("generator"):
            for attr, fake in (("date", OtherDay), ("datetime", OtherTime)):
                if getattr(module, attr, None) is getattr(dt, attr):
                    monkeypatch.setattr(module, attr, fake)
                    patched += 1
    assert patched >= 5  # the engine's, the plan's, the renderer's and the calendar's date
    assert dt.date.today() != OtherDay.today()
    after = outputs()
    assert len(after) == len(before) == 2 * len(profiles)
    for a, b in zip(before, after, strict=True):
        assert a == b


def test_a_renamed_rule_the_code_relies_on_is_a_located_error(tmp_path):
    from generator.errors import InputError
    from generator.project import Project

    from .conftest import copy_project

    project = copy_project(tmp_path / "project", profiles=[])
    rules = project.root / "content" / "rules.yml"
    text = rules.read_text(encoding="utf-8")
    assert text.count("id: USCE-GAP\n") == 1
    rules.write_text(text.replace("id: USCE-GAP\n", "id: USCE-SHORTFALL\n"), encoding="utf-8")
    with pytest.raises(InputError) as err:
        Project(project.root).rulebook  # noqa: B018 - loading is the test
    (problem,) = err.value.problems
    assert problem.file.endswith("rules.yml")
    assert problem.line == text.splitlines().index("rules:") + 1
    assert "USCE-GAP" in problem.message and problem.field == "rules"


def test_failures_and_years_follow_the_rulebook():
    d = decision(
        {
            "step1": {"result": "pass", "attempts": 3},
            "step2ck": {"score": 210, "date": "2026-01-01", "attempts": 2},
        }
    )
    assert d.facts["failures"] == 2 + 2
    assert (
        decision({"graduation": {"status": "final-year", "year": 2028}}).facts["years_since_graduation"] == 0
    )
    assert (
        decision({"graduation": {"status": "graduated", "year": 2021}}).facts["years_since_graduation"] == 7
    )


def test_key_dates_of_the_2026_and_2028_match():
    d26 = decision({"match_year": 2026, "graduation": {"status": "graduated", "year": 2024}})
    assert d26.facts["dates"]["match_day"].isoformat() == "2026-03-20"
    assert d26.facts["dates"]["program_review"].isoformat() == "2025-09-24"
    d28 = decision({})
    assert d28.facts["dates"]["match_day"].isoformat() == "2028-03-17"
    assert d28.facts["dates"]["exam_by"].isoformat() == "2027-07-31"


def test_action_priority_names_only_real_rules():
    priority = PROJECT.site_settings["action_priority"]
    assert len(priority) == len(set(priority))
    assert set(priority) <= set(PROJECT.rulebook.ids)
