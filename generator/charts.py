"""Charts as inline SVG (no JavaScript): they work offline, in print and in the zip bundles.

Pure functions: a decision, its study plan and the rulebook in, ``Markup`` out. The output is
deterministic (element ids come from chart names, never from counters or random numbers).

Every position is computed by a :class:`Scale`, a linear map from data to SVG user units::

    x = r0 + (value - d0) * (r1 - r0) / (d1 - d0)    (clamped to [r0, r1], rounded to 0.1)

Each chart's root ``<svg>`` carries the scales it used as ``data-x-domain``/``data-x-range``
(and ``data-y-...`` for two-axis charts), and every data mark carries the value it shows
(``data-value``, ``data-date``), so anyone can check that a mark sits where its number says.
Dates are mapped by their ordinal day number (``date.toordinal()``).

Each chart is a block-level ``<figure class="img-chart">`` on lines of its own (so Python-Markdown
passes it through as raw HTML): a caption, the SVG (with ``<title>`` and ``<desc>``), and a
``<details>`` holding a data table with the same numbers. Colours are the Okabe-Ito palette,
always with a text label (and a hatch pattern for the lowest band), and the stylesheet
(``assets/stylesheets/img-guide.css``) adapts them to Material's light and dark schemes; text and
axes use ``currentColor``. Every piece of text is XML-escaped, and the characters Markdown gives
meaning to are written as character references, so free text from a profile stays text.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"

# Okabe-Ito, a palette that stays distinct for the common colour-vision deficiencies.
OKABE_ITO = {
    "orange": "#E69F00",
    "sky-blue": "#56B4E9",
    "bluish-green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish-purple": "#CC79A7",
    "black": "#000000",
}
# Bands from the lowest up: the lowest is also hatched, so it does not depend on colour.
BAND_COLOURS = ("vermillion", "orange", "sky-blue", "bluish-green", "blue")

# The Step 2 CK bands of each track, lowest first: (rule ID, threshold where the band starts).
BANDS: dict[str, tuple[tuple[str, str | None], ...]] = {
    "internal-medicine": (
        ("BAND-IM-CHALLENGING", None),
        ("BAND-IM-VIABLE", "IM_VIABLE"),
        ("BAND-IM-SOLID", "IM_SOLID"),
        ("BAND-IM-COMPETITIVE", "IM_COMPETITIVE"),
    ),
    "medicine-psychiatry": (
        ("BAND-MP-CONCERNING", None),
        ("BAND-MP-BORDERLINE", "MP_BORDERLINE"),
        ("BAND-MP-SOLID", "MP_SOLID"),
        ("BAND-MP-VERY-COMPETITIVE", "MP_VERY_COMPETITIVE"),
    ),
}
TRACK_NAMES = {
    "internal-medicine": "internal medicine",
    "medicine-psychiatry": "medicine-psychiatry",
    "psychiatry": "psychiatry",
}
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

WIDTH = 660
FONT = 12  # SVG user units; the SVG scales with the page width
SMALL = 10.5


# ---- scales --------------------------------------------------------------------------------
@dataclass(frozen=True)
class Scale:
    """A linear map from ``domain`` (data) to ``range`` (SVG user units), clamped at the ends."""

    domain: tuple[float, float]
    range: tuple[float, float]

    def __call__(self, value: float | date) -> float:
        v = float(value.toordinal()) if isinstance(value, date) else float(value)
        (d0, d1), (r0, r1) = self.domain, self.range
        t = 0.0 if d1 == d0 else (v - d0) / (d1 - d0)
        t = min(1.0, max(0.0, t))
        return round(r0 + t * (r1 - r0), 1)

    @property
    def attrs(self) -> str:
        """``"d0 d1"`` and ``"r0 r1"``, as written on the chart's root element."""
        return f"{num(self.domain[0])} {num(self.domain[1])}", f"{num(self.range[0])} {num(self.range[1])}"


def date_scale(start: date, end: date, r0: float, r1: float) -> Scale:
    """Dates by ordinal day number: ``date_scale(a, b, ...)(a) == r0``."""
    return Scale((float(start.toordinal()), float(end.toordinal())), (r0, r1))


def score_domain(values: Iterable[float], step: int = 10, pad: int = 5) -> tuple[int, int]:
    """The score axis of a chart: every value with ``pad`` points to spare, on multiples of ``step``."""
    vals = [v for v in values if v is not None]
    if not vals:
        return (200, 260)
    lo = step * math.floor((min(vals) - pad) / step)
    hi = step * math.ceil((max(vals) + pad) / step)
    return (lo, hi)


