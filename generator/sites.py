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

import contextlib
import hashlib
import html
import json
import os
import shutil
import sys
import zlib
from collections.abc import Callable, Container
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .cohort import Summary
from .errors import InputError, display_path
from .links import token
from .lock import die_with_parent, project_lock, recover, swap_in
from .mkbuild import SiteSpec, build_bundle, build_one, site_url_base
from .pages import (  # noqa: F401 - re-exported for callers of the old module
    MANIFEST,
    DocsWriter,
    Everything,
    Generated,
    cohort_pages,
    generate,
    write_docs,
)
from .profiles import expand_paths, load_profiles
from .project import Project
from .render import Renderer

PUBLIC = Path("public")
LOCAL = Path("local")
OFFLINE_GUIDE = "img-guide-offline.zip"
STATE = ".img-guide-state.json"
STATE_VERSION = 2

Progress = Callable[[str, int, int], None]


def _quiet(stage: str, done: int, total: int) -> None:
    return None


# -- layout -----------------------------------------------------------------------------------
def report_root(secret: bytes | None) -> Path:
    """The report site's root: published (``public/``) with a link secret, else local only."""
    return PUBLIC if secret else LOCAL


def report_folder(secret: bytes | None, pid: str, link_version: int) -> str:
    """Where one report goes inside the report site."""
    return f"r/{token(secret, pid, link_version)}" if secret else f"applicants/{pid}"


def guide_spec(project: Project) -> SiteSpec:
    """The guide alone, for the offline zip."""
    return SiteSpec("guide", None, project.guide_dir, Path("guide"), "IMG residency guide", offline=True)


def applicant_spec(project: Project, pid: str, docs: Path | None = None) -> SiteSpec:
    """One applicant's report with its own copy of the guide, for the offline zip."""
    return SiteSpec("applicant", pid, (docs or project.docs_dir) / "applicants" / pid, Path(pid),
                    "Residency strategy report", private=True, offline=True)


def one_report(project: Project, pid: str, as_of: date, work: Path) -> SiteSpec:
    """Validate the profiles, render one applicant's report into ``work`` (never into docs/,
    which belongs to ``img-guide build``), and return the spec of its own site."""
    from .errors import UsageError

    profiles = load_profiles([project.profiles_dir])
    chosen = [p for p in profiles if p.id == pid]
    if not chosen:
        known = ", ".join(p.id for p in profiles)
        raise UsageError(f"no applicant '{pid}' (one of: {known})")
    gen = Generated()
    from .pages import applicant_pages

    applicant_pages(project, Renderer(project), chosen, as_of, gen)
    for rel, text in gen.pages.items():
        target = work / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return applicant_spec(project, pid, work / "docs")


def reports_spec(secret: bytes | None, folders: dict[str, str], title: str, empty_docs: Path) -> SiteSpec:
    """The guide with many reports beside it; its docs come from the plugin, not from a folder."""
    return SiteSpec("reports", None, empty_docs, report_root(secret), title,
                    private=True, reports=tuple(sorted(folders.items())))


