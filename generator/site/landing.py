"""The landing pages of a build: the advisor's dashboard (local) and the public index."""

from __future__ import annotations

import html
from datetime import date
from functools import cache
from pathlib import Path

from jinja2 import Environment, PackageLoader

from .dashboard import Row
from .mkbuild import SiteSpec
from .paths import OFFLINE_GUIDE, PUBLIC

ABOUT = {
    "guide": "The IMG residency guide: scores, readiness, letters, interviews, program selection.",
    "cohort": "A cohort's anonymous summary (aggregates only), with the guide.",
    "applicant": "One applicant's private report: overview, study plan, narrative, program tiers.",
    "bundle": "The guide as a zip: unzip it and open index.html to read and search without a connection.",
}


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"), keep_trailing_newline=True, autoescape=False
    )
    env.filters["h"] = html.escape  # every value is escaped by hand; the note is trusted markup
    return env


def _sites(specs: list[SiteSpec], relative_to: Path | None) -> list[tuple[str, str, str, str]]:
    out = []
    for s in specs:
        if s.kind not in ("guide", "cohort"):
            continue
        out_path = s.out.relative_to(relative_to) if relative_to else s.out
        out.append((s.kind, f"{out_path.as_posix()}/index.html", s.title, ABOUT[s.kind]))
    return out


def landing_page(specs: list[SiteSpec], as_of: date, rows: list[Row], css: list[str]) -> str:
    """The advisor's dashboard: every applicant, and every site of the build. Never publish it."""
    sites = _sites(specs, None)
    sites.append(
        ("bundle", f"bundles/{OFFLINE_GUIDE}", "The guide for offline reading (zip)", ABOUT["bundle"])
    )
    note = (
        f"Every applicant's report as of {as_of}, for the advisor's own machine: this page names "
        "applicants and shows the advisor's notes, so it is never published (publish only the "
        "<code>public/</code> folder). Click a column to sort; choose a cohort or a need to filter. "
        "A PDF is linked once <code>img-guide pdf</code> has written it into <code>pdf/</code> "
        "beside this page, from the next build on."
    )
    cohorts = sorted({r.cohort for r in rows if r.cohort})
    needs = sorted({n for r in rows for n in r.needs})
    row_html = [_row_html(r) for r in rows]
    return (
        _environment()
        .get_template("dashboard.html.j2")
        .render(
            title="Applicants",
            site="img-guide · advisor's dashboard",
            note=note,
            rows=rows,
            row_html=row_html,
            sites=sites,
            cohorts=cohorts,
            needs=needs,
            css=css,
            home="index.html",
            private=True,
        )
    )


_ROWS: dict[str, str] = {}  # a row's fields -> its table row (a watching process redraws only what moved)


def _row_html(row: Row) -> str:
    key = repr(row)
    html_row = _ROWS.get(key)
    if html_row is None:
        if len(_ROWS) > 100_000:
            _ROWS.clear()
        html_row = _ROWS[key] = _environment().get_template("dashboard-row.html.j2").render(r=row)
    return html_row


def public_page(specs: list[SiteSpec], as_of: date, css: list[str] | None = None) -> str:
    """The public landing page: the guide and the cohort sites, never an applicant."""
    note = (
        "A guide for international medical graduates applying to US internal medicine and "
        "internal medicine–psychiatry residencies, and anonymous cohort summaries "
        f"(built {as_of})."
    )
    return (
        _environment()
        .get_template("landing.html.j2")
        .render(
            title="IMG residency guide",
            site="IMG residency guide",
            note=note,
            rows=_sites(specs, PUBLIC),
            css=css or [],
            home="index.html",
            private=False,
        )
    )
