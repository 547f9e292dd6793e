"""The dated study plan of one applicant, from a decision and ``content/plans.yml``.

Pure: dates are counted from the decision's ``as_of``; nothing reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from .engine import Decision
from .rulebook import human_day


@dataclass(frozen=True)
class Phase:
    name: str
    start: date
    end: date
    questions_per_day: str
    focus: tuple[str, ...]

    @property
    def weeks(self) -> int:
        return max(1, round((self.end - self.start).days / 7))


@dataclass(frozen=True)
class Checkpoint:
    date: date
    exam: str
    goal: int | None
    note: str


@dataclass(frozen=True)
class Task:
    title: str
    due: date | None
    text: str
    rule: str


@dataclass(frozen=True)
class StudyPlan:
    kind: str  # "step1" | "step2" | "profile"
    exam: str | None
    exam_date: date | None
    exam_date_source: str  # "planned" | "recommended" | ""
    start: date
    phases: tuple[Phase, ...] = ()
    checkpoints: tuple[Checkpoint, ...] = ()
    systems: tuple[str, ...] = ()
    weak_areas: tuple[str, ...] = ()
    questions_per_day: str = ""
    months: str = ""
    late: bool = False
    notes: tuple[str, ...] = ()
    tasks: tuple[Task, ...] = field(default=())

    @property
    def weeks(self) -> int:
        return round((self.exam_date - self.start).days / 7) if self.exam_date else 0

    @property
    def length_label(self) -> str:
        """The plan's length as its dates give it: ``10-week`` or ``5-month``."""
        weeks = self.weeks
        return f"{weeks}-week" if weeks < 9 else f"{round(weeks * 7 / 30.44)}-month"


def add_months(day: date, months: float) -> date:
    return day + timedelta(days=round(months * 30.44))


def _phases(
    spec: list[dict[str, Any]], start: date, end: date, weak: tuple[str, ...], baseline: bool = True
) -> tuple[Phase, ...]:
    total = (end - start).days
    out, cursor, acc = [], start, 0.0
    for i, p in enumerate(spec):
        acc += float(p["share"])
        stop = end if i == len(spec) - 1 else start + timedelta(days=round(total * acc))
        items = [x for x in p["focus"] if baseline or not str(x).startswith("Baseline")]
        focus = tuple(f"Weak area first: {w}" for w in weak) + tuple(items)
        out.append(Phase(p["name"], cursor, stop, str(p.get("questions_per_day", "")), focus))
        cursor = stop
    return tuple(out)


def _checkpoints(
    start: date,
    exam: date,
    every_weeks: int,
    last_before_weeks: int,
    first: int | None,
    goal: int,
    baseline: bool,
    names: tuple[str, str, str] = ("Baseline NBME", "NBME", "UWSA (final check)"),
) -> tuple[Checkpoint, ...]:
    """Dated self-assessments; score goals step up from ``first`` (the latest counted practice
    score) toward ``goal``, never under a score already reached."""
    days: list[date] = []
    final = exam - timedelta(weeks=last_before_weeks)
    day = start + timedelta(weeks=every_weeks)
    while day < final - timedelta(weeks=2):
        days.append(day)
        day += timedelta(weeks=every_weeks)
    if final > start:
        days.append(final)
    out: list[Checkpoint] = []
    if baseline:
        out.append(Checkpoint(start, names[0], None, "No score needed: it measures the starting point"))
    n = len(days)
    for i, d in enumerate(days, 1):
        exam_name = names[2] if i == n else names[1]
        if first is None:
            target = None
            note = f"Aim for baseline + {min(5 * i, 15)} points" if i < n else f"Aim for {goal} or more"
        else:
            target = first if first >= goal else round(first + (goal - first) * i / n)
            note = f"Aim for {target} or more"
        out.append(Checkpoint(d, exam_name, target, note))
    return tuple(out)


def build_plan(d: Decision, plans: dict[str, Any]) -> StudyPlan:
    """The plan the fired rules call for: a Step 1 plan, a Step 2 CK plan, profile-building
    tasks, or none at all (no attempts left, or this Match over with no exam plan)."""
    if d.has("PLAN-STEP1"):
        return _step1_plan(d, plans)
    if d.has("PLAN-STEP2-IM") or d.has("PLAN-STEP2-MP"):
        return _step2_plan(d, plans)
    if d.has("EXAM-NO-ATTEMPTS"):
        return StudyPlan(kind="none", exam=None, exam_date=None, exam_date_source="", start=d.as_of)
    return _profile_plan(d, plans)


