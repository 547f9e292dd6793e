"""The program catalog: loading with located errors, CSV import, hard filters, tiers, cohort counts."""

from __future__ import annotations

import dataclasses
import json
import shutil
from datetime import date
from typing import Any

import pytest

from generator import catalog
from generator.catalog import (
    Program,
    dump_catalog,
    exclusions,
    img_friendliness,
    load_catalog,
    parse_csv,
    place,
    read_csv,
    stale_cutoff,
)
from generator.cli import main
from generator.engine.engine import decide
from generator.errors import InputError
from generator.inputs.profiles import load_profiles
from generator.inputs.validation import load_schema

from .helpers import AS_OF, PROJECT, ROOT, decision

BOOK = PROJECT.rulebook
FIX = ROOT / "tests" / "fixtures" / "catalog"
CSV = FIX / "csv"
EXAMPLE = ROOT / "content" / "programs"


def prog(**over: Any) -> Program:
    """A fictional program that excludes nobody unless told to."""
    base: dict[str, Any] = {
        "name": "Test Program",
        "track": "internal-medicine",
        "type": "community",
        "state": "OH",
        "region": "midwest",
        "visas": ("j1", "h1b"),
        "source": "test",
        "last_verified": date(2026, 6, 1),
    }
    base.update(over)
    if "state" in over and "region" not in over:
        base["region"] = catalog.STATES[base["state"]][1]
    return Program(**base)


def problems(exc: pytest.ExceptionInfo[InputError]) -> list[str]:
    return [str(p) for p in exc.value.problems]


# ---- the example catalog and the schema -------------------------------------------------------
def test_example_catalog_loads_and_is_marked_illustrative():
    programs = load_catalog(EXAMPLE)
    assert 20 <= len(programs) <= 30
    assert all(p.illustrative for p in programs)
    assert {p.track for p in programs} == set(catalog.TRACKS)
    assert {p.region for p in programs} == set(catalog.REGIONS)
    assert {p.type for p in programs} == {"university", "university-affiliated", "community"}
    assert {p.friendliness for p in programs} == {"high", "medium", "low"}
    assert any(p.step2_screen is None for p in programs) and any(p.step2_screen for p in programs)
    assert {v for p in programs for v in p.visas} == {"j1", "h1b"} and any(not p.visas for p in programs)
    assert 1 <= sum(catalog.is_stale(p, AS_OF) for p in programs) <= 2
    text = (EXAMPLE / "example.yml").read_text(encoding="utf-8")
    assert "FICTIONAL" in text.splitlines()[2]


def test_schema_states_are_the_50_states_and_dc_each_with_a_census_region():
    program = load_schema(catalog.SCHEMA)["$defs"]["program"]["properties"]
    assert sorted(program["state"]["enum"]) == sorted(catalog.STATES)
    assert len(catalog.STATES) == 51
    assert {region for _name, region in catalog.STATES.values()} == set(catalog.REGIONS)
    assert program["region"]["enum"] == list(catalog.REGIONS)
    counts = {r: sum(1 for _n, x in catalog.STATES.values() if x == r) for r in catalog.REGIONS}
    assert counts == {"northeast": 9, "midwest": 12, "south": 17, "west": 13}


def test_csv_fields_are_the_schema_fields():
    program = load_schema(catalog.SCHEMA)["$defs"]["program"]
    assert list(catalog.FIELDS) == list(program["properties"])
    assert sorted(catalog.REQUIRED) == sorted(program["required"])


# ---- loading ------------------------------------------------------------------------------------
def test_good_folder_loads_every_yml_and_yaml_file_sorted():
    programs = load_catalog(FIX / "good")
    assert [(p.track, p.name) for p in programs] == [
        ("internal-medicine", "Alderbank Community Hospital"),
        ("medicine-psychiatry", "Cedarline Medicine-Psychiatry"),
        ("psychiatry", "Birchfall University Psychiatry"),
    ]
    alder = programs[0]
    assert alder.visas == ("j1", "h1b") and alder.usce_months == 1.5 and alder.ecfmg_by == "ranking"
    assert alder.region == "south" and alder.illustrative and alder.friendliness == "high"
    assert not programs[1].illustrative  # more.yaml does not say so
    assert programs[1].region == "west" and programs[1].visas == ("h1b",)