# -- inputs and state -------------------------------------------------------------------------
def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def global_hash(project: Project, as_of: date, publish: Container[str], secret: bytes | None,
                shard: tuple[int, int] | None) -> str:
    """A hash of everything every page depends on besides the profiles themselves."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent
    for folder in (package, project.content_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(project.mkdocs_yml.read_bytes() + site_url_base().encode())
    for dist in ("mkdocs", "mkdocs-material", "jinja2", "markdown"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{dist}={metadata.version(dist)}".encode())
    published = sorted(publish) if isinstance(publish, (set, frozenset, list, tuple)) else ["*"]
    fingerprint = token(secret, "\0state") if secret else ""
    h.update(json.dumps([as_of.isoformat(), published, fingerprint, shard, STATE_VERSION]).encode())
    return h.hexdigest()


@dataclass
class State:
    """What the last build was made from (``site/.img-guide-state.json``)."""

    global_hash: str = ""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # profile path -> entry

    @classmethod
    def read(cls, site_dir: Path) -> State:
        try:
            data = json.loads((site_dir / STATE).read_text(encoding="utf-8"))
            if data.get("version") != STATE_VERSION:
                return cls()
            return cls(data["global"], data["files"])
        except (OSError, ValueError, KeyError, TypeError):
            return cls()

    def write(self, site_dir: Path) -> None:
        data = {"version": STATE_VERSION, "global": self.global_hash, "files": dict(sorted(self.files.items()))}
        (site_dir / STATE).write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")


# -- the build --------------------------------------------------------------------------------
@dataclass
class BuildResult:
    specs: list[SiteSpec]
    generated: Generated
    built: list[str]  # applicant ids whose reports were (re)built
    removed: list[str]
    up_to_date: bool = False


def build_sites(project: Project, as_of: date, site_dir: Path | None = None,
                publish: Container[str] | None = None, secret: bytes | None = None, *,
                jobs: int | None = None, shard: tuple[int, int] | None = None,
                incremental: bool = True, progress: Progress = _quiet) -> tuple[Generated, list[SiteSpec]]:
    result = build(project, as_of, site_dir, publish, secret, jobs=jobs, shard=shard,
                   incremental=incremental, progress=progress)
    return result.generated, result.specs


def build(project: Project, as_of: date, site_dir: Path | None = None, publish: Container[str] | None = None,
          secret: bytes | None = None, *, jobs: int | None = None, shard: tuple[int, int] | None = None,
          incremental: bool = True, progress: Progress = _quiet, wait: float = 0.0) -> BuildResult:
    """Build under the project's lock (see ``_build``); a second build waits ``wait`` seconds, then stops."""
    project.docs_dir.mkdir(exist_ok=True)
    with project_lock(project.root, wait):
        recover((site_dir or project.site_dir).resolve())
        return _build(project, as_of, site_dir, publish, secret, jobs=jobs, shard=shard,
                      incremental=incremental, progress=progress)


