"""Build every site of a project: the guide, one site per cohort, and every applicant's report.

The reports share one MkDocs build (the guide beside many report folders, each left out of the
navigation, the search index and the sitemap), so the theme's assets are written once and no
page carries another applicant's navigation. Builds are:

- atomic: everything goes into a staging folder that is swapped in at the end;
- incremental: a state file records a hash of every input; only changed applicants are
  generated and built again (a change to code, templates, content or config rebuilds all);
- parallel: report folders are built in ``jobs`` processes;
- shardable: ``shard=(k, n)`` builds the k-th of n parts of the applicants (for CI matrices).
"""

from __future__ import annotations

import shutil
from collections.abc import Container
from concurrent.futures import Executor
from dataclasses import asdict, dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..inputs.profiles import expand_paths
from ..project import Project
from ..report.cohort import Summary
from ..report.pages import DocsWriter, Generated, calendar_salt, cohort_pages
from ..report.render import Renderer
from . import workers
from .dashboard import material_css, rows
from .incremental import cohorts_changed
from .landing import landing_page, public_page
from .lock import project_lock
from .merge import chunks as split
from .merge import merge_reports
from .mkbuild import SiteSpec
from .paths import PUBLIC, STATE
from .run import Changes, Progress, Run
from .specs import (
    all_specs,
    guide_spec,
    in_shard,
    plugin_publish,
    report_folder,
    report_root,
    reports_spec,
    specs_from_entries,
)
from .state import State, check_ids, check_inputs, check_site_dir, file_digest, global_hash
from .swap import Overlay, begin, recover, swap_in, write_new
from .workers import REPORT_FILES, ReportChunk, Task, default_jobs

SERIAL_UP_TO = 3  # changed profiles an incremental build handles in its own process
REPORTS_PER_BUILD = 250  # at most this many reports in one MkDocs build (it holds every page until the end)


def _quiet(stage: str, done: int, total: int) -> None:
    return None


# -- the build --------------------------------------------------------------------------------
@dataclass
class BuildResult:
    specs: list[SiteSpec]
    generated: Generated
    built: list[str]  # applicant ids whose reports were (re)built
    removed: list[str]
    up_to_date: bool = False


def build(
    project: Project,
    as_of: date,
    site_dir: Path | None = None,
    publish: Container[str] | None = None,
    secret: bytes | None = None,
    *,
    jobs: int | None = None,
    shard: tuple[int, int] | None = None,
    incremental: bool = True,
    progress: Progress = _quiet,
    wait: float = 0.0,
) -> BuildResult:
    """Build under the project's lock (see ``_build``); a second build waits ``wait`` seconds, then stops."""
    project.docs_dir.mkdir(exist_ok=True)
    with project_lock(project.root, wait):
        site = (site_dir or project.site_dir).resolve()
        check_site_dir(project, site)
        recover(site)  # whatever a killed build left: a swap to finish, a staging folder to delete
        return _build(
            project,
            as_of,
            site_dir,
            publish,
            secret,
            jobs=jobs,
            shard=shard,
            incremental=incremental,
            progress=progress,
        )


def _build(
    project: Project,
    as_of: date,
    site_dir: Path | None = None,
    publish: Container[str] | None = None,
    secret: bytes | None = None,
    *,
    jobs: int | None = None,
    shard: tuple[int, int] | None = None,
    incremental: bool = True,
    progress: Progress = _quiet,
) -> BuildResult:
    """Validate, generate, write docs/ and build every site into ``site_dir`` (default ``site/``).

    1. what changed: hash the inputs, and stop early when nothing changed since the last build;
    2. validate the changed profiles (in parallel), with every problem reported together;
    3. build reports: in ``jobs`` processes, generate each changed applicant's pages into docs/
       and build the chunk's report folders; beside them, the offline guide (and the public guide);
    4. cohort summaries from the applicants' summaries, then the cohort sites (in parallel);
    5. landing pages, state, and the staging copy swapped in.
    """
    ch = _what_changed(project, as_of, site_dir, publish, secret, shard, incremental)
    if isinstance(ch, BuildResult):
        progress("up to date", 1, 1)
        return ch
    jobs = max(1, jobs or default_jobs())
    if not ch.full and len(ch.changed) <= SERIAL_UP_TO:
        jobs = 1  # a few changed profiles: starting worker processes would cost more than it saves
    run = Run(project, as_of, secret, shard, jobs, progress, ch)
    with workers.pool(project, run.jobs) as executor:
        _validate(run, executor)
        run.staging = begin(ch.site_dir)
        run.overlay = None if ch.full else Overlay()
        try:
            summaries_json = _build_reports(run, executor)
            cohorts, summaries = _build_cohorts(run, executor, summaries_json)
            specs, removed = _finish(run, cohorts)
        except BaseException:
            shutil.rmtree(run.staging, ignore_errors=True)
            raise
    built = sorted(i["id"] for i in run.fresh.values() if in_shard(i["id"], shard))
    return BuildResult(specs, Generated(cohorts=cohorts, summaries=summaries), built, removed)


