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
from .mkbuild import SiteSpec, build_bundle, build_one
from .pages import (  # noqa: F401 - re-exported for callers of the old module
    MANIFEST,
    Everything,
    Generated,
    applicant_pages,
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


def applicant_spec(project: Project, pid: str) -> SiteSpec:
    """One applicant's report with its own copy of the guide, for the offline zip."""
    return SiteSpec("applicant", pid, project.docs_dir / "applicants" / pid, Path(pid),
                    "Residency strategy report", private=True, offline=True)


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
    h.update(project.mkdocs_yml.read_bytes())
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
          incremental: bool = True, progress: Progress = _quiet) -> BuildResult:
    """Validate, generate, write docs/ and build every site into ``site_dir`` (default ``site/``)."""
    site_dir = (site_dir or project.site_dir).resolve()
    publish = publish if publish is not None else _plugin_publish(project)
    jobs = max(1, jobs or os.cpu_count() or 1)
    ghash = global_hash(project, as_of, publish, secret, shard)
    old = State.read(site_dir) if incremental and site_dir.is_dir() else State()
    full = old.global_hash != ghash

    # 1. Which profiles changed (by the bytes of their files)?
    paths = expand_paths([project.profiles_dir])
    hashes = {str(p.relative_to(project.root)): _sha(p.read_bytes()) for p in paths}
    if not full and {k: v["input"] for k, v in old.files.items()} == hashes:
        progress("up to date", 1, 1)
        return BuildResult(_specs_from_state(project, old, secret, publish), Generated(), [], [], True)
    keep = {} if full else {k: v for k, v in old.files.items() if hashes.get(k) == v["input"]}
    changed = [p for p in paths if str(p.relative_to(project.root)) not in keep]

    # 2. Generate the changed applicants; the others keep their pages and summaries.
    progress("generating", 0, len(changed))
    profiles = load_profiles(changed) if changed else []
    _check_ids_against(keep, profiles)
    renderer = Renderer(project)
    gen = Generated()
    applicant_pages(project, renderer, profiles, as_of, gen)
    entries = dict(keep)
    rel_of = {display_path(p): str(p.relative_to(project.root)) for p in changed}
    for p in profiles:
        rel = rel_of[p.source]
        entries[rel] = {"input": hashes[rel], "id": p.id, "cohort": p.cohort, "link_version": p.link_version,
                        "summary": gen.summaries[p.id].to_json()}
    summaries = {e["id"]: Summary.from_json(e["summary"]) for e in entries.values()}
    cohorts: dict[str, list[str]] = {}
    for e in entries.values():
        if e["cohort"]:
            cohorts.setdefault(e["cohort"], []).append(e["id"])
    touched = {e["cohort"] for e in entries.values() if e["id"] in gen.summaries}
    touched |= {v["cohort"] for k, v in old.files.items() if k not in entries}  # someone left
    gen.cohorts = cohorts
    gen.pages.update(cohort_pages(renderer, cohorts, summaries, as_of, publish, None if full else touched))
    mine = {e["id"] for e in entries.values() if _in_shard(e["id"], shard)}
    unchanged = tuple(f"applicants/{v['id']}/" for v in keep.values())
    untouched = tuple(f"cohorts/{c}/" for c in cohorts if c not in touched)
    write_docs(project.docs_dir, {k: v for k, v in gen.pages.items()
                                  if not k.startswith("applicants/") or k.split("/")[1] in mine},
               keep=() if full else unchanged + untouched)
    progress("generating", len(changed), len(changed))

    # 3. Build into a staging copy of the current site, then swap it in.
    staging = site_dir.with_name(f".{site_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    if not full and site_dir.is_dir():
        _link_copy(site_dir, staging)
    else:
        staging.mkdir(parents=True)
    folders = {e["id"]: report_folder(secret, e["id"], e.get("link_version", 1)) for e in entries.values()}
    rebuilt = sorted(pid for pid in mine if full or pid in gen.summaries)
    removed = sorted({v["id"] for k, v in old.files.items() if k not in entries} if not full else set())
    try:
        tasks = _tasks(project, staging, secret, publish, cohorts, folders, rebuilt, full,
                       touched, shard, jobs)
        _run(project, tasks, as_of, jobs, progress)
        root = staging / report_root(secret)
        for pid in removed:
            old_entry = next(v for v in old.files.values() if v["id"] == pid)
            shutil.rmtree(root / report_folder(secret, pid, old_entry.get("link_version", 1)), ignore_errors=True)
        specs = _specs(project, secret, publish, cohorts, folders, shard)
        names = {e["id"]: _name_of(project, rel, e) for rel, e in entries.items()}
        (staging / "index.html").write_text(landing_page(specs, names, as_of), encoding="utf-8")
        if _in_shard_lead(shard):
            (staging / PUBLIC).mkdir(exist_ok=True)
            (staging / PUBLIC / "index.html").write_text(public_page(specs, as_of), encoding="utf-8")
        shutil.rmtree(staging / ".work", ignore_errors=True)
        State(ghash, dict(sorted(entries.items()))).write(staging)
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    gen.decisions.sort(key=lambda d: d.profile.id)
    return BuildResult(specs, gen, rebuilt, removed)


def _rel(project: Project, source: str) -> str:
    path = Path(source)
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    return str(path.relative_to(project.root))


def _name_of(project: Project, rel: str, entry: dict[str, Any]) -> str:
    """The applicant's name for the advisor's local index (read again; never stored in the state)."""
    from .yamlio import load_yaml

    try:
        data = load_yaml(project.root / rel, "profile").data
        return str(data.get("name", entry["id"]))
    except InputError:
        return entry["id"]


def _check_ids_against(keep: dict[str, dict[str, Any]], profiles: list) -> None:
    from .errors import Problem

    used = {v["id"]: k for k, v in keep.items()}
    problems = [
        Problem(p.source, 1, 1, "id", f"the id '{p.id}' is already used by {used[p.id]}")
        for p in profiles if p.id in used
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


def _tasks(project: Project, staging: Path, secret: bytes | None, publish: Container[str],
           cohorts: dict[str, list[str]], folders: dict[str, str], rebuilt: list[str], full: bool,
           touched: set[str], shard: tuple[int, int] | None, jobs: int) -> list[_Task]:
    work = staging / ".work"
    tasks: list[_Task] = []
    offline = staging / "bundles" / OFFLINE_GUIDE
    lead = _in_shard_lead(shard)
    if lead and full:
        tasks.append(_Task(guide_spec(project), work / "offline-guide", bundle=offline))
        if secret is None:  # with a secret the report site carries the public guide
            tasks.append(_Task(SiteSpec("guide", None, project.guide_dir, PUBLIC / "guide", "IMG residency guide"),
                               staging / PUBLIC / "guide"))
    for cohort, members in sorted(cohorts.items()):
        if lead and (full or cohort in touched):
            shown = tuple(sorted(members)) if cohort in publish else ()
            spec = SiteSpec("cohort", cohort, project.docs_dir / "cohorts" / cohort, PUBLIC / "cohorts" / cohort,
                            f"Cohort {cohort}", shown, offline_zip=offline)
            tasks.append(_Task(spec, staging / spec.out))
    for cohort in sorted(touched - set(cohorts)):
        shutil.rmtree(staging / PUBLIC / "cohorts" / str(cohort), ignore_errors=True)
    title = "IMG residency guide" if secret else "Residency strategy reports"
    root = staging / report_root(secret)
    if full and lead and not rebuilt:
        rebuilt_chunks: list[list[str]] = [[]]
    else:
        rebuilt_chunks = _chunks(rebuilt, jobs)
    empty = work / "empty-docs"
    empty.mkdir(parents=True, exist_ok=True)
    for i, chunk in enumerate(rebuilt_chunks):
        spec = reports_spec(secret, {pid: folders[pid] for pid in chunk}, title, empty)
        tasks.append(_Task(spec, work / f"reports-{i}", merge_into=root, merge_all=(i == 0 and full and lead)))
    return tasks


def _chunks(items: list[str], jobs: int) -> list[list[str]]:
    if not items:
        return []
    n = max(1, min(jobs, len(items)))
    size = -(-len(items) // n)
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run_task(project_root: str, task: _Task, as_of: date) -> str:
    project = Project(Path(project_root))
    if task.dest.exists():
        shutil.rmtree(task.dest)
    if task.bundle is not None:
        build_bundle(project, task.spec, as_of, task.bundle, task.dest.parent)
    else:
        build_one(project, task.spec, task.dest, as_of)
    return task.spec.kind


def _run(project: Project, tasks: list[_Task], as_of: date, jobs: int, progress: Progress) -> None:
    """Build the offline guide first (cohort sites offer it), then everything else in parallel."""
    total = len(tasks)
    first = [t for t in tasks if t.bundle is not None]
    rest = [t for t in tasks if t.bundle is None]
    progress("building", 0, total)
    done = 0
    for task in first:
        _run_task(str(project.root), task, as_of)
        done += 1
        progress("building", done, total)
    if jobs == 1 or len(rest) <= 1:
        for task in rest:
            _run_task(str(project.root), task, as_of)
            done += 1
            progress("building", done, total)
    else:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("fork")) as pool:
            futures = [pool.submit(_run_task, str(project.root), t, as_of) for t in rest]
            for f in futures:
                f.result()
                done += 1
                progress("building", done, total)
    for task in tasks:
        if task.merge_into is not None:
            _merge_reports(task, task.merge_into)


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

    from .mkbuild import _quiet_mkdocs

    with _quiet_mkdocs(date(2000, 1, 1)):
        cfg = load_config(config_file=str(project.mkdocs_yml))
    return set(cfg.plugins["img-guide"].config.publish_reports)


def _swap(staging: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".{site_dir.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if site_dir.exists():
        os.replace(site_dir, old)
    os.replace(staging, site_dir)
    shutil.rmtree(old, ignore_errors=True)


# -- landing pages ------------------------------------------------------------------------------
def landing_page(specs: list[SiteSpec], names: dict[str, str], as_of: date) -> str:
    """A plain local index of every built site, for the advisor (it lists private reports)."""
    rows = []
    for spec in specs:
        label = spec.title if spec.kind != "applicant" else f"{names.get(spec.subject or '', '')} ({spec.subject})"
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