def num(x: float) -> str:
    """A coordinate as SVG text: ``12.0 -> "12"``, ``12.25 -> "12.2"``."""
    s = f"{round(float(x), 1):.1f}"
    return s[:-2] if s.endswith(".0") else s


# ---- text ----------------------------------------------------------------------------------
_MD_SIGNIFICANT = re.compile(r"[\\`*_{}\[\]()#|!]")


def text(value: object) -> str:
    """Text for SVG/HTML content or attributes: XML-escaped, Markdown characters as references."""
    s = " ".join(str(value).split())
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    return _MD_SIGNIFICANT.sub(lambda m: f"&#{ord(m.group(0))};", s)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def chart_id(name: str) -> str:
    """The id of a chart's figure (``"scale:internal-medicine"`` -> ``img-chart-scale-internal-medicine``)."""
    return f"img-chart-{slug(name)}"


def text_width(s: str, size: float = FONT) -> float:
    """A generous estimate of the width of ``s`` in a sans-serif font of ``size`` user units."""
    return len(s) * size * 0.58


def short_date(day: date) -> str:
    return f"{day.day} {day.strftime('%b')}"


# ---- SVG building blocks ---------------------------------------------------------------------
def attr(value: object) -> str:
    """An attribute value (our own numbers, ids and classes): XML-escaped."""
    return html.escape(num(value) if isinstance(value, float) else str(value), quote=True)


def _attrs(**kw: object) -> str:
    out = []
    for key, value in kw.items():
        if value is None:
            continue
        out.append(f'{key.rstrip("_").replace("_", "-")}="{attr(value)}"')
    return " ".join(out)


def el(tag: str, body: str | None = None, **kw: object) -> str:
    attrs = _attrs(**kw)
    head = f"<{tag} {attrs}" if attrs else f"<{tag}"
    return f"{head}/>" if body is None else f"{head}>{body}</{tag}>"


def label(
    x: float, y: float, s: str, anchor: str = "middle", size: float = FONT, cls: str = "img-ink"
) -> str:
    return el("text", text(s), x=float(x), y=float(y), text_anchor=anchor, font_size=size, class_=cls)


def svg(cid: str, height: float, title: str, desc: str, body: Sequence[str], **scales: Scale) -> str:
    extra: dict[str, str] = {}
    for axis, scale in scales.items():
        extra[f"data_{axis}_domain"], extra[f"data_{axis}_range"] = scale.attrs
    head = _attrs(
        xmlns=SVG_NS,
        class_="img-chart__svg",
        viewBox=f"0 0 {WIDTH} {num(height)}",
        width=str(WIDTH),
        height=num(height),
        role="img",
        aria_labelledby=f"{cid}-title {cid}-desc",
        font_family="sans-serif",
        **extra,
    )
    inner = [el("title", text(title), id=f"{cid}-title"), el("desc", text(desc), id=f"{cid}-desc"), *body]
    return f"<svg {head}>" + "".join(inner) + "</svg>"


def hatch(cid: str, colour: str, tone: str = "warn") -> str:
    """A diagonal hatch pattern (id ``{cid}-hatch``): the lowest band (``warn``) or a suppressed
    count (``neutral``) reads without colour."""
    return el(
        "defs",
        el(
            "pattern",
            el(
                "rect",
                width=6.0,
                height=6.0,
                fill=colour,
                fill_opacity="0.35" if tone == "warn" else "0",
                class_=f"img-hatch-bg img-hatch-bg--{tone}",
            )
            + el(
                "path",
                d="M0 6L6 0M-1 1L1 -1M5 7L7 5",
                stroke=colour,
                stroke_width="1.4",
                class_=f"img-hatch img-hatch--{tone}",
            ),
            id=f"{cid}-hatch",
            width=6.0,
            height=6.0,
            patternUnits="userSpaceOnUse",
        ),
    )


