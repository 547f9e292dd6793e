"""The advisor's dashboard (``site/index.html``, never published): one row per applicant.

It reads what the build already keeps: each report's status from the state entries (rule IDs,
scores, dates) and the name and notes that the build wrote beside the report in ``docs/``. The
page is Material-styled with the report site's own stylesheet, sorts and filters in the browser
with a few lines of inline script, and loads nothing from another host.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..engine.rulebook import human_day
from ..inputs.filecache import FileCache, file_names
from ..project import Project
from ..report.render import words
from .paths import PDFS
from .workers import ADVISOR


@dataclass(frozen=True)
class Row:
    pid: str
    name: str
    cohort: str
    situation: str
    bands: list[str]
    readiness: str
    action: str
    next_date: str
    next_sort: str
    needs: list[str]
    report: str
    pdf: str | None
    pdf_command: str
    notes: str
    changes: list[str] = field(default_factory=list)


def rows(
    project: Project,
    entries: dict[str, dict[str, Any]],
    links: dict[str, str],
    site_dir: Path,
    fresh: set[str],
    as_of: date,
) -> list[Row]:
    """One row per applicant, by name; ``links``: applicant id -> the report's index.html, relative
    to the site root; ``fresh``: the ids built in this build (only they can be marked changed)."""
    book = project.rulebook

    def title(rule_id: str | None) -> str:
        if not rule_id:
            return "–"
        try:
            return book.rule(rule_id).title
        except KeyError:
            return words(rule_id.lower())

    out = []
    printed = file_names(site_dir / PDFS)  # where `img-guide pdf` writes by default
    reports = os.path.join(project.docs_dir, "applicants")  # (strings: 10,000s of rows)
    for e in entries.values():
        pid, st = e["id"], e.get("status") or {}
        who = _advisor(os.path.join(reports, pid, ADVISOR))  # names are never in the state
        nxt = st.get("next_date")
        pdf = f"{pid}-report.pdf"
        bands = [
            f"{words(t)}: {title(b).rpartition(', ')[2] if b else 'no score yet'}"
            for t, b in (st.get("bands") or {}).items()
        ]
        out.append(
            Row(
                pid=pid,
                name=who.get("name") or pid,
                cohort=e.get("cohort") or "",
                bands=bands,
                situation=f"{title(st.get('scenario'))}; {title(st.get('cycle')).lower()}",
                readiness=", ".join(title(r) for r in st.get("readiness") or []) or "no exam ahead",
                action=title((st.get("actions") or [None])[0]),
                next_date=f"{human_day(date.fromisoformat(nxt[0]))}: {nxt[1]}" if nxt else "–",
                next_sort=nxt[0] if nxt else "9999",
                needs=list(st.get("needs") or []),
                report=links[pid],
                pdf=f"{PDFS}/{pdf}" if pdf in printed else None,
                pdf_command=f"img-guide pdf {pid} --as-of {as_of.isoformat()}",
                notes=who.get("notes") or "",
                changes=list(st.get("changes") or []) if pid in fresh else [],
            )
        )
    return sorted(out, key=lambda r: (r.name.casefold(), r.pid))


def _advisor(path: str) -> dict[str, str]:
    try:
        return _advisor_file(path)
    except OSError:
        return {}


def _parse_advisor(raw: bytes) -> dict[str, str]:
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return {}
    return {k: str(v) for k, v in data.items()} if isinstance(data, dict) else {}


_advisor_file = FileCache(_parse_advisor)  # read again only when the build rewrote it


def material_css(site_dir: Path, under: Path) -> list[str]:
    """Material's stylesheets of a site built under ``under``, relative to ``site_dir``."""
    found = []
    for pattern in ("stylesheets/main.*.min.css", "stylesheets/palette.*.min.css", "img-guide/img-guide.css"):
        hit = _shallowest(under, f"assets/{pattern}")
        if hit is not None:
            found.append(hit.relative_to(site_dir).as_posix())
    return found


def _shallowest(under: Path, pattern: str) -> Path | None:
    """The first match of ``pattern`` nearest to ``under`` (a report site holds thousands of
    folders: the sites' own assets are at most two levels down, so those levels are tried first)."""
    for prefix in ("", "*/", "*/*/"):
        hits = sorted(under.glob(prefix + pattern))
        if hits:
            return hits[0]
    hits = sorted(under.rglob(pattern), key=lambda p: (len(p.parts), p))
    return hits[0] if hits else None
