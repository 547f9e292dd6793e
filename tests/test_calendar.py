"""The applicant's calendar file: RFC 5545 that a standard library reads back, with the plan's dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar

from generator.engine.plan import build_plan
from generator.report.calendar import applicant_calendar, uid
from generator.report.model import assemble
from generator.report.render import CALENDAR, Renderer

from .helpers import PROJECT, decision

DIEGO = {
    "name": "Diego Ramírez",
    "graduation": {"status": "final-year", "year": 2028},
    "step2ck": {"date": "2027-05-20"},
    "practice": [
        {"exam": "NBME 9", "score": 214, "date": "2026-08-02"},
        {"exam": "NBME 11", "score": 226, "date": "2026-09-20"},
        {"exam": "NBME 13", "score": 233, "date": "2026-11-01"},
    ],
}


SALT = b"calendar-test-salt-0123456789abcdef"


def report_dir(built, pid: str):
    """Where ``img-guide build`` put ``pid``'s report (the layout without a link secret)."""
    for folder in (built.site_dir / "local" / "applicants" / pid, built.site_dir / "applicants" / pid):
        if (folder / "index.html").is_file():
            return folder
    raise AssertionError(f"no built report of {pid} under {built.site_dir}")


def ics_of(over: dict) -> tuple[object, object, str]:
    d = decision(over)
    plan = build_plan(d, PROJECT.plans)
    text = applicant_calendar(d, plan, SALT)
    assert text is not None
    return d, plan, text


def events(text: str) -> list:
    cal = Calendar.from_ical(text)
    return list(cal.walk("VEVENT"))


def by_date(text: str) -> dict[date, list[str]]:
    out: dict[date, list[str]] = {}
    for ev in events(text):
        out.setdefault(ev.get("dtstart").dt, []).append(str(ev.get("summary")))
    return out


def test_calendar_holds_the_exam_checkpoints_and_application_dates():
    d, plan, text = ics_of(DIEGO)
    days = by_date(text)
    assert "Step 2 CK exam" in days[date(2027, 5, 20)]
    assert len(plan.checkpoints) >= 3
    for c in plan.checkpoints:
        assert f"Checkpoint: {c.exam}" in days[c.date]
    assert "Match Day" in days[date(2028, 3, 17)]
    assert "ERAS applications can be submitted (approximate)" in days[date(2027, 9, 1)]
    assert "Step 2 CK score in hand" in days[date(2027, 8, 31)]
    assert "MyERAS opens (approximate)" in days[date(2027, 6, 1)]
    for key, day in d.facts["dates"].items():
        assert day in days, key
    descriptions = [str(e.get("description")) for e in events(text)]
    assert "Aim for 235 or more." in descriptions  # the checkpoints climb to the target


def test_events_are_all_day_stamped_from_as_of_with_stable_unique_uids():
    d, _, text = ics_of(DIEGO)
    evs = events(text)
    stamp = datetime(2026, 11, 22, tzinfo=UTC)
    for ev in evs:
        start, end = ev.get("dtstart").dt, ev.get("dtend").dt
        assert type(start) is date and type(end) is date  # all-day, not datetimes
        assert end == start + timedelta(days=1)
        assert ev.get("dtstamp").dt == stamp  # never the clock
        assert str(ev.get("transp")) == "TRANSPARENT"
    uids = [str(ev.get("uid")) for ev in evs]
    assert len(uids) == len(set(uids))
    assert uid("test-applicant", "exam", SALT) in uids
    assert "test-applicant" not in text  # the id is hashed in UIDs, and named nowhere
    # the same input gives the same bytes; a later as_of keeps the UIDs of the same events
    assert ics_of(DIEGO)[2] == text
    later = applicant_calendar(
        decision(DIEGO, date(2026, 12, 20)),
        build_plan(decision(DIEGO, date(2026, 12, 20)), PROJECT.plans),
        SALT,
    )
    later_uids = {str(e.get("uid")): e for e in events(later)}
    assert (
        uid("test-applicant", "exam", SALT) in later_uids
        and uid("test-applicant", "match_day", SALT) in later_uids
    )
    assert later_uids[uid("test-applicant", "exam", SALT)].get("dtstamp").dt == datetime(
        2026, 12, 20, tzinfo=UTC
    )


