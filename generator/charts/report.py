"""The charts of one applicant's report, by name."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from .practice import practice_chart
from .scale import BANDS, scale_chart
from .timeline import timeline_chart


def report_charts(d: Any, plan: Any, book: Any) -> dict[str, Markup]:
    """Charts of one report, by name; the templates place them.

    ``scale:<track>`` for each of the applicant's tracks with bands, ``practice`` (empty without
    practice scores) and ``timeline``. Every key is always there; an empty ``Markup`` means
    there is nothing to draw.
    """
    out = {f"scale:{t}": scale_chart(t, d, book) if t in BANDS else Markup("") for t in d.profile.tracks}
    out["practice"] = practice_chart(d, plan)
    out["timeline"] = timeline_chart(d, plan, book)
    return out