def test_a_missing_folder_is_an_empty_catalog(tmp_path):
    assert load_catalog(tmp_path / "nothing") == []


def test_every_problem_of_every_bad_file_is_reported_together():
    with pytest.raises(InputError) as exc:
        load_catalog(FIX / "bad")
    got = problems(exc)
    name = "tests/fixtures/catalog/bad/"
    expected = [
        "empty-list.yml:1:15: illustrative: expected true or false, got the text 'yes'",
        "empty-list.yml:2:11: programs: must not be empty",
        "list.yml:1:1: a catalog file must be a mapping with a 'programs' list, not a list",
        "region.yml:6:13: programs[0].region: 'south' does not match the state OH, which is in the midwest",
        "schema.yml:3:12: programs[0].track: 'surgery' is not one of: internal-medicine, "
        "medicine-psychiatry, psychiatry",
        "schema.yml:4:11: programs[0].type: 'comunity' is not one of: university, university-affiliated, "
        "community; did you mean 'community'?",
        "schema.yml:6:19: programs[0].step2_screen: expected a whole number, got the text 'high'",
        "schema.yml:7:16: programs[0].img_share: 120 is above the maximum of 100",
        "schema.yml:8:17: programs[0].visas[1]: 'f1' is not one of: j1, h1b",
        "schema.yml:9:23: programs[0].attempts_allowed: 0 is below the minimum of 1",
        "schema.yml:11:20: programs[0].last_verified: the text '2026-02-30' is not a valid date (use YYYY-MM-DD)",
        "schema.yml:13:5: programs[1].last_verified: is required but missing",
        "schema.yml:13:5: programs[1].name: is required but missing",
        "schema.yml:16:12: programs[1].visas: expected a list, got the text 'none'",
        "syntax.yml:4:10: YAML syntax error: expected ',' or ']', but got ':'",
    ]
    for line in expected:
        assert any(g.endswith(line) and name in g for g in got), line
    assert any("schema.yml:5:12: programs[0].state: 'Texas' is not one of: AK, AL" in g for g in got)
    assert any("schema.yml:12:5: programs[0].website: unknown key 'website'" in g for g in got)
    assert len(got) == len(expected) + 2


def test_the_same_program_twice_is_located_in_the_same_and_in_another_file():
    with pytest.raises(InputError) as exc:
        load_catalog(FIX / "duplicates")
    got = problems(exc)
    assert len(got) == 2
    assert got[0].endswith(
        "duplicates/a.yml:9:11: programs[1].name: 'golf hospital' (internal-medicine, GA) is already listed on line 2"
    )
    assert got[1].endswith(
        "duplicates/b.yml:2:11: programs[0].name: 'Golf  Hospital' (internal-medicine, GA) is already "
        "listed on tests/fixtures/catalog/duplicates/a.yml line 2"
    )


# ---- IMG-friendliness and staleness -------------------------------------------------------------
@pytest.mark.parametrize(
    ("share", "level"),
    [(100, "high"), (50, "high"), (49.9, "medium"), (49, "medium"), (11, "medium"), (10.5, "medium"),
     (10, "low"), (0, "low"), (None, None)],
)  # fmt: skip
def test_img_friendliness_boundaries(share, level):
    assert img_friendliness(share) == level


def test_stale_cutoff_is_twelve_months_before_as_of():
    assert stale_cutoff(date(2026, 11, 22)) == date(2025, 11, 22)
    assert stale_cutoff(date(2028, 2, 29)) == date(2027, 2, 28)


# ---- hard filters -------------------------------------------------------------------------------
def reasons(over: dict[str, Any], program: Program) -> list[tuple[str, str]]:
    return [(r.filter, r.text) for r in exclusions(decision(over), program)]


def test_graduation_cutoff_excludes_above_and_not_at_the_limit():
    over = {"graduation": {"year": 2025}}  # match year 2028: 3 years
    assert reasons(over, prog(max_years_since_graduation=3)) == []
    assert reasons(over, prog(max_years_since_graduation=2)) == [
        ("graduation", "graduated 3 years before the match year; the program accepts at most 2")
    ]
    final_year = {"graduation": {"status": "final-year", "year": 2027}}
    assert reasons(final_year, prog(max_years_since_graduation=0)) == []


