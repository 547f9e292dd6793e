"""Chart 2 of a report: practice scores over time against the target and readiness lines,
with the checkpoint goals up to the exam and the Step 2 CK score once it is in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

from .svg import (
    SMALL,
    WIDTH,
    Scale,
    chart_id,
    date_scale,
    el,
    figure,
    label,
    month_axis,
    num,
    score_domain,
    short_date,
    svg,
    table,
    text,
    text_width,
)


def practice_chart(d: Any, plan: Any) -> Markup:
    f = d.facts
    practice = list(f["practice"])
    if not practice:
        return Markup("")
    name = "practice"
    cid = chart_id(name)
    step2 = (f["step2_date"], f["step2_score"]) if f["step2_score"] is not None and f["step2_date"] else None
    ahead = plan.kind == "step2" and plan.exam_date is not None
    goals = [(c.date, c.goal) for c in plan.checkpoints if c.goal is not None] if ahead else []
    exam = plan.exam_date if ahead else None
    refs = _practice_refs(f)

    days = [p.date for p in practice] + [g[0] for g in goals] + ([exam] if exam else [])
    days += [step2[0]] if step2 else []
    if ahead and d.as_of >= min(days):
        days.append(d.as_of)
    start, end = min(days) - timedelta(days=10), max(days) + timedelta(days=10)
    left, right, top, bottom = 44.0, WIDTH - 118.0, 24.0, 232.0
    x = date_scale(start, end, left, right)
    values = [p.score for p in practice] + [g[1] for g in goals] + [v for v, _, _ in refs]
    values += [step2[1]] if step2 else []
    lo, hi = score_domain(values)
    y = Scale((lo, hi), (bottom, top))

    body = _grid(y, lo, hi, left, right) + month_axis(x, start, end, bottom)
    body += _reference_lines(refs, y, left, right, top, bottom)
    shown_as_of = d.as_of if ahead and start <= d.as_of <= end else None
    body += _date_lines(shown_as_of, exam, plan.exam, x, top, bottom)
    body += _points(practice, goals, step2, x, y)
    legend_y = bottom + 44
    body += legend(
        legend_y,
        [
            ("practice", "practice score"),
            *([("goal", "checkpoint goal")] if goals else []),
            *([("step2", "Step 2 CK score")] if step2 else []),
        ],
    )
    height = legend_y + 10

    title = "Practice scores over time"
    desc, rows = _words(practice, refs, step2, goals, exam, plan.exam)
    caption = "Practice scores over time against the readiness threshold and the target" + (
        ", with the checkpoint goals up to the exam." if goals else "."
    )
    return figure(
        name,
        "practice",
        caption,
        svg(cid, height, title, desc, body, x=x, y=y),
        table(title, ("Date", "What", "Score"), rows),
    )


def _grid(y: Scale, lo: int, hi: int, left: float, right: float) -> list[str]:
    """Grid lines every 5 points, numbers every 10."""
    body: list[str] = []
    for v in range(lo, hi + 1, 5):  # grid every 5 points, numbers every 10
        body.append(
            el(
                "line",
                x1=left,
                y1=y(v),
                x2=right,
                y2=y(v),
                class_="img-grid",
                stroke="currentColor",
                stroke_opacity="0.15" if v % 10 else "0.3",
            )
        )
        if v % 10 == 0:
            body.append(label(left - 6, y(v) + 4, str(v), anchor="end", size=SMALL))
    return body


def _reference_lines(
    refs: list[tuple[int, str, str]], y: Scale, left: float, right: float, top: float, bottom: float
) -> list[str]:
    """Reference lines, labelled at the right end."""
    body: list[str] = []
    ref_labels = _spread([(y(v), f"{word} {v}") for v, word, _ in refs], top, bottom)
    for (v, _word, cls), (ly, s) in zip(refs, ref_labels, strict=True):
        body.append(
            el(
                "line",
                x1=left,
                y1=y(v),
                x2=right,
                y2=y(v),
                stroke_width="2",
                class_=f"img-ref {cls}",
                data_value=v,
            )
        )
        body.append(
            label(
                right + 6,
                ly + 4,
                s,
                anchor="start",
                size=SMALL,
                cls=f"img-ink img-ref-label {cls.replace('img-ref--', 'img-ref-label--')}",
            )
        )

    return body


def _date_lines(
    as_of: date | None, exam: date | None, exam_name: str, x: Any, top: float, bottom: float
) -> list[str]:
    """The as-of date (when shown) and the exam date, as vertical lines."""
    body: list[str] = []
    if as_of is not None:
        body.append(
            el(
                "line",
                x1=x(as_of),
                y1=top - 8,
                x2=x(as_of),
                y2=bottom,
                stroke="currentColor",
                stroke_dasharray="2 3",
                class_="img-today",
                data_date=as_of.isoformat(),
            )
        )
        body.append(label(x(as_of), top - 12, "as of", size=SMALL, cls="img-ink img-muted"))
    if exam:
        body.append(
            el(
                "line",
                x1=x(exam),
                y1=top - 8,
                x2=x(exam),
                y2=bottom,
                stroke="currentColor",
                stroke_width="1.5",
                class_="img-exam-line",
                data_date=exam.isoformat(),
            )
        )
        body.append(label(x(exam), top - 12, f"{exam_name} {short_date(exam)}", size=SMALL))

    return body


def _points(
    practice: list[Any], goals: list[tuple[date, int]], step2: tuple[date, int] | None, x: Any, y: Scale
) -> list[str]:
    """The practice scores (a line through filled circles, each with its score), the checkpoint
    goals (hollow diamonds) and the Step 2 CK score."""
    body: list[str] = []
    path = "M" + "L".join(f"{num(x(p.date))} {num(y(p.score))}" for p in practice)
    body.append(el("path", d=path, fill="none", stroke_width="2", class_="img-series"))
    for p in practice:
        body.append(
            el(
                "circle",
                el("title", text(f"{p.exam}, {p.date.isoformat()}: {p.score}")),
                cx=x(p.date),
                cy=y(p.score),
                r=5.0,
                class_="img-point img-point--practice",
                data_value=p.score,
                data_date=p.date.isoformat(),
            )
        )
        body.append(
            label(x(p.date), y(p.score) - 10, str(p.score), size=SMALL, cls="img-ink img-strong img-halo")
        )
    if goals:  # checkpoint goals: hollow diamonds
        for day, goal in goals:
            cx, cy = x(day), y(goal)
            body.append(
                el(
                    "path",
                    el("title", text(f"Checkpoint {day.isoformat()}: aim for {goal}")),
                    d=f"M{num(cx)} {num(cy - 6)}L{num(cx + 6)} {num(cy)}L{num(cx)} {num(cy + 6)}L{num(cx - 6)} {num(cy)}Z",
                    class_="img-point img-point--goal",
                    data_value=goal,
                    data_date=day.isoformat(),
                    data_x=cx,
                    data_y=cy,
                )
            )
    if step2:
        day, score = step2
        cx, cy = x(day), y(score)
        body.append(
            el(
                "rect",
                el("title", text(f"Step 2 CK {day.isoformat()}: {score}")),
                x=cx - 6,
                y=cy - 6,
                width=12.0,
                height=12.0,
                class_="img-point img-point--step2",
                data_value=score,
                data_date=day.isoformat(),
                data_x=cx,
                data_y=cy,
            )
        )
        body.append(label(cx, cy + 22, f"Step 2 CK {score}", size=SMALL, cls="img-ink img-strong img-halo"))
    return body


def _words(
    practice: list[Any],
    refs: list[tuple[int, str, str]],
    step2: tuple[date, int] | None,
    goals: list[tuple[date, int]],
    exam: date | None,
    exam_name: str,
) -> tuple[str, list[tuple[object, ...]]]:
    """The chart's description and its table rows."""
    scores = ", ".join(f"{p.score} on {p.date.isoformat()}" for p in practice)
    desc = (
        f"Practice scores {scores}, against "
        + ", ".join(f"the {word} line at {v}" for v, word, _ in refs)
        + (f". Step 2 CK {step2[1]} on {step2[0].isoformat()}" if step2 else "")
        + (
            f". {exam_name} on {exam.isoformat()}, checkpoint goals "
            + ", ".join(f"{g} by {dd.isoformat()}" for dd, g in goals)
            if exam
            else ""
        )
        + "."
    )
    rows: list[tuple[object, ...]] = [(p.date.isoformat(), p.exam, p.score) for p in practice]
    rows += [(step2[0].isoformat(), "Step 2 CK", step2[1])] if step2 else []
    rows += [(day.isoformat(), "Checkpoint goal", goal) for day, goal in goals]
    rows += [("", f"{word[:1].upper()}{word[1:]} line", v) for v, word, _ in refs]
    return desc, rows


