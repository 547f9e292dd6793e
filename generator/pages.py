"""Markdown pages of a project: generate them from profiles, write them under ``docs/``.

``generate`` is pure (profiles in, pages out); ``write_docs`` puts pages under ``docs/``, keeping a
manifest, writing only what changed and never touching a file it did not write.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .cohort import Summary, summarize
from .engine import Decision, decide
from .errors import InputError, Problem, display_path
from .profiles import Profile, load_profiles
from .project import Project
from .render import Renderer

MANIFEST = ".img-guide-manifest.json"
log = logging.getLogger("img-guide")


@dataclass
class Generated:
    """Markdown pages by path relative to ``docs/``, with what the sites need to know."""

    pages: dict[str, str] = field(default_factory=dict)
    cohorts: dict[str, list[str]] = field(default_factory=dict)  # cohort -> applicant ids
    decisions: list[Decision] = field(default_factory=list)
    summaries: dict[str, Summary] = field(default_factory=dict)  # applicant id -> summary

    @property
    def applicants(self) -> list[str]:
        return [d.profile.id for d in self.decisions]


class Everything:
    """A ``publish`` set that holds every cohort (the local preview shows all reports)."""

    def __contains__(self, item: object) -> bool:
        return True


def applicant_pages(project: Project, renderer: Renderer, profiles: Iterable[Profile], as_of: date,
                    out: Generated) -> None:
    """Decide and render each profile into ``out`` (report pages and summary)."""
    book = project.rulebook
    for profile in profiles:
        d = decide(profile, book, as_of)
        out.decisions.append(d)
        out.summaries[profile.id] = summarize(d, project.programs, book)
        for name, text in renderer.applicant_pages(d).items():
            out.pages[f"applicants/{profile.id}/{name}"] = text


def cohort_pages(renderer: Renderer, cohorts: dict[str, list[str]], summaries: dict[str, Summary],
                 as_of: date, publish: Container[str], only: Container[str] | None = None) -> dict[str, str]:
    pages = {}
    for cohort, members in sorted(cohorts.items()):
        if only is not None and cohort not in only:
            continue
        pages[f"cohorts/{cohort}/index.md"] = renderer.cohort_page(
            cohort, [summaries[m] for m in sorted(members)], as_of, cohort in publish, sorted(members)
        )
    return pages


def generate(project: Project, as_of: date, profiles_dir: Path | None = None,
             publish: Container[str] = frozenset()) -> Generated:
    """Validate every profile, decide it, and render every report and cohort page."""
    profiles = load_profiles([profiles_dir or project.profiles_dir])
    renderer = Renderer(project)
    out = Generated()
    applicant_pages(project, renderer, profiles, as_of, out)
    for p in profiles:
        if p.cohort:
            out.cohorts.setdefault(p.cohort, []).append(p.id)
    out.pages.update(cohort_pages(renderer, out.cohorts, out.summaries, as_of, publish))
    return out


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def write_docs(docs: Path, pages: dict[str, str], keep: tuple[str, ...] = ()) -> dict[str, int]:
    """Write generated pages under ``docs``; only changed files are written.

    Files the generator wrote before and no longer generates are removed, unless someone edited
    them since, or they lie under a ``keep`` prefix (an incremental build leaves unchanged
    applicants alone); files it never wrote are never touched (a generated page may not replace one).
    """
    manifest_path = docs / MANIFEST
    old: dict[str, str] = {}
    if manifest_path.is_file():
        try:
            old = json.loads(manifest_path.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError):
            old = {}
    problems = []
    for rel in sorted(pages):
        target = docs / rel
        if target.exists() and rel not in old:
            problems.append(
                Problem(
                    display_path(target),
                    1,
                    1,
                    "",
                    "exists and was not written by img-guide; "
                    "move it away so the generated report can take its place",
                )
            )
    if problems:
        raise InputError(problems)
    stats = {"written": 0, "unchanged": 0, "removed": 0, "kept": 0}
    for rel, text in sorted(pages.items()):
        target = docs / rel
        digest = _digest(text)
        if target.is_file() and old.get(rel) == digest and _digest(target.read_bytes()) == digest:
            stats["unchanged"] += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
        stats["written"] += 1
    kept_entries = {rel: d for rel, d in old.items() if rel not in pages and rel.startswith(keep or ("\0",))}
    for rel, digest in sorted(old.items()):
        if rel in pages or rel in kept_entries:
            continue
        target = docs / rel
        if target.is_file() and _digest(target.read_bytes()) == digest:
            target.unlink()
            _prune_empty(target.parent, docs)
            stats["removed"] += 1
        elif target.exists():
            log.warning("kept %s: edited since img-guide wrote it", display_path(target))
            stats["kept"] += 1
    files = {**kept_entries, **{rel: _digest(text) for rel, text in pages.items()}}
    manifest = {"files": dict(sorted(files.items()))}
    tmp = manifest_path.with_name(f".{MANIFEST}.tmp")
    docs.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)
    return stats


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


