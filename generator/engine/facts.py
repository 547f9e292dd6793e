"""Derive the facts the rules read from a profile, the rulebook data and an ``as_of`` date.

Pure functions only: nothing here reads the clock, the environment or the disk.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

from ..inputs.profiles import Profile
from .rulebook import Rulebook

_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_name) for name in [name.lower()]}


def passing_score(table: list[dict[str, Any]], on: date) -> int:
    """The minimum passing score in force on ``on`` (tables are newest first)."""
    for row in table:
        if on >= row["from"]:
            return int(row["score"])
    return int(table[-1]["score"])


def nth_weekday(year: int, month: int, weekday: int, nth: int) -> date:
    """The ``nth`` given weekday of a month; ``nth = -1`` is the last one."""
    if nth < 0:
        last = date(year, month, calendar.monthrange(year, month)[1])
        return date(year, month, last.day - (last.weekday() - weekday) % 7)
    first = date(year, month, 1)
    offset = (weekday - first.weekday()) % 7
    return date(year, month, 1 + offset + 7 * (nth - 1))


STEP2_DEADLINES = ("exam_by", "score_deadline")  # dates that matter only while Step 2 CK is ahead


def cycle_dates(f: dict[str, Any]) -> dict[str, date]:
    """The cycle's dates that concern this applicant: the Step 2 CK deadlines only while the
    score is not in (a report never tells a passed applicant when to sit the exam)."""
    return {k: v for k, v in f["dates"].items() if not (f.get("step2_passed") and k in STEP2_DEADLINES)}


def key_dates(book: Rulebook, match_year: int) -> dict[str, date]:
    """The application calendar of one Match year, from the rulebook's date rules."""
    out: dict[str, date] = {}
    for name, spec in book.dates.items():
        known = book.known_dates.get(name, {}).get(match_year)
        if known:
            out[name] = known
            continue
        if "offset_from" in spec:
            continue
        year = match_year + int(spec["year"])
        if "weekday" in spec:
            out[name] = nth_weekday(year, spec["month"], _WEEKDAYS[spec["weekday"]], spec["nth"])
        else:
            out[name] = date(year, spec["month"], spec["day"])
    for name, spec in book.dates.items():
        if "offset_from" in spec and name not in out:
            out[name] = out[spec["offset_from"]] + timedelta(days=int(spec["days"]))
    return {name: out[name] for name in book.dates}


def _plural(n: int | float, word: str) -> str:
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def derive(profile: Profile, book: Rulebook, as_of: date) -> dict[str, Any]:
    """Every fact a rule may name, as a flat mapping (see content/rules.yml)."""
    p = profile
    f: dict[str, Any] = {"as_of": as_of}
    f["tracks"] = list(p.tracks)
    f["im"] = "internal-medicine" in p.tracks
    f["mp"] = "medicine-psychiatry" in p.tracks
    f["graduated"] = p.graduation_status == "graduated"
    f["graduation_year"] = p.graduation_year
    f["match_year"] = p.match_year
    years = p.match_year - p.graduation_year if f["graduated"] else 0
    f["years_since_graduation"] = years
    f["long_gap"] = f["graduated"] and years >= book.thresholds["LONG_GAP_YEARS"]
    f["step1_months"] = "4–8" if years >= 3 else "3–5"
    _exams(f, p, book, as_of)
    f["dates"] = key_dates(book, p.match_year)
    _cycle(f, p, as_of)
    _practice(f, p, book)

    # Step 3, certification and visa
    f["has_step3"] = p.step3 is not None
    f["step3_result"] = p.step3.result if p.step3 else None
    step3_min = passing_score(book.facts["step3_passing"], (p.step3.date if p.step3 else None) or as_of)
    f["step3_passed"] = (
        p.step3 is not None
        and p.step3.result == "pass"
        and (p.step3.score is None or p.step3.score >= step3_min)
    )
    f["ecfmg_certified"] = p.ecfmg_certified
    f["oet"] = p.oet
    f["visa"] = p.visa
    f["can_delay"] = p.can_delay
    f["ecfmg_needs"] = ecfmg_needs(f)

    # Experience, letters, research
    f["hands_on_months"] = sum(u.months for u in p.usce if u.kind == "hands-on")
    f["track_specialties"] = track_specialties(p, book)
    f["hands_on_track_months"] = sum(
        u.months for u in p.usce if u.kind == "hands-on" and u.specialty in f["track_specialties"]
    )
    f["letter_count"] = len(p.letters)
    f["research_count"] = len(p.research)
    f["weak_areas"] = list(p.weak_areas)
    f["missing_letters"] = missing_letters(p, book)
    f["parallel_low_score"] = f["step2_passed"] and s2_score(p) < book.thresholds["PARALLEL_BELOW"]
    f["signals"] = signal_counts(book, p)
    return f


def s2_score(p: Profile) -> int:
    return p.step2ck.score if p.step2ck.score is not None else 0


