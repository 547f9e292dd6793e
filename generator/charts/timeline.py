"""Chart 3 of a report: the study plan as a timeline (phases, checkpoints, tasks, the exam)
with the application dates and Match Day."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from ..engine.facts import cycle_dates
from .svg import (
    OKABE_ITO,
    SMALL,
    WIDTH,
    chart_id,
    date_scale,
    el,
    figure,
    label,
    month_axis,
    num,
    short_date,
    stack,
    svg,
    table,
    text,
)

# Short labels of the application dates on the timeline (the table gives the rulebook's label).
SHORT_DATES = {
    "myeras_opens": "MyERAS opens",
    "exam_by": "Sit by",
    "score_deadline": "Score in hand",
    "eras_submit": "ERAS opens",
    "program_review": "Review starts",
    "rank_list_deadline": "Rank list",
    "match_day": "Match Day",
}
EXAM_ROW_DATES = ("exam_by", "score_deadline")


@dataclass(frozen=True)
class Event:
    day: date
    row: str
    short: str
    long: str
    shape: str  # diamond | triangle | circle | flag | star


def timeline_events(d: Any, plan: Any, book: Any) -> list[Event]:
    """Every dated point of the plan from ``as_of`` on (phases are drawn as spans, not listed here)."""
    f = d.facts
    out: list[Event] = []
    for c in plan.checkpoints:
        out.append(Event(c.date, "Self-assessments", c.exam, f"Checkpoint: {c.exam} — {c.note}", "diamond"))
    for t in plan.tasks:
        if t.due:
            out.append(Event(t.due, "Tasks", t.title, f"Task due: {t.title}", "circle"))
    if plan.exam_date:
        out.append(
            Event(
                plan.exam_date,
                "Exam",
                f"{plan.exam} {short_date(plan.exam_date)}",
                f"{plan.exam} exam ({plan.exam_date_source} date)",
                "star",
            )
        )
    labels = {n: s["label"] + (" (approximate)" if s.get("approx") else "") for n, s in book.dates.items()}
    for key, day in cycle_dates(f).items():
        if key in EXAM_ROW_DATES and plan.kind == "profile":
            continue  # the scores are in: the score deadlines no longer apply
        row = "Exam" if key in EXAM_ROW_DATES else "Application"
        out.append(
            Event(
                day,
                row,
                SHORT_DATES.get(key, key.replace("_", " ")),
                labels.get(key, key),
                "flag" if row == "Exam" else "triangle",
            )
        )
    return sorted((e for e in out if e.day >= d.as_of), key=lambda e: (e.day, e.row, e.short))


def timeline_chart(d: Any, plan: Any, book: Any) -> Markup:
    name = "timeline"
    cid = chart_id(name)
    events = timeline_events(d, plan, book)
    phases = [p for p in plan.phases if p.end > d.as_of]
    if not events and not phases:
        return Markup("")
    start = plan.start
    end = max([e.day for e in events] + [p.end for p in phases])
    if (end - start).days < 30:
        end = start + timedelta(days=30)
    gutter, right = 118.0, WIDTH - 24.0
    x = date_scale(start, end, gutter, right)

    y = 30.0
    body: list[str] = []
    if phases:
        body += _phase_row(phases, x, start, gutter, y)
        y += 40
    rows = [
        r for r in ("Self-assessments", "Tasks", "Exam", "Application") if any(e.row == r for e in events)
    ]
    for row in rows:
        drawn, y = _event_row(row, [e for e in events if e.row == row], x, gutter, right, y)
        body += drawn
    axis_y = y + 2
    body = _today(x, start, axis_y) + body + month_axis(x, start, end, axis_y)
    height = axis_y + 40

    title = "Study plan and application timeline"
    desc = (
        f"From {start.isoformat()} to {end.isoformat()}. "
        + " ".join(
            f"Phase {i}, {p.name}: {p.start.isoformat()} to {p.end.isoformat()}."
            for i, p in enumerate(phases, 1)
        )
        + " "
        + " ".join(f"{e.day.isoformat()}: {e.long}." for e in events)
    ).strip()
    trows: list[tuple[object, ...]] = [
        (f"{p.start.isoformat()} to {p.end.isoformat()}", f"Phase {i}: {p.name}")
        for i, p in enumerate(phases, 1)
    ]
    trows += [(e.day.isoformat(), e.long) for e in events]
    what = "phases, checkpoints, the exam date, the score deadline" if plan.kind != "profile" else "tasks"
    caption = f"The plan on a timeline: {what}, the application dates and Match Day."
    return figure(
        name,
        "timeline",
        caption,
        svg(cid, height, title, desc, body, x=x),
        table(title, ("Date", "What"), trows),
    )


def _phase_row(phases: list[Any], x: Any, start: date, gutter: float, y: float) -> list[str]:
    """The study phases as coloured bars on one row, numbered where they are wide enough."""
    body = [label(gutter - 14, y + 15, "Study phases", anchor="end", size=SMALL)]
    for i, p in enumerate(phases, 1):
        x0, x1 = x(max(p.start, start)), x(p.end)
        colour = OKABE_ITO[("sky-blue", "orange", "bluish-green", "reddish-purple")[(i - 1) % 4]]
        body.append(
            el(
                "rect",
                el("title", text(f"Phase {i}: {p.name}, {p.start.isoformat()} to {p.end.isoformat()}")),
                x=x0,
                y=y,
                width=round(x1 - x0, 1),
                height=22.0,
                fill=colour,
                fill_opacity="0.5",
                class_=f"img-phase img-phase-{(i - 1) % 4}",
                data_from=p.start.isoformat(),
                data_to=p.end.isoformat(),
            )
        )
        if x1 - x0 > 22:
            body.append(label((x0 + x1) / 2, y + 15, f"{i}" if x1 - x0 < 70 else f"Phase {i}", size=SMALL))
    return body


def _event_row(
    row: str, evs: list[Event], x: Any, gutter: float, right: float, y: float
) -> tuple[list[str], float]:
    """One row of events with its labels stacked so they do not overlap; and the next row's top."""
    body = [
        el(
            "line",
            x1=gutter,
            y1=y + 8,
            x2=right,
            y2=y + 8,
            stroke="currentColor",
            stroke_opacity="0.25",
            class_="img-grid",
        ),
        label(gutter - 14, y + 12, row, anchor="end", size=SMALL),
    ]
    for e in evs:
        body.append(shape(e, x(e.day), y + 8))
    if row == "Self-assessments":
        return body, y + 30
    placed = stack([(x(e.day), e.short) for e in evs], gutter - 60, right + 20)
    for cx, r, s in placed:
        body.append(label(cx, y + 30 + 13 * r, s, size=SMALL))
    return body, y + 30 + 13 * (max((r for _, r, _ in placed), default=0)) + 16


