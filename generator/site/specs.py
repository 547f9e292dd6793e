"""The sites of a build and where each goes: the guide, the cohorts, the reports."""

from __future__ import annotations

import os
import zlib
from collections.abc import Container
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ProjectError, UsageError, display_path
from ..inputs.profiles import load_profiles
from ..project import Project
from ..report.pages import Generated, applicant_pages
from ..report.render import Renderer
from ..share.links import token
from .mkbuild import SiteSpec, quiet_mkdocs
from .paths import LOCAL, PUBLIC


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
    return SiteSpec(
        "applicant",
        pid,
        (docs or project.docs_dir) / "applicants" / pid,
        Path(pid),
        "Residency strategy report",
        private=True,
        offline=True,
    )


def one_report(project: Project, pid: str, as_of: date, work: Path, salt: bytes) -> SiteSpec:
    """Validate the profiles, render one applicant's report into ``work`` (never into docs/,
    which belongs to ``img-guide build``), and return the spec of its own site."""
    profiles = load_profiles([project.profiles_dir])
    chosen = [p for p in profiles if p.id == pid]
    if not chosen:
        known = ", ".join(p.id for p in profiles)
        raise UsageError(f"no applicant '{pid}' (one of: {known})")
    gen = Generated()
    applicant_pages(project, Renderer(project, salt), chosen, as_of, gen)
    for rel, text in gen.pages.items():
        target = work / "docs" / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return applicant_spec(project, pid, work / "docs")


def reports_spec(secret: bytes | None, folders: dict[str, str], title: str, empty_docs: Path) -> SiteSpec:
    """The guide with many reports beside it; its docs come from the plugin, not from a folder."""
    return SiteSpec(
        "reports",
        None,
        empty_docs,
        report_root(secret),
        title,
        private=True,
        reports=tuple(sorted(folders.items())),
    )


def in_shard(pid: str, shard: tuple[int, int] | None) -> bool:
    if shard is None:
        return True
    k, n = shard
    return zlib.crc32(pid.encode("utf-8")) % n == k - 1


def in_shard_lead(shard: tuple[int, int] | None) -> bool:
    """The first shard (or an unsharded build) builds the guide, the cohorts and the bundles."""
    return shard is None or shard[0] == 1


def all_specs(
    project: Project,
    secret: bytes | None,
    publish: Container[str],
    cohorts: dict[str, list[str]],
    folders: dict[str, str],
    shard: tuple[int, int] | None,
) -> list[SiteSpec]:
    """Every site of the build, for the command's summary and the landing pages."""
    specs = [SiteSpec("guide", None, project.guide_dir, PUBLIC / "guide", "IMG residency guide")]
    for cohort, members in sorted(cohorts.items()):
        shown = tuple(sorted(members)) if cohort in publish else ()
        specs.append(
            SiteSpec(
                "cohort",
                cohort,
                project.docs_dir / "cohorts" / cohort,
                PUBLIC / "cohorts" / cohort,
                f"Cohort {cohort}",
                shown,
            )
        )
    root = report_root(secret)
    for pid, folder in sorted(folders.items()):
        if in_shard(pid, shard):
            specs.append(
                SiteSpec(
                    "applicant",
                    pid,
                    project.docs_dir / "applicants" / pid,
                    root / folder,
                    "Residency strategy report",
                    private=True,
                )
            )
    return specs


def specs_from_entries(
    project: Project, files: dict[str, dict[str, Any]], secret: bytes | None, publish: Container[str]
) -> list[SiteSpec]:
    cohorts: dict[str, list[str]] = {}
    folders = {}
    for e in files.values():
        folders[e["id"]] = report_folder(secret, e["id"], e.get("link_version", 1))
        if e["cohort"]:
            cohorts.setdefault(e["cohort"], []).append(e["id"])
    return all_specs(project, secret, publish, cohorts, folders, None)


_PUBLISH: dict[tuple[str, bytes, int], set[str]] = {}  # mkdocs.yml, its text, the environment


def plugin_publish(project: Project) -> set[str]:
    """The cohorts whose reports the advisor chose to publish (plugin option ``publish_reports``);
    read once per process and text of mkdocs.yml (and environment: it may use ``!ENV``)."""
    try:
        key = (
            str(project.mkdocs_yml.absolute()),
            project.mkdocs_yml.read_bytes(),
            hash(frozenset(os.environ.items())),
        )
    except OSError:
        key = None
    if key is not None and key in _PUBLISH:
        return set(_PUBLISH[key])
    found = _read_publish(project)
    if key is not None:
        _PUBLISH.clear()  # only the latest is worth keeping
        _PUBLISH[key] = found
    return set(found)


def _read_publish(project: Project) -> set[str]:
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    project.docs_dir.mkdir(exist_ok=True)
    with quiet_mkdocs(date(2000, 1, 1)) as collected:
        try:
            cfg = load_config(config_file=str(project.mkdocs_yml))
        except (MkDocsException, SystemExit, OSError) as exc:
            details = "".join(f"\n  {m}" for m in collected.messages)
            raise ProjectError(f"{display_path(project.mkdocs_yml)}: {exc}{details}") from None
    plugin = cfg.plugins.get("img-guide")
    if plugin is None:
        raise ProjectError(f"{display_path(project.mkdocs_yml)}: the img-guide plugin is not in its plugins")
    return set(plugin.config.publish_reports)