def _build(project: Project, as_of: date, site_dir: Path | None = None, publish: Container[str] | None = None,
           secret: bytes | None = None, *, jobs: int | None = None, shard: tuple[int, int] | None = None,
           incremental: bool = True, progress: Progress = _quiet) -> BuildResult:
    """Validate, generate, write docs/ and build every site into ``site_dir`` (default ``site/``).

    1. hash the inputs, and stop early when nothing changed since the last build;
    2. validate the changed profiles (in parallel), with every problem reported together;
    3. in ``jobs`` processes: generate each changed applicant's pages into docs/ and build the
       chunk's report folders; beside them, the offline guide (and the public guide);
    4. cohort summaries from the applicants' summaries, then the cohort sites (in parallel);
    5. merge everything into a staging copy of the site and swap it in.
    """
    site_dir = (site_dir or project.site_dir).resolve()
    check_site_dir(project, site_dir)
    publish = publish if publish is not None else _plugin_publish(project)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ghash = global_hash(project, as_of, publish, secret, shard)
    old = State.read(site_dir) if incremental and site_dir.is_dir() else State()
    full = old.global_hash != ghash

    paths = expand_paths([project.profiles_dir])
    hashes = {_relpath(project, p): _sha(p.read_bytes()) for p in paths}
    outputs_there = (site_dir / report_root(secret)).is_dir() and (
        shard not in (None, (1, 1)) or (site_dir / PUBLIC / "index.html").is_file()
    )
    if not outputs_there:
        full = True
    if not full and {k: v["input"] for k, v in old.files.items()} == hashes:
        progress("up to date", 1, 1)
        return BuildResult(_specs_from_state(project, old, secret, publish), Generated(), [], [], True)
    keep = {} if full else {k: v for k, v in old.files.items() if hashes.get(k) == v["input"]}
    changed = [_relpath(project, p) for p in paths if _relpath(project, p) not in keep]

    global _PROJECT
    _PROJECT = project  # read by the forked workers, with its rules, catalog and plans loaded
    project.rulebook, project.programs, project.plans, project.anchors  # noqa: B018 - load before forking
    with _pool(jobs) as pool:
        # 2. validate
        progress("validating", 0, len(changed))
        found = _map(pool, _validate_chunk, _chunks(changed, jobs * 4))
        problems = [p for chunk in found for p in chunk[0]]
        if problems:
            raise InputError(problems)
        fresh = {rel: info for chunk in found for rel, info in chunk[1].items()}
        _check_ids(keep, fresh)
        progress("validating", len(changed), len(changed))
        entries = {**keep, **{rel: {**info, "input": hashes[rel]} for rel, info in fresh.items()}}
        folders = {e["id"]: report_folder(secret, e["id"], e.get("link_version", 1)) for e in entries.values()}
        writer = DocsWriter(project.docs_dir)
        writer.check(f"applicants/{i['id']}/{page}" for i in fresh.values() for page in REPORT_FILES)

        # 3. generate the changed applicants and build their report folders; the offline guide beside
        staging = _staging(site_dir, copy=not full)
        try:
            work = staging / ".work"
            empty = work / "empty-docs"
            empty.mkdir(parents=True, exist_ok=True)
            lead = _in_shard_lead(shard)
            side: list[_Task] = []
            offline = staging / "bundles" / OFFLINE_GUIDE
            if lead and full:
                side.append(_Task(guide_spec(project), work / "offline-guide", bundle=offline))
                if secret is None:  # with a secret the report site carries the public guide
                    side.append(_Task(SiteSpec("guide", None, project.guide_dir, PUBLIC / "guide",
                                               "IMG residency guide"), staging / PUBLIC / "guide"))
            title = "IMG residency guide" if secret else "Residency strategy reports"
            chunks = _chunks(sorted(changed, key=lambda r: fresh[r]["id"]), jobs)
            if not chunks and full and lead:
                chunks = [[]]  # no applicant: the report site still carries the guide
            root = staging / report_root(secret)
            gen_tasks = []
            for i, rels in enumerate(chunks):
                build_ids = {fresh[r]["id"] for r in rels if _in_shard(fresh[r]["id"], shard)}
                spec = reports_spec(secret, {pid: folders[pid] for pid in sorted(build_ids)}, title, empty)
                task = _Task(spec, work / f"reports-{i}", merge_into=root, merge_all=(i == 0 and full and lead))
                gen_tasks.append((rels, task, as_of, dict(writer.old)))
            progress("building", 0, len(changed))
            side_futures = [pool.submit(_run_task, t, as_of) for t in side] if pool else []
            done = 0
            results = {}
            for out in _map(pool, _generate_and_build, gen_tasks, unpack=True):
                results.update(out)
                done += len(out)
                progress("building", done, len(changed))
            for f in side_futures:
                f.result()
            if not pool:
                for t in side:
                    _run_task(t, as_of)
            for _rels, task, _a, _m in gen_tasks:
                _merge_reports(task, root)

            # 4. cohort summaries and sites
            progress("cohorts", 0, 1)
            written = {}
            for rel, (summary, digests) in results.items():
                entries[rel]["summary"] = summary
                written.update(digests)
            summaries = {e["id"]: Summary.from_json(e["summary"]) for e in entries.values()}
            cohorts: dict[str, list[str]] = {}
            for e in entries.values():
                if e["cohort"]:
                    cohorts.setdefault(e["cohort"], []).append(e["id"])
            touched = {fresh[r]["cohort"] for r in fresh}
            touched |= {v["cohort"] for k, v in old.files.items() if k not in keep}  # left, or moved
            touched.discard(None)
            redo = set(cohorts) if full else touched & set(cohorts)
            pages = cohort_pages(Renderer(project), cohorts, summaries, as_of, publish, redo)
            writer.check(pages)
            for rel, text in pages.items():
                written[rel] = writer.write(rel, text)[0]
            unchanged = tuple(f"applicants/{v['id']}/" for v in keep.values())
            untouched = tuple(f"cohorts/{c}/" for c in cohorts if c not in redo)
            writer.finish(written, () if full else unchanged + untouched)
            cohort_tasks = []
            for cohort in sorted(redo if lead else ()):
                members = cohorts[cohort]
                shown = tuple(sorted(members)) if cohort in publish else ()
                spec = SiteSpec("cohort", cohort, project.docs_dir / "cohorts" / cohort,
                                PUBLIC / "cohorts" / cohort, f"Cohort {cohort}", shown, offline_zip=offline)
                cohort_tasks.append((_Task(spec, staging / spec.out), as_of))
            for cohort in sorted(touched - set(cohorts)):
                shutil.rmtree(staging / PUBLIC / "cohorts" / str(cohort), ignore_errors=True)
            _map(pool, _run_task, cohort_tasks, unpack=True)
            progress("cohorts", 1, 1)

            # 5. merge and swap
            progress("finishing", 0, 1)
            current = {folders[e["id"]] for e in entries.values()}
            ids_now = {e["id"] for e in entries.values()}
            removed = sorted({v["id"] for v in old.files.values()} - ids_now) if not full else []
            for v in old.files.values():  # a report whose folder moved (new id, link_version) or went
                stale = report_folder(secret, v["id"], v.get("link_version", 1))
                if not full and stale not in current:
                    shutil.rmtree(root / stale, ignore_errors=True)
            specs = _specs(project, secret, publish, cohorts, folders, shard)
            (staging / "index.html").write_text(landing_page(specs, as_of), encoding="utf-8")
            if lead:
                (staging / PUBLIC).mkdir(exist_ok=True)
                (staging / PUBLIC / "index.html").write_text(public_page(specs, as_of), encoding="utf-8")
            shutil.rmtree(work, ignore_errors=True)
            State(ghash, dict(sorted(entries.items()))).write(staging)
            swap_in(staging, site_dir)
            progress("finishing", 1, 1)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
    built = sorted(fresh[r]["id"] for r in fresh if _in_shard(fresh[r]["id"], shard))
    gen = Generated(cohorts=cohorts, summaries=summaries)
    return BuildResult(specs, gen, built, removed)