def _exam_date(planned: date | None, as_of: date, min_days: int) -> tuple[date | None, list[str]]:
    notes: list[str] = []
    if planned and planned >= as_of + timedelta(days=min_days):
        return planned, notes
    if planned:
        notes.append(
            f"The planned date in the profile ({human_day(planned)}) has passed or is too close; "
            "the plan below uses a recommended date instead. Update the profile when the date is booked."
        )
    return None, notes


def _step1_plan(d: Decision, plans: dict[str, Any]) -> StudyPlan:
    f, spec = d.facts, plans["step1"]
    months = spec["months_far"] if f["years_since_graduation"] >= 3 else spec["months_near"]
    planned, notes = _exam_date(d.profile.step1.date, d.as_of, plans["min_days_until_exam"])
    exam = planned or add_months(d.as_of, months)
    weak = tuple(d.profile.weak_areas)
    step1 = f["step1_practice"]
    checkpoints = _checkpoints(
        d.as_of,
        exam,
        plans["checkpoint_every_weeks"],
        plans["last_checkpoint_weeks_before"],
        step1[-1].score if step1 else None,
        f["step1_ready_score"],
        baseline=len(step1) < 2,
        names=(
            "Baseline Step 1 self-assessment",
            "Step 1 self-assessment",
            "Step 1 self-assessment (final check)",
        ),
    )
    notes.append(
        f"The Step 1 pass mark is {f['step1_passing']}; aim for {f['step1_ready_score']} or more on two "
        "self-assessments in a row before you sit."
    )
    if planned and d.has("READY-STEP1-NOT-YET"):
        notes.append(
            f"The newest Step 1 self-assessments are not yet at {f['step1_ready_score']}: keep the date "
            "only if the next one reaches it, and move it otherwise."
        )
    notes.append("Once Step 1 is passed, the Step 2 CK plan takes over; Step 1 is its groundwork.")
    return StudyPlan(
        kind="step1",
        exam="Step 1",
        exam_date=exam,
        exam_date_source="planned" if planned else "recommended",
        start=d.as_of,
        phases=_phases(spec["phases"], d.as_of, exam, weak),
        checkpoints=checkpoints,
        weak_areas=weak,
        questions_per_day=spec["questions_per_day"],
        months=f["step1_months"],
        notes=tuple(notes),
    )


def _step2_plan(d: Decision, plans: dict[str, Any]) -> StudyPlan:
    f = d.facts
    tracks = d.profile.tracks
    main = "medicine-psychiatry" if "medicine-psychiatry" in tracks else "internal-medicine"
    spec = plans["step2"][main]
    lo, hi = (max(plans["step2"][t]["months"][i] for t in tracks) for i in (0, 1))
    booked = f["step2_date"] if f["step2_score"] is None else None  # with a score, the date is the past exam
    planned, notes = _exam_date(booked, d.as_of, plans["min_days_until_exam"])
    if planned and d.has("TIME-MOVE-EARLIER"):
        notes.append(
            f"The booked date ({human_day(planned)}) is after {human_day(f['exam_by'])}, and there is time "
            "to move it: this plan works to the recommended date instead. Move the booking, and re-check "
            "readiness in the spring."
        )
        planned = None
    exam_by = f["dates"]["exam_by"]
    soonest = d.as_of + timedelta(days=plans["min_days_until_exam"])
    if planned:
        exam = planned
    elif d.has("TIME-PASS-BY-RANK") and f["sit_by_rank"] >= soonest:
        exam = f["sit_by_rank"]  # interview season: the latest date that keeps this Match open
    else:
        exam = add_months(d.as_of, hi)
        if exam > exam_by:
            exam = max(exam_by, add_months(d.as_of, lo))
    systems: list[str] = []
    for t in tracks:
        systems += [s for s in plans["step2"][t]["systems"] if s not in systems]
    weak = tuple(d.profile.weak_areas)
    if d.has("READY-DO-NOT-SIT"):
        notes.append(
            "The newest practice scores say do not sit yet: move the exam date rather than take a low score."
        )
    if f["step2_failed_latest"]:
        notes.append(
            "This is a retake: keep the same structure, rebuild from the weakest systems of the failed "
            "attempt, and judge readiness only from practice tests taken after it."
        )
    if d.has("TIME-PASS-BY-RANK") and exam > f["sit_by_rank"]:
        notes.append(
            f"To stay in this Match the exam must be taken by {human_day(f['sit_by_rank'])} (results take "
            f"three to four weeks before the rank list deadline of {human_day(f['rank_deadline'])})."
        )
    latest = f["practice_latest"]
    baseline = f["practice_count"] < 2
    return StudyPlan(
        kind="step2",
        exam="Step 2 CK",
        exam_date=exam,
        exam_date_source="planned" if planned else "recommended",
        start=d.as_of,
        phases=_phases(spec["phases"], d.as_of, exam, weak, baseline),
        checkpoints=_checkpoints(
            d.as_of,
            exam,
            plans["checkpoint_every_weeks"],
            plans["last_checkpoint_weeks_before"],
            latest,
            max(f["target"], f["ready_threshold"]),
            baseline=baseline,
        ),
        systems=tuple(systems),
        weak_areas=weak,
        questions_per_day=spec["questions_per_day"],
        months=f"{lo}–{hi}",
        late=exam > exam_by and d.has("CYCLE-PREPARING"),
        notes=tuple(notes),
    )


