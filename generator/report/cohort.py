"""Cohort aggregates: what a cohort summary may show, computed from small per-applicant summaries.

A ``Summary`` holds only what the aggregates need (no name, no free text), so a build can keep
the summaries of unchanged applicants and redo the cohort page without loading them again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from markupsafe import Markup

from ..catalog import Program
from .model import Report

NO_EXAM = "no exam ahead"
NO_DELAY = "no delay rule"


@dataclass(frozen=True)
class Summary:
    scenario: str
    bands: dict[str, str | None]
    readiness: str
    delay: str
    programs: dict[str, str] = field(default_factory=dict)  # program key -> tier, or "excluded"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Summary:
        return cls(**data)


def summarize(report: Report) -> Summary:
    """The applicant's summary, from the report (its catalog placement, so tiers agree with the page)."""
    d = report.decision
    main = [x.rule.id for x in d.group("readiness") if x.rule.id not in ("READY-ON-TRACK", "READY-OFF-TRACK")]
    delay = [x.rule.id for x in d.with_prefix("DELAY-")]
    tiers: dict[str, str] = {}
    for track in report.tiers.catalog.tracks:
        for x in track.placements:
            if x.shown:
                tiers[x.program.key] = x.tier
        for e in track.shown_excluded:
            tiers[e.program.key] = "excluded"
    return Summary(d.scenario, dict(d.bands), main[0] if main else NO_EXAM, delay[0] if delay else NO_DELAY, tiers)


def shown(n: int, minimum: int) -> str:
    """A count as the public may see it: small groups are not told apart."""
    return str(n) if n >= minimum or n == 0 else f"fewer than {minimum}"


OTHER = "other values, each shared by fewer than {minimum}"


def _rows(counter: Counter[str], minimum: int, total: int) -> list[dict[str, Any]]:
    """One row per value shared by at least ``minimum`` applicants; the rarer values together in
    one row, so that no row exists only because one or two applicants hold that value."""
    rows = []
    rare = 0
    for key, n in sorted(counter.items()):
        if n < minimum:
            rare += n
            continue
        rows.append({"key": key, "n": n, "count": Markup(shown(n, minimum)), "share": f"{round(100 * n / total)} %"})
    if rare:
        share = f"{round(100 * rare / total)} %" if rare >= minimum else "–"
        rows.append({"key": OTHER.format(minimum=minimum), "n": rare, "count": Markup(shown(rare, minimum)),
                     "share": share})
    return rows


def cohort_tables(summaries: list[Summary], minimum: int) -> dict[str, list[dict[str, Any]]]:
    """Counts per scenario, band per track, readiness and delay advice."""
    total = max(len(summaries), 1)
    bands: Counter[str] = Counter()
    for s in summaries:
        for track, band in s.bands.items():
            bands[band or f"{track}: no Step 2 CK score yet"] += 1
    return {
        "Scenario": _rows(Counter(s.scenario for s in summaries), minimum, total),
        "Step 2 CK band per track": _rows(bands, minimum, total),
        "Readiness to sit Step 2 CK": _rows(Counter(s.readiness for s in summaries), minimum, total),
        "Moving the application a cycle": _rows(Counter(s.delay for s in summaries), minimum, total),
    }


def program_fits(summaries: list[Summary], programs: Iterable[Program], minimum: int) -> list[dict[str, Any]]:
    """Per catalog program, how many applicants it fits (likely, target or reach)."""
    rows = []
    for p in sorted(programs, key=lambda p: p.sort_key):
        tiers = [s.programs.get(p.key) for s in summaries]
        fits = sum(1 for t in tiers if t in ("likely", "target", "reach"))
        likely = sum(1 for t in tiers if t == "likely")
        if fits >= minimum:  # a program that fits one or two applicants would point at them
            rows.append({"program": p, "n": fits, "fits": shown(fits, minimum), "likely": shown(likely, minimum)})
    return sorted(rows, key=lambda r: (-r["n"], r["program"].sort_key))
