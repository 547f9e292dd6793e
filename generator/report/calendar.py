"""The applicant's calendar file (RFC 5545), made with the ``icalendar`` package.

Pure and deterministic: the same decision and plan always give the same bytes.

- Every event is an all-day event (``DTSTART;VALUE=DATE``, ``DTEND`` the next day), marked free
  (``TRANSP:TRANSPARENT``) so that it never blocks time in the advisor's or applicant's calendar.
- ``UID`` is derived from the applicant id and the event's name (``exam``, ``checkpoint-2``,
  ``match_day``) with a keyed hash (HMAC-SHA256) under the project's calendar salt, so the id
  is not in it and cannot be guessed back from it: importing a newer file updates the events it
  already holds instead of adding copies, even when a date moved. The salt comes from the link
  secret when one is set, else it is a random value kept in the docs manifest (see
  ``report.pages.calendar_salt``); it is the same from build to build.
- ``DTSTAMP`` is midnight UTC of the decision's ``as_of`` date, never the clock.
- Nothing that names the applicant is written (no name, id, notes or exam names: the file may sit
  in a published private report): only the plan's own words and the rulebook's date names.

Events: the exam date, each checkpoint, the start of each study phase after the first, the
due dates of a profile-building plan's tasks, and every application date of the Match year
(even those already past, like the overview's key-date table).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from ..engine.facts import cycle_dates

PRODID = "-//img-guide//Residency strategy report//EN"
# The rulebook's date names (content/rules.yml `dates`) as event titles; unknown names are
# written from their key ("some_date" -> "Some date").
DATE_TITLES = {
    "myeras_opens": "MyERAS opens (approximate)",
    "exam_by": "Latest Step 2 CK exam date for a score by August",
    "score_deadline": "Step 2 CK score in hand",
    "eras_submit": "ERAS applications can be submitted (approximate)",
    "program_review": "Programs start reviewing applications",
    "rank_list_deadline": "Rank order list deadline",
    "match_day": "Match Day",
}


def uid(applicant: str, key: str, salt: bytes) -> str:
    """A stable event UID: the same salt, applicant and event name always give the same UID."""
    digest = hmac.new(salt, f"img-guide/{applicant}/{key}".encode(), hashlib.sha256).hexdigest()[:32]
    return f"{digest}@img-guide"


def events(d: Any, plan: Any) -> list[tuple[str, date, str, str, str]]:
    """``(key, day, summary, description, category)`` of every event, sorted by date."""
    out: list[tuple[str, date, str, str, str]] = []
    if plan.exam_date:
        source = f" ({plan.exam_date_source} date)" if plan.exam_date_source else ""
        out.append(("exam", plan.exam_date, f"{plan.exam} exam", f"The {plan.exam} exam{source}.", "Exam"))
    for i, c in enumerate(plan.checkpoints, 1):
        out.append((f"checkpoint-{i}", c.date, f"Checkpoint: {c.exam}", f"{c.note}.", "Checkpoint"))
    for i, p in enumerate(plan.phases[1:], 2):
        out.append(
            (
                f"phase-{i}",
                p.start,
                f"Study phase {i}: {p.name}",
                f"Questions a day: {p.questions_per_day or plan.questions_per_day}.",
                "Study plan",
            )
        )
    for i, t in enumerate(plan.tasks, 1):
        if t.due:
            out.append((f"task-{i}", t.due, f"Due: {t.title}", t.text, "Task"))
    for key, day in cycle_dates(d.facts).items():
        title = DATE_TITLES.get(key, key.replace("_", " ").capitalize())
        out.append(
            (key, day, title, f"Application calendar of the {d.profile.match_year} Match.", "Application")
        )
    # only what is still ahead (a report built after a date never lists it as coming)
    return sorted((e for e in out if e[1] >= d.as_of), key=lambda e: (e[1], e[0]))


def applicant_calendar(d: Any, plan: Any, salt: bytes) -> str | None:
    """The .ics text of one applicant (exam, checkpoints, application dates), or None."""
    items = events(d, plan)
    if not items:
        return None
    stamp = datetime(d.as_of.year, d.as_of.month, d.as_of.day, tzinfo=UTC)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Residency plan")
    for key, day, summary, description, category in items:
        ev = Event()
        ev.add("uid", uid(d.profile.id, key, salt))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day)
        ev.add("dtend", day + timedelta(days=1))
        ev.add("summary", summary)
        ev.add("description", description)
        ev.add("categories", [category])
        ev.add("transp", "TRANSPARENT")
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
