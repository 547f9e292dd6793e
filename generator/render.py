"""Render report pages, cohort summaries and the rule reference as Markdown.

Pure: a project's data and decisions in, ``{relative path: markdown}`` out. Every value a
template prints is escaped (see ``markdown.escape``) unless our own code marked it ``Markup``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from .calendar import applicant_calendar
from .catalog import place
from .charts import cohort_chart, report_charts
from .cohort import Summary, cohort_tables, program_fits
from .engine import Decision, Fired
from .markdown import escape, escape_lines
from .plan import build_plan
from .project import Project
from .tiers import kind_tiers

REPORT_PAGES = {
    "index.md": "overview.md.j2",
    "study-plan.md": "study-plan.md.j2",
    "narrative.md": "narrative.md.j2",
    "program-tiers.md": "program-tiers.md.j2",
}
CALENDAR = "calendar.ics"
TRACK_NAMES = {
    "internal-medicine": "internal medicine",
    "medicine-psychiatry": "medicine-psychiatry",
    "psychiatry": "psychiatry",
}


NAV = Markup(
    "[Overview](index.md) · [Study plan](study-plan.md) · "
    "[Narrative guidance](narrative.md) · [Program tiers](program-tiers.md)"
)


def top_actions(
    d: Decision,
    priority: list[str],
    n: int = 5,
    preparing_only: tuple[str, ...] = (),
    after_match: tuple[str, ...] = (),
) -> list[Fired]:
    """The ``n`` most important recommendations, in the order of ``priority`` (content/site.yml);
    once the applications are out, without the ``preparing_only`` ones; once the Match is over,
    only the ``after_match`` ones."""
    skip = set() if d.has("CYCLE-PREPARING") else set(preparing_only)
    if d.has("CYCLE-OVER") and after_match:
        priority = [r for r in priority if r in after_match]
    ranked = [d.get(r) for r in priority if d.has(r) and r not in skip]
    return [f for f in ranked if f is not None][:n]


def _finalize(value: Any) -> Any:
    return escape(value) if value is not None else ""


def make_env() -> Environment:
    env = Environment(
        loader=PackageLoader("generator", "templates"),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.filters["lines"] = escape_lines
    env.filters["track"] = lambda t: TRACK_NAMES.get(t, t)
    env.filters["human"] = human_date
    return env


def human_date(day: date) -> str:
    return f"{day.day} {day.strftime('%B %Y')}"


def count_days(day: date, as_of: date) -> str:
    days = (day - as_of).days
    if days == 0:
        return "today"
    if days > 0:
        return f"in {days} day{'' if days == 1 else 's'}" if days < 60 else f"in {round(days / 7)} weeks"
    days = -days
    return f"{days} day{'' if days == 1 else 's'} ago" if days < 60 else f"{round(days / 7)} weeks ago"


class Renderer:
    """Renders every page of a project; holds the template environment and link tables."""

    def __init__(self, project: Project):
        self.project = project
        self.env = make_env()
        self.anchors = project.anchors

    # -- links ------------------------------------------------------------------------------
    def guide_link(self, rule_id: str, prefix: str = "/guide/") -> Markup:
        anchor = rule_id.lower()
        page = self.anchors.get(anchor)
        if page is None:
            return Markup(f"`{rule_id}`")
        return Markup(f"[`{rule_id}`]({prefix}{page}#{anchor})")

    def advice(self, fired: Fired | None) -> Markup:
        """``**Title.** Advice`` followed by the citation, on one line."""
        if fired is None:
            return Markup("")
        return Markup(
            f"**{escape(fired.rule.title)}.** {escape(fired.advice)} <small>{self.cite(fired)}</small>"
        )

    def cite(self, fired: Fired | None) -> Markup:
        """``Rule READY-YES: <reason>`` with the rule linked to its guide section."""
        if fired is None:
            return Markup("")
        return Markup(f"{self.guide_link(fired.rule.id)}: {escape(fired.reason)}")

    # -- pages ------------------------------------------------------------------------------
    def program_tiers(self, d: Decision) -> dict[str, Any]:
        book = self.project.rulebook
        return {"kinds": kind_tiers(d, book), "catalog": place(d, self.project.programs, book)}

    def applicant_pages(self, d: Decision, tiers: dict[str, Any] | None = None) -> dict[str, str]:
        """The report's Markdown pages, plus its calendar file when there is one (``tiers`` from
        ``program_tiers``, when the caller has them already)."""
        ctx = self.context(d, tiers or self.program_tiers(d))
        pages = {name: self.env.get_template(tpl).render(**ctx) for name, tpl in REPORT_PAGES.items()}
        ics = applicant_calendar(d, ctx["plan"])
        if ics is not None:
            pages[CALENDAR] = ics
        return pages

    def context(self, d: Decision, tiers: Any = None) -> dict[str, Any]:
        f = d.facts
        plan = build_plan(d, self.project.plans)
        labels = {
            name: spec["label"] + (" (approximate)" if spec.get("approx") else "")
            for name, spec in self.project.rulebook.dates.items()
        }
        rows = [(day, labels[name]) for name, day in f["dates"].items()]
        if plan.exam_date:
            rows.append((plan.exam_date, f"{plan.exam} exam ({plan.exam_date_source} date)"))
        key_dates = [
            {"date": day, "label": label, "when": count_days(day, d.as_of), "past": day < d.as_of}
            for day, label in sorted(rows)
        ]
        return {
            "d": d,
            "p": d.profile,
            "f": f,
            "as_of": d.as_of,
            "plan": plan,
            "charts": report_charts(d, plan, self.project.rulebook),
            "actions": top_actions(
                d,
                self.project.site_settings["action_priority"],
                preparing_only=tuple(self.project.site_settings.get("preparing_only_actions") or ()),
                after_match=tuple(self.project.site_settings.get("after_match_actions") or ()),
            ),
            "key_dates": key_dates,
            "cite": self.cite,
            "advice": self.advice,
            "tracks": Markup(" and ".join(TRACK_NAMES[t] for t in d.profile.tracks)),
            "nav": NAV,
            "t": self.project.rulebook.thresholds,
            "link": self.guide_link,
            "has": d.has,
            "get": d.get,
            "tiers": tiers,
            "count_days": lambda day: count_days(day, d.as_of),
        }

    def cohort_page(
        self, name: str, summaries: list[Summary], as_of: date, reports: bool, members: list[str]
    ) -> str:
        """The cohort summary: aggregates only (member ids only when reports are published)."""
        minimum = int(self.project.site_settings.get("min_group_size", 3))
        small = len(summaries) < minimum  # too few to summarise without pointing at someone
        return self.env.get_template("cohort.md.j2").render(
            name=name,
            as_of=as_of,
            size=len(summaries),
            small=small,
            tables={} if small else cohort_tables(summaries, minimum),
            chart="" if small else cohort_chart(summaries, minimum, self.project.rulebook),
            fits=[] if small else program_fits(summaries, self.project.programs, minimum),
            minimum=minimum,
            reports=reports,
            members=sorted(members) if reports else [],
            link=self.guide_link,
        )

    def rules_page(self) -> str:
        """The rule reference, a page of the guide (so its links are relative to the guide)."""
        book = self.project.rulebook
        return self.env.get_template("rules.md.j2").render(
            rules=book.rules, link=lambda rid: self.guide_link(rid, "")
        )