def table(caption: str, head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    th = "".join(f'<th scope="col">{text(h)}</th>' for h in head)
    body = "".join("<tr>" + "".join(f"<td>{text(c)}</td>" for c in row) + "</tr>" for row in rows)
    return (
        f"<table><caption>{text(caption)}</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"
    )


def figure(name: str, kind: str, caption: str, svg_text: str, data_table: str) -> Markup:
    """The block placed in a page: blank lines around, no blank line inside (raw HTML for Markdown)."""
    cid = chart_id(name)
    return Markup(
        f'<figure class="img-chart img-chart--{kind}" id="{cid}">\n'
        f"<figcaption>{text(caption)}</figcaption>\n"
        f"{svg_text}\n"
        f'<details class="img-chart__data"><summary>The numbers in this chart</summary>\n'
        f"{data_table}\n"
        "</details>\n"
        "</figure>"
    )


def stack(
    items: Sequence[tuple[float, str]], left: float, right: float, size: float = SMALL
) -> list[tuple[float, int, str]]:
    """Place centred labels in as few rows as keep them apart: ``(x, row, text)`` per label."""
    ends: list[float] = []
    out = []
    for x, s in sorted(items, key=lambda i: i[0]):
        half = text_width(s, size) / 2
        cx = min(max(x, left + half), right - half)
        row = next((i for i, end in enumerate(ends) if cx - half > end + 4), len(ends))
        if row == len(ends):
            ends.append(cx + half)
        else:
            ends[row] = cx + half
        out.append((cx, row, s))
    return out


# ---- 1. the Step 2 CK scale of one track -----------------------------------------------------
@dataclass(frozen=True)
class Mark:
    kind: str  # score | target | practice
    label: str
    value: int


def score_marks(f: dict[str, Any]) -> list[Mark]:
    """What the scale marks: the Step 2 CK score, or else the target and the latest practice score."""
    if f["step2_score"] is not None:
        return [Mark("score", "Step 2 CK score", f["step2_score"])]
    marks = [Mark("target", "Target", f["target"])]
    if f["practice_latest"] is not None:
        marks.append(Mark("practice", "Latest practice score", f["practice_latest"]))
    return marks


def band_short(title: str) -> str:
    """``"Internal medicine, solid"`` -> ``"solid"``."""
    return title.split(", ", 1)[-1]


def scale_chart(track: str, d: Any, book: Any) -> Markup:
    name = f"scale:{track}"
    cid = chart_id(name)
    f, th = d.facts, book.thresholds
    spec = BANDS[track]
    starts = [th[key] for _, key in spec[1:]]
    screens = list(book.tiers.get("kinds", {}).get(track, []))
    marks = score_marks(f)
    passing = f["step2_passing"]
    # the lowest and the highest band get at least 10 points of room for their labels
    edge_room = [starts[0] - 10, starts[-1] + 10]
    lo, hi = score_domain(
        [*starts, *edge_room, *(s["screen"] for s in screens), *(m.value for m in marks), passing]
    )
    left, right = 20.0, WIDTH - 20.0
    x = Scale((lo, hi), (left, right))
    current = d.bands.get(track)

    body: list[str] = [hatch(cid, OKABE_ITO[BAND_COLOURS[0]])]
    marker_labels = stack([(x(m.value), f"{m.label} {m.value}") for m in marks], left, right, FONT)
    label_rows = max((r for _, r, _ in marker_labels), default=0) + 1
    bar_top = 14 + 15 * label_rows + 10
    bar_h = 30.0
    bar_bottom = bar_top + bar_h

    # bands
    edges = [lo, *starts, hi]
    band_rows = []
    for i, (rid, _) in enumerate(spec):
        a, b = edges[i], edges[i + 1]
        title = book.rule(rid).title
        colour = OKABE_ITO[BAND_COLOURS[i % len(BAND_COLOURS)]]
        x0, x1 = x(a), x(b)
        first, last = i == 0, i == len(spec) - 1
        scores = f"under {b}" if first else (f"{a} or more" if last else f"{a}–{b - 1}")
        body.append(
            el(
                "rect",
                el("title", text(f"{rid}: {scores}")),
                x=x0,
                y=float(bar_top),
                width=round(x1 - x0, 1),
                height=bar_h,
                fill=f"url(#{cid}-hatch)" if first else colour,
                fill_opacity=None if first else "0.45",
                class_=f"img-band img-band-{i}" + (" img-band--current" if rid == current else ""),
                data_band=rid,
                data_from=None if first else a,
                data_to=None if last else b - 1,
            )
        )
        short = band_short(title)
        if text_width(short, SMALL) + 6 < x1 - x0:
            body.append(
                label((x0 + x1) / 2, bar_top + bar_h / 2 + 4, short, size=SMALL, cls="img-ink img-halo")
            )
        band_rows.append(
            (scores, f"{rid} ({title})" + (" — the band of this score" if rid == current else ""))
        )
    if current:
        i = [r for r, _ in spec].index(current)
        x0, x1 = x(edges[i]), x(edges[i + 1])
        body.append(
            el(
                "rect",
                x=x0,
                y=float(bar_top),
                width=round(x1 - x0, 1),
                height=bar_h,
                fill="none",
                stroke="currentColor",
                stroke_width="2.5",
                class_="img-band-outline",
            )
        )

    # axis with ticks every 5 points, numbers every 10
    axis_y = bar_bottom
    body.append(el("line", x1=left, y1=axis_y, x2=right, y2=axis_y, stroke="currentColor", class_="img-axis"))
    for v in range(lo, hi + 1, 5):
        tick = 6 if v % 10 == 0 else 3
        body.append(
            el(
                "line",
                x1=x(v),
                y1=axis_y,
                x2=x(v),
                y2=axis_y + tick,
                stroke="currentColor",
                class_="img-axis",
            )
        )
        if v % 10 == 0:
            body.append(label(x(v), axis_y + 18, str(v), size=SMALL))

    # passing score and program screens: dashed lines through the bar, labels below the axis
    refs = [(passing, f"Pass {passing}", "img-ref img-ref--pass")]
    refs += [
        (s["screen"], f"{kind_name(s['kind'])} {s['screen']}", "img-ref img-ref--screen") for s in screens
    ]
    for value, _, cls in refs:
        body.append(
            el(
                "line",
                x1=x(value),
                y1=bar_top - 4,
                x2=x(value),
                y2=axis_y + 26,
                stroke="currentColor",
                stroke_dasharray="3 3",
                class_=cls,
                data_value=value,
            )
        )
    placed = stack([(x(v), s) for v, s, _ in refs], left, right)
    ref_top = axis_y + 38
    for cx, row, s in placed:
        body.append(label(cx, ref_top + 14 * row, s, size=SMALL, cls="img-ink img-muted"))
    height = ref_top + 14 * (max((r for _, r, _ in placed), default=0)) + 10

    # the applicant's marks: a downward triangle on the bar, its value above
    for cx, row, s in marker_labels:
        body.append(label(cx, 14 + 15 * (label_rows - 1 - row), s, cls="img-ink img-strong"))
    for m in marks:
        mx = x(m.value)
        tri = (
            f"M{num(mx - 6)} {num(bar_top - 10)}L{num(mx + 6)} {num(bar_top - 10)}L{num(mx)} {num(bar_top)}Z"
        )
        body.append(
            el(
                "g",
                el("path", d=tri, class_=f"img-mark-shape img-mark-shape--{m.kind}")
                + el(
                    "line",
                    x1=mx,
                    y1=float(bar_top),
                    x2=mx,
                    y2=bar_bottom,
                    stroke_width="2.5",
                    class_=f"img-mark-line img-mark-line--{m.kind}",
                ),
                class_=f"img-mark img-mark--{m.kind}",
                data_value=m.value,
                data_x=mx,
            )
        )

    tname = TRACK_NAMES.get(track, track)
    marks_text = "; ".join(f"{m.label} {m.value}" for m in marks)
    bands_text = "; ".join(
        f"{band_short(book.rule(r).title)} {rng}" for (r, _), (rng, _) in zip(spec, band_rows, strict=True)
    )
    title = f"Step 2 CK bands for {tname}"
    desc = (
        f"A Step 2 CK scale from {lo} to {hi}. Bands: {bands_text}. Passing score {passing}. "
        f"Program screens: "
        + ("; ".join(f"{kind_name(s['kind']).lower()} {s['screen']}" for s in screens) or "none")
        + f". Marked: {marks_text}."
    )
    rows: list[tuple[object, ...]] = [(rng, what) for rng, what in band_rows]
    rows.append((passing, "Passing score"))
    rows += [(s["screen"], f"Screen of {s['label'].lower()}") for s in screens]
    rows += [(m.value, m.label) for m in marks]
    if f["step2_score"] is not None:
        what = "the Step 2 CK score sits"
    elif f["practice_latest"] is not None:
        what = "the target and the latest practice score sit"
    else:
        what = "the target sits"
    caption = f"{tname.capitalize()}: where {what} among the bands and typical program screens."
    return figure(
        name,
        "scale",
        caption,
        svg(cid, height, title, desc, body, x=x),
        table(title, ("Step 2 CK", "What"), rows),
    )


def kind_name(kind: str) -> str:
    """``"university-affiliated"`` -> ``"University-affiliated"``; ``any`` -> ``Programs``."""
    return "Programs" if kind == "any" else kind[:1].upper() + kind[1:]


# ---- 2. practice scores over time ------------------------------------------------------------
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
    body += month_axis(x, start, end, bottom)

    # reference lines, labelled at the right end
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

    # as of and the exam date
    if ahead and start <= d.as_of <= end:
        body.append(
            el(
                "line",
                x1=x(d.as_of),
                y1=top - 8,
                x2=x(d.as_of),
                y2=bottom,
                stroke="currentColor",
                stroke_dasharray="2 3",
                class_="img-today",
                data_date=d.as_of.isoformat(),
            )
        )
        body.append(label(x(d.as_of), top - 12, "as of", size=SMALL, cls="img-ink img-muted"))
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
        body.append(label(x(exam), top - 12, f"{plan.exam} {short_date(exam)}", size=SMALL))

    # the practice scores: a line through filled circles, each with its score
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
    scores = ", ".join(f"{p.score} on {p.date.isoformat()}" for p in practice)
    desc = (
        f"Practice scores {scores}, against "
        + ", ".join(f"the {word} line at {v}" for v, word, _ in refs)
        + (f". Step 2 CK {step2[1]} on {step2[0].isoformat()}" if step2 else "")
        + (
            f". {plan.exam} on {exam.isoformat()}, checkpoint goals "
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


def month_axis(x: Scale, start: date, end: date, y0: float) -> list[str]:
    """Month ticks along ``y0``: abbreviated months, the year under the first tick and each January."""
    firsts = []
    day = date(start.year, start.month, 1)
    while day <= end:
        if day >= start:
            firsts.append(day)
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    span = x.range[1] - x.range[0]
    per_month = span / max(1.0, (end - start).days / 30.44)
    every = max(1, math.ceil(34 / per_month))
    out = [el("line", x1=x.range[0], y1=y0, x2=x.range[1], y2=y0, stroke="currentColor", class_="img-axis")]
    shown_year = False
    for i, day in enumerate(firsts):
        out.append(
            el("line", x1=x(day), y1=y0, x2=x(day), y2=y0 + 5, stroke="currentColor", class_="img-axis")
        )
        if (day.month - 1) % every and i:
            continue
        out.append(label(x(day), y0 + 17, day.strftime("%b"), size=SMALL))
        if not shown_year or day.month == 1:
            out.append(label(x(day), y0 + 30, str(day.year), size=SMALL, cls="img-ink img-muted"))
            shown_year = True
    return out


# ---- 3. the study plan as a timeline ---------------------------------------------------------
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
    for key, day in f["dates"].items():
        row = "Exam" if key in EXAM_ROW_DATES and plan.kind != "profile" else "Application"
        if key in EXAM_ROW_DATES and plan.kind == "profile":
            continue  # the scores are in: the score deadlines no longer apply
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

    rows = [
        r for r in ("Self-assessments", "Tasks", "Exam", "Application") if any(e.row == r for e in events)
    ]
    body: list[str] = []
    y = 30.0
    row_top = {}
    if phases:
        row_top["Study phases"] = y
        body.append(label(gutter - 14, y + 15, "Study phases", anchor="end", size=SMALL))
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
                body.append(
                    label((x0 + x1) / 2, y + 15, f"{i}" if x1 - x0 < 70 else f"Phase {i}", size=SMALL)
                )
        y += 40
    for row in rows:
        row_top[row] = y
        evs = [e for e in events if e.row == row]
        body.append(
            el(
                "line",
                x1=gutter,
                y1=y + 8,
                x2=right,
                y2=y + 8,
                stroke="currentColor",
                stroke_opacity="0.25",
                class_="img-grid",
            )
        )
        body.append(label(gutter - 14, y + 12, row, anchor="end", size=SMALL))
        for e in evs:
            body.append(shape(e, x(e.day), y + 8))
        if row == "Self-assessments":
            y += 30
            continue
        placed = stack([(x(e.day), e.short) for e in evs], gutter - 60, right + 20)
        for cx, r, s in placed:
            body.append(label(cx, y + 30 + 13 * r, s, size=SMALL))
        y += 30 + 13 * (max((r for _, r, _ in placed), default=0)) + 16
    axis_y = y + 2
    body.insert(
        0,
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
    )
    body.insert(
        1,
        label(
            x(start),
            12,
            f"as of {short_date(start)} {start.year}",
            anchor="start",
            size=SMALL,
            cls="img-ink img-muted",
        ),
    )
    body += month_axis(x, start, end, axis_y)
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


# ---- the report's charts ---------------------------------------------------------------------
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


# ---- 4. the cohort dashboard -----------------------------------------------------------------
def _cohort_tables(items: list[Any], minimum: int, book: Any) -> dict[str, list[dict[str, Any]]]:
    """The cohort page's own tables (so chart and tables always agree), from cohort summaries
    or from decisions (which need ``book``)."""
    from .cohort import cohort_tables, summarize

    if hasattr(items[0], "fired"):
        items = [summarize(d, (), book) for d in items]
    return cohort_tables(items, minimum)


def value_words(key: str) -> str:
    """A cohort table value that is not a rule ID, in words: ``internal-medicine: no ...`` ->
    ``Internal medicine: no ...``."""
    for slug_, words in TRACK_NAMES.items():
        key = key.replace(f"{slug_}:", f"{words}:")
    return key[:1].upper() + key[1:]


def cohort_chart(decisions: list[Any], minimum: int, book: Any = None) -> Markup:
    """The cohort dashboard (aggregates only): one bar per value of each cohort table.

    ``decisions`` are the members' cohort summaries (``generator.cohort.Summary``), or their
    decisions with ``book``; the counts come from the same ``cohort_tables`` as the
    page's tables, so both always agree. A count under ``minimum`` is not drawn to scale: it
    is a hatched bar up to ``minimum`` labelled "fewer than N", exactly as the tables show it.
    Rule IDs are labelled with their titles (from ``book``, or from the decisions' rules).
    """
    if not decisions:
        return Markup("")
    name = "cohort"
    cid = chart_id(name)
    tables = _cohort_tables(decisions, minimum, book)
    titles: dict[str, str] = {}
    if book is not None:
        titles = {r.id: r.title for r in book.rules}
    for d in decisions:
        for fired in getattr(d, "fired", ()):
            titles.setdefault(fired.rule.id, fired.rule.title)
    size = len(decisions)
    gutter, right = 300.0, WIDTH - 70.0
    x = Scale((0, max(size, minimum)), (gutter, right))
    body: list[str] = [hatch(cid, "currentColor", "neutral")]
    y = 8.0
    trows: list[tuple[object, ...]] = []
    desc_parts = []
    for title, rows in tables.items():
        body.append(label(8, y + 14, title, anchor="start", size=FONT, cls="img-ink img-strong"))
        y += 24
        parts = []
        for r in rows:
            key = r["key"]
            shown = str(r["count"])
            count = int(shown) if shown.isdigit() else None
            words = titles.get(key, key) if key.isupper() else value_words(key)
            body.append(label(gutter - 8, y + 13, words, anchor="end", size=SMALL))
            if count is None:
                w = round(x(minimum) - gutter, 1)
                bar = el(
                    "rect",
                    el("title", text(f"{key}: {shown}")),
                    x=gutter,
                    y=y + 2,
                    width=w,
                    height=14.0,
                    fill=f"url(#{cid}-hatch)",
                    stroke="currentColor",
                    stroke_dasharray="3 2",
                    class_="img-bar img-bar--suppressed",
                    data_value=shown,
                )
                value_text = shown
            else:
                w = round(x(count) - gutter, 1)
                bar = el(
                    "rect",
                    el("title", text(f"{key}: {count} ({r['share']})")),
                    x=gutter,
                    y=y + 2,
                    width=w,
                    height=14.0,
                    class_="img-bar img-bar--count",
                    fill=OKABE_ITO["blue"],
                    data_value=count,
                )
                value_text = f"{count} ({r['share']})"
            body.append(bar)
            body.append(label(gutter + w + 6, y + 13, value_text, anchor="start", size=SMALL))
            trows.append(
                (title, f"{key}" + (f" ({titles[key]})" if key in titles else ""), shown, r["share"])
            )
            parts.append(f"{words}: {shown}")
            y += 20
        desc_parts.append(f"{title}: " + "; ".join(parts) + ".")
        y += 10
    height = y + 4
    title = f"Cohort dashboard ({size} applicants)"
    desc = " ".join(desc_parts) + f" Counts under {minimum} are shown as fewer than {minimum}."
    caption = (
        f"The cohort at a glance: scenarios, bands per track, readiness and delay advice. "
        f"A hatched bar means fewer than {minimum}; the tables below hold the same counts."
    )
    return figure(
        name,
        "cohort",
        caption,
        svg(cid, height, title, desc, body, x=x),
        table(title, ("Table", "Value", "Applicants", "Share"), trows),
    )