def _today(x: Any, start: date, axis_y: float) -> list[str]:
    """The dashed line of the as-of date, and its label."""
    return [
        el(
            "line",
            x1=x(start),
            y1=16.0,
            x2=x(start),
            y2=axis_y,
            stroke="currentColor",
            stroke_dasharray="2 3",
            class_="img-today",
            data_date=start.isoformat(),
        ),
        label(
            x(start),
            12,
            f"as of {short_date(start)} {start.year}",
            anchor="start",
            size=SMALL,
            cls="img-ink img-muted",
        ),
    ]


def shape(e: Event, cx: float, cy: float) -> str:
    t = el("title", text(f"{e.day.isoformat()}: {e.long}"))
    common = {"class_": f"img-event img-event--{e.shape}", "data_date": e.day.isoformat(), "data_x": cx}
    if e.shape == "diamond":
        return el(
            "path",
            t,
            d=f"M{num(cx)} {num(cy - 7)}L{num(cx + 6)} {num(cy)}L{num(cx)} {num(cy + 7)}L{num(cx - 6)} {num(cy)}Z",
            **common,
        )
    if e.shape == "star":
        pts = []
        for k in range(10):
            r = 9 if k % 2 == 0 else 4
            a = math.pi / 2 + k * math.pi / 5
            pts.append(f"{num(cx + r * math.cos(a))} {num(cy - r * math.sin(a))}")
        return el("path", t, d="M" + "L".join(pts) + "Z", **common)
    if e.shape == "circle":
        return el("circle", t, cx=cx, cy=cy, r=5.0, **common)
    if e.shape == "flag":
        return el(
            "path",
            t,
            d=f"M{num(cx)} {num(cy + 8)}L{num(cx)} {num(cy - 9)}L{num(cx + 9)} {num(cy - 5)}L{num(cx)} {num(cy - 1)}",
            **common,
        )
    return el(
        "path",
        t,
        d=f"M{num(cx - 6)} {num(cy + 6)}L{num(cx + 6)} {num(cy + 6)}L{num(cx)} {num(cy - 6)}Z",
        **common,
    )