def _what_changed(
    project: Project,
    as_of: date,
    site_dir: Path | None,
    publish: Container[str] | None,
    secret: bytes | None,
    shard: tuple[int, int] | None,
    incremental: bool,
) -> Changes | BuildResult:
    """Step 1; a finished ``BuildResult`` when nothing changed."""
    site_dir = (site_dir or project.site_dir).resolve()
    check_site_dir(project, site_dir)
    publish = publish if publish is not None else plugin_publish(project)
    salt = calendar_salt(project.docs_dir, secret)
    ghash = global_hash(project, as_of, publish, secret, shard, salt)
    prior = State.read(site_dir) if site_dir.is_dir() else State()  # a full build still says what changed
    old = prior if incremental else State()
    full = old.global_hash != ghash
    paths = expand_paths([project.profiles_dir])
    rels = check_inputs(project, paths)
    hashes = {rels[p]: file_digest(p) for p in paths}
    outputs_there = (site_dir / report_root(secret)).is_dir() and (
        shard not in (None, (1, 1)) or (site_dir / PUBLIC / "index.html").is_file()
    )
    if not outputs_there:
        full = True
    if not full and {k: v["input"] for k, v in old.files.items()} == hashes:
        return BuildResult(specs_from_entries(project, old.files, secret, publish), Generated(), [], [], True)
    keep = {} if full else {k: v for k, v in old.files.items() if hashes.get(k) == v["input"]}
    changed = [rels[p] for p in paths if rels[p] not in keep]
    previous = {e["id"]: e["status"] for e in prior.files.values() if e.get("status")}
    return Changes(site_dir, publish, ghash, salt, old, full, hashes, keep, changed, previous)


def _validate(run: Run, executor: Executor) -> None:
    """Step 2: every changed profile valid, every id once; the state entries and report folders."""
    ch = run.ch
    run.progress("validating", 0, len(ch.changed))
    found = workers.run_all(executor, workers.validate_chunk, split(ch.changed, run.jobs * 4))
    problems = [p for chunk in found for p in chunk[0]]
    if problems:
        raise InputError(problems)
    run.fresh = {rel: asdict(info) for chunk in found for rel, info in chunk[1].items()}
    check_ids(ch.keep, run.fresh)
    run.progress("validating", len(ch.changed), len(ch.changed))
    run.entries = {**ch.keep, **{rel: {**info, "input": ch.hashes[rel]} for rel, info in run.fresh.items()}}
    run.folders = {
        e["id"]: report_folder(run.secret, e["id"], e.get("link_version", 1)) for e in run.entries.values()
    }
    run.writer = DocsWriter(run.project.docs_dir)
    rels = [f"applicants/{i['id']}/{page}" for i in run.fresh.values() for page in REPORT_FILES]
    run.writer.check(rels)
    run.writer.claim(rels)


def _side_tasks(run: Run) -> list[Task]:
    """The offline guide, and the public guide when no report site carries it."""
    side: list[Task] = []
    if run.lead and run.ch.full:
        side.append(Task(guide_spec(run.project), run.work / "offline-guide", bundle=run.offline))
        if run.secret is None:  # with a secret the report site carries the public guide
            spec = SiteSpec("guide", None, run.project.guide_dir, PUBLIC / "guide", "IMG residency guide")
            side.append(Task(spec, run.staging / PUBLIC / "guide"))
    return side


