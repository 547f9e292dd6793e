"""Held-back cases written from rulebook v2 alone, checked against ``img-guide explain --json``.

Each case is a small profile, a date and what the rulebook says must (and must not) come out:
the cycle, the scenario, the bands, the readiness IDs and some rules. The dates walk one
applicant through the 2027 Match (programs review from 2026-09-30, rank list 2027-03-03, Match
Day 2027-03-19) and check the key dates of past Matches.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.engine.tiers import kind_tiers

from .helpers import PROJECT, ROOT, decision, merge

M2027: dict = {
    "name": "Held Back",
    "tracks": ["internal-medicine"],
    "match_year": 2027,
    "graduation": {"status": "graduated", "year": 2025},
    "step1": {"result": "pass"},
}


def explain(tmp_path: Path, over: dict, as_of: str, capsys) -> dict:
    path = tmp_path / "held-back.yml"
    path.write_text(json.dumps(merge(M2027, over)), encoding="utf-8")
    code = main(["--project", str(ROOT), "explain", str(path), "--json", "--as-of", as_of])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


PENDING = {"step2ck": {"date": "2027-01-20"}}
FAILED = {"step2ck": {"score": 214, "date": "2026-07-10", "attempts": 1}}  # under 218
CASES = [
    # (name, profile, as_of, cycle, must, must_not)
    (
        "preparing: profile building",
        {},
        "2026-09-29",
        "CYCLE-PREPARING",
        ["PLAN-PROFILE-BUILDING", "SIGNAL-PLAN", "ECFMG-CERT"],
        ["MATCH-SOAP-PLAN"],
    ),
    (
        "first review day: interviewing",
        PENDING,
        "2026-09-30",
        "CYCLE-INTERVIEWING",
        ["TIME-PASS-BY-RANK", "MATCH-SOAP-PLAN", "PLAN-STEP2-IM"],
        ["PLAN-PROFILE-BUILDING", "USCE-GAP", "SIGNAL-PLAN", "TIME-SCORE-DEADLINE", "DELAY-ADVISED"],
    ),
    ("the day before the rank list", PENDING, "2027-03-02", "CYCLE-INTERVIEWING", ["TIME-PASS-BY-RANK"], []),
    (
        "rank list day",
        PENDING,
        "2027-03-03",
        "CYCLE-MATCH-WEEKS",
        ["MATCH-SOAP-PLAN"],
        ["TIME-PASS-BY-RANK", "LOR-GAP"],
    ),
    ("Match Day", PENDING, "2027-03-19", "CYCLE-MATCH-WEEKS", [], []),
    (
        "after Match Day",
        PENDING,
        "2027-03-20",
        "CYCLE-OVER",
        ["TIME-MATCH-DAY"],
        ["PLAN-STEP2-IM", "ECFMG-CERT", "MATCH-SOAP-PLAN", "TIME-PASS-BY-RANK"],
    ),
    (
        "failed Step 2 CK in interview season",
        FAILED,
        "2026-12-03",
        "CYCLE-INTERVIEWING",
        ["STEP2-RETAKE", "SCN-FAILED-ATTEMPT", "MATCH-SOAP-PLAN", "TIME-PASS-BY-RANK"],
        ["BAND-IM-CHALLENGING", "USCE-GAP", "TIME-SCORE-LATE", "DELAY-WEIGH"],
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_held_back_cycle_case(case, tmp_path, capsys):
    _, over, as_of, cycle, must, must_not = case
    data = explain(tmp_path, over, as_of, capsys)
    assert data["cycle"] == cycle
    assert cycle in data["rules"]
    assert [r for r in must if r not in data["rules"]] == []
    assert [r for r in must_not if r in data["rules"]] == []
    assert set(data["reasons"]) == set(data["rules"])


def test_a_failing_score_has_no_band_and_readiness_reads_only_later_practice(tmp_path, capsys):
    over = {
        **FAILED,
        "practice": [
            {"exam": "NBME 10", "score": 240, "date": "2026-05-01"},
            {"exam": "NBME 11", "score": 241, "date": "2026-06-20"},
            {"exam": "NBME 12", "score": 222, "date": "2026-08-20"},
        ],
    }
    data = explain(tmp_path, over, "2026-08-25", capsys)
    assert data["bands"] == {"internal-medicine": None}
    assert data["scenario"] == "SCN-FAILED-ATTEMPT"
    assert data["readiness"] == ["READY-NO-DATA"]  # one counted score: the 240 and 241 came before


def test_step1_practice_is_never_read_as_step2(tmp_path, capsys):
    over = {
        "tracks": ["medicine-psychiatry"],
        "graduation": {"status": "final-year", "year": 2027},
        "step1": {"result": "pending", "date": "2026-05-01"},
        "practice": [
            {"exam": "NBME 29", "score": 207, "date": "2026-03-01"},
            {"exam": "NBME 30", "score": 209, "date": "2026-04-01"},
        ],
    }
    data = explain(tmp_path, over, "2026-04-05", capsys)
    assert data["scenario"] == "SCN-STEP1-PENDING"
    assert data["readiness"] == ["READY-STEP1-YES"]  # both at least 196 + 10
    assert data["bands"] == {"medicine-psychiatry": None}


def test_attempt_limits(tmp_path, capsys):
    last = explain(
        tmp_path, {"step2ck": {"score": 210, "date": "2026-02-01", "attempts": 3}}, "2026-03-01", capsys
    )
    assert {"EXAM-LAST-ATTEMPT", "STEP2-RETAKE"} <= set(last["rules"])
    closed = explain(
        tmp_path, {"step2ck": {"score": 210, "date": "2026-02-01", "attempts": 4}}, "2026-03-01", capsys
    )
    assert "EXAM-NO-ATTEMPTS" in closed["rules"] and closed["readiness"] == []
    silenced = (
        "READY-",
        "PLAN-",
        "DELAY-",
        "PROG-",
        "NARR-",
        "LOR-",
        "USCE-",
        "RES-",
        "STEP3-",
        "STEP2-",
        "VISA-",
        "ECFMG-",
        "SIGNAL-",
        "MATCH-",
    )
    assert [r for r in closed["rules"] if r.startswith(silenced)] == []
    assert [r for r in closed["rules"] if r.startswith("TIME-")] == ["TIME-MATCH-DAY"]


@pytest.mark.parametrize(
    ("as_of", "exam", "practice", "ready", "delay"),
    [
        # exam 42 days away, both newest under 220: do not sit; 46 days of room: apply a cycle later
        ("2026-06-15", "2026-07-27", (210, 215), "READY-DO-NOT-SIT", True),
        # 43 days away: not yet, and no cycle delay
        ("2026-06-14", "2026-07-27", (210, 215), "READY-NOT-YET", True),
        # a newest score 11 below the one before: inconsistent; 10 below is not
        ("2026-03-01", "2026-07-01", (241, 230), "READY-INCONSISTENT", False),
        ("2026-03-01", "2026-07-01", (240, 230), "READY-YES", False),
    ],
)
def test_readiness_and_delay_boundaries(as_of, exam, practice, ready, delay, tmp_path, capsys):
    rows = [{"exam": f"NBME {i}", "score": s, "date": f"2026-0{i + 1}-01"} for i, s in enumerate(practice)]
    data = explain(tmp_path, {"step2ck": {"date": exam}, "practice": rows}, as_of, capsys)
    assert ready in data["readiness"]
    assert ("DELAY-ADVISED" in data["rules"]) == (delay and ready == "READY-DO-NOT-SIT")


@pytest.mark.parametrize(
    ("match_year", "rank", "match"),
    [
        (2024, "2024-02-28", "2024-03-15"),
        (2025, "2025-03-05", "2025-03-21"),
        (2026, "2026-03-04", "2026-03-20"),
    ],
)
def test_rank_list_deadline_is_the_wednesday_16_days_before_match_day(match_year, rank, match):
    d = decision({"match_year": match_year, "graduation": {"status": "graduated", "year": 2023}})
    assert d.facts["rank_deadline"].isoformat() == rank
    assert d.facts["match_day"].isoformat() == match
    assert d.facts["rank_deadline"].weekday() == 2


def test_room_decides_between_moving_the_exam_and_moving_the_cycle():
    late = {
        "step2ck": {"date": "2027-08-15"},
        "practice": [
            {"exam": "NBME 10", "score": 222, "date": "2027-01-01"},
            {"exam": "NBME 11", "score": 226, "date": "2027-02-01"},
        ],
    }
    roomy = decision(late, date(2027, 6, 5))  # 56 days until 2027-07-31
    assert roomy.has("TIME-MOVE-EARLIER") and not roomy.has("DELAY-ADVISED")
    tight = decision(late, date(2027, 6, 6))  # 55 days
    assert tight.has("DELAY-ADVISED") and not tight.has("TIME-MOVE-EARLIER")


def test_signal_counts_say_when_the_match_year_has_no_figure():
    d = decision({"tracks": ["internal-medicine", "medicine-psychiatry"]})  # the 2028 Match
    rows = {s["track"]: s for s in d.facts["signals"]}
    assert rows["internal-medicine"]["match_year"] == 2026 and not rows["internal-medicine"]["exact"]
    assert (rows["internal-medicine"]["gold"], rows["internal-medicine"]["silver"]) == (3, 12)
    assert rows["medicine-psychiatry"]["match_year"] == 2023 and rows["medicine-psychiatry"]["total"] == 2
    assert all(r["source"] and r["checked"] for r in rows.values())
    assert "no figure for 2028" in d.get("SIGNAL-PLAN").reason
    exact = decision(
        {"match_year": 2026, "graduation": {"status": "graduated", "year": 2024}}, date(2025, 5, 1)
    )
    assert exact.facts["signals"][0]["exact"] and "no figure" not in exact.get("SIGNAL-PLAN").reason


def test_university_tiers_are_capped_with_a_failure_or_a_long_gap():
    book = PROJECT.rulebook
    fail = kind_tiers(decision({"step1": {"result": "pass", "attempts": 2}, "step2ck": {"score": 250}}), book)
    rows = {r.kind.kind: r.tier for r in fail.tracks[0].rows}
    assert rows["university"] == "reach" and rows["community"] == "likely"
    gap = kind_tiers(
        decision({"graduation": {"status": "graduated", "year": 2024}, "step2ck": {"score": 250}}), book
    )
    assert {r.kind.kind: r.tier for r in gap.tracks[0].rows}["university"] == "reach"
    clean = kind_tiers(decision({"step2ck": {"score": 250}}), book)
    assert {r.kind.kind: r.tier for r in clean.tracks[0].rows}["university"] == "likely"