# -- workers (run in forked processes; they read the project loaded before the fork) -------------
_PROJECT: Project | None = None
REPORT_FILES = ("index.md", "study-plan.md", "narrative.md", "program-tiers.md", "calendar.ics")


def _worker_project() -> Project:
    assert _PROJECT is not None
    return _PROJECT


def _validate_chunk(rels: list[str]) -> tuple[list[Any], dict[str, dict[str, Any]]]:
    project = _worker_project()
    try:
        profiles = load_profiles([project.root / r for r in rels])
    except InputError as exc:
        return exc.problems, {}
    rel_of = {display_path(project.root / r): r for r in rels}
    return [], {rel_of[p.source]: {"id": p.id, "cohort": p.cohort, "link_version": p.link_version}
                for p in profiles}


def _generate_and_build(rels: list[str], task: _Task, as_of: date,
                        manifest: dict[str, str]) -> dict[str, tuple[dict[str, Any], dict[str, str]]]:
    """Generate the chunk's applicants into docs/ and build the chunk's report folders."""
    from .cohort import summarize
    from .engine import decide

    project = _worker_project()
    writer = DocsWriter(project.docs_dir)
    writer.old = manifest
    renderer = Renderer(project)
    book = project.rulebook
    rel_of = {display_path(project.root / r): r for r in rels}
    out = {}
    for profile in load_profiles([project.root / r for r in rels]):
        d = decide(profile, book, as_of)
        tiers = renderer.program_tiers(d)  # placed once, for the page and the cohort summary
        digests = {}
        for name, text in renderer.applicant_pages(d, tiers).items():
            rel = f"applicants/{profile.id}/{name}"
            digests[rel] = writer.write(rel, text)[0]
        summary = summarize(d, project.programs, book, tiers["catalog"])
        out[rel_of[profile.source]] = (summary.to_json(), digests)
    if task.spec.reports or task.merge_all:
        _run_task(task, as_of)
    return out


def _run_task(task: _Task, as_of: date) -> str:
    project = _worker_project()
    if task.dest.exists():
        shutil.rmtree(task.dest)
    if task.bundle is not None:
        build_bundle(project, task.spec, as_of, task.bundle, task.dest.parent)
    else:
        build_one(project, task.spec, task.dest, as_of)
    return task.spec.kind


