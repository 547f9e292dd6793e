"""The work a build hands to its processes: validate profiles, generate and build reports, build a site.

The project (with its rules, catalog and plans already loaded) reaches each worker through the
pool's initializer. With one job the same functions run here, through a pool of one that calls
the same initializer: serial and parallel builds share one code path.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from ..engine.engine import decide
from ..errors import InputError, Problem, display_path
from ..inputs.profiles import load_profiles
from ..project import Project
from ..report.cohort import summarize
from ..report.digest import changes, status
from ..report.model import assemble
from ..report.pages import DocsWriter
from ..report.render import Renderer
from .lock import die_with_parent
from .mkbuild import SiteSpec, build_bundle, build_one

REPORT_FILES = ("index.md", "study-plan.md", "narrative.md", "program-tiers.md", "calendar.ics")


@dataclass(frozen=True)
class ProfileInfo:
    """What a build keeps of a validated profile."""

    id: str
    cohort: str | None
    link_version: int


@dataclass(frozen=True)
class Task:
    """One MkDocs build: a site, or a chunk of report folders, or the offline guide."""

    spec: SiteSpec
    dest: Path  # where its output goes (for reports: a work folder merged afterwards)
    bundle: Path | None = None  # for the offline guide: the zip to write
    merge_into: Path | None = None  # reports: the report site root in staging
    merge_all: bool = False  # reports: also copy the shared files (guide, assets, search)


@dataclass(frozen=True)
class ReportChunk:
    """Applicants to generate into docs/, and the build of their report folders."""

    rels: list[str]
    task: Task
    as_of: date
    manifest: dict[str, str]
    salt: bytes  # the calendar UIDs' salt
    previous: dict[str, dict[str, Any]] | None = None  # applicant id -> status of the last build


# rel -> (summary JSON, page digests, status: what the dashboard shows, with what changed)
Generated = dict[str, tuple[dict[str, Any], dict[str, str], dict[str, Any]]]
ADVISOR = ".advisor.json"  # beside a report in docs/: the name and notes, for the advisor's dashboard only

_project: Project | None = None  # this process's project, set by ``start``


def start(project: Project) -> None:
    """The pool initializer: the project this process works for."""
    global _project
    _project = project
    die_with_parent()


def _current() -> Project:
    if _project is None:
        raise RuntimeError("a build worker ran outside a pool started by workers.pool")
    return _project


class _Here(Executor):
    """A pool of one that runs each call at once, in this process."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


def default_jobs() -> int:
    """The CPUs this process may run on (its affinity mask, which containers narrow), else all."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def pool(project: Project, jobs: int) -> Executor:
    """``jobs`` processes that know ``project``; with one job, this process."""
    project.rulebook, project.programs, project.plans, project.anchors  # noqa: B018 - errors here, once
    if jobs == 1:
        global _project
        _project = project
        return _Here()
    # spawn: a fresh interpreter per worker (fork is deprecated where threads exist, and absent on
    # Windows). Each worker loads the project's files again (compiled rules do not pickle); they
    # were checked here first, so a problem in them is reported once.
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=get_context("spawn"),
        initializer=start,
        initargs=(Project(project.root),),
    )


def run_all(executor: Executor, func: Callable[..., Any], items: list[Any]) -> list[Any]:
    """``func`` over ``items`` in the pool, results in order."""
    futures = [executor.submit(func, item) for item in items]
    return [f.result() for f in futures]


def validate_chunk(rels: list[str]) -> tuple[list[Problem], dict[str, ProfileInfo]]:
    project = _current()
    try:
        profiles = load_profiles([project.root / r for r in rels])
    except InputError as exc:
        return exc.problems, {}
    rel_of = {display_path(project.root / r): r for r in rels}
    return [], {rel_of[p.source]: ProfileInfo(p.id, p.cohort, p.link_version) for p in profiles}


def generate_and_build(chunk: ReportChunk) -> Generated:
    """Generate the chunk's applicants into docs/ and build the chunk's report folders."""
    project = _current()
    writer = DocsWriter(project.docs_dir, chunk.manifest)
    renderer = Renderer(project, chunk.salt)
    book = project.rulebook
    rel_of = {display_path(project.root / r): r for r in chunk.rels}
    out = {}
    for profile in load_profiles([project.root / r for r in chunk.rels]):
        d = decide(profile, book, chunk.as_of)
        report = assemble(d, project)  # once, for the pages and the cohort summary
        now = status(report, project.site_settings)
        moved = changes((chunk.previous or {}).get(profile.id), now, renderer.rule_title)
        digests = {}
        for name, text in renderer.applicant_pages(report, moved).items():
            rel = f"applicants/{profile.id}/{name}"
            digests[rel] = writer.write(rel, text)[0]
        advisor = json.dumps({"name": profile.name, "notes": profile.notes or ""}, sort_keys=True)
        rel = f"applicants/{profile.id}/{ADVISOR}"
        digests[rel] = writer.write(rel, advisor + "\n")[0]
        summary = summarize(report)
        out[rel_of[profile.source]] = (summary.to_json(), digests, {**now, "changes": moved})
    if chunk.task.spec.reports or chunk.task.merge_all:
        run_task((chunk.task, chunk.as_of))
    return out


def run_task(item: tuple[Task, date]) -> str:
    task, as_of = item
    project = _current()
    if task.dest.exists():
        shutil.rmtree(task.dest)
    if task.bundle is not None:
        build_bundle(project, task.spec, as_of, task.bundle, task.dest.parent)
    else:
        build_one(project, task.spec, task.dest, as_of)
    return task.spec.kind