def _profile_plan(d: Decision, plans: dict[str, Any]) -> StudyPlan:
    """Profile-building tasks still ahead; a task exists only when its rule fired and its due
    date (if any) has not passed."""
    f = d.facts
    dates = f["dates"]
    eras = dates["eras_submit"] if dates["eras_submit"] > d.as_of else None
    review = dates["program_review"] if dates["program_review"] > d.as_of else None
    preparing = d.has("CYCLE-PREPARING")
    tasks: list[Task] = []
    if d.has("USCE-GAP"):
        tasks.append(
            Task(
                "Hands-on US clinical experience",
                eras,
                "Arrange hands-on inpatient electives or sub-internships in the track's specialties "
                f"({f['hands_on_track_months']:g} of {f['HANDS_ON_MONTHS']} months so far).",
                "USCE-GAP",
            )
        )
    if d.has("LOR-GAP"):
        tasks.append(
            Task("Missing letters", review, "Ask for: " + "; ".join(f["missing_letters"]) + ".", "LOR-GAP")
        )
    step3_due = dates["rank_list_deadline"] if dates["rank_list_deadline"] > d.as_of else None
    if (d.has("STEP3-CONSIDER") or d.has("VISA-H1B-STEP3")) and step3_due:
        rule = "VISA-H1B-STEP3" if d.has("VISA-H1B-STEP3") else "STEP3-CONSIDER"
        tasks.append(
            Task(
                "Step 3",
                step3_due,
                "Prepare for and pass Step 3 before ranking; a strong pass reassures programs.",
                rule,
            )
        )
    if preparing:
        research_rule = "RES-INTEGRATED" if d.has("RES-INTEGRATED") else "PLAN-PROFILE-BUILDING"
        tasks.append(
            Task(
                "Research or quality improvement",
                review,
                "A small, finishable project (case report, QI audit, poster) in the track's field.",
                research_rule,
            )
        )
        tasks.append(
            Task(
                "Application",
                eras,
                "Personal statement, experiences and program list ready for the ERAS submission.",
                "SIGNAL-PLAN" if d.has("SIGNAL-PLAN") else "PLAN-PROFILE-BUILDING",
            )
        )
    if d.has("MATCH-SOAP-PLAN"):
        tasks.append(
            Task(
                "SOAP documents",
                next((day for day in (f["rank_deadline"], f["soap_monday"]) if day > d.as_of), None),
                "A SOAP personal statement, letters ready to assign and a short list of realistic programs.",
                "MATCH-SOAP-PLAN",
            )
        )
    return StudyPlan(
        kind="profile", exam=None, exam_date=None, exam_date_source="", start=d.as_of, tasks=tuple(tasks)
    )