def test_visa_excludes_when_the_needed_visa_is_not_sponsored():
    assert reasons({"visa": "j1"}, prog(visas=("j1",))) == []
    assert reasons({"visa": "j1"}, prog(visas=())) == [
        ("visa", "needs a J-1 visa; the program sponsors no visas")
    ]
    assert reasons({"visa": "h1b"}, prog(visas=("j1",))) == [
        ("visa", "needs an H-1B visa; the program sponsors J-1 only")
    ]
    assert reasons({"visa": "h1b"}, prog(visas=("j1", "h1b"))) == []
    assert reasons({"visa": "none"}, prog(visas=())) == []


def test_attempts_allowed_counts_failed_attempts_on_both_steps():
    clean: dict[str, Any] = {}
    one = {"step1": {"result": "pass", "attempts": 2}}
    two = {"step1": {"result": "pass", "attempts": 2}, "step2ck": {"score": 230, "attempts": 2}}
    assert reasons(clean, prog(attempts_allowed=1)) == []
    assert reasons(one, prog(attempts_allowed=1)) == [
        ("attempts", "Step 1: 1 failed attempt; the program accepts first-attempt passes only")
    ]
    assert reasons(one, prog(attempts_allowed=2)) == []
    assert reasons(two, prog(attempts_allowed=2)) == [
        (
            "attempts",
            "Step 1: 1 failed attempt; Step 2 CK: 1 failed attempt; the program accepts at most 1 failed attempt",
        )
    ]
    assert reasons(two, prog(attempts_allowed=3)) == []


def test_ecfmg_by_application_excludes_and_by_ranking_only_notes():
    assert reasons({"ecfmg_certified": False}, prog(ecfmg_by="application")) == [
        ("ecfmg", "not ECFMG-certified yet; the program requires certification by the time of application")
    ]
    assert reasons({"ecfmg_certified": True}, prog(ecfmg_by="application")) == []
    assert reasons({"ecfmg_certified": False}, prog(ecfmg_by="ranking")) == []
    d = decision({"ecfmg_certified": False, "step2ck": {"score": 230}})
    [placed] = place(d, [prog(ecfmg_by="ranking")], BOOK).tracks[0].placements
    assert placed.notes == (
        "ECFMG certification is needed by ranking: certify before the rank list deadline (1 March 2028)",
    )
    d = decision({"ecfmg_certified": True, "step2ck": {"score": 230}})
    assert place(d, [prog(ecfmg_by="ranking")], BOOK).tracks[0].placements[0].notes == ()


def test_required_hands_on_experience_excludes_below_and_not_at_the_requirement():
    two = {"usce": [{"specialty": "internal-medicine", "kind": "hands-on", "months": 2}]}
    some = {
        "usce": [
            {"specialty": "internal-medicine", "kind": "hands-on", "months": 1.5},
            {"specialty": "internal-medicine", "kind": "observership", "months": 3},
        ]
    }
    assert reasons(two, prog(usce_months=2)) == []
    assert reasons(some, prog(usce_months=2)) == [
        ("usce", "1.5 months of hands-on US clinical experience; the program requires 2 months")
    ]
    assert reasons({}, prog(usce_months=0)) == []
    assert reasons({}, prog(usce_months=1)) == [
        ("usce", "0 months of hands-on US clinical experience; the program requires 1 month")
    ]


def test_every_failing_filter_is_given_in_order():
    over = {"visa": "j1", "graduation": {"year": 2020}, "step1": {"result": "pass", "attempts": 2}}
    program = prog(
        max_years_since_graduation=5, visas=(), attempts_allowed=1, ecfmg_by="application", usce_months=3
    )
    assert [f for f, _ in reasons(over, program)] == list(catalog.FILTERS)


def test_excluded_programs_are_listed_with_reasons_not_tiered():
    d = decision({"visa": "j1", "step2ck": {"score": 250}})
    track = place(d, [prog(name="No Visa", visas=()), prog(name="Fine")], BOOK).tracks[0]
    assert [x.program.name for x in track.placements] == ["Fine"]
    [excluded] = track.excluded
    assert excluded.program.name == "No Visa"
    assert [r.text for r in excluded.reasons] == ["needs a J-1 visa; the program sponsors no visas"]
    assert track.counts == {"likely": 1, "target": 0, "reach": 0, "unlikely": 0}


