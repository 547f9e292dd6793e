"""Chart 1 of a report: the Step 2 CK scale of one track, with its bands, the passing score,
the program screens and the applicant's score (or target and latest practice score)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from .svg import (
    FONT,
    OKABE_ITO,
    SMALL,
    TRACK_NAMES,
    WIDTH,
    Scale,
    chart_id,
    el,
    figure,
    hatch,
    label,
    num,
    score_domain,
    stack,
    svg,
    table,
    text,
    text_width,
)

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


@dataclass(frozen=True)
class Mark:
    kind: str  # score | target | practice
    label: str
    value: int


def score_marks(f: dict[str, Any]) -> list[Mark]:
    """What the scale marks: a passed Step 2 CK score, or else the target and the latest counted
    Step 2 CK practice score (a failed score has no band, so it is not placed among them)."""
    if f["step2_passed"]:
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

    edges = [lo, *starts, hi]
    drawn, band_rows = _bands(spec, edges, x, book, cid, current, bar_top, bar_h)
    body += drawn

    axis_y = bar_bottom
    body += _axis(x, lo, hi, left, right, axis_y)
    drawn, height = _references(passing, screens, x, left, right, bar_top, axis_y)
    body += drawn
    body += _marks(marks, marker_labels, label_rows, x, bar_top, bar_bottom)

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
    if f["step2_passed"]:
        what = "the Step 2 CK score sits"
    elif f["practice_latest"] is not None:
        what = "the target and the latest Step 2 CK practice score sit"
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


def _bands(
    spec: Any,
    edges: list[int],
    x: Scale,
    book: Any,
    cid: str,
    current: str | None,
    bar_top: float,
    bar_h: float,
) -> tuple[list[str], list[tuple[str, str]]]:
    """The bands as coloured stretches of the bar (the applicant's outlined), and their table rows."""
    body: list[str] = []
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
                el("title", text(f"{title}: {scores}")),
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
        band_rows.append((scores, title + (" — the band of this score" if rid == current else "")))
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

    return body, band_rows


def _axis(x: Scale, lo: int, hi: int, left: float, right: float, axis_y: float) -> list[str]:
    """The axis with ticks every 5 points, numbers every 10."""
    body: list[str] = []
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

    return body


def _references(
    passing: int, screens: list[Any], x: Scale, left: float, right: float, bar_top: float, axis_y: float
) -> tuple[list[str], float]:
    """The passing score and program screens: dashed lines through the bar, labels below the axis;
    and the chart's height below them."""
    body: list[str] = []
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

    return body, height


def _marks(
    marks: list[Any],
    marker_labels: list[tuple[float, int, str]],
    label_rows: int,
    x: Scale,
    bar_top: float,
    bar_bottom: float,
) -> list[str]:
    """The applicant's marks: a downward triangle on the bar, its value above."""
    body: list[str] = []
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

    return body


def kind_name(kind: str) -> str:
    """``"university-affiliated"`` -> ``"University-affiliated"``; ``any`` -> ``Programs``."""
    return "Programs" if kind == "any" else kind[:1].upper() + kind[1:]