def _practice_refs(f: dict[str, Any]) -> list[tuple[int, str, str]]:
    """Horizontal lines of the practice chart: ``(score, word, css class)``, equal values merged."""
    out: list[tuple[int, str, str]] = []
    if f["target"] == f["ready_threshold"]:
        out.append((f["target"], "target and ready", "img-ref--target"))
    else:
        out.append((f["target"], "target", "img-ref--target"))
        out.append((f["ready_threshold"], "ready", "img-ref--ready"))
    floor = f.get("READY_FLOOR")
    if floor is not None and all(floor != v for v, _, _ in out):
        out.append((floor, "postpone under", "img-ref--floor"))
    return out


def _spread(
    items: list[tuple[float, str]], top: float, bottom: float, gap: float = 13
) -> list[tuple[float, str]]:
    """Nudge right-hand labels apart vertically (keeping their order)."""
    order = sorted(range(len(items)), key=lambda i: items[i][0])
    ys = [items[i][0] for i in order]
    for k in range(1, len(ys)):
        ys[k] = max(ys[k], ys[k - 1] + gap)
    out = list(items)
    for k, i in enumerate(order):
        out[i] = (ys[k], items[i][1])
    return out


def legend(y: float, entries: Sequence[tuple[str, str]]) -> list[str]:
    out, cx = [], 44.0
    for kind, words in entries:
        if kind == "practice":
            out.append(el("circle", cx=cx + 5, cy=y - 4, r=5.0, class_="img-point img-point--practice"))
        elif kind == "goal":
            out.append(
                el(
                    "path",
                    d=f"M{num(cx + 5)} {num(y - 10)}L{num(cx + 11)} {num(y - 4)}L{num(cx + 5)} {num(y + 2)}L{num(cx - 1)} {num(y - 4)}Z",
                    class_="img-point img-point--goal",
                )
            )
        else:
            out.append(
                el("rect", x=cx, y=y - 9, width=10.0, height=10.0, class_=f"img-point img-point--{kind}")
            )
        out.append(label(cx + 16, y, words, anchor="start", size=SMALL))
        cx += 16 + text_width(words, SMALL) + 18
    return out