# ---- tiers --------------------------------------------------------------------------------------
def test_each_tier_boundary_from_the_programs_own_screen():
    d = decision({"step2ck": {"score": 230}})
    programs = [prog(name=f"Screen {s}", step2_screen=s) for s in (225, 230, 235, 236, 240, 241)]
    track = place(d, programs, BOOK).tracks[0]
    got = {x.program.step2_screen: (x.tier, x.gap, x.screen_source) for x in track.placements}
    assert got == {
        225: ("likely", 5, "program"),
        230: ("likely", 0, "program"),
        235: ("target", -5, "program"),
        236: ("reach", -6, "program"),
        240: ("reach", -10, "program"),
        241: ("unlikely", -11, "program"),
    }
    assert track.counts == {"likely": 2, "target": 1, "reach": 2, "unlikely": 1}
    reasons_by_screen = {x.program.step2_screen: x.reason for x in track.placements}
    assert (
        reasons_by_screen[236] == "Step 2 CK 230 is 6 under the program's screen of 236 (reach: 6–10 under)"
    )
    assert reasons_by_screen[241] == (
        "Step 2 CK 230 is 11 under the program's screen of 241 (unlikely: more than 10 under)"
    )
    assert [x.tier for x in track.placements] == ["likely", "likely", "target", "reach", "reach", "unlikely"]


def test_a_program_without_a_screen_uses_its_kinds_screen():
    d = decision({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 228}})
    plan = place(d, [prog(track="medicine-psychiatry", type="university", name="U")], BOOK)
    [mp] = [t for t in plan.tracks if t.plan.track == "medicine-psychiatry"]
    [x] = mp.placements
    assert (x.screen, x.screen_source, x.kind.kind, x.tier, x.gap) == (235, "kind", "university", "reach", -7)
    assert x.reason == (
        "Step 2 CK 228 is 7 under the screen of 235 for its kind (University medicine–psychiatry programs; "
        "the program states none) (reach: 6–10 under)"
    )


def test_practice_score_fallback_is_said_on_the_plan_and_in_each_reason():
    rows = [{"exam": "UWSA 2", "score": 226, "date": "2026-05-28"}]
    plan = place(decision({"practice": rows}), [prog(step2_screen=224)], BOOK)
    assert plan.basis.source == "practice"
    assert plan.basis.note == (
        "No Step 2 CK score yet: tiers use the latest Step 2 CK practice score, 226 (UWSA 2 on 28 May 2026)."
    )
    assert plan.tracks[0].placements[0].reason == (
        "practice score 226 clears the program's screen of 224 by 2 (likely)"
    )


def test_target_fallback_without_any_score():
    plan = place(decision({"step2ck": {"target": 240}}), [prog(step2_screen=246)], BOOK)
    assert plan.basis.note == "No Step 2 CK or practice score yet: tiers use the Step 2 CK target, 240."
    [x] = plan.tracks[0].placements
    assert (x.score, x.tier) == (240, "reach")
    assert x.reason.startswith("target 240 is 6 under")


# ---- tracks -------------------------------------------------------------------------------------
TRACK_PROGRAMS = [
    prog(name="IM", track="internal-medicine"),
    prog(name="MP", track="medicine-psychiatry"),
    prog(name="PSY", track="psychiatry"),
]


def _by_track(over):
    plan = place(decision(over), TRACK_PROGRAMS, BOOK)
    return {
        t.plan.track: ([x.program.name for x in t.placements], t.plan.parallel, t.plan.rule)
        for t in plan.tracks
    }


def test_parallel_tracks_list_their_programs_when_the_rules_fire():
    got = _by_track({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 228}})
    assert got == {
        "internal-medicine": (["IM"], True, "PROG-PARALLEL-IM"),
        "medicine-psychiatry": (["MP"], False, None),
        "psychiatry": (["PSY"], True, "PROG-PARALLEL-PSYCH"),
    }


def test_no_parallel_tracks_without_their_rules():
    assert _by_track({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 240}}) == {
        "medicine-psychiatry": (["MP"], False, None)
    }
    assert _by_track({"step2ck": {"score": 228}}) == {"internal-medicine": (["IM"], False, None)}


# ---- regions ------------------------------------------------------------------------------------
REGION_PROGRAMS = [prog(name="Home", state="NY"), prog(name="Away", state="GA", visas=())]


