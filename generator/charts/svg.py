"""The building blocks every chart uses: palette and sizes, :class:`Scale`, text escaping,
element ids, SVG elements, the figure around a chart and the month axis of the date charts."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

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
TRACK_NAMES = {
    "internal-medicine": "internal medicine",
    "medicine-psychiatry": "internal medicine–psychiatry",
    "psychiatry": "psychiatry",
}

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
    def attrs(self) -> tuple[str, str]:
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


# ---- date axis -----------------------------------------------------------------------------
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
