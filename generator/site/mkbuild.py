"""Run MkDocs in-process for one site, and zip a site for offline use."""

from __future__ import annotations

import logging
import os
import re
import shutil
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from ..errors import BuildError
from ..project import Project


# -- MkDocs -----------------------------------------------------------------------------------
class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def quiet_mkdocs(as_of: date) -> Iterator[_Collect]:
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
    kind: str  # guide | cohort | applicant | reports
    subject: str | None
    docs_dir: Path
    out: Path  # relative to the site root
    title: str
    members: tuple[str, ...] = ()
    private: bool = False  # noindex, and linked from nowhere else
    offline: bool = False  # Material's offline plugin: works from file:// (for zip bundles)
    offline_zip: Path | None = None  # the guide's offline zip, offered for download (cohort sites)
    reports: tuple[tuple[str, str], ...] = ()  # reports site: (applicant id, folder) pairs
    trim: bool = True  # leave out unused theme files (off only for the naive benchmark baseline)
    reports_only: bool = (
        False  # reports site: only the report folders (their shared files come from another build)
    )


SITE_URL_ENV = "IMG_GUIDE_SITE_URL"  # where site/public/ is served (the Pages workflow sets it)


def site_url_base() -> str:
    """The published address of ``site/public/`` from IMG_GUIDE_SITE_URL, with one trailing slash."""
    base = os.environ.get(SITE_URL_ENV, "").strip()
    if base and not base.startswith(("https://", "http://")):
        raise BuildError(f"{SITE_URL_ENV} must start with https:// (got '{base}')")
    return base.rstrip("/") + "/" if base else ""


def site_url(spec: SiteSpec) -> str | None:
    """The address of a published site (for its sitemap and canonical links), None for others."""
    base = site_url_base()
    if not base or not spec.out.parts or spec.out.parts[0] != "public":
        return None
    rest = "/".join(spec.out.parts[1:])
    return base + (f"{rest}/" if rest else "")


def build_one(project: Project, spec: SiteSpec, site_dir: Path, as_of: date) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from .plugin import ImgGuidePlugin

    with quiet_mkdocs(as_of) as collected:
        try:
            cfg = load_config(
                config_file=str(project.mkdocs_yml),
                docs_dir=str(spec.docs_dir),
                site_dir=str(site_dir),
                site_name=spec.title,
            )
            cfg.site_url = site_url(spec) or cfg.site_url
            plugin = cfg.plugins["img-guide"]
            if isinstance(plugin, ImgGuidePlugin):
                plugin.given = project  # its rules, catalog, settings and guide already loaded
            plugin.config.site = spec.kind
            plugin.config.subject = spec.subject
            plugin.config.members = list(spec.members)
            plugin.config.as_of = as_of.isoformat()
            plugin.config.private = spec.private
            plugin.config.offline_zip = str(spec.offline_zip) if spec.offline_zip else None
            plugin.config.reports = dict(spec.reports)
            plugin.config.trim_theme = spec.trim
            plugin.config.reports_only = spec.reports_only
            if "material/offline" in cfg.plugins:
                cfg.plugins["material/offline"].config.enabled = spec.offline
            elif spec.offline:
                raise BuildError("mkdocs.yml lacks Material's offline plugin, which the bundles need")
            cfg.strict = True
            build(cfg)
        except (MkDocsException, SystemExit, OSError, KeyError) as exc:
            details = "\n".join(f"  {m}" for m in collected.messages)
            message = f"the {spec.kind} site {spec.out} failed to build: {exc}\n{details}".rstrip()
            raise BuildError(_redact(message, spec)) from None


def build_bundle(project: Project, spec: SiteSpec, as_of: date, output: Path, work: Path) -> Path:
    """Build ``spec`` with the offline plugin into ``work`` and zip it, deterministically, to ``output``."""
    folder = work / spec.out
    if folder.exists():
        shutil.rmtree(folder)
    build_one(project, spec, folder, as_of)
    output.parent.mkdir(parents=True, exist_ok=True)
    tmp = output.with_name(f".{output.name}.tmp")
    stamp = max((as_of.year, as_of.month, as_of.day, 0, 0, 0), _ZIP_EPOCH)
    top = zip_top(output)
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            name = f"{top}/{path.relative_to(folder).as_posix()}"
            if ".." in name.split("/") or name.startswith("/"):
                raise BuildError(f"refusing to write the zip entry {name!r} outside its folder")
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    os.replace(tmp, output)
    shutil.rmtree(folder, ignore_errors=True)
    return output


_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip entry can carry
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def zip_top(output: Path) -> str:
    """The one folder a zip unpacks into: the zip's name, made safe (never ``..``, never empty)."""
    top = _SAFE_NAME.sub("-", output.stem).strip(".-")
    return top or "img-guide"


def _redact(message: str, spec: SiteSpec) -> str:
    """A build message with each private report folder named by its applicant instead of its token."""
    for pid, folder in spec.reports:
        message = message.replace(f"{folder}/", f"[report of {pid}]/")
    return message