def test_programs_outside_preferred_regions_are_hidden_without_the_geography_rule():
    d = decision({"step2ck": {"score": 235}, "preferences": {"regions": ["northeast"]}})
    assert not d.has("PROG-GEO-FLEX")
    plan = place(d, REGION_PROGRAMS, BOOK)
    track = plan.tracks[0]
    assert [(x.program.name, x.outside_regions, x.shown) for x in track.placements] == [
        ("Away", True, False),
        ("Home", False, True),
    ]
    assert [x.program.name for x in track.by_tier["likely"]] == ["Home"]
    assert track.hidden == 1 and not plan.geo_flex and plan.regions == ("northeast",)


def test_programs_outside_preferred_regions_are_shown_and_flagged_with_the_geography_rule():
    d = decision({"step2ck": {"score": 225}, "visa": "j1", "preferences": {"regions": ["northeast"]}})
    assert d.has("PROG-GEO-FLEX")
    plan = place(d, REGION_PROGRAMS, BOOK)
    track = plan.tracks[0]
    assert [(x.program.name, x.outside_regions, x.shown) for x in track.placements] == [("Home", False, True)]
    assert [(e.program.name, e.outside_regions, e.shown) for e in track.shown_excluded] == [
        ("Away", True, True)
    ]
    d = decision({"step2ck": {"score": 225}, "visa": "none", "preferences": {"regions": ["northeast"]}})
    shown = place(d, REGION_PROGRAMS, BOOK).tracks[0].by_tier["likely"]
    assert [(x.program.name, x.outside_regions) for x in shown] == [("Away", True), ("Home", False)]


def test_no_preferred_regions_means_nothing_is_outside():
    plan = place(decision({"step2ck": {"score": 235}}), REGION_PROGRAMS, BOOK)
    assert all(not x.outside_regions and x.shown for t in plan.tracks for x in t.placements)


# ---- stale entries ------------------------------------------------------------------------------
def test_stale_warning_at_the_twelve_month_boundary():
    programs = [
        prog(name="Fresh", last_verified=date(2025, 11, 22)),
        prog(name="Stale", last_verified=date(2025, 11, 21)),
    ]
    plan = place(decision({"step2ck": {"score": 230}}, as_of=date(2026, 11, 22)), programs, BOOK)
    assert {x.program.name: x.stale for x in plan.tracks[0].placements} == {"Fresh": False, "Stale": True}
    assert [p.name for p in plan.stale] == ["Stale"]
    assert plan.stale_before == date(2025, 11, 22)
    assert plan.warnings == [
        "Stale (OH, internal medicine) was last verified on 21 November 2025, more than 12 months before "
        "22 November 2026; check it before relying on it"
    ]
    later = place(decision({"step2ck": {"score": 230}}, as_of=date(2026, 11, 23)), programs, BOOK)
    assert [p.name for p in later.stale] == ["Fresh", "Stale"]


def test_stale_is_relative_to_as_of_not_the_clock():
    old = [prog(last_verified=date(2020, 1, 1))]
    plan = place(decision({"step2ck": {"score": 230}}, as_of=date(2020, 6, 1)), old, BOOK)
    assert plan.stale == [] and plan.warnings == []


def test_example_catalog_on_a_sample_profile_shows_reasons_and_the_stale_warning():
    d = decide(load_profiles([ROOT / "profiles" / "amira-haddad.yml"])[0], BOOK, AS_OF)
    plan = place(d, load_catalog(EXAMPLE), BOOK)
    assert [t.plan.track for t in plan.tracks] == list(catalog.TRACKS)
    assert plan.illustrative and plan.geo_flex
    assert len(plan.warnings) == 2
    assert all("more than 12 months before 22 November 2026" in w for w in plan.warnings)
    for track in plan.tracks:
        assert sum(track.counts.values()) > 0
        assert all(x.reason for x in track.placements)
        assert all(e.reasons for e in track.excluded)


def test_placement_does_not_depend_on_the_catalog_order():
    programs = load_catalog(EXAMPLE)
    d = decision({"tracks": ["medicine-psychiatry"], "step2ck": {"score": 226}, "visa": "j1"})
    assert place(d, programs, BOOK) == place(d, list(reversed(programs)), BOOK)