def _exams(f: dict[str, Any], p: Profile, book: Rulebook, as_of: date) -> None:
    """Step 1 and Step 2 CK: results, failures and attempts left (USMLE allows 4 per Step)."""
    limit = int(book.thresholds["MAX_ATTEMPTS"])
    f["step1_result"] = p.step1.result
    f["step1_attempts"] = p.step1.attempts
    f["step1_passed"] = p.step1.result == "pass"
    f["step1_failed"] = p.step1.result == "fail"
    f["step1_passing"] = passing_score(book.facts["step1_passing"], p.step1.date or as_of)
    step1_failures = p.step1.attempts - 1 if f["step1_passed"] else p.step1.attempts
    s2 = p.step2ck
    f["step2_score"] = s2.score
    f["step2_date"] = s2.date
    f["step2_attempts"] = s2.attempts
    f["step2_passing"] = passing_score(book.facts["step2_passing"], s2.date or as_of)
    f["step2_passed"] = s2.score is not None and s2.score >= f["step2_passing"]
    f["step2_ahead"] = not f["step2_passed"]
    f["step2_failed_latest"] = s2.score is not None and not f["step2_passed"]
    step2_failures = s2.attempts - 1 if f["step2_passed"] else s2.attempts
    f["step1_failures"] = max(step1_failures, 0)
    f["step2_failures"] = max(step2_failures, 0)
    f["failures"] = f["step1_failures"] + f["step2_failures"]
    f["step1_attempts_left"] = None if f["step1_passed"] else max(limit - p.step1.attempts, 0)
    f["step2_attempts_left"] = None if f["step2_passed"] else max(limit - s2.attempts, 0)
    f["no_attempts_steps"] = [
        name
        for name, left in (("Step 1", f["step1_attempts_left"]), ("Step 2 CK", f["step2_attempts_left"]))
        if left == 0
    ]
    f["last_attempt_steps"] = [
        name
        for name, left in (("Step 1", f["step1_attempts_left"]), ("Step 2 CK", f["step2_attempts_left"]))
        if left == 1
    ]
    parts = []
    if f["step1_failures"]:
        parts.append(f"Step 1: {_plural(f['step1_failures'], 'failed attempt')}")
    if f["step2_failures"]:
        detail = ""
        if f["step2_failed_latest"]:
            detail = f", latest score {s2.score} under the passing score of {f['step2_passing']}"
        parts.append(f"Step 2 CK: {_plural(f['step2_failures'], 'failed attempt')}{detail}")
    f["failure_text"] = "; ".join(parts) if parts else "no failed attempt"


def _cycle(f: dict[str, Any], p: Profile, as_of: date) -> None:
    """Where the applicant stands in the Match of ``match_year``, and the days that are left."""
    dates = f["dates"]
    f["review_date"] = dates["program_review"]
    f["rank_deadline"] = dates["rank_list_deadline"]
    f["match_day"] = dates["match_day"]
    f["exam_by"] = dates["exam_by"]
    f["room"] = (f["exam_by"] - as_of).days
    f["sit_by_rank"] = f["rank_deadline"] - timedelta(weeks=4)
    f["soap_monday"] = f["match_day"] - timedelta(days=4)
    planned = p.step2ck.date if f["step2_ahead"] and not f["step2_failed_latest"] else None
    f["exam_days"] = (planned - as_of).days if planned else None


def _practice(f: dict[str, Any], p: Profile, book: Rulebook) -> None:
    """Counted practice: Step 2 CK entries (after a failed attempt, only newer ones) and Step 1 ones."""
    s2 = p.step2ck
    after = s2.date if f["step2_failed_latest"] and s2.date else None
    step2 = [x for x in p.practice if x.step == "step2ck" and (after is None or x.date > after)]
    f["all_practice"] = list(p.practice)
    f["practice_before_failure"] = [x for x in p.practice if x.step == "step2ck" and x not in step2]
    f["practice"] = step2
    scores = [x.score for x in step2]
    f["ready_check"] = f["step1_passed"] and f["step2_ahead"]
    f["practice_count"] = len(scores)
    last2 = scores[-2:]
    f["last2"] = last2
    f["last2_text"] = " and ".join(str(s) for s in last2)
    f["last2_min"] = min(last2) if last2 else None
    f["last2_max"] = max(last2) if last2 else None
    f["last2_spread"] = abs(last2[0] - last2[1]) if len(last2) == 2 else 0
    f["last2_drop"] = last2[0] - last2[1] if len(last2) == 2 else 0
    f["practice_first"] = scores[0] if scores else None
    f["practice_latest"] = scores[-1] if scores else None
    f["practice_gain"] = scores[-1] - scores[0] if len(scores) >= 2 else 0
    step1 = [x for x in p.practice if x.step == "step1"]
    s1 = [x.score for x in step1]
    f["step1_practice"] = step1
    f["step1_practice_count"] = len(s1)
    f["step1_last2"] = s1[-2:]
    f["step1_last2_text"] = " and ".join(str(s) for s in s1[-2:])
    f["step1_last2_min"] = min(s1[-2:]) if s1 else None
    f["step1_ready_score"] = f["step1_passing"] + int(book.thresholds["STEP1_MARGIN"])
    # Targets and readiness
    defaults = [book.track_defaults[t] for t in p.tracks]
    f["has_own_target"] = s2.target is not None
    f["target"] = s2.target if s2.target is not None else max(d["target"] for d in defaults)
    own = s2.target
    f["ready_threshold"] = own if own is not None else max(d["ready_threshold"] for d in defaults)


