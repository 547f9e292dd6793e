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
    return Summary(
        d.scenario, dict(d.bands), main[0] if main else NO_EXAM, delay[0] if delay else NO_DELAY, tiers
    )


def publishable(n: int, population: int, minimum: int) -> bool:
    """The rule for every count a cohort page shows: ``n`` applicants share a value, and both
    they and the rest of the ``population`` are at least ``minimum``. A value held by everyone
    (the rest is 0) or by all but one or two says something about each of them, so it is not shown."""
    return n >= minimum and population - n >= minimum


def shown(n: int, population: int, minimum: int) -> str:
    """A count as the public may see it, or a dash when the rule does not allow it."""
    return str(n) if publishable(n, population, minimum) else "–"


OTHER = "other values"


def _rows(counter: Counter[str], minimum: int, population: int, prefix: str = "") -> list[dict[str, Any]]:
    """The rows a table may show: one per value that passes ``publishable``, and the rest pooled
    in one row. The cohort's size is public, so the pooled row's count can be worked out from the
    others: rows are dropped (smallest first) until the pool is empty or passes the rule too.
    Empty when nothing can be shown."""
    rows = sorted((n, key) for key, n in counter.items() if publishable(n, population, minimum))
    pool = population - sum(n for n, _ in rows)
    while rows and 0 < pool < minimum:
        pool += rows.pop(0)[0]
    if not rows:
        return []
    out = [_row(key, n, population) for n, key in sorted(rows, key=lambda r: r[1])]
    if pool:
        out.append(_row(f"{prefix}{OTHER}", pool, population))
    return out


def _row(key: str, n: int, population: int) -> dict[str, Any]:
    return {"key": key, "n": n, "count": Markup(str(n)), "share": f"{round(100 * n / population)} %"}


def cohort_tables(summaries: list[Summary], minimum: int) -> dict[str, list[dict[str, Any]]]:
    """Counts per scenario, band per track, readiness and delay advice; a table is empty when
    the cohort's groups are too small for any of its counts (see ``publishable``)."""
    total = len(summaries)
    tracks: dict[str, Counter[str]] = {}
    for s in summaries:
        for track, band in s.bands.items():
            tracks.setdefault(track, Counter())[band or f"{track}: no Step 2 CK score yet"] += 1
    # per track, among its applicants; a track only some of the cohort follow is shown only when
    # they and the others are both at least ``minimum`` (that a whole cohort follows one is no secret)
    bands = [
        r
        for t, c in sorted(tracks.items())
        if sum(c.values()) == total or publishable(sum(c.values()), total, minimum)
        for r in _rows(c, minimum, sum(c.values()), f"{t}: ")
    ]
    return {
        "Scenario": _rows(Counter(s.scenario for s in summaries), minimum, total),
        "Step 2 CK band per track": bands,
        "Readiness to sit Step 2 CK": _rows(Counter(s.readiness for s in summaries), minimum, total),
        "Moving the application a cycle": _rows(Counter(s.delay for s in summaries), minimum, total),
    }


def program_fits(summaries: list[Summary], programs: Iterable[Program], minimum: int) -> list[dict[str, Any]]:
    """Per catalog program, how many applicants it fits (likely, target or reach), where the
    count passes ``publishable``; "of which likely" only where it and the rest pass as well."""
    total = len(summaries)
    rows = []
    for p in sorted(programs, key=lambda p: p.sort_key):
        tiers = [s.programs.get(p.key) for s in summaries]
        fits = sum(1 for t in tiers if t in ("likely", "target", "reach"))
        likely = sum(1 for t in tiers if t == "likely")
        if publishable(fits, total, minimum):
            ok = publishable(likely, total, minimum) and publishable(likely, fits, minimum)
            rows.append({"program": p, "n": fits, "fits": str(fits), "likely": str(likely) if ok else "–"})
    return sorted(rows, key=lambda r: (-r["n"], r["program"].sort_key))