# ---- cohort -------------------------------------------------------------------------------------
def test_program_fits_count_applicants_per_program_from_their_summaries():
    from generator.report.cohort import Summary, program_fits

    programs = [prog(name="A", step2_screen=230), prog(name="B", step2_screen=245), prog(name="C")]
    a, b, c = (p.key for p in programs)
    tiers = [
        {a: "likely", b: "target"},
        {a: "likely", b: "target"},
        {a: "likely", b: "reach"},
        {a: "target"},
        {a: "reach", b: "excluded"},
        {b: "unlikely"},
        {},
        {},
    ]
    summaries = [Summary("S", {}, "R", "D", t) for t in tiers]
    rows = program_fits(summaries, programs, 3)
    # A fits 5 of 8, B 3 of 8; "of which likely" (3 of A's 5) would leave 2 beside it: not shown
    assert [(r["program"].name, r["n"], r["fits"], r["likely"]) for r in rows] == [
        ("A", 5, "5", "–"),
        ("B", 3, "3", "–"),
    ]
    assert program_fits(summaries, programs, 1)[0]["likely"] == "3"
    assert program_fits(summaries[:5], programs, 3) == []  # A fits all 5, B 3 with 2 beside: neither shown


# ---- CSV import ---------------------------------------------------------------------------------
def test_csv_import_converts_cells():
    programs = read_csv(CSV / "good.csv")
    by_name = {p.name: p for p in programs}
    alder = by_name["Alderbank Hospital, Inc."]
    assert (alder.state, alder.region, alder.img_share, alder.visas) == ("TX", "south", 55, ("j1", "h1b"))
    assert (alder.usce_months, alder.ecfmg_by, alder.notes) == (1.5, "ranking", 'says "IMG friendly"')
    birch = by_name["Birchfall University"]
    assert (birch.track, birch.state, birch.visas, birch.attempts_allowed) == ("psychiatry", "NY", (), None)
    cedar = by_name["Cedarline Program"]
    assert (cedar.type, cedar.img_share, cedar.friendliness, cedar.notes) == (
        "university-affiliated", 10.5, "medium", "two\nlines",
    )  # fmt: skip
    assert cedar.line == 5  # after a blank line
    assert by_name["Dogwood Medical Center"].line == 7  # after a two-line cell
    assert by_name["Dogwood Medical Center"].region == "south"


def test_csv_import_with_errors_locates_each_by_row_and_column():
    with pytest.raises(InputError) as exc:
        read_csv(CSV / "bad.csv")
    name = "tests/fixtures/catalog/csv/bad.csv"
    got = [g.removeprefix(name) for g in problems(exc)]
    state = "state: 'XX' is not one of: " + ", ".join(sorted(catalog.STATES))
    assert got == [
        ":2:3: type: 'communty' is not one of: university, university-affiliated, community; "
        "did you mean 'community'?",
        ":2:5: step2_screen: expected a whole number, got the text 'abc'",
        ":3:2: track: 'surgery' is not one of: internal-medicine, medicine-psychiatry, psychiatry",
        f":3:4: {state}",
        ":3:6: img_share: 140 is above the maximum of 100",
        ":3:7: visas: 'F-1' is not a visa the catalog knows (J-1, H-1B, or none)",
        ":3:8: attempts_allowed: 0 is below the minimum of 1",
        ":3:10: last_verified: the text '2026-13-01' is not a valid date (use YYYY-MM-DD)",
        ":4:7: visas: is empty; write none when the program sponsors no visa",
        ":4:9: source: is empty; every program needs it",
        ":4:10: last_verified: is empty; every program needs it",
        ":5:11: this row has 11 cells; the header has 10",
        ":6:6: img_share: expected a number, got the text 'lots'",
        ":6:8: attempts_allowed: expected a whole number, got the text '1.5'",
        ":6:10: last_verified: the text '01/02/2026' is not a valid date (use YYYY-MM-DD)",
    ]


def test_csv_header_problems_are_located_by_column():
    with pytest.raises(InputError) as exc:
        read_csv(CSV / "bad-header.csv")
    got = [g.split("bad-header.csv", 1)[1] for g in problems(exc)]
    assert got == [
        ":1:1: last_verified: required column 'last_verified' is missing",
        ":1:1: type: required column 'type' is missing",
        ":1:3: kind: unknown column 'kind'; known columns: " + ", ".join(catalog.FIELDS),
        ":1:5: step2screen: unknown column 'step2screen'; did you mean 'step2_screen'?",
        ":1:8: name: the same column as column 1",
        ":1:10: this column has values but no header",
    ]


