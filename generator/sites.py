"""Build every site of a project: the guide, one site per cohort, one site per applicant.

``generate`` is the pure part (profiles in, Markdown pages out); ``write_docs`` puts the pages
under ``docs/`` (keeping a manifest, never touching files it did not write); ``build_sites``
runs MkDocs in-process for each site into a staging folder and swaps it in at the end, so a
failed or interrupted build leaves the previous output whole.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import shutil
import zipfile
from collections.abc import Container, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from .engine import Decision, decide
from .errors import BuildError, InputError, Problem, display_path
from .links import profile_token
from .profiles import load_profiles
from .project import Project
from .render import Renderer

MANIFEST = ".img-guide-manifest.json"
GENERATED_AREAS = ("applicants/", "cohorts/")
log = logging.getLogger("img-guide")


@dataclass
class Generated:
    """All Markdown pages of a project, by path relative to ``docs/``."""

    pages: dict[str, str] = field(default_factory=dict)
    cohorts: dict[str, list[str]] = field(default_factory=dict)  # cohort -> applicant ids
    decisions: list[Decision] = field(default_factory=list)

    @property
    def applicants(self) -> list[str]:
        return [d.profile.id for d in self.decisions]


class Everything:
    """A ``publish`` set that holds every cohort (the local preview shows all reports)."""

    def __contains__(self, item: object) -> bool:
        return True


def generate(
    project: Project, as_of: date, profiles_dir: Path | None = None, publish: Container[str] = frozenset()
) -> Generated:
    """Validate every profile, decide it, and render every report and cohort page."""
    profiles = load_profiles([profiles_dir or project.profiles_dir])
    book = project.rulebook
    renderer = Renderer(project)
    out = Generated()
    for profile in profiles:
        d = decide(profile, book, as_of)
        out.decisions.append(d)
        for name, text in renderer.applicant_pages(d).items():
            out.pages[f"applicants/{profile.id}/{name}"] = text
        if profile.cohort:
            out.cohorts.setdefault(profile.cohort, []).append(profile.id)
    by_id = {d.profile.id: d for d in out.decisions}
    for cohort, members in sorted(out.cohorts.items()):
        ds = [by_id[m] for m in members]
        out.pages[f"cohorts/{cohort}/index.md"] = renderer.cohort_page(cohort, ds, as_of, cohort in publish)
    return out


# -- docs/ ------------------------------------------------------------------------------------
def _digest(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


def write_docs(docs: Path, pages: dict[str, str]) -> dict[str, int]:
    """Write generated pages under ``docs``; only changed files are written.

    Files the generator wrote before and no longer generates are removed, unless someone edited
    them since; files it never wrote are never touched (a generated page may not replace one).
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
    for rel, digest in sorted(old.items()):
        if rel in pages:
            continue
        target = docs / rel
        if target.is_file() and _digest(target.read_bytes()) == digest:
            target.unlink()
            _prune_empty(target.parent, docs)
            stats["removed"] += 1
        elif target.exists():
            log.warning("kept %s: edited since img-guide wrote it", display_path(target))
            stats["kept"] += 1
    manifest = {"files": {rel: _digest(text) for rel, text in sorted(pages.items())}}
    tmp = manifest_path.with_name(f".{MANIFEST}.tmp")
    docs.mkdir(parents=True, exist_ok=True)
    tmp.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(tmp, manifest_path)
    return stats


