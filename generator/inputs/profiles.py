"""The applicant profile: typed model, loading and validation.

``load_profiles`` reads every file it is given, collects every problem in every file, and
either returns valid profiles or raises one InputError that lists them all.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError, display_path
from .validation import validate
from .yamlio import Document, load_yaml, printable, yaml_files

SCHEMA = "profile.schema.json"
ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TRACKS = ("internal-medicine", "medicine-psychiatry")


@dataclass(frozen=True)
class Exam:
    result: str  # pass | fail | pending
    attempts: int
    date: date | None = None
    score: int | None = None


@dataclass(frozen=True)
class Step2:
    score: int | None
    attempts: int
    date: date | None
    target: int | None


@dataclass(frozen=True)
class Practice:
    exam: str
    score: int
    date: date
    step: str = "step2ck"  # step1 | step2ck (default: step1 while Step 1 is not passed)


@dataclass(frozen=True)
class Experience:
    specialty: str
    kind: str
    months: float
    setting: str | None


@dataclass(frozen=True)
class Letter:
    specialty: str
    us: bool
    academic: bool


@dataclass(frozen=True)
class Research:
    kind: str
    topic: str
    area: str


@dataclass(frozen=True)
class Profile:
    id: str
    name: str
    cohort: str | None
    tracks: tuple[str, ...]
    match_year: int
    graduation_status: str
    graduation_year: int
    step1: Exam
    step2ck: Step2
    practice: tuple[Practice, ...]
    step3: Exam | None
    ecfmg_certified: bool
    visa: str
    can_delay: bool
    usce: tuple[Experience, ...]
    letters: tuple[Letter, ...]
    research: tuple[Research, ...]
    weak_areas: tuple[str, ...]
    regions: tuple[str, ...]
    link_version: int
    notes: str  # the advisor's own: never in a report page, PDF, zip or published file
    oet: str = "none"  # pass | pending | none
    source: str = field(default="", compare=False)
    notes_for_applicant: str = ""  # what the report shows under "Advisor's notes"


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _consistency(doc: Document, stem: str) -> list[Problem]:
    """What the schema cannot express: a valid id, attempts that fit results, possible dates."""
    d: dict[str, Any] = doc.data
    problems: list[Problem] = []
    if "id" not in d and not ID_RE.match(stem):
        problems.append(
            doc.problem(
                ("id",),
                f"the file name '{printable(stem)}' is not a valid id; rename the file or add "
                "an 'id:' field (lowercase letters, digits and hyphens)",
            )
        )
    step1 = d["step1"]
    s1_result = step1["result"]
    s1_attempts = step1.get("attempts", 0 if s1_result == "pending" else 1)
    if s1_result in ("pass", "fail") and s1_attempts < 1:
        problems.append(
            doc.problem(("step1", "attempts"), f"must be at least 1 when the result is {s1_result}")
        )
    s2 = d.get("step2ck") or {}
    s2_score = s2.get("score")
    s2_attempts = s2.get("attempts", 1 if s2_score is not None else 0)
    if s2_score is not None and s2_attempts < 1:
        problems.append(doc.problem(("step2ck", "attempts"), "must be at least 1 when a score is given"))
    grad = d["graduation"]
    step3 = d.get("step3")
    if step3 and grad["status"] == "final-year" and step3["result"] in ("pass", "fail"):
        problems.append(
            doc.problem(
                ("step3", "result"),
                "a final-year student cannot have taken Step 3 (it needs the medical degree)",
            )
        )
    if grad["status"] == "graduated" and grad["year"] > d["match_year"]:
        problems.append(
            doc.problem(
                ("graduation", "year"), f"graduated in {grad['year']}, after the match year {d['match_year']}"
            )
        )
    return problems


def _build(doc: Document, stem: str) -> tuple[Profile | None, list[Problem]]:
    """Turn schema-valid data into a Profile, checking what the schema cannot express."""
    problems = _consistency(doc, stem)
    if problems:
        return None, problems
    d: dict[str, Any] = doc.data
    pid = d.get("id", stem)
    step1, grad, step3 = d["step1"], d["graduation"], d.get("step3")
    s1_result = step1["result"]
    s1_attempts = step1.get("attempts", 0 if s1_result == "pending" else 1)
    s2 = d.get("step2ck") or {}
    s2_score = s2.get("score")
    s2_attempts = s2.get("attempts", 1 if s2_score is not None else 0)
    default_step = "step2ck" if s1_result == "pass" else "step1"
    practice = sorted(
        (
            Practice(p["exam"], p["score"], date.fromisoformat(p["date"]), p.get("step", default_step))
            for p in d.get("practice", [])
        ),
        key=lambda p: (p.date, p.exam, p.score),
    )
    profile = Profile(
        id=pid,
        name=d["name"],
        cohort=d.get("cohort"),
        tracks=tuple(t for t in TRACKS if t in d["tracks"]),
        match_year=d["match_year"],
        graduation_status=grad["status"],
        graduation_year=grad["year"],
        step1=Exam(s1_result, s1_attempts, _date(step1.get("date"))),
        step2ck=Step2(s2_score, s2_attempts, _date(s2.get("date")), s2.get("target")),
        practice=tuple(practice),
        step3=(Exam(step3["result"], 1, _date(step3.get("date")), step3.get("score")) if step3 else None),
        ecfmg_certified=d.get("ecfmg_certified", False),
        visa=d.get("visa", "none"),
        can_delay=d.get("can_delay", False),
        usce=tuple(
            Experience(u["specialty"], u["kind"], u["months"], u.get("setting")) for u in d.get("usce", [])
        ),
        letters=tuple(
            Letter(x["specialty"], x.get("us", False), x.get("academic", False)) for x in d.get("letters", [])
        ),
        research=tuple(
            Research(r["kind"], r.get("topic", ""), r.get("area", "")) for r in d.get("research", [])
        ),
        weak_areas=tuple(d.get("weak_areas", [])),
        regions=tuple((d.get("preferences") or {}).get("regions", [])),
        link_version=d.get("link_version", 1),
        notes=d.get("notes", ""),
        oet=d.get("oet", "none"),
        notes_for_applicant=d.get("notes_for_applicant", ""),
        source=doc.file,
    )
    return profile, []


def check_profile(doc: Document, stem: str) -> tuple[Profile | None, list[Problem]]:
    if not isinstance(doc.data, dict):
        from .validation import describe

        return None, [doc.problem((), f"a profile must be a mapping of fields, not {describe(doc.data)}")]
    problems = validate(doc, SCHEMA)
    if problems:
        return None, problems
    return _build(doc, stem)


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Profile files named by ``paths``: files as given, folders for their *.yml/*.yaml files."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(yaml_files(p))
        elif p.exists():
            out.append(p)
        else:
            raise UsageError(f"{display_path(p)}: no such file or folder")
    return out


def load_profiles(paths: Iterable[Path]) -> list[Profile]:
    """Load and validate every profile; raise one InputError listing every problem."""
    problems: list[Problem] = []
    profiles: list[Profile] = []
    seen: dict[str, str] = {}
    for path in expand_paths(paths):
        try:
            doc = load_yaml(path, "profile")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        profile, found = check_profile(doc, path.stem)
        problems.extend(found)
        if profile is None:
            continue
        if profile.id in seen:
            problems.append(
                doc.problem(("id",), f"the id '{profile.id}' is already used by {seen[profile.id]}")
            )
            continue
        seen[profile.id] = doc.file
        profiles.append(profile)
    if problems:
        raise InputError(problems)
    return sorted(profiles, key=lambda p: p.id)
