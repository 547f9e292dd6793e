"""The applicant's calendar file (RFC 5545)."""

from __future__ import annotations

from typing import Any


def applicant_calendar(d: Any, plan: Any) -> str | None:
    """The .ics text of one applicant (exam, checkpoints, application dates), or None."""
    return None
