"""The report model: everything one applicant's report shows, assembled once.

``assemble`` is the one place that turns a decision into a report: the study plan, the tiers by
kind of program, the catalog placement, the most important actions and the key dates. The
templates, the cohort summary, the calendar and the charts only read a ``Report``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..catalog import place
from ..catalog.placement import ProgramPlan
from ..engine.engine import Decision, Fired
from ..engine.facts import cycle_dates
from ..engine.plan import StudyPlan, build_plan
from ..engine.tiers import KindTiers, kind_tiers
from ..inputs.profiles import Profile
from ..project import Project


@dataclass(frozen=True)
class KeyDate:
    date: date
    label: str
    when: str  # "in 3 weeks", "today", "5 days ago"
    past: bool


@dataclass(frozen=True)
class ProgramTiers:
    kinds: KindTiers  # tiers by kind of program, from the rulebook
    catalog: ProgramPlan  # the catalog's programs placed in tiers


@dataclass(frozen=True)
class Report:
    decision: Decision
    plan: StudyPlan
    tiers: ProgramTiers
    actions: list[Fired]  # the most important recommendations, in priority order
    key_dates: list[KeyDate]

    @property
    def profile(self) -> Profile:
        return self.decision.profile

    @property
    def as_of(self) -> date:
        return self.decision.as_of


def assemble(d: Decision, project: Project) -> Report:
    """The report of one decision (reads the project's rules, plans, catalog and settings)."""
    book = project.rulebook
    plan = build_plan(d, project.plans)
    tiers = ProgramTiers(kind_tiers(d, book), place(d, project.programs, book))
    actions = top_actions(d, project.site_settings)
    return Report(d, plan, tiers, actions, key_dates(d, plan, book.dates))


def top_actions(d: Decision, settings: dict[str, Any], n: int = 5) -> list[Fired]:
    """The ``n`` most important recommendations, in the order of ``action_priority``
    (content/site.yml); once the applications are out, without the ``preparing_only_actions``;
    once the Match is over, only the ``after_match_actions``."""
    priority = list(settings["action_priority"])
    skip = set() if d.has("CYCLE-PREPARING") else set(settings.get("preparing_only_actions") or ())
    after_match = settings.get("after_match_actions") or ()
    if d.has("CYCLE-OVER") and after_match:
        priority = [r for r in priority if r in after_match]
    ranked = [d.get(r) for r in priority if d.has(r) and r not in skip]
    return [f for f in ranked if f is not None][:n]


def key_dates(d: Decision, plan: StudyPlan, dates: dict[str, Any]) -> list[KeyDate]:
    """The cycle's dates (``dates`` from the rulebook) and the exam, in order, each with how far off."""
    labels = {
        name: spec["label"] + (" (approximate)" if spec.get("approx") else "") for name, spec in dates.items()
    }
    rows = [(day, labels[name]) for name, day in cycle_dates(d.facts).items()]
    if plan.exam_date:
        rows.append((plan.exam_date, f"{plan.exam} exam ({plan.exam_date_source} date)"))
    return [KeyDate(day, label, count_days(day, d.as_of), day < d.as_of) for day, label in sorted(rows)]


def count_days(day: date, as_of: date) -> str:
    days = (day - as_of).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'' if days == 1 else 's'}" if days < 60 else f"in {round(days / 7)} weeks"
    days = -days
    return f"{days} day{'' if days == 1 else 's'} ago" if days < 60 else f"{round(days / 7)} weeks ago"
