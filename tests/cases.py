"""Named rule cases: each builds a profile and states rules that must and must not fire.

The coverage test proves every rule ID of the rulebook is asserted to fire by some case.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from .helpers import practice

# Every rule ID of the project's rulebook (content/rules.yml must define exactly these).
RULEBOOK_IDS = [
    "SCN-FAILED-ATTEMPT",
    "SCN-STEP1-PENDING",
    "SCN-STEP2-PENDING",
    "SCN-SCORES-COMPLETE",
    "FAIL-MULTIPLE",
    "STAGE-FINAL-YEAR",
    "STAGE-GRADUATED",
    "STAGE-LONG-GAP",
    "BAND-IM-COMPETITIVE",
    "BAND-IM-SOLID",
    "BAND-IM-VIABLE",
    "BAND-IM-CHALLENGING",
    "BAND-MP-VERY-COMPETITIVE",
    "BAND-MP-SOLID",
    "BAND-MP-BORDERLINE",
    "BAND-MP-CONCERNING",
    "READY-NO-DATA",
    "READY-DO-NOT-SIT",
    "READY-INCONSISTENT",
    "READY-YES",
    "READY-NOT-YET",
    "READY-ON-TRACK",
    "READY-OFF-TRACK",
    "DELAY-ADVISED",
    "DELAY-WEIGH",
    "DELAY-AVOID",
    "TIME-SCORE-DEADLINE",
    "TIME-SCORE-LATE",
    "TIME-MATCH-DAY",
    "PLAN-STEP1",
    "PLAN-STEP2-IM",
    "PLAN-STEP2-MP",
    "PLAN-WEAK-AREAS",
    "PLAN-PROFILE-BUILDING",
    "PROG-IM-ACADEMIC",
    "PROG-IM-MIXED",
    "PROG-IM-COMMUNITY",
    "PROG-IM-TARGETED",
    "PROG-MP-ALL",
    "PROG-PARALLEL-IM",
    "PROG-PARALLEL-PSYCH",
    "PROG-GEO-FLEX",
    "PROG-APPLY-BROADLY",
    "NARR-OWN-FAILURE",
    "NARR-UPWARD-TREND",
    "NARR-SCORES-NOT-CENTRAL",
    "NARR-MP-IDENTITY",
    "NARR-IM-COMMITMENT",
    "NARR-INTERVIEW-FRAME",
    "LOR-IM",
    "LOR-MP",
    "LOR-GAP",
    "USCE-GAP",
    "RES-INTEGRATED",
    "STEP3-CONSIDER",
    "VISA-H1B-STEP3",
    # v2
    "CYCLE-PREPARING",
    "CYCLE-INTERVIEWING",
    "CYCLE-MATCH-WEEKS",
    "CYCLE-OVER",
    "EXAM-NO-ATTEMPTS",
    "EXAM-LAST-ATTEMPT",
    "STEP2-RETAKE",
    "READY-STEP1-NO-DATA",
    "READY-STEP1-YES",
    "READY-STEP1-NOT-YET",
    "TIME-MOVE-EARLIER",
    "TIME-PASS-BY-RANK",
    "ECFMG-CERT",
    "VISA-J1",
    "SIGNAL-PLAN",
    "MATCH-SOAP-PLAN",
]

IM = {"tracks": ["internal-medicine"]}
MP = {"tracks": ["medicine-psychiatry"]}
BOTH = {"tracks": ["internal-medicine", "medicine-psychiatry"]}


def s2(score: int, **extra: Any) -> dict[str, Any]:
    return {"step2ck": {"score": score, "date": "2026-06-01", **extra}}


CERT = {"ecfmg_certified": True}


def pending(**extra: Any) -> dict[str, Any]:
    return {"step2ck": {"date": "2027-05-01", **extra}}


LETTERS_IM_FULL = {
    "letters": [
        {"specialty": "internal-medicine", "us": True, "academic": True},
        {"specialty": "internal-medicine", "us": True},
        {"specialty": "internal-medicine", "us": True},
    ]
}
LETTERS_MP_FULL = {
    "letters": [
        {"specialty": "internal-medicine", "us": True},
        {"specialty": "psychiatry", "us": True},
    ]
}
HANDS_ON_2 = {"usce": [{"specialty": "internal-medicine", "kind": "hands-on", "months": 2}]}


def c(name: str, over: dict[str, Any], fire: list[str], absent: list[str] = (), as_of=None):
    return {"name": name, "over": over, "fire": list(fire), "absent": list(absent), "as_of": as_of}


def combine(*parts: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for p in parts:
        out.update(p)
    return out


CASES = [
    # --- scenario and failures
    c(
        "first attempts, scores final",
        combine(IM, s2(236)),
        ["SCN-SCORES-COMPLETE"],
        ["SCN-FAILED-ATTEMPT", "FAIL-MULTIPLE", "NARR-OWN-FAILURE"],
    ),
    c(
        "step1 pending",
        combine(MP, {"step1": {"result": "pending"}}),
        ["SCN-STEP1-PENDING", "PLAN-STEP1"],
        ["SCN-STEP2-PENDING", "READY-NO-DATA"],
    ),
    c(
        "step2 pending",
        combine(IM, pending()),
        ["SCN-STEP2-PENDING", "PLAN-STEP2-IM"],
        ["SCN-SCORES-COMPLETE"],
    ),
    c(
        "one step1 failure",
        combine(IM, s2(238), CERT, {"step1": {"result": "pass", "attempts": 2}}),
        [
            "SCN-FAILED-ATTEMPT",
            "NARR-OWN-FAILURE",
            "PROG-GEO-FLEX",
            "PROG-APPLY-BROADLY",
            "NARR-INTERVIEW-FRAME",
            "STEP3-CONSIDER",
            "NARR-UPWARD-TREND",
        ],
        ["FAIL-MULTIPLE"],
    ),
    c(
        "step1 failed outright",
        combine(IM, {"step1": {"result": "fail"}}),
        ["SCN-FAILED-ATTEMPT", "PLAN-STEP1"],
        ["SCN-STEP1-PENDING"],
    ),
    c(
        "two failures",
        combine(MP, s2(238, attempts=2), {"step1": {"result": "pass", "attempts": 2}}),
        [
            "SCN-FAILED-ATTEMPT",
            "FAIL-MULTIPLE",
            "BAND-MP-CONCERNING",
            "PROG-PARALLEL-IM",
            "PROG-PARALLEL-PSYCH",
        ],
        ["BAND-MP-SOLID"],
    ),
    c(
        "upward trend needs 235",
        combine(IM, s2(234, attempts=2)),
        ["NARR-OWN-FAILURE"],
        ["NARR-UPWARD-TREND"],
    ),
    c("upward trend at 235", combine(IM, s2(235, attempts=2)), ["NARR-UPWARD-TREND"]),
    # --- Step 2 CK passing score by date: 216 fails from 2025-07-01, passes before
    c(
        "216 after 2025-07-01 is a failure",
        combine(IM, {"step2ck": {"score": 216, "date": "2025-07-01"}}),
        ["SCN-FAILED-ATTEMPT", "STEP2-RETAKE"],
        ["SCN-SCORES-COMPLETE", "STEP3-CONSIDER", "BAND-IM-CHALLENGING"],
    ),
    c(
        "216 before 2025-07-01 is a pass",
        combine(IM, CERT, {"step2ck": {"score": 216, "date": "2025-06-30"}}),
        ["SCN-SCORES-COMPLETE", "BAND-IM-CHALLENGING", "PROG-IM-TARGETED", "STEP3-CONSIDER"],
        ["SCN-FAILED-ATTEMPT"],
    ),
    # --- internal medicine bands at their boundaries
    c(
        "IM 219",
        combine(IM, s2(219)),
        ["BAND-IM-CHALLENGING", "PROG-IM-COMMUNITY", "PROG-IM-TARGETED"],
        ["BAND-IM-VIABLE"],
    ),
    c(
        "IM 220",
        combine(IM, s2(220)),
        [
            "BAND-IM-VIABLE",
            "PROG-IM-COMMUNITY",
            "PROG-GEO-FLEX",
            "PROG-APPLY-BROADLY",
            "NARR-INTERVIEW-FRAME",
        ],
        ["BAND-IM-CHALLENGING", "PROG-IM-TARGETED"],
    ),
    c("IM 229", combine(IM, s2(229), CERT), ["BAND-IM-VIABLE", "STEP3-CONSIDER"], ["BAND-IM-SOLID"]),
    c(
        "IM 230",
        combine(IM, s2(230), CERT),
        ["BAND-IM-SOLID", "PROG-IM-MIXED"],
        ["BAND-IM-VIABLE", "STEP3-CONSIDER", "PROG-GEO-FLEX", "PROG-APPLY-BROADLY", "NARR-INTERVIEW-FRAME"],
    ),
    c("IM 239", combine(IM, s2(239)), ["BAND-IM-SOLID"], ["BAND-IM-COMPETITIVE"]),
    c("IM 240", combine(IM, s2(240)), ["BAND-IM-COMPETITIVE", "PROG-IM-ACADEMIC"], ["BAND-IM-SOLID"]),
    # --- medicine-psychiatry bands at their boundaries
    c("MP 219", combine(MP, s2(219)), ["BAND-MP-CONCERNING"], ["BAND-MP-BORDERLINE"]),
    c(
        "MP 220",
        combine(MP, s2(220)),
        ["BAND-MP-BORDERLINE", "PROG-GEO-FLEX", "PROG-APPLY-BROADLY"],
        ["BAND-MP-CONCERNING"],
    ),
    c(
        "MP 234",
        combine(MP, s2(234)),
        ["BAND-MP-BORDERLINE", "PROG-PARALLEL-IM", "PROG-PARALLEL-PSYCH"],
        ["BAND-MP-SOLID"],
    ),
    c(
        "MP 235",
        combine(MP, s2(235)),
        ["BAND-MP-SOLID", "PROG-MP-ALL"],
        ["BAND-MP-BORDERLINE", "PROG-PARALLEL-IM", "PROG-PARALLEL-PSYCH", "PROG-APPLY-BROADLY"],
    ),
    c("MP 244", combine(MP, s2(244)), ["BAND-MP-SOLID"], ["BAND-MP-VERY-COMPETITIVE"]),
    c(
        "MP 245",
        combine(MP, s2(245)),
        ["BAND-MP-VERY-COMPETITIVE", "NARR-MP-IDENTITY", "LOR-MP", "RES-INTEGRATED"],
        ["BAND-MP-SOLID"],
    ),
    c(
        "both tracks 245",
        combine(BOTH, s2(245)),
        ["BAND-IM-COMPETITIVE", "BAND-MP-VERY-COMPETITIVE", "NARR-IM-COMMITMENT", "LOR-IM"],
    ),
    # --- stage and years since graduation
    c(
        "final year",
        {"graduation": {"status": "final-year", "year": 2028}},
        ["STAGE-FINAL-YEAR"],
        ["STAGE-GRADUATED", "STAGE-LONG-GAP", "STEP3-CONSIDER"],
    ),
    c(
        "2 years since graduation",
        {"graduation": {"status": "graduated", "year": 2026}},
        ["STAGE-GRADUATED"],
        ["STAGE-LONG-GAP", "DELAY-AVOID"],
    ),
    c(
        "3 years since graduation",
        {"graduation": {"status": "graduated", "year": 2025}},
        ["STAGE-GRADUATED", "STAGE-LONG-GAP", "DELAY-AVOID"],
    ),
    # --- readiness
    c(
        "no practice data",
        combine(IM, pending()),
        ["READY-NO-DATA"],
        ["READY-YES", "READY-NOT-YET", "READY-ON-TRACK", "READY-OFF-TRACK"],
    ),
    c("one practice score", combine(IM, pending(), {"practice": practice(231)}), ["READY-NO-DATA"]),
    c(
        "ready",
        combine(IM, pending(), {"practice": practice(218, 230, 231)}),
        ["READY-YES"],
        ["READY-NOT-YET", "PROG-PARALLEL-IM", "READY-ON-TRACK", "READY-OFF-TRACK"],
    ),
    c(
        "10 apart is consistent",
        combine(IM, pending(), {"practice": practice(240, 230)}),
        ["READY-YES"],
        ["READY-INCONSISTENT", "READY-ON-TRACK", "READY-OFF-TRACK"],
    ),
    c(
        "newest 11 below the one before is inconsistent",
        combine(IM, pending(), {"practice": practice(241, 230)}),
        ["READY-INCONSISTENT", "READY-OFF-TRACK"],
        ["READY-YES", "READY-NOT-YET"],
    ),
    c(
        "a rise of 11 is not inconsistent",
        combine(IM, pending(), {"practice": practice(230, 241)}),
        ["READY-YES"],
        ["READY-INCONSISTENT", "READY-ON-TRACK"],
    ),
    c(
        "9 points gain is off track",
        combine(IM, pending(), {"practice": practice(215, 224)}),
        ["READY-OFF-TRACK", "READY-NOT-YET"],
        ["READY-ON-TRACK", "READY-YES"],
    ),
    c(
        "10 points gain is on track",
        combine(IM, pending(), {"practice": practice(215, 225)}),
        ["READY-ON-TRACK", "READY-NOT-YET"],
        ["READY-OFF-TRACK"],
    ),
    c(
        "not yet",
        combine(IM, pending(), {"practice": practice(222, 226)}),
        ["READY-NOT-YET"],
        ["READY-YES", "DELAY-ADVISED"],
    ),
    c(
        "do not sit, exam 42 days away, 58 days of room: no delay",
        combine(IM, pending(date="2027-07-15"), {"practice": practice(210, 219)}),
        ["READY-DO-NOT-SIT"],
        ["READY-INCONSISTENT", "READY-NOT-YET", "DELAY-ADVISED"],
        as_of=date(2027, 6, 3),
    ),
    c(
        "low scores, exam 43 days away: not yet, not do-not-sit",
        combine(IM, pending(date="2027-07-15"), {"practice": practice(210, 219)}),
        ["READY-NOT-YET"],
        ["READY-DO-NOT-SIT", "DELAY-ADVISED"],
        as_of=date(2027, 6, 2),
    ),
    c(
        "do not sit, 55 days of room: apply a cycle later",
        combine(IM, pending(date="2027-07-15"), {"practice": practice(210, 219)}),
        ["READY-DO-NOT-SIT", "DELAY-ADVISED"],
        as_of=date(2027, 6, 6),
    ),
    c(
        "low scores, no exam date: do not sit",
        combine(IM, {"practice": practice(210, 219)}),
        ["READY-DO-NOT-SIT"],
        ["READY-NOT-YET", "DELAY-ADVISED"],
    ),
    c(
        "do not sit overrides inconsistent",
        combine(IM, {"practice": practice(219, 200)}),
        ["READY-DO-NOT-SIT"],
        ["READY-INCONSISTENT"],
    ),
    c(
        "own target raises the threshold",
        combine(IM, pending(target=245), {"practice": practice(238, 240)}),
        ["READY-NOT-YET"],
        ["READY-YES"],
    ),
    c(
        "MP pending not ready: parallel plans",
        combine(MP, pending(), {"practice": practice(222, 226)}),
        ["PROG-PARALLEL-IM", "PROG-PARALLEL-PSYCH", "PLAN-STEP2-MP"],
    ),
    c(
        "MP pending ready: no parallel plans",
        combine(MP, pending(), {"practice": practice(231, 233)}),
        ["READY-YES"],
        ["PROG-PARALLEL-IM"],
    ),
    c(
        "no readiness once passed",
        combine(IM, s2(231), {"practice": practice(200, 205)}),
        [],
        ["READY-DO-NOT-SIT", "READY-OFF-TRACK", "PLAN-STEP2-IM"],
    ),
    # --- dates and delay
    c(
        "planned 2027-07-31 is in time",
        combine(IM, pending(), {"step2ck": {"date": "2027-07-31"}}),
        ["TIME-SCORE-DEADLINE", "TIME-MATCH-DAY"],
        ["TIME-SCORE-LATE"],
    ),
    c(
        "planned 2027-08-01 is late, 55 days of room: delay",
        combine(IM, {"step2ck": {"date": "2027-08-01"}}, {"practice": practice(222, 226)}),
        ["TIME-SCORE-LATE", "READY-NOT-YET", "DELAY-ADVISED"],
        ["TIME-MOVE-EARLIER"],
        as_of=date(2027, 6, 6),
    ),
    c(
        "planned 2027-08-01 is late, 56 days of room: move it earlier",
        combine(IM, {"step2ck": {"date": "2027-08-01"}}, {"practice": practice(222, 226)}),
        ["TIME-SCORE-LATE", "READY-NOT-YET", "TIME-MOVE-EARLIER"],
        ["DELAY-ADVISED"],
        as_of=date(2027, 6, 5),
    ),
    c(
        "late and inconsistent",
        combine(IM, {"step2ck": {"date": "2027-09-01"}, "practice": practice(240, 222)}),
        ["READY-INCONSISTENT", "DELAY-ADVISED"],
        as_of=date(2027, 7, 1),
    ),
    c(
        "long gap never advised to delay",
        combine(
            IM,
            pending(),
            {"practice": practice(210, 212), "graduation": {"status": "graduated", "year": 2020}},
        ),
        ["READY-DO-NOT-SIT", "DELAY-AVOID"],
        ["DELAY-ADVISED"],
        as_of=date(2027, 4, 1),
    ),
    c("delay weigh at 10 under target", combine(IM, s2(225), {"can_delay": True}), ["DELAY-WEIGH"]),
    c(
        "no delay weigh with a solid band, even far under an own target",
        combine(IM, s2(242, target=260), {"can_delay": True}),
        ["BAND-IM-COMPETITIVE"],
        ["DELAY-WEIGH"],
    ),
    c(
        "delay weigh with a failing score",
        combine(IM, s2(212), {"can_delay": True}),
        ["DELAY-WEIGH", "STEP2-RETAKE"],
    ),
    c("no delay weigh at 9 under", combine(IM, s2(226), {"can_delay": True}), [], ["DELAY-WEIGH"]),
    c("no delay weigh without can_delay", combine(IM, s2(225)), [], ["DELAY-WEIGH"]),
    # --- narrative, letters, experience, step 3, visa
    c("scores not central", combine(IM, s2(231)), ["NARR-SCORES-NOT-CENTRAL"], ["NARR-OWN-FAILURE"]),
    c("at target, scores are fine", combine(IM, s2(235)), [], ["NARR-SCORES-NOT-CENTRAL"]),
    c("weak areas", {"weak_areas": ["renal"]}, ["PLAN-WEAK-AREAS", "PLAN-PROFILE-BUILDING"]),
    c("no weak areas", {}, ["PLAN-PROFILE-BUILDING"], ["PLAN-WEAK-AREAS"]),
    c("IM letters complete", combine(IM, LETTERS_IM_FULL, HANDS_ON_2), ["LOR-IM"], ["LOR-GAP", "USCE-GAP"]),
    c(
        "IM letters without academic",
        combine(IM, {"letters": [{"specialty": "internal-medicine", "us": True}] * 3}),
        ["LOR-GAP"],
    ),
    c("MP letters complete", combine(MP, LETTERS_MP_FULL), ["LOR-MP"], ["LOR-GAP"]),
    c("MP letters missing psychiatry", combine(MP, {"letters": LETTERS_MP_FULL["letters"][:1]}), ["LOR-GAP"]),
    c(
        "observership does not count",
        combine(
            IM,
            {
                "usce": [
                    {"specialty": "internal-medicine", "kind": "observership", "months": 6},
                    {"specialty": "internal-medicine", "kind": "hands-on", "months": 1.5},
                ]
            },
        ),
        ["USCE-GAP"],
    ),
    c(
        "step3 taken stops STEP3-CONSIDER",
        combine(IM, s2(225), CERT, {"step3": {"result": "pass", "score": 220}}),
        [],
        ["STEP3-CONSIDER"],
    ),
    c("h1b without step3", combine(IM, {"visa": "h1b"}), ["VISA-H1B-STEP3"]),
    c(
        "h1b with step3 passed",
        combine(IM, {"visa": "h1b", "step3": {"result": "pass"}}),
        [],
        ["VISA-H1B-STEP3"],
    ),
    c(
        "h1b with step3 pending",
        combine(IM, {"visa": "h1b", "step3": {"result": "pending"}}),
        ["VISA-H1B-STEP3"],
    ),
]

CASES += [
    c(
        "h1b with a step3 'pass' under 200",
        combine(IM, {"visa": "h1b", "step3": {"result": "pass", "score": 199, "date": "2025-01-10"}}),
        ["VISA-H1B-STEP3"],
    ),
    c(
        "h1b with step3 198 before 2024",
        combine(IM, {"visa": "h1b", "step3": {"result": "pass", "score": 198, "date": "2023-05-01"}}),
        [],
        ["VISA-H1B-STEP3"],
    ),
]

# --- v2: the Match of 2028 (review 2027-09-29, rank list 2028-03-01, Match Day 2028-03-17)
PREP, INTERVIEW, WEEKS, OVER = date(2027, 9, 28), date(2027, 9, 29), date(2028, 3, 1), date(2028, 3, 18)
NO_ATTEMPTS_SILENT = [
    "READY-NO-DATA",
    "PLAN-STEP2-IM",
    "PLAN-PROFILE-BUILDING",
    "DELAY-AVOID",
    "PROG-IM-COMMUNITY",
    "PROG-APPLY-BROADLY",
    "NARR-OWN-FAILURE",
    "LOR-IM",
    "LOR-GAP",
    "USCE-GAP",
    "STEP2-RETAKE",
    "ECFMG-CERT",
    "VISA-J1",
    "SIGNAL-PLAN",
    "TIME-SCORE-DEADLINE",
    "EXAM-LAST-ATTEMPT",
]
CASES += [
    c(
        "the day before review: preparing",
        {},
        ["CYCLE-PREPARING", "PLAN-PROFILE-BUILDING", "SIGNAL-PLAN"],
        ["CYCLE-INTERVIEWING"],
        as_of=PREP,
    ),
    c(
        "review day: interviewing",
        combine(IM, pending()),
        ["CYCLE-INTERVIEWING", "TIME-PASS-BY-RANK", "MATCH-SOAP-PLAN"],
        [
            "CYCLE-PREPARING",
            "PLAN-PROFILE-BUILDING",
            "SIGNAL-PLAN",
            "USCE-GAP",
            "TIME-SCORE-DEADLINE",
            "TIME-SCORE-LATE",
        ],
        as_of=INTERVIEW,
    ),
    c(
        "the day before the rank list: interviewing",
        combine(IM, pending()),
        ["CYCLE-INTERVIEWING", "TIME-PASS-BY-RANK"],
        ["CYCLE-MATCH-WEEKS"],
        as_of=date(2028, 2, 29),
    ),
    c(
        "rank list day: match weeks",
        combine(IM, pending()),
        ["CYCLE-MATCH-WEEKS", "MATCH-SOAP-PLAN"],
        ["CYCLE-INTERVIEWING", "TIME-PASS-BY-RANK", "LOR-GAP"],
        as_of=WEEKS,
    ),
    c(
        "Match Day: still match weeks",
        combine(IM, pending()),
        ["CYCLE-MATCH-WEEKS"],
        ["CYCLE-OVER"],
        as_of=date(2028, 3, 17),
    ),
    c(
        "the day after Match Day: over",
        combine(IM, pending(), {"visa": "h1b"}),
        ["CYCLE-OVER", "TIME-MATCH-DAY"],
        ["CYCLE-MATCH-WEEKS", "PLAN-STEP2-IM", "ECFMG-CERT", "VISA-H1B-STEP3", "MATCH-SOAP-PLAN", "LOR-GAP"],
        as_of=OVER,
    ),
    c(
        "interviewing with a solid passed score: no SOAP plan",
        combine(IM, s2(235)),
        ["CYCLE-INTERVIEWING"],
        ["MATCH-SOAP-PLAN", "TIME-PASS-BY-RANK"],
        as_of=INTERVIEW,
    ),
    c(
        "interviewing with a viable score: SOAP plan",
        combine(IM, s2(229)),
        ["MATCH-SOAP-PLAN"],
        [],
        as_of=INTERVIEW,
    ),
    c(
        "interviewing with a failure and a solid score: SOAP plan",
        combine(IM, s2(236), {"step1": {"result": "pass", "attempts": 2}}),
        ["MATCH-SOAP-PLAN"],
        as_of=INTERVIEW,
    ),
    # attempts
    c(
        "Step 2 CK failed twice: retake, not the last attempt",
        combine(IM, s2(212, attempts=2)),
        ["STEP2-RETAKE", "PLAN-STEP2-IM"],
        ["EXAM-LAST-ATTEMPT", "EXAM-NO-ATTEMPTS", "BAND-IM-CHALLENGING"],
    ),
    c(
        "Step 2 CK failed 3 times: the last attempt",
        combine(IM, s2(212, attempts=3)),
        ["EXAM-LAST-ATTEMPT", "STEP2-RETAKE"],
        ["EXAM-NO-ATTEMPTS"],
    ),
    c(
        "Step 2 CK failed 4 times: no attempts left",
        combine(IM, s2(212, attempts=4), {"visa": "j1"}),
        ["EXAM-NO-ATTEMPTS", "TIME-MATCH-DAY", "SCN-FAILED-ATTEMPT"],
        NO_ATTEMPTS_SILENT,
    ),
    c(
        "Step 1 failed 4 times: no attempts left",
        combine(IM, {"step1": {"result": "fail", "attempts": 4}}),
        ["EXAM-NO-ATTEMPTS"],
        ["PLAN-STEP1", "READY-STEP1-NO-DATA", *NO_ATTEMPTS_SILENT],
    ),
    c(
        "Step 1 failed 3 times: the last attempt",
        combine(IM, {"step1": {"result": "fail", "attempts": 3}}),
        ["EXAM-LAST-ATTEMPT", "PLAN-STEP1", "READY-STEP1-NO-DATA"],
        ["EXAM-NO-ATTEMPTS"],
    ),
    c(
        "a passed Step with 3 attempts is not a last attempt",
        combine(IM, s2(240), {"step1": {"result": "pass", "attempts": 3}}),
        [],
        ["EXAM-LAST-ATTEMPT"],
    ),
    # counted practice after a failed attempt (failed 2026-06-01)
    c(
        "practice before the failed attempt does not count",
        combine(IM, s2(212), {"practice": practice(240, 241, 242)}),
        ["READY-NO-DATA", "STEP2-RETAKE"],
        ["READY-YES"],
    ),
    c(
        "practice on the day of the failed attempt does not count",
        combine(
            IM,
            s2(212),
            {
                "practice": [
                    {"exam": "NBME 11", "score": 240, "date": "2026-06-01"},
                    {"exam": "NBME 12", "score": 241, "date": "2026-07-01"},
                ]
            },
        ),
        ["READY-NO-DATA"],
        ["READY-YES"],
    ),
    c(
        "practice after the failed attempt counts",
        combine(
            IM,
            s2(212),
            {
                "practice": [
                    {"exam": "NBME 11", "score": 231, "date": "2026-06-02"},
                    {"exam": "NBME 12", "score": 233, "date": "2026-07-01"},
                ]
            },
        ),
        ["READY-YES"],
        ["READY-NO-DATA"],
    ),
    # Step 1 readiness: pass mark 196 + margin 10
    c(
        "Step 1 pending, one Step 1 practice score",
        combine(MP, {"step1": {"result": "pending"}, "practice": practice(210)}),
        ["READY-STEP1-NO-DATA", "PLAN-STEP1"],
        ["READY-NO-DATA", "READY-STEP1-YES"],
    ),
    c(
        "Step 1 practice 206 and 206: ready",
        combine(MP, {"step1": {"result": "pending"}, "practice": practice(190, 206, 206)}),
        ["READY-STEP1-YES"],
        ["READY-STEP1-NOT-YET", "READY-NOT-YET"],
    ),
    c(
        "Step 1 practice 205 and 230: not yet",
        combine(MP, {"step1": {"result": "pending"}, "practice": practice(230, 205, 230)}),
        ["READY-STEP1-NOT-YET"],
        ["READY-STEP1-YES"],
    ),
    c(
        "Step 1 before 2022-01-26: pass mark 194, 204 is ready",
        combine(IM, {"step1": {"result": "pending", "date": "2022-01-25"}, "practice": practice(204, 204)}),
        ["READY-STEP1-YES"],
    ),
    c(
        "Step 1 on 2022-01-26: pass mark 196, 204 is not ready",
        combine(IM, {"step1": {"result": "pending", "date": "2022-01-26"}, "practice": practice(204, 204)}),
        ["READY-STEP1-NOT-YET"],
    ),
    c(
        "Step 2 CK practice marked as such while Step 1 is pending",
        combine(
            IM,
            {
                "step1": {"result": "pending"},
                "practice": [dict(x, step="step2ck") for x in practice(230, 231)],
            },
        ),
        ["READY-STEP1-NO-DATA"],
        ["READY-STEP1-YES", "READY-YES"],
    ),
    # letters and experience in subspecialties
    c(
        "cardiology letters count as internal medicine letters",
        combine(IM, {"letters": [{"specialty": "cardiology", "us": True, "academic": True}] * 3}),
        ["LOR-IM"],
        ["LOR-GAP"],
    ),
    c(
        "a consultation-liaison letter counts as a psychiatry letter",
        combine(
            MP,
            {
                "letters": [
                    {"specialty": "internal-medicine", "us": True},
                    {"specialty": "consultation-liaison", "us": True},
                ]
            },
        ),
        ["LOR-MP"],
        ["LOR-GAP"],
    ),
    c(
        "hands-on cardiology counts for internal medicine",
        combine(IM, {"usce": [{"specialty": "cardiology", "kind": "hands-on", "months": 2}]}),
        [],
        ["USCE-GAP"],
    ),
    c(
        "hands-on psychiatry does not count for internal medicine",
        combine(IM, {"usce": [{"specialty": "psychiatry", "kind": "hands-on", "months": 2}]}),
        ["USCE-GAP"],
    ),
    c(
        "hands-on psychiatry counts for medicine-psychiatry",
        combine(MP, {"usce": [{"specialty": "psychiatry", "kind": "hands-on", "months": 2}]}),
        [],
        ["USCE-GAP"],
    ),
    c("letters still count while interviewing", combine(IM), ["LOR-GAP"], ["USCE-GAP"], as_of=INTERVIEW),
    # certification, Step 3, visa
    c("not certified: ECFMG-CERT", {}, ["ECFMG-CERT"]),
    c("certified: no ECFMG-CERT", CERT, [], ["ECFMG-CERT"]),
    c("no Step 3 advice without certification", combine(IM, s2(225)), [], ["STEP3-CONSIDER"]),
    c(
        "Step 3 advice only while preparing",
        combine(IM, s2(225), CERT),
        [],
        ["STEP3-CONSIDER"],
        as_of=INTERVIEW,
    ),
    c("J-1", {"visa": "j1"}, ["VISA-J1"], ["VISA-H1B-STEP3"]),
    c("no J-1", {"visa": "h1b"}, ["VISA-H1B-STEP3"], ["VISA-J1"]),
    # a planned exam far away: move it earlier, do not postpone
    c(
        "exam nine months away, low scores: not yet, move earlier",
        combine(IM, pending(date="2027-08-20"), {"practice": practice(205, 212)}),
        ["READY-NOT-YET", "TIME-SCORE-LATE", "TIME-MOVE-EARLIER"],
        ["READY-DO-NOT-SIT", "DELAY-ADVISED"],
    ),
    c(
        "weak areas without an exam ahead do not make a plan",
        combine(IM, s2(236), {"weak_areas": ["renal"]}),
        [],
        ["PLAN-WEAK-AREAS"],
    ),
]