def track_specialties(p: Profile, book: Rulebook) -> list[str]:
    """Specialties whose hands-on months count for the applicant's tracks (rules.yml lists)."""
    out = list(book.letters_count_as["internal-medicine"])
    if "medicine-psychiatry" in p.tracks:
        out += [s for s in book.letters_count_as["psychiatry"] if s not in out]
    return out


def ecfmg_needs(f: dict[str, Any]) -> list[str]:
    """What ECFMG certification still needs, in plain words."""
    out = []
    if not f["step1_passed"]:
        out.append("a Step 1 pass")
    if not f["step2_passed"]:
        out.append("a Step 2 CK pass")
    if f["oet"] != "pass":
        out.append("OET Medicine (350 or more in each of the four sub-tests in one sitting)")
    out.append("a verified medical diploma")
    return out


def signal_counts(book: Rulebook, p: Profile) -> list[dict[str, Any]]:
    """ERAS program signals per track for the Match year, or the latest known with a note."""
    out = []
    for track in p.tracks:
        rows = sorted(book.signals.get(track, []), key=lambda r: int(r["match_year"]))
        if not rows:
            continue
        exact = [r for r in rows if int(r["match_year"]) == p.match_year]
        row = exact[0] if exact else rows[-1]
        out.append({"track": track, "exact": bool(exact), **row})
    return out


def missing_letters(p: Profile, book: Rulebook) -> list[str]:
    """Plain-words list of the letters the rulebook expects and the profile lacks."""
    as_im = set(book.letters_count_as["internal-medicine"])
    as_psych = set(book.letters_count_as["psychiatry"])
    im_letters = [x for x in p.letters if x.specialty in as_im]
    out: list[str] = []
    if "internal-medicine" in p.tracks:
        need = book.thresholds["IM_LETTERS"]
        if len(im_letters) < need:
            short = need - len(im_letters)
            out.append(
                f"{short} more internal medicine letter{'' if short == 1 else 's'} "
                f"({len(im_letters)} of {need})"
            )
        if not any(x.us and x.academic for x in im_letters):
            out.append("an internal medicine letter from a US academic hospital")
    if "medicine-psychiatry" in p.tracks:
        if not any(x.us for x in im_letters):
            out.append("a US internal medicine letter")
        if not any(x.us and x.specialty in as_psych for x in p.letters):
            out.append("a US psychiatry letter")
    return out


def describe_context(facts: dict[str, Any], fired: list[str]) -> dict[str, str]:
    """Phrases that several reasons share (computed once the bands are known)."""
    band_words = []
    for rid in fired:
        if rid.startswith("BAND-"):
            words = (
                rid.removeprefix("BAND-")
                .replace("IM-", "internal medicine ")
                .replace("MP-", "internal medicine–psychiatry ")
            )
            band_words.append(words.lower().replace("-", " "))
    modest = []
    if facts["failures"]:
        modest.append(facts["failure_text"])
    modest += [
        f"band {w} (Step 2 CK {facts['step2_score']})"
        for w in band_words
        if w.split()[-1] in ("viable", "challenging", "borderline", "concerning")
    ]
    parallel = []
    if facts["parallel_low_score"]:
        parallel.append(f"Step 2 CK {facts['step2_score']} under {facts['PARALLEL_BELOW']}")
    if facts["failures"]:
        parallel.append(facts["failure_text"])
    if "SCN-STEP2-PENDING" in fired and "READY-YES" not in fired:
        parallel.append("Step 2 CK still ahead without a ready practice record")
    ready = [r for r in fired if r.startswith("READY-") and r not in ("READY-ON-TRACK", "READY-OFF-TRACK")]
    readiness = {
        "READY-DO-NOT-SIT": "newest practice scores {} under {}".format(
            facts["last2_text"], facts.get("READY_FLOOR")
        ),
        "READY-NOT-YET": f"newest practice scores {facts['last2_text']} under the threshold",
        "READY-INCONSISTENT": f"newest practice scores {facts['last2_text']} unstable",
    }
    return {
        "modest_text": "; ".join(modest) or "no modest band or failure",
        "parallel_text": "; ".join(parallel) or "no reason for parallel plans",
        "readiness_text": "; ".join(readiness[r] for r in ready if r in readiness) or "readiness unknown",
    }
