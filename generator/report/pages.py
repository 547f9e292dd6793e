"""Markdown pages of a project: generate them from profiles, write them under ``docs/``.

``applicant_pages`` and ``cohort_pages`` render the pages (they write nothing); ``write_docs`` puts
pages under ``docs/``, keeping a manifest, writing only what changed and never touching a file it
did not write.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import os
import secrets
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ..engine.engine import Decision, decide
from ..errors import InputError, Problem, display_path
from ..inputs.profiles import Profile
from ..project import Project
from .cohort import Summary, summarize
from .model import assemble
from .render import Renderer

MANIFEST = ".img-guide-manifest.json"
CLAIMED = ""  # the manifest's digest of a file a build claimed and has not finished writing
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


def applicant_pages(
    project: Project, renderer: Renderer, profiles: Iterable[Profile], as_of: date, out: Generated
) -> None:
    """Decide and render each profile into ``out`` (report pages and summary)."""
    book = project.rulebook
    for profile in profiles:
        d = decide(profile, book, as_of)
        out.decisions.append(d)
        report = assemble(d, project)
        out.summaries[profile.id] = summarize(report)
        for name, text in renderer.applicant_pages(report).items():
            out.pages[f"applicants/{profile.id}/{name}"] = text


def cohort_pages(
    renderer: Renderer,
    cohorts: dict[str, list[str]],
    summaries: dict[str, Summary],
    as_of: date,
    publish: Container[str],
    only: Container[str] | None = None,
) -> dict[str, str]:
    pages = {}
    for cohort, members in sorted(cohorts.items()):
        if only is not None and cohort not in only:
            continue
        pages[f"cohorts/{cohort}/index.md"] = renderer.cohort_page(
            cohort, [summaries[m] for m in sorted(members)], as_of, cohort in publish, sorted(members)
        )
    return pages


def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


class DocsWriter:
    """Writes generated files under ``docs/`` and keeps the manifest of what it wrote.

    Only changed files are written (atomically). ``finish`` removes files the generator wrote
    before and no longer generates, unless someone edited them since or they lie under a
    ``keep`` prefix; files it never wrote are never touched, and may not be replaced.
    """

    def __init__(self, docs: Path, manifest: dict[str, str] | None = None):
        """``manifest``: what the build already read of it (a worker writing its own files)."""
        self.docs = docs
        self.old: dict[str, str] = dict(manifest) if manifest is not None else {}
        self.salt = ""  # the calendar salt kept with the manifest (hex), see calendar_salt
        path = docs / MANIFEST
        if manifest is None and path.is_file():
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                self.old = dict(data["files"])
                self.salt = str(data.get("salt", ""))
            except (ValueError, KeyError, TypeError, AttributeError):
                self.old = {}

    def check(self, rels: Iterable[str]) -> None:
        """Refuse to replace files img-guide did not write."""
        problems = [
            Problem(
                display_path(self.docs / rel),
                1,
                1,
                "",
                "exists and was not written by img-guide; "
                "move it away so the generated report can take its place",
            )
            for rel in sorted(rels)
            if (self.docs / rel).exists() and rel not in self.old
        ]
        if problems:
            raise InputError(problems)

    def claim(self, rels: Iterable[str]) -> None:
        """Record ``rels`` in the manifest before writing them: a build killed halfway leaves
        files the next build knows as its own (and replaces or removes), never strangers."""
        new = {rel: CLAIMED for rel in rels if rel not in self.old}
        if new:
            self.old = dict(sorted({**self.old, **new}.items()))
            self._save(self.old)

    def write(self, rel: str, text: str) -> tuple[str, bool]:
        """Write one file unless it already holds ``text``; returns (digest, written)."""
        target = self.docs / rel
        digest = _digest(text)
        if target.is_file() and self.old.get(rel) == digest and _digest(target.read_bytes()) == digest:
            return digest, False
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, target)
        return digest, True

    def finish(self, written: dict[str, str], keep: tuple[str, ...] = ()) -> dict[str, int]:
        """Forget (and delete) what was written before and not now, except under the ``keep``
        folders (each ending in ``/``); save the manifest of ``written`` and what is kept."""
        stats = {"removed": 0, "kept": 0}
        folders = set(keep)  # folder prefixes ("applicants/a1/"): each file's folders looked up
        kept = {rel: d for rel, d in self.old.items() if rel not in written and _under(rel, folders)}
        for rel, digest in sorted(self.old.items()):
            if rel in written or rel in kept:
                continue
            target = self.docs / rel
            if target.is_file() and (digest == CLAIMED or _digest(target.read_bytes()) == digest):
                target.unlink()
                _prune_empty(target.parent, self.docs)
                stats["removed"] += 1
            elif target.exists():
                log.warning("kept %s: edited since img-guide wrote it", display_path(target))
                stats["kept"] += 1
        files = dict(sorted({**kept, **written}.items()))
        self._save(files)
        self.old = files
        return stats

    def _save(self, files: dict[str, str]) -> None:
        self.docs.mkdir(parents=True, exist_ok=True)
        tmp = self.docs / f".{MANIFEST}.tmp"
        data = {"files": files, **({"salt": self.salt} if self.salt else {})}
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))  # compact: C-speed for 10,000s
        tmp.write_text(text + "\n", encoding="utf-8")
        os.replace(tmp, self.docs / MANIFEST)


def _under(rel: str, folders: set[str]) -> bool:
    """``rel`` lies in one of ``folders`` (each ending in ``/``)."""
    parts = rel.split("/")
    return any("/".join(parts[:i]) + "/" in folders for i in range(1, len(parts)))


def calendar_salt(docs: Path, secret: bytes | None, keep: bool = True) -> bytes:
    """The project's salt for calendar UIDs: from the link secret when one is set, else a random
    value made once and kept in the docs manifest (git-ignored, beside what the builds wrote).
    With ``keep`` false (``mkdocs serve``'s preview, which writes nothing into docs/), a salt not
    made yet is a fresh one for this preview only."""
    if secret:
        return hmac.new(secret, b"img-guide/calendar-uid/v1", hashlib.sha256).digest()
    writer = DocsWriter(docs)
    try:
        salt = bytes.fromhex(writer.salt)
    except ValueError:
        salt = b""
    if len(salt) != 32 and not keep:
        return secrets.token_bytes(32)
    if len(salt) != 32:
        writer.salt = secrets.token_hex(32)
        writer._save(writer.old)
        salt = bytes.fromhex(writer.salt)
    return salt


def write_docs(docs: Path, pages: dict[str, str], keep: tuple[str, ...] = ()) -> dict[str, int]:
    """Write ``pages`` under ``docs`` (see DocsWriter); returns counts of what happened."""
    writer = DocsWriter(docs)
    writer.check(pages)
    writer.claim(pages)
    written, stats = {}, {"written": 0, "unchanged": 0}
    for rel, text in sorted(pages.items()):
        written[rel], changed = writer.write(rel, text)
        stats["written" if changed else "unchanged"] += 1
    return {**stats, **writer.finish(written, keep)}


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
