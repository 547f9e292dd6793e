"""The cohort dashboard: aggregates only, from the same tables as the cohort page."""

from __future__ import annotations

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
    svg,
    table,
    text,
)


def value_words(key: str) -> str:
    """A cohort table value that is not a rule ID, in words: ``internal-medicine: no ...`` ->
    ``Internal medicine: no ...``."""
    for slug_, words in TRACK_NAMES.items():
        key = key.replace(f"{slug_}:", f"{words}:")
    return key[:1].upper() + key[1:]


def cohort_chart(tables: dict[str, list[dict[str, Any]]], size: int, minimum: int, book: Any) -> Markup:
    """The cohort dashboard (aggregates only): one bar per value of each cohort table.

    ``tables`` are the cohort page's own tables (``report.cohort.cohort_tables``) of ``size``
    members, so chart and tables always agree. A count under ``minimum`` is not drawn to scale: it
    is a hatched bar up to ``minimum`` labelled "fewer than N", exactly as the tables show it.
    Rule IDs are labelled with their titles (from ``book``).
    """
    if not size:
        return Markup("")
    name = "cohort"
    cid = chart_id(name)
    titles = {r.id: r.title for r in book.rules}
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
            bar, w, value_text = _bar(cid, x, y + 2, words, shown, count, r["share"], minimum)
            body.append(bar)
            body.append(label(gutter + w + 6, y + 13, value_text, anchor="start", size=SMALL))
            trows.append((title, words, shown, r["share"]))
            parts.append(f"{words}: {shown}")
            y += 20
        desc_parts.append(f"{title}: " + "; ".join(parts) + ".")
        y += 10
    height = y + 4
    title = f"Cohort dashboard ({size} applicants)"
    desc = (
        " ".join(desc_parts)
        + f" Only counts of at least {minimum}, beside a rest of at least {minimum}, are shown."
    )
    caption = (
        "The cohort at a glance: scenarios, bands per track, readiness and delay advice. "
        "Only counts that pass the small-group rule are drawn; the tables below hold the same counts."
    )
    return figure(
        name,
        "cohort",
        caption,
        svg(cid, height, title, desc, body, x=x),
        table(title, ("Table", "Value", "Applicants", "Share"), trows),
    )


def _bar(
    cid: str, x: Scale, top: float, key: str, shown: str, count: int | None, share: str, minimum: int
) -> tuple[str, float, str]:
    """One value's bar, its width and the words beside it; under ``minimum``, a hatched bar."""
    gutter = x.range[0]
    if count is None:
        w = round(x(minimum) - gutter, 1)
        bar = el(
            "rect",
            el("title", text(f"{key}: {shown}")),
            x=gutter,
            y=top,
            width=w,
            height=14.0,
            fill=f"url(#{cid}-hatch)",
            stroke="currentColor",
            stroke_dasharray="3 2",
            class_="img-bar img-bar--suppressed",
            data_value=shown,
        )
        return bar, w, shown
    w = round(x(count) - gutter, 1)
    bar = el(
        "rect",
        el("title", text(f"{key}: {count} ({share})")),
        x=gutter,
        y=top,
        width=w,
        height=14.0,
        class_="img-bar img-bar--count",
        fill=OKABE_ITO["blue"],
        data_value=count,
    )
    return bar, w, f"{count} ({share})"
