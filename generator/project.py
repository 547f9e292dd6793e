"""Where a project's files are: profiles, content (rules, guide, programs), docs and site."""

from __future__ import annotations

import copy
import hashlib
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from .catalog import Program, load_catalog
from .catalog.model import catalog_files
from .engine.bookcache import load_checked
from .engine.rulebook import Rulebook
from .errors import InputError, ProjectError
from .inputs.yamlio import Document, load_yaml, not_regular

ANCHOR_RE = re.compile(r"\{\s*#([a-z0-9-]+)\s*\}")

RULES = Path("content") / "rules.yml"
_CATALOGS: dict[tuple[str, ...], tuple[Program, ...]] = {}  # files and their hashes -> programs


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def guide_dir(self) -> Path:
        return self.content_dir / "guide"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @cached_property
    def rulebook(self) -> Rulebook:
        """The rules (content/rules.yml), with every rule the code and templates name; loaded once
        per process and file content (``engine.bookcache``)."""
        return load_checked(self.root / RULES)

    @property
    def programs_dir(self) -> Path:
        return self.content_dir / "programs"

    @cached_property
    def programs(self) -> list[Program]:
        """The program catalog (content/programs/*.yml), validated; loaded once per process and
        content of its files (every Project of a preview or a benchmark shares it)."""
        files = catalog_files(self.programs_dir)
        key = tuple(f"{f.absolute()}\0{_digest(f)}" for f in files)
        if key not in _CATALOGS:
            _CATALOGS[key] = tuple(load_catalog(self.programs_dir))
        return list(_CATALOGS[key])

    @cached_property
    def plans(self) -> dict[str, Any]:
        return _loaded(self.content_dir / "plans.yml", "plans file").data

    @cached_property
    def site_settings(self) -> dict[str, Any]:
        """content/site.yml, checked: guide pages, action priority, minimum group size."""
        doc = _loaded(self.content_dir / "site.yml", "site settings file")
        data = doc.data if isinstance(doc.data, dict) else {}
        problems = [] if isinstance(doc.data, dict) else [doc.problem((), "must be a mapping of settings")]
        for key in ("guide", "action_priority"):
            value = data.get(key)
            if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
                problems.append(doc.problem((key,), "must be a list of names", key=key in data))
        minimum = data.get("min_group_size", 3)
        if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
            problems.append(doc.problem(("min_group_size",), "must be a whole number of 1 or more"))
        if not isinstance(data.get("cohort_summary", True), bool):
            problems.append(doc.problem(("cohort_summary",), "must be true or false"))
        if problems:
            raise InputError(problems)
        return data

    @cached_property
    def guide_pages(self) -> list[str]:
        """Guide pages in navigation order (content/site.yml), then any others by name."""
        listed = [str(p) for p in self.site_settings.get("guide", [])]
        found = sorted(p.name for p in self.guide_dir.glob("*.md"))
        missing = [p for p in listed if p not in found]
        if missing:
            raise ProjectError(f"content/site.yml lists guide pages that do not exist: {', '.join(missing)}")
        return listed + [p for p in found if p not in listed]

    @cached_property
    def anchors(self) -> dict[str, str]:
        """Rule-ID anchors of the guide: ``"ready-yes" -> "readiness.md"``."""
        out: dict[str, str] = {}
        for page in self.guide_pages:
            text = (self.guide_dir / page).read_text(encoding="utf-8")
            for anchor in ANCHOR_RE.findall(text):
                out.setdefault(anchor, page)
        return out


def find_project(start: Path | None = None) -> Project:
    """The project holding ``start`` (default: the working folder) or, failing that, the one
    this package was installed from (an editable install of the repository)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / RULES).is_file():
            return Project(folder)
    beside = Path(__file__).resolve().parent.parent
    if start is None and (beside / RULES).is_file():
        return Project(beside)
    raise ProjectError(
        f"no img-guide project found at {here} or above it (looked for {RULES}); "
        "run inside the project folder or pass --project"
    )


_DOCS: dict[tuple[str, str], Document] = {}  # a content file and its hash -> its parsed document


def _loaded(path: Path, what: str) -> Document:
    """``load_yaml(path)``, parsed once per process and content (a copy each time: callers own it)."""
    key = (str(path.absolute()), _digest(path))
    if key not in _DOCS:
        if len(_DOCS) > 64:
            _DOCS.clear()
        _DOCS[key] = load_yaml(path, what)
    return copy.deepcopy(_DOCS[key])


def _digest(path: Path) -> str:
    """A content file's hash for the per-process caches; a link, a special file or an
    unreadable file is never opened here (the catalog loader refuses it with a located error)."""
    if not_regular(path):
        return "not a regular file"
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "unreadable"
