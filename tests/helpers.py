"""Shared test helpers: build profiles from dicts and decide them against the real rules."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

from generator.engine.engine import Decision, decide
from generator.inputs.profiles import Profile, check_profile
from generator.inputs.yamlio import parse_yaml
from generator.project import Project

ROOT = Path(__file__).resolve().parent.parent
PROJECT = Project(ROOT)
AS_OF = date(2026, 11, 22)

BASE: dict[str, Any] = {
    "name": "Test Applicant",
    "tracks": ["internal-medicine"],
    "match_year": 2028,
    "graduation": {"status": "graduated", "year": 2026},
    "step1": {"result": "pass"},
}


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in over.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def profile(over: dict[str, Any] | None = None, pid: str = "test-applicant") -> Profile:
    data = merge(BASE, over or {})
    doc = parse_yaml(json.dumps(data), f"{pid}.yml", "profile")
    result, problems = check_profile(doc, pid)
    assert not problems, problems
    assert result is not None
    return result


def decision(over: dict[str, Any] | None = None, as_of: date = AS_OF) -> Decision:
    return decide(profile(over), PROJECT.rulebook, as_of)


def practice(*scores: int) -> list[dict[str, Any]]:
    return [
        {"exam": f"NBME {i + 9}", "score": s, "date": f"2026-{i + 1:02d}-15"} for i, s in enumerate(scores)
    ]