def _prune_empty(folder: Path, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


# -- MkDocs -----------------------------------------------------------------------------------
class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def _quiet_mkdocs(as_of: date) -> Iterator[_Collect]:
    """Collect MkDocs' warnings, and date the build from ``as_of`` unless SOURCE_DATE_EPOCH is set."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    saved = os.environ.get("SOURCE_DATE_EPOCH")
    if saved is None:
        stamp = datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC).timestamp()
        os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    logger = logging.getLogger("mkdocs")
    handler = _Collect()
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.WARNING)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
        if saved is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


@dataclass(frozen=True)
class SiteSpec:
    kind: str  # guide | cohort | applicant
    subject: str | None
    docs_dir: Path
    out: Path  # relative to the site root
    title: str
    members: tuple[str, ...] = ()
    private: bool = False  # noindex, and linked from nowhere else
    offline: bool = False  # Material's offline plugin: works from file:// (for zip bundles)
    offline_zip: Path | None = None  # the guide's offline zip, offered for download (cohort sites)


def build_one(project: Project, spec: SiteSpec, site_dir: Path, as_of: date) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with _quiet_mkdocs(as_of) as collected:
        try:
            cfg = load_config(
                config_file=str(project.mkdocs_yml),
                docs_dir=str(spec.docs_dir),
                site_dir=str(site_dir),
                site_name=spec.title,
            )
            plugin = cfg.plugins["img-guide"]
            plugin.config.site = spec.kind
            plugin.config.subject = spec.subject
            plugin.config.members = list(spec.members)
            plugin.config.as_of = as_of.isoformat()
            plugin.config.private = spec.private
            plugin.config.offline_zip = str(spec.offline_zip) if spec.offline_zip else None
            if "material/offline" in cfg.plugins:
                cfg.plugins["material/offline"].config.enabled = spec.offline
            elif spec.offline:
                raise BuildError("mkdocs.yml lacks Material's offline plugin, which the bundles need")
            cfg.strict = True
            build(cfg)
        except (MkDocsException, SystemExit, OSError, KeyError) as exc:
            details = "\n".join(f"  {m}" for m in collected.messages)
            raise BuildError(
                f"the {spec.kind} site {spec.out} failed to build: {exc}\n{details}".rstrip()
            ) from None


PUBLIC = Path("public")
OFFLINE_GUIDE = "img-guide-offline.zip"


def site_specs(project: Project, gen: Generated, publish: Container[str], secret: bytes | None,
               offline_zip: Path | None = None) -> list[SiteSpec]:
    """Every site of a build and where it goes (see README, "Output layout")."""
    docs = project.docs_dir
    specs = [SiteSpec("guide", None, project.guide_dir, PUBLIC / "guide", "IMG residency guide")]
    for cohort, members in sorted(gen.cohorts.items()):
        shown = tuple(sorted(members)) if cohort in publish else ()
        specs.append(SiteSpec("cohort", cohort, docs / "cohorts" / cohort, PUBLIC / "cohorts" / cohort,
                              f"Cohort {cohort}", shown, offline_zip=offline_zip))
    for d in sorted(gen.decisions, key=lambda d: d.profile.id):
        pid = d.profile.id
        out = PUBLIC / "r" / profile_token(secret, d.profile) if secret else Path("applicants") / pid
        specs.append(SiteSpec("applicant", pid, docs / "applicants" / pid, out,
                              "Residency strategy report", private=True))
    return specs


def build_sites(project: Project, as_of: date, site_dir: Path | None = None,
                publish: Container[str] | None = None, secret: bytes | None = None,
                ) -> tuple[Generated, list[SiteSpec]]:
    """Generate, write docs/, and build every site into ``site_dir`` (default ``site/``).

    Everything is built into a staging folder first and swapped in at the end.
    """
    site_dir = site_dir or project.site_dir
    publish = publish if publish is not None else _plugin_publish(project)
    gen = generate(project, as_of, publish=publish)
    write_docs(project.docs_dir, gen.pages)
    staging = site_dir.with_name(f".{site_dir.name}.building")
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir(parents=True)
    try:
        offline = staging / "bundles" / OFFLINE_GUIDE
        build_bundle(project, guide_spec(project), as_of, offline, staging / ".work")
        specs = site_specs(project, gen, publish, secret, offline)
        for spec in specs:
            build_one(project, spec, staging / spec.out, as_of)
        (staging / "index.html").write_text(landing_page(gen, specs, as_of), encoding="utf-8")
        (staging / PUBLIC / "index.html").write_text(public_page(specs, as_of), encoding="utf-8")
        shutil.rmtree(staging / ".work", ignore_errors=True)
        _swap(staging, site_dir)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return gen, specs


def guide_spec(project: Project) -> SiteSpec:
    return SiteSpec("guide", None, project.guide_dir, Path("guide"), "IMG residency guide", offline=True)


def applicant_spec(project: Project, pid: str) -> SiteSpec:
    return SiteSpec("applicant", pid, project.docs_dir / "applicants" / pid, Path(pid),
                    "Residency strategy report", private=True, offline=True)


def build_bundle(project: Project, spec: SiteSpec, as_of: date, output: Path, work: Path) -> Path:
    """Build ``spec`` with the offline plugin into ``work`` and zip it, deterministically, to ``output``."""
    folder = work / spec.out
    if folder.exists():
        shutil.rmtree(folder)
    build_one(project, spec, folder, as_of)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    stamp = (as_of.year, as_of.month, as_of.day, 0, 0, 0)
    top = output.stem
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, output)
    shutil.rmtree(folder, ignore_errors=True)
    return output


def _plugin_publish(project: Project) -> set[str]:
    """The cohorts whose reports the advisor chose to publish (plugin option ``publish_reports``)."""
    from mkdocs.config import load_config

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


def landing_page(gen: Generated, specs: list[SiteSpec], as_of: date) -> str:
    """A plain local index of every built site, for the advisor (it lists private reports)."""
    names = {d.profile.id: d.profile.name for d in gen.decisions}
    rows = []
    for spec in specs:
        label = spec.title if spec.kind != "applicant" else f"{names[spec.subject]} ({spec.subject})"
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
