"""Render report pages, cohort summaries and the rule reference as Markdown.

Reports (``model.Report``) and cohort summaries in, ``{relative path: markdown}`` out; the
renderer formats, it does not decide. Every value a
template prints is escaped (see ``markdown.escape``) unless our own code marked it ``Markup``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..charts import cohort_chart, report_charts
from ..engine.engine import Fired
from ..engine.rulebook import human_day
from ..project import Project
from .calendar import applicant_calendar
from .codecache import TEMPLATE_CODE
from .cohort import Summary, cohort_tables, program_fits
from .markdown import escape, escape_lines
from .model import Report, count_days

REPORT_PAGES = {
    "index.md": "overview.md.j2",
    "study-plan.md": "study-plan.md.j2",
    "narrative.md": "narrative.md.j2",
    "program-tiers.md": "program-tiers.md.j2",
}
CALENDAR = "calendar.ics"
TRACK_NAMES = {
    "internal-medicine": "internal medicine",
    "medicine-psychiatry": "internal medicine–psychiatry",
    "psychiatry": "psychiatry",
}
# A name shown in page titles and headings only when it reads as a plain name; anything else
# (markup, braces, links) stays in the page body, escaped, and out of titles and search titles.
_PLAIN_NAME = re.compile(r"[^\W\d_][\w .'’-]{0,79}")


NAV = Markup(
    "[Overview](index.md) · [Study plan](study-plan.md) · "
    "[Narrative guidance](narrative.md) · [Program tiers](program-tiers.md)\n{: .img-report-links }"
)


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
        bytecode_cache=TEMPLATE_CODE,  # compiled once per process, and kept across runs
    )
    env.filters["lines"] = escape_lines
    env.filters["track"] = lambda t: TRACK_NAMES.get(t, t)
    env.filters["words"] = words
    env.filters["human"] = human_day
    return env


def words(value: str) -> str:
    """A value spelled for reading: ``internal-medicine`` is "internal medicine", and
    ``medicine-psychiatry: no score`` is "internal medicine–psychiatry: no score"."""
    text = str(value)
    if text in TRACK_NAMES:
        return TRACK_NAMES[text]
    for slug, name in TRACK_NAMES.items():
        text = text.replace(f"{slug}:", f"{name}:")
    return text if ":" in text else text.replace("-", " ")


def plain_name(name: str) -> str:
    """The applicant's name for titles, or "" when it is not a plain name."""
    return name if _PLAIN_NAME.fullmatch(name) else ""


class Renderer:
    """Renders every page of a project; holds the template environment and link tables."""

    def __init__(self, project: Project, salt: bytes = b""):
        self.project = project
        self.salt = salt  # the calendar UIDs' salt (report.pages.calendar_salt)
        self.env = make_env()
        self.anchors = project.anchors

    # -- links ------------------------------------------------------------------------------
    def guide_link(self, rule_id: str, prefix: str = "/guide/") -> Markup:
        anchor = rule_id.lower()
        page = self.anchors.get(anchor)
        if page is None:
            return Markup(f'<span class="img-cite">{rule_id}</span>')
        return Markup(f"[{rule_id}]({prefix}{page}#{anchor}){{: .img-cite }}")

    def advice(self, fired: Fired | None) -> Markup:
        """``**Title.** Advice`` followed by a small citation link to the guide, on one line (the
        reason each rule applies is listed once, on the overview)."""
        if fired is None:
            return Markup("")
        return Markup(
            f"**{escape(fired.rule.title)}.** {escape(fired.advice)} <small>{self.guide_link(fired.rule.id)}</small>"
        )

    def cite(self, fired: Fired | None) -> Markup:
        """A small citation link to the rule's guide section (the reason is on the overview)."""
        if fired is None:
            return Markup("")
        return Markup(f"{self.guide_link(fired.rule.id)}")

    def why(self, fired: Fired | None) -> Markup:
        """The reason a rule applies, in words, with its citation: for the overview's one list."""
        if fired is None:
            return Markup("")
        return Markup(f"{escape(fired.reason)} <small>{self.guide_link(fired.rule.id)}</small>")

    # -- pages ------------------------------------------------------------------------------
    def applicant_pages(self, report: Report, changed: list[str] | tuple[str, ...] = ()) -> dict[str, str]:
        """The report's Markdown pages, plus its calendar file when there is one; ``changed``:
        what moved since the last build, in sentences (see ``digest.changes``)."""
        ctx = self.context(report)
        ctx["changes"] = list(changed)
        pages = {name: self.env.get_template(tpl).render(**ctx) for name, tpl in REPORT_PAGES.items()}
        ics = applicant_calendar(report.decision, report.plan, self.salt)
        if ics is not None:
            pages[CALENDAR] = ics
        return pages

    def context(self, report: Report) -> dict[str, Any]:
        """What the report templates see: the report's parts, and the helpers that format them."""
        d = report.decision
        return {
            "d": d,
            "p": d.profile,
            "f": d.facts,
            "as_of": d.as_of,
            "plan": report.plan,
            "charts": report_charts(d, report.plan, self.project.rulebook),
            "actions": report.actions,
            "key_dates": report.key_dates,
            "cite": self.cite,
            "why": self.why,
            "title_name": plain_name(d.profile.name),
            "upcoming": [k for k in report.key_dates if not k.past],
            "advice": self.advice,
            "tracks": Markup(" and ".join(TRACK_NAMES[t] for t in d.profile.tracks)),
            "nav": NAV,
            "t": self.project.rulebook.thresholds,
            "link": self.guide_link,
            "has": d.has,
            "get": d.get,
            "tiers": report.tiers,
            "count_days": lambda day: count_days(day, d.as_of),
        }

    def cohort_page(
        self, name: str, summaries: list[Summary], as_of: date, reports: bool, members: list[str]
    ) -> str:
        """The cohort summary: aggregates only (member ids only when reports are published)."""
        minimum = int(self.project.site_settings.get("min_group_size", 3))
        summary = self.project.site_settings.get("cohort_summary", True) is not False  # the advisor's switch
        small = len(summaries) < minimum  # too few to summarise without pointing at someone
        tables = cohort_tables(summaries, minimum) if summary and not small else {}
        fits = program_fits(summaries, self.project.programs, minimum) if tables else []
        counted = {title: rows for title, rows in tables.items() if rows}
        return self.env.get_template("cohort.md.j2").render(
            name=name,
            as_of=as_of,
            size=len(summaries),
            summary=summary,
            small=small,
            little=bool(tables) and not counted and not fits,  # every group too small to count
            tables=tables,
            chart=cohort_chart(counted, len(summaries), minimum, self.project.rulebook) if counted else "",
            fits=fits,
            minimum=minimum,
            reports=reports,
            members=sorted(members) if reports else [],
            link=self.guide_link,
            rule_title=self.rule_title,
        )

    def rule_title(self, rule_id: str) -> str:
        try:
            return self.project.rulebook.rule(rule_id).title
        except (KeyError, ValueError, LookupError):
            return words(rule_id.lower())

    def rules_page(self) -> str:
        """The rule reference, a page of the guide (so its links are relative to the guide)."""
        book = self.project.rulebook
        return self.env.get_template("rules.md.j2").render(
            rules=book.rules, link=lambda rid: self.guide_link(rid, "")
        )
