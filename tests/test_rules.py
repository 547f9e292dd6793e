"""Each rule fires and does not fire at its boundaries (see tests/cases.py)."""

from __future__ import annotations

import pytest

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


def test_the_engine_does_not_read_the_clock():
    over = {"step2ck": {"date": "2027-05-01"}}
    a = decision(over).to_json()
    b = decision(over).to_json()
    assert a == b
    assert decision(over, AS_OF.replace(year=2030)).to_json()["as_of"] == "2030-11-22"


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
