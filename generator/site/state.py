"""What changed since the last build: the hash of everything shared, the state file, the checks."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Container
from dataclasses import dataclass, field
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem, UsageError, display_path
from ..inputs.filecache import FileCache, file_names
from ..inputs.yamlio import not_regular
from ..project import Project
from ..share.links import token
from .mkbuild import site_url_base
from .paths import STATE, STATE_VERSION
from .swap import KEPT, OWN, READY, STAGING


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


file_digest = FileCache(sha)  # each input file's hash, read again only when the file changed


def global_hash(
    project: Project,
    as_of: date,
    publish: Container[str],
    secret: bytes | None,
    shard: tuple[int, int] | None,
    salt: bytes = b"",
) -> str:
    """A hash of everything every page depends on besides the profiles themselves."""
    h = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent  # generator/
    for folder in (package, project.content_dir):
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            h.update(str(path.relative_to(folder)).encode() + b"\0" + file_digest(path).encode() + b"\0")
    h.update(project.mkdocs_yml.read_bytes() + site_url_base().encode())
    for dist in ("mkdocs", "mkdocs-material", "jinja2", "markdown"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"{dist}={metadata.version(dist)}".encode())
    published = sorted(publish) if isinstance(publish, (set, frozenset, list, tuple)) else ["*"]
    fingerprint = token(secret, "\0state") if secret else ""
    h.update(json.dumps([as_of.isoformat(), published, fingerprint, shard, STATE_VERSION]).encode())
    h.update(hashlib.sha256(b"img-guide/salt\0" + salt).digest())  # calendars change with the salt
    return h.hexdigest()


@dataclass
class State:
    """What the last build was made from (``site/.img-guide-state.json``)."""

    global_hash: str = ""
    files: dict[str, dict[str, Any]] = field(default_factory=dict)  # profile path -> entry

    @classmethod
    def read(cls, site_dir: Path) -> State:
        try:
            raw = (site_dir / STATE).read_bytes()
            digest = hashlib.sha256(raw).digest()
            known = _LAST.get(digest)
            if known is not None:  # the state this process wrote or read last: not parsed again
                return cls(known.global_hash, dict(known.files))
            data = json.loads(raw)
            if data.get("version") != STATE_VERSION:
                return cls()
            state = cls(data["global"], data["files"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return cls()
        _remember(digest, state)
        return cls(state.global_hash, dict(state.files))

    def write(self, site_dir: Path) -> None:
        """The state as compact JSON with sorted keys; each entry's text is made once per process
        while the entry is the same (a watching build rewrites 10,000s of unchanged entries)."""
        global _TEXTS
        texts, parts = {}, []
        for rel, entry in sorted(self.files.items()):
            known = _TEXTS.get(rel)
            if known is None or known[0] is not entry:
                known = (entry, json.dumps(entry, separators=(",", ":"), sort_keys=True))
            texts[rel] = known
            parts.append(f"{json.dumps(rel)}:{known[1]}")
        _TEXTS = texts
        text = (
            '{"files":{'
            + ",".join(parts)
            + '},"global":'
            + json.dumps(self.global_hash)
            + ',"version":'
            + json.dumps(STATE_VERSION)
            + "}\n"
        )
        tmp = site_dir / f".{STATE}.tmp"  # a new file, then renamed: never half written
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, site_dir / STATE)
        _remember(hashlib.sha256(text.encode("utf-8")).digest(), State(self.global_hash, dict(self.files)))


# What this process last read or wrote as a state, by the hash of its text; entries are never
# changed in place by a build (a changed profile gets a new entry), so they can be shared.
_LAST: dict[bytes, State] = {}
_TEXTS: dict[str, tuple[dict[str, Any], str]] = {}  # profile path -> (entry, its JSON) last written


def _remember(digest: bytes, state: State) -> None:
    _LAST.clear()
    _LAST[digest] = state


def check_inputs(project: Project, paths: list[Path]) -> dict[Path, str]:
    """Every profile a regular file inside the project, checked before any is read; each
    path's name relative to the project (its real place: a linked folder is followed)."""
    root = project.root.resolve()
    folders: dict[str, str | None] = {}  # each folder once: its place in the project, or None
    plain: dict[str, set[str]] = {}  # each folder's regular files, from one listing
    problems, rels = [], {}
    for path in paths:  # (strings, not pathlib: 10,000s of profiles)
        folder, name = os.path.split(os.fspath(path))
        if folder not in folders:
            real = Path(folder or ".").resolve()
            inside = real == root or root in real.parents
            folders[folder] = real.relative_to(root).as_posix() if inside else None
            plain[folder] = file_names(folder or ".", follow_symlinks=False)
        reason = None if name in plain[folder] else not_regular(path, "profile")
        if reason is None:  # a regular file, not a link: its real place is in its folder's
            where = folders[folder]
            if where is None:
                reason = "lies outside the project (through a linked folder); keep profiles inside it"
            else:
                rels[path] = name if where == "." else f"{where}/{name}"
        if reason:
            problems.append(Problem(display_path(path), 1, 1, "", reason))
    if problems:
        raise InputError(problems)
    return rels


def check_site_dir(project: Project, site_dir: Path) -> None:
    """Refuse a site folder whose replacement would delete the project or the user's files."""
    root = project.root.resolve()
    guarded = [
        root,
        project.content_dir.resolve(),
        project.profiles_dir.resolve(),
        project.docs_dir.resolve(),
    ]
    for folder in guarded:
        if site_dir == folder or site_dir in folder.parents or folder in site_dir.parents and folder != root:
            raise UsageError(
                f"--site-dir {display_path(site_dir)}: it would replace {display_path(folder)}; "
                "choose a folder of its own, such as site/"
            )
    if site_dir.exists() and not site_dir.is_dir():
        raise UsageError(
            f"--site-dir {display_path(site_dir)}: it is a file, not a folder; name a folder "
            "img-guide made (such as site/) or a new or empty one"
        )
    if site_dir.is_dir() and not made_by_img_guide(site_dir):
        raise UsageError(
            f"--site-dir {display_path(site_dir)}: the folder is not empty and was not made by "
            "img-guide build; refusing to replace it (name a new or empty folder)"
        )


def made_by_img_guide(site_dir: Path) -> bool:
    """An empty folder, or one holding a build's state, or only what a killed first build or
    ``img-guide pdf`` left."""
    names = {p.name for p in site_dir.iterdir()}
    swapping = (site_dir / STAGING / READY).is_file()  # a first build killed during its swap
    return STATE in names or swapping or names <= set(OWN) | set(KEPT)


def check_ids(keep: dict[str, dict[str, Any]], fresh: dict[str, dict[str, Any]]) -> None:
    """An id may not be taken twice, by a changed file and an unchanged one."""
    used = {v["id"]: k for k, v in keep.items()}
    problems = [
        Problem(rel, 1, 1, "id", f"the id '{info['id']}' is already used by {used[info['id']]}")
        for rel, info in sorted(fresh.items())
        if info["id"] in used
    ]
    if problems:
        raise InputError(problems)