def _pool(jobs: int) -> Any:
    if jobs == 1:
        return contextlib.nullcontext(None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork"), initializer=die_with_parent)


def _map(pool: Any, func: Callable[..., Any], items: list[Any], unpack: bool = False) -> list[Any]:
    """``func`` over ``items`` in the pool (in order), or here when there is no pool."""
    call = (lambda x: func(*x)) if unpack else func
    if pool is None:
        return [call(x) for x in items]
    futures = [pool.submit(func, *x) if unpack else pool.submit(func, x) for x in items]
    return [f.result() for f in futures]


def _staging(site_dir: Path, copy: bool) -> Path:
    staging = site_dir.with_name(f".{site_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    if copy and site_dir.is_dir():
        _link_copy(site_dir, staging)
    else:
        staging.mkdir(parents=True)
    return staging


def _relpath(project: Project, path: Path) -> str:
    return path.resolve().relative_to(project.root.resolve()).as_posix()


def check_site_dir(project: Project, site_dir: Path) -> None:
    """Refuse a site folder whose replacement would delete the project or the user's files."""
    from .errors import UsageError

    root = project.root.resolve()
    guarded = [root, project.content_dir.resolve(), project.profiles_dir.resolve(), project.docs_dir.resolve()]
    for folder in guarded:
        if site_dir == folder or site_dir in folder.parents or folder in site_dir.parents and folder != root:
            raise UsageError(f"--site-dir {display_path(site_dir)}: it would replace {display_path(folder)}; "
                             "choose a folder of its own, such as site/")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / STATE).is_file():
        raise UsageError(f"--site-dir {display_path(site_dir)}: the folder is not empty and was not made by "
                         "img-guide build; refusing to replace it")


def _check_ids(keep: dict[str, dict[str, Any]], fresh: dict[str, dict[str, Any]]) -> None:
    """An id may not be taken twice, by a changed file and an unchanged one."""
    from .errors import Problem

    used = {v["id"]: k for k, v in keep.items()}
    problems = [
        Problem(rel, 1, 1, "id", f"the id '{info['id']}' is already used by {used[info['id']]}")
        for rel, info in sorted(fresh.items()) if info["id"] in used
    ]
    if problems:
        raise InputError(problems)


def _in_shard(pid: str, shard: tuple[int, int] | None) -> bool:
    if shard is None:
        return True
    k, n = shard
    return zlib.crc32(pid.encode("utf-8")) % n == k - 1


def _in_shard_lead(shard: tuple[int, int] | None) -> bool:
    """The first shard (or an unsharded build) builds the guide, the cohorts and the bundles."""
    return shard is None or shard[0] == 1


def _specs(project: Project, secret: bytes | None, publish: Container[str], cohorts: dict[str, list[str]],
           folders: dict[str, str], shard: tuple[int, int] | None) -> list[SiteSpec]:
    """Every site of the build, for the command's summary and the landing pages."""
    specs = [SiteSpec("guide", None, project.guide_dir, PUBLIC / "guide", "IMG residency guide")]
    for cohort, members in sorted(cohorts.items()):
        shown = tuple(sorted(members)) if cohort in publish else ()
        specs.append(SiteSpec("cohort", cohort, project.docs_dir / "cohorts" / cohort, PUBLIC / "cohorts" / cohort,
                              f"Cohort {cohort}", shown))
    root = report_root(secret)
    for pid, folder in sorted(folders.items()):
        if _in_shard(pid, shard):
            specs.append(SiteSpec("applicant", pid, project.docs_dir / "applicants" / pid, root / folder,
                                  "Residency strategy report", private=True))
    return specs


def _specs_from_state(project: Project, state: State, secret: bytes | None, publish: Container[str]) -> list[SiteSpec]:
    cohorts: dict[str, list[str]] = {}
    folders = {}
    for e in state.files.values():
        folders[e["id"]] = report_folder(secret, e["id"], e.get("link_version", 1))
        if e["cohort"]:
            cohorts.setdefault(e["cohort"], []).append(e["id"])
    return _specs(project, secret, publish, cohorts, folders, None)


# -- tasks ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Task:
    spec: SiteSpec
    dest: Path  # where its output goes (for reports: a work folder merged afterwards)
    bundle: Path | None = None  # for the offline guide: the zip to write
    merge_into: Path | None = None  # reports: the report site root in staging
    merge_all: bool = False  # reports: also copy the shared files (guide, assets, search)


def _chunks(items: list[str], jobs: int) -> list[list[str]]:
    if not items:
        return []
    n = max(1, min(jobs, len(items)))
    size = -(-len(items) // n)
    return [items[i:i + size] for i in range(0, len(items), size)]


def _merge_reports(task: _Task, root: Path) -> None:
    """Move the built report folders (and, once, the shared files) into the report site."""
    src = task.dest
    root.mkdir(parents=True, exist_ok=True)
    for _pid, folder in task.spec.reports:
        target = root / folder
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src / folder, target)
    if task.merge_all:
        for item in sorted(src.iterdir()):
            if item.name in ("r", "applicants"):
                continue
            target = root / item.name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            os.replace(item, target)
    shutil.rmtree(src, ignore_errors=True)


def _link_copy(src: Path, dest: Path) -> None:
    """A copy of ``src`` whose files are hard links (fast, and the original stays untouched)."""
    def link(s: str, d: str) -> None:
        try:
            os.link(s, d)
        except OSError:
            shutil.copy2(s, d)

    shutil.copytree(src, dest, copy_function=link, symlinks=True)


def _plugin_publish(project: Project) -> set[str]:
    """The cohorts whose reports the advisor chose to publish (plugin option ``publish_reports``)."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .errors import ProjectError
    from .mkbuild import _quiet_mkdocs

    project.docs_dir.mkdir(exist_ok=True)
    with _quiet_mkdocs(date(2000, 1, 1)) as collected:
        try:
            cfg = load_config(config_file=str(project.mkdocs_yml))
        except (MkDocsException, SystemExit, OSError) as exc:
            details = "".join(f"\n  {m}" for m in collected.messages)
            raise ProjectError(f"{display_path(project.mkdocs_yml)}: {exc}{details}") from None
    plugin = cfg.plugins.get("img-guide")
    if plugin is None:
        raise ProjectError(f"{display_path(project.mkdocs_yml)}: the img-guide plugin is not in its plugins")
    return set(plugin.config.publish_reports)


# -- landing pages ------------------------------------------------------------------------------
def landing_page(specs: list[SiteSpec], as_of: date) -> str:
    """A plain local index of every built site, for the advisor (it lists private reports by id)."""
    rows = []
    for spec in specs:
        label = spec.title if spec.kind != "applicant" else f"report of {spec.subject}"
        rows.append((spec.kind, f"{spec.out.as_posix()}/index.html", label))
    rows.append(("bundle", f"bundles/{OFFLINE_GUIDE}", "The guide for offline reading (zip)"))
    note = ("This index is for the advisor's own machine: it lists private reports. Publish only the "
            "<code>public/</code> folder.")
    return _html_page(f"img-guide sites (as of {as_of})", note, rows)


def public_page(specs: list[SiteSpec], as_of: date) -> str:
    """The public landing page: the guide and the cohort sites, never an applicant."""
    rows = [(s.kind, f"{s.out.relative_to(PUBLIC).as_posix()}/index.html", s.title)
            for s in specs if s.kind in ("guide", "cohort")]
    return _html_page("IMG residency guide", f"Built {as_of}.", rows)


def _html_page(title: str, note: str, rows: list[tuple[str, str, str]]) -> str:
    items = "\n".join(
        f'<li>{html.escape(kind)}: <a href="{html.escape(href)}">{html.escape(label)}</a></li>'
        for kind, href, label in rows
    )
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        f"<title>{html.escape(title)}</title></head><body>\n<h1>{html.escape(title)}</h1>\n"
        f"<p>{note}</p>\n<ul>\n{items}\n</ul>\n</body></html>\n"
    )


def progress_printer(stream: Any = None) -> Progress:
    """A progress bar on a terminal, plain lines otherwise."""
    stream = stream or sys.stderr
    tty = hasattr(stream, "isatty") and stream.isatty()
    last: dict[str, int] = {}

    def show(stage: str, done: int, total: int) -> None:
        if tty:
            width = 30
            filled = int(width * done / total) if total else width
            stream.write(f"\r{stage:<11} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
            if done >= total:
                stream.write("\n")
            stream.flush()
        elif done in (0, total) and last.get(stage) != done:
            stream.write(f"{stage}: {done}/{total}\n")
            last[stage] = done

    return show
