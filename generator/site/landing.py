"""The landing pages of a build: a local index for the advisor and the public index."""

from __future__ import annotations

import html
from datetime import date
from functools import cache

from jinja2 import Environment, PackageLoader

from .mkbuild import SiteSpec
from .paths import OFFLINE_GUIDE, PUBLIC


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generator.site", "templates"), keep_trailing_newline=True, autoescape=False
    )
    env.filters["h"] = html.escape  # every value is escaped by hand; the note is trusted markup
    return env


def landing_page(specs: list[SiteSpec], as_of: date) -> str:
    """A plain local index of every built site, for the advisor (it lists private reports by id)."""
    rows = []
    for spec in specs:
        label = spec.title if spec.kind != "applicant" else f"report of {spec.subject}"
        rows.append((spec.kind, f"{spec.out.as_posix()}/index.html", label))
    rows.append(("bundle", f"bundles/{OFFLINE_GUIDE}", "The guide for offline reading (zip)"))
    note = (
        "This index is for the advisor's own machine: it lists private reports. Publish only the "
        "<code>public/</code> folder."
    )
    return _html_page(f"img-guide sites (as of {as_of})", note, rows)


def public_page(specs: list[SiteSpec], as_of: date) -> str:
    """The public landing page: the guide and the cohort sites, never an applicant."""
    rows = [
        (s.kind, f"{s.out.relative_to(PUBLIC).as_posix()}/index.html", s.title)
        for s in specs
        if s.kind in ("guide", "cohort")
    ]
    return _html_page("IMG residency guide", f"Built {as_of}.", rows)


def _html_page(title: str, note: str, rows: list[tuple[str, str, str]]) -> str:
    template = _environment().get_template("landing.html.j2")
    return template.render(title=title, note=note, rows=rows)