def test_a_header_cell_with_a_line_break_is_named_on_one_line():
    with pytest.raises(InputError) as exc:
        parse_csv('"0\n', "fuzz.csv")
    unknown = [p for p in exc.value.problems if "unknown column" in p.message]
    assert unknown and all("\n" not in p.message and "\n" not in p.field for p in unknown)
    assert "unknown column '0\\n'" in unknown[0].message


def test_csv_duplicate_rows_are_located():
    with pytest.raises(InputError) as exc:
        read_csv(CSV / "duplicates.csv")
    assert problems(exc) == [
        "tests/fixtures/catalog/csv/duplicates.csv:3:1: name: 'Hotel Hospital' (psychiatry, WA) "
        "is already listed on line 2"
    ]


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ("empty.csv", ":1:1: is empty; the first row must name the columns"),
        ("header-only.csv", ":1:1: has a header row but no programs"),
        ("latin1.csv", ":2:1: is not valid UTF-8 text (in a spreadsheet, save as 'CSV UTF-8')"),
    ],
)
def test_unusable_csv_files(file, message):
    with pytest.raises(InputError) as exc:
        read_csv(CSV / file)
    assert problems(exc) == [f"tests/fixtures/catalog/csv/{file}{message}"]


def test_csv_with_semicolons_and_a_byte_order_mark():
    [india] = read_csv(CSV / "semicolon.csv")
    assert (india.name, india.visas, india.region) == ("India Hospital", ("j1", "h1b"), "midwest")
    [juliet] = read_csv(CSV / "bom.csv")
    assert (juliet.name, juliet.visas) == ("Juliet Hospital", ())


def test_csv_state_names_and_visa_spellings():
    text = "name,track,type,state,visas,source,last_verified\nA,psychiatry,community,new york,J1 / h-1b,s,2026-01-01\n"
    [p] = parse_csv(text, "x.csv")
    assert (p.state, p.visas) == ("NY", ("j1", "h1b"))


def test_csv_import_round_trips_to_a_catalog_that_loads(tmp_path):
    programs = read_csv(CSV / "good.csv")
    (tmp_path / "imported.yml").write_text(dump_catalog(programs, comment="test"), encoding="utf-8")
    loaded = load_catalog(tmp_path)
    assert loaded == programs
    assert [p.notes for p in loaded] == [p.notes for p in programs]


def test_example_catalog_round_trips_through_dump(tmp_path):
    programs = load_catalog(EXAMPLE)
    (tmp_path / "copy.yml").write_text(dump_catalog(programs), encoding="utf-8")
    again = load_catalog(tmp_path)
    assert again == programs and all(p.illustrative for p in again)


# ---- the command line ---------------------------------------------------------------------------
def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--project", str(ROOT), *[str(a) for a in argv]])
    out, err = capsys.readouterr()
    return code, out, err


def test_import_writes_the_catalog_file(tmp_path, capsys):
    out_file = tmp_path / "programs.yml"
    code, out, err = run(capsys, "programs", "import", CSV / "good.csv", "--output", out_file)
    assert (code, err) == (0, "")
    assert out.startswith("wrote ") and "4 programs" in out
    text = out_file.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    schema_ref = text.splitlines()[0].split("=", 1)[1]
    assert (out_file.parent / schema_ref).resolve() == ROOT / "generator" / "schema" / "catalog.schema.json"
    assert load_catalog(out_file) == read_csv(CSV / "good.csv")
    assert sorted(x.name for x in tmp_path.iterdir()) == ["programs.yml"]  # no temporary file left


def test_import_refuses_to_overwrite_without_force(tmp_path, capsys):
    out_file = tmp_path / "programs.yml"
    out_file.write_text("keep me\n", encoding="utf-8")
    code, out, err = run(capsys, "programs", "import", CSV / "good.csv", "-o", out_file)
    assert (code, out) == (2, "")
    assert "already exists; pass --force to replace it" in err
    assert out_file.read_text(encoding="utf-8") == "keep me\n"
    code, out, err = run(capsys, "programs", "import", CSV / "good.csv", "-o", out_file, "--force")
    assert (code, err) == (0, "")
    assert len(load_catalog(out_file)) == 4