def test_calendar_is_rfc5545_text():
    _, _, text = ics_of(DIEGO)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    lines = text.split("\r\n")[:-1]
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)  # folded long lines
    cal = Calendar.from_ical(text)
    assert str(cal.get("version")) == "2.0" and str(cal.get("prodid")).startswith("-//img-guide//")


def test_calendar_keeps_profile_free_text_out():
    nasty = {
        **DIEGO,
        "name": "<script>alert(1)</script> Secret Name",
        "notes": "private advisor note",
        "weak_areas": ["<b>bold</b>"],
        "practice": [{"exam": "[link](javascript:alert(2))", "score": 225, "date": "2026-11-01"}],
    }
    _, _, text = ics_of(nasty)
    for needle in ("Secret Name", "script", "private advisor", "<b>", "javascript", "Diego"):
        assert needle not in text


def test_profile_plan_calendar_has_tasks_and_the_application_calendar():
    d, plan, text = ics_of({"step2ck": {"score": 228, "date": "2026-06-20"}, "visa": "h1b"})
    assert plan.kind == "profile"
    days = by_date(text)
    summaries = sum(days.values(), [])
    assert not any(s.endswith(" exam") or s.startswith("Checkpoint") for s in summaries)  # no exam ahead
    assert any(s.startswith("Due: ") for s in summaries)
    assert "Match Day" in days[d.facts["dates"]["match_day"]]


def test_the_report_writes_the_calendar_and_the_study_plan_links_it():
    d = decision(DIEGO)
    pages = Renderer(PROJECT).applicant_pages(assemble(d, PROJECT))
    assert CALENDAR in pages
    assert re.search(r'<a href="calendar\.ics"[^>]*>calendar\.ics</a>', pages["study-plan.md"])


def test_built_applicant_site_has_the_calendar(built):
    report = report_dir(built, "diego-ramirez")
    ics = report / "calendar.ics"
    assert ics.is_file()
    cal = Calendar.from_ical(ics.read_bytes())
    assert any(e.get("dtstart").dt == date(2027, 5, 20) for e in cal.walk("VEVENT"))
    html = (report / "study-plan.html").read_text(encoding="utf-8")
    assert 'href="calendar.ics"' in html


def test_uids_are_keyed_by_the_project_salt():
    """Guessing an applicant's id is not enough to find their events: the UID needs the salt."""
    import hashlib

    d, plan, text = ics_of(DIEGO)
    other = applicant_calendar(d, plan, b"another-project-salt-0123456789ab")
    assert other is not None
    mine = {str(e.get("uid")) for e in events(text)}
    theirs = {str(e.get("uid")) for e in events(other)}
    assert mine and not mine & theirs
    unsalted = hashlib.sha256(b"img-guide/test-applicant/exam").hexdigest()[:32] + "@img-guide"
    assert unsalted not in mine


def test_the_salt_is_kept_across_builds_and_follows_the_link_secret(tmp_path):
    from generator.report.pages import calendar_salt, write_docs

    docs = tmp_path / "docs"
    assert (
        len(calendar_salt(docs, None, keep=False)) == 32 and not docs.exists()
    )  # the preview writes nothing
    first = calendar_salt(docs, None)
    assert len(first) == 32 and calendar_salt(docs, None) == first  # made once, then kept
    write_docs(docs, {"applicants/x/index.md": "x"})  # what every build does to the manifest
    write_docs(docs, {})
    assert calendar_salt(docs, None) == first
    assert calendar_salt(tmp_path / "other", None) != first  # random per project
    secret = b"correct-horse-battery-staple-0123456789-abcdef"
    assert calendar_salt(docs, secret) == calendar_salt(tmp_path / "other", secret) != first