def _build_reports(run: Run, executor: Executor) -> workers.Generated:
    """Step 3: generate the changed applicants and build their report folders; the offline guide beside."""
    empty = run.work / "empty-docs"
    empty.mkdir(parents=True, exist_ok=True)
    fresh, changed, full = run.fresh, run.ch.changed, run.ch.full
    title = "IMG residency guide" if run.secret else "Residency strategy reports"
    parts = max(run.jobs, -(-len(changed) // REPORTS_PER_BUILD))  # bounded memory per MkDocs build
    chunks = split(sorted(changed, key=lambda r: fresh[r]["id"]), parts)
    if not chunks and full and run.lead:
        chunks = [[]]  # no applicant: the report site still carries the guide
    assert run.writer is not None
    jobs = []
    for i, rels in enumerate(chunks):
        build_ids = {fresh[r]["id"] for r in rels if in_shard(fresh[r]["id"], run.shard)}
        spec = reports_spec(run.secret, {pid: run.folders[pid] for pid in sorted(build_ids)}, title, empty)
        # the first chunk of the lead's full build renders the guide and writes the shared files
        # (theme, guide, search index); the others write only their report folders
        merge_all = i == 0 and full and run.lead
        spec = replace(spec, reports_only=not merge_all)
        task = Task(spec, run.work / f"reports-{i}", merge_into=run.root, merge_all=merge_all)
        ids = [fresh[r]["id"] for r in rels]
        mine = [f"applicants/{pid}/{page}" for pid in ids for page in (*REPORT_FILES, workers.ADVISOR)]
        manifest = {rel: run.writer.old[rel] for rel in mine if rel in run.writer.old}  # its own files only
        previous = {pid: run.ch.previous[pid] for pid in ids if pid in run.ch.previous}
        jobs.append(ReportChunk(rels, task, run.as_of, manifest, run.ch.salt, previous))
    run.progress("building", 0, len(changed))
    side_futures = [executor.submit(workers.run_task, (t, run.as_of)) for t in _side_tasks(run)]
    done = 0
    results = {}
    futures = [executor.submit(workers.generate_and_build, job) for job in jobs]
    for future in futures:
        out = future.result()
        results.update(out)
        done += len(out)
        run.progress("building", done, len(changed))
    for f in side_futures:
        f.result()
    merge_reports([job.task for job in jobs], run.root)
    for job in jobs:
        for _pid, folder in job.task.spec.reports:
            run.replaced(run.root / folder)
    return results


def _build_cohorts(
    run: Run, executor: Executor, results: workers.Generated
) -> tuple[dict[str, list[str]], dict[str, Summary]]:
    """Step 4: cohort summaries from the applicants' summaries, then the cohort sites."""
    run.progress("cohorts", 0, 1)
    ch, entries, writer = run.ch, run.entries, run.writer
    assert writer is not None
    written = {}
    for rel, (summary, digests, status) in results.items():
        entries[rel]["summary"] = summary
        entries[rel]["status"] = status
        written.update(digests)
    cohorts: dict[str, list[str]] = {}
    for e in entries.values():
        if e["cohort"]:
            cohorts.setdefault(e["cohort"], []).append(e["id"])
    touched = {run.fresh[r]["cohort"] for r in run.fresh}
    touched |= {v["cohort"] for k, v in ch.old.files.items() if k not in ch.keep}  # left, or moved
    touched.discard(None)
    # a cohort's summary page changes only with its members' aggregates; a published cohort's site
    # also carries its members' reports
    moved = set(cohorts) if ch.full else _aggregates_moved(ch.old.files, entries, run.fresh)
    candidates = (moved | {c for c in touched if c in ch.publish}) & set(cohorts)
    summaries = {
        e["id"]: Summary.from_json(e["summary"]) for e in entries.values() if e["cohort"] in candidates
    }
    pages = cohort_pages(Renderer(run.project), cohorts, summaries, run.as_of, ch.publish, candidates)
    writer.check(pages)
    writer.claim(pages)
    for rel, text in pages.items():
        written[rel] = writer.write(rel, text)[0]
    redo = (
        candidates
        if ch.full
        else cohorts_changed(  # only sites whose pages or members changed
            touched,
            cohorts,
            ch.old.files,
            written,
            writer.old,
            ch.publish,
            run.live(run.staging / PUBLIC / "cohorts"),
        )
    )
    unchanged = tuple(f"applicants/{v['id']}/" for v in ch.keep.values())
    untouched = tuple(f"cohorts/{c}/" for c in cohorts if c not in redo)
    writer.finish(written, () if ch.full else unchanged + untouched)
    tasks = []
    for cohort in sorted(redo if run.lead else ()):
        shown = tuple(sorted(cohorts[cohort])) if cohort in ch.publish else ()
        spec = SiteSpec(
            "cohort",
            cohort,
            run.project.docs_dir / "cohorts" / cohort,
            PUBLIC / "cohorts" / cohort,
            f"Cohort {cohort}",
            shown,
            offline_zip=run.live(run.offline),
        )
        tasks.append((Task(spec, run.staging / spec.out), run.as_of))
        run.replaced(run.staging / spec.out)
    for cohort in sorted(touched - set(cohorts)):
        run.removed(run.staging / PUBLIC / "cohorts" / str(cohort))
    workers.run_all(executor, workers.run_task, tasks)
    run.progress("cohorts", 1, 1)
    return cohorts, summaries


def _aggregates_moved(
    old: dict[str, dict[str, Any]], entries: dict[str, dict[str, Any]], fresh: Container[str]
) -> set[str]:
    """The cohorts whose members or members' aggregates differ from the last build's."""
    moved = set()
    for rel, e in entries.items():
        before = old.get(rel)
        if rel not in fresh and before is not None:
            continue
        if before is None or (before["id"], before["cohort"], before.get("summary")) != (
            e["id"],
            e["cohort"],
            e["summary"],
        ):
            moved |= {e["cohort"], before["cohort"] if before else None}
    moved |= {v["cohort"] for k, v in old.items() if k not in entries}  # a profile gone
    moved.discard(None)
    return moved


def _finish(run: Run, cohorts: dict[str, list[str]]) -> tuple[list[SiteSpec], list[str]]:
    """Step 5: stale report folders out, the landing pages and the state in, and the swap."""
    run.progress("finishing", 0, 1)
    ch, staging = run.ch, run.staging
    current = {run.folders[e["id"]] for e in run.entries.values()}
    ids_now = {e["id"] for e in run.entries.values()}
    removed = sorted({v["id"] for v in ch.old.files.values()} - ids_now) if not ch.full else []
    for v in ch.old.files.values():  # a report whose folder moved (new id, link_version) or went
        stale = report_folder(run.secret, v["id"], v.get("link_version", 1))
        if not ch.full and stale not in current:
            run.removed(run.root / stale)
    specs = all_specs(run.project, run.secret, ch.publish, cohorts, run.folders, run.shard)
    _landing_pages(run, specs)
    shutil.rmtree(run.work, ignore_errors=True)
    State(ch.ghash, dict(sorted(run.entries.items()))).write(staging)
    run.replaced(staging / STATE)
    swap_in(staging, ch.site_dir, run.overlay)
    run.progress("finishing", 1, 1)
    return specs, removed


def _landing_pages(run: Run, specs: list[SiteSpec]) -> None:
    """The advisor's dashboard (``index.html``) and, from the lead shard, the public index."""
    root = report_root(run.secret)
    links = {e["id"]: f"{root.as_posix()}/{run.folders[e['id']]}/index.html" for e in run.entries.values()}
    fresh = {i["id"] for i in run.fresh.values()}
    dash = rows(run.project, run.entries, links, run.ch.site_dir, fresh, run.as_of)
    css = material_css(run.live(run.staging), run.live(run.staging / root))
    write_new(run.staging / "index.html", landing_page(specs, run.as_of, dash, css))
    run.replaced(run.staging / "index.html")
    if run.lead:
        public = run.staging / PUBLIC
        public.mkdir(exist_ok=True)
        page = public_page(specs, run.as_of, material_css(run.live(public), run.live(public)))
        write_new(public / "index.html", page)
        run.replaced(public / "index.html")