def test_import_of_invalid_csv_prints_located_errors_only_on_stderr(tmp_path, capsys):
    out_file = tmp_path / "bad.yml"
    code, out, err = run(capsys, "programs", "import", CSV / "bad.csv", "-o", out_file)
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert len(lines) == 15
    assert lines[0].endswith("bad.csv:2:3: type: 'communty' is not one of: university, university-affiliated, "
                             "community; did you mean 'community'?")  # fmt: skip
    assert "Traceback" not in err
    assert not out_file.exists() and list(tmp_path.iterdir()) == []


def test_import_default_output_goes_to_the_projects_catalog_folder(tmp_path, capsys, monkeypatch):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    shutil.copy(ROOT / "content" / "rules.yml", project / "content" / "rules.yml")
    source = tmp_path / "advisors.csv"
    shutil.copy(CSV / "semicolon.csv", source)
    monkeypatch.chdir(tmp_path)
    code = main(["--project", str(project), "programs", "import", str(source)])
    out, err = capsys.readouterr()
    assert (code, err) == (0, "")
    written = project / "content" / "programs" / "advisors.yml"
    assert out == "wrote project/content/programs/advisors.yml: 1 program from advisors.csv\n"
    assert [p.name for p in load_catalog(written.parent)] == ["India Hospital"]
    first = written.read_text(encoding="utf-8").splitlines()[0]
    schema = (written.parent / first.split("=", 1)[1]).resolve()
    assert schema == ROOT / "generator" / "schema" / "catalog.schema.json"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["programs", "import", "no-such.csv", "-o", "x.yml"], "no-such.csv: no such file"),
        (["programs", "import", str(CSV / "good.csv"), "-o", "out.txt"], "a catalog file name ends in .yml"),
        (["programs", "import", str(CSV / "good.csv"), "-o", "missing-dir/x.yml"], "does not exist"),
        (["programs"], "programs: name an action, import or check"),
        (["programs", "check", "no-such-folder"], "no-such-folder: no such file or folder"),
        (["programs", "frobnicate"], "invalid choice"),
    ],
)
def test_usage_errors_exit_2(tmp_path, capsys, monkeypatch, argv, message):
    monkeypatch.chdir(tmp_path)
    with_project = ["--project", str(ROOT), *argv]
    try:
        code = main(with_project)
    except SystemExit as exc:  # argparse's own errors
        code = exc.code
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert message in err
    assert list(tmp_path.iterdir()) == []


def test_check_the_example_catalog(capsys):
    code, out, err = run(capsys, "programs", "check", "--as-of", "2026-11-22")
    assert code == 0
    assert out.startswith(
        "26 programs in 1 file valid (12 internal-medicine, 6 medicine-psychiatry, 8 psychiatry)"
    )
    warnings = err.strip().splitlines()
    assert len(warnings) == 2
    assert all(": warning: " in w and "more than 12 months before 2026-11-22" in w for w in warnings)
    assert all("content/programs/example.yml:" in w for w in warnings)


def test_check_a_bad_catalog_exits_1_with_nothing_on_stdout(capsys):
    code, out, err = run(capsys, "programs", "check", FIX / "bad")
    assert (code, out) == (1, "")
    assert "region.yml:6:13: programs[0].region:" in err
    assert "syntax.yml:4:10: YAML syntax error" in err


def test_check_a_folder_without_catalog_files_exits_1(tmp_path, capsys):
    code, out, err = run(capsys, "programs", "check", tmp_path)
    assert (code, out) == (1, "")
    assert "no catalog files" in err


def test_check_good_fixture_with_a_stale_entry(capsys):
    code, out, err = run(capsys, "programs", "check", FIX / "good", "--as-of", "2026-11-22")
    assert code == 0 and out.startswith("3 programs in 2 files valid")
    assert (
        err.count("warning") == 1
        and "'Birchfall University Psychiatry' was last verified on 2025-11-21" in err
    )


def test_json_shape_of_a_problem_free_plan_is_plain_data():
    """The plan is made of dataclasses the page templates can read (no behaviour hidden in them)."""
    plan = place(decision({"step2ck": {"score": 230}}), [prog()], BOOK)
    data = dataclasses.asdict(plan)
    assert set(data) == {"as_of", "basis", "margins", "regions", "geo_flex", "stale_before", "tracks"}
    json.dumps(data, default=str)
