"""A report's status at a glance, and what changed since the last build.

``status`` keeps what the advisor's dashboard shows and what "what changed" compares: rule IDs,
scores and dates, never a name or free text, so a build may keep it in its state file.
``changes`` turns two statuses into sentences in words.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .model import Report
from .render import words

Title = Callable[[str], str]


def status(report: Report, settings: dict[str, Any]) -> dict[str, Any]:
    """The status of one report (JSON-ready)."""
    d = report.decision
    f = d.facts
    needs = settings.get("dashboard_needs") or {}
    upcoming = next((k for k in report.key_dates if not k.past), None)
    return {
        "scenario": d.scenario,
        "cycle": next((x.rule.id for x in d.with_prefix("CYCLE-")), None),
        "bands": dict(d.bands),
        "readiness": [x.rule.id for x in d.group("readiness")],
        "actions": [x.rule.id for x in report.actions],
        "scores": {
            "step1": "passed" if f["step1_passed"] else ("failed" if f["step1_failed"] else "ahead"),
            "step2": f["step2_score"],
            "practice": f["practice_latest"],
        },
        "next_date": [upcoming.date.isoformat(), upcoming.label, upcoming.when] if upcoming else None,
        "needs": [need for need, rules in needs.items() if any(d.has(r) for r in rules)],
    }


def changes(old: dict[str, Any] | None, new: dict[str, Any], title: Title) -> list[str]:
    """What moved between the last build's status and this one's, as sentences (empty when
    there was no last build or nothing moved)."""
    if not old:
        return []
    out = _score_changes(old.get("scores") or {}, new["scores"])
    for track, band in new["bands"].items():
        before = (old.get("bands") or {}).get(track)
        if before != band:
            out.append(f"Step 2 CK band for {words(track)}: {_name(before, title)} → {_name(band, title)}.")
    if old.get("scenario") != new["scenario"]:
        out.append(f"Situation: {_name(old.get('scenario'), title)} → {_name(new['scenario'], title)}.")
    if old.get("readiness", []) != new["readiness"]:
        before = ", ".join(title(r) for r in old.get("readiness", [])) or "none"
        after = ", ".join(title(r) for r in new["readiness"]) or "none"
        out.append(f"Readiness: {before} → {after}.")
    added = [r for r in new["actions"] if r not in old.get("actions", [])]
    dropped = [r for r in old.get("actions", []) if r not in new["actions"]]
    out += [f"New among the next actions: {title(r)}." for r in added]
    out += [f"No longer among the next actions: {title(r)}." for r in dropped]
    return out


def _score_changes(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    out = []
    if old.get("step1") != new["step1"] and new["step1"] != "ahead":
        out.append(f"Step 1: {new['step1']}.")
    if old.get("step2") != new["step2"] and new["step2"] is not None:
        was = f" (was {old['step2']})" if old.get("step2") is not None else ""
        out.append(f"New Step 2 CK score: {new['step2']}{was}.")
    if old.get("practice") != new["practice"] and new["practice"] is not None:
        was = f" (was {old['practice']})" if old.get("practice") is not None else ""
        out.append(f"New latest practice score: {new['practice']}{was}.")
    return out


def _name(rule_id: str | None, title: Title) -> str:
    return title(rule_id) if rule_id else "none"
