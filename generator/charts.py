"""Charts as inline SVG (no JavaScript): they work offline, in print and in the zip bundles."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def report_charts(d: Any, plan: Any, book: Any) -> dict[str, Markup]:
    """Charts of one report, by name; the templates place them."""
    return {}


def cohort_chart(decisions: list[Any], minimum: int) -> Markup:
    """The cohort dashboard (aggregates only)."""
    return Markup("")
