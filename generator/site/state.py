"""What changed since the last build: the hash of everything shared, the state file, the checks."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError, display_path
from ..project import Project
from ..share.links import token
from .mkbuild import site_url_base
from .paths import STATE, STATE_VERSION


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def global_hash(project: Project, as_of: date, publish: Container[str], secret: bytes | None,
                shard: tuple[int, int] | None) -> str:
    """A hash of everything every page depends on besides the profiles themselves."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # generator/
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


def relpath(project: Project, path: Path) -> str:
    return path.resolve().relative_to(_resolved(project.root)).as_posix()


@functools.lru_cache(maxsize=16)
def _resolved(root: Path) -> Path:
    return root.resolve()


def check_site_dir(project: Project, site_dir: Path) -> None:
    """Refuse a site folder whose replacement would delete the project or the user's files."""
    root = project.root.resolve()
    guarded = [root, project.content_dir.resolve(), project.profiles_dir.resolve(), project.docs_dir.resolve()]
    for folder in guarded:
        if site_dir == folder or site_dir in folder.parents or folder in site_dir.parents and folder != root:
            raise UsageError(f"--site-dir {display_path(site_dir)}: it would replace {display_path(folder)}; "
                             "choose a folder of its own, such as site/")
    if site_dir.is_dir() and any(site_dir.iterdir()) and not (site_dir / STATE).is_file():
        raise UsageError(f"--site-dir {display_path(site_dir)}: the folder is not empty and was not made by "
                         "img-guide build; refusing to replace it")


def check_ids(keep: dict[str, dict[str, Any]], fresh: dict[str, dict[str, Any]]) -> None:
    """An id may not be taken twice, by a changed file and an unchanged one."""
    used = {v["id"]: k for k, v in keep.items()}
    problems = [
        Problem(rel, 1, 1, "id", f"the id '{info['id']}' is already used by {used[info['id']]}")
        for rel, info in sorted(fresh.items()) if info["id"] in used
    ]
    if problems:
        raise InputError(problems)
