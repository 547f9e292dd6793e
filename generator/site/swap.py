"""The staging folder of a build, inside the site folder, and its swap into place.

A build writes into ``SITE/.img-guide-staging/`` (never into the project root, and git-ignored by
a ``.gitignore`` of its own even when the site folder is not), so nothing it does reaches the live
site before the swap. A full build writes the whole new site there. An incremental build writes
only what it changed (an overlay): the rebuilt report folders and cohort sites, the landing pages
and the state, and names what it removes; everything else stays where it is, untouched.

The swap: the staging folder is marked complete (``READY``: the paths to put in place and the
paths to remove; for a full build, every entry of the site folder), then each path of the live site
is moved aside and the staging one moved in, the state file last. A build killed before the mark
leaves a staging folder the next build deletes; one killed during the swap leaves the mark, and
the next build finishes the swap (``recover``). Either way the site that results is the one a
finished build gives.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .paths import PDFS, STATE

STAGING = ".img-guide-staging"
RETIRED = ".img-guide-retired"  # the replaced entries, deleted once the swap is done
READY = ".img-guide-ready.json"  # in the staging folder: it is complete
OWN = (STAGING, RETIRED)  # names in a site folder that belong to a build in progress
KEPT = (PDFS,)  # the advisor's printed reports: no build replaces them
_IGNORE = ".gitignore"


def write_new(path: Path, text: str) -> None:
    """Write ``path`` as a new file, atomically (a reader sees the old text or the new)."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def begin(site_dir: Path) -> Path:
    """A fresh, empty staging folder inside ``site_dir``."""
    recover(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    staging = site_dir / STAGING
    _remove(staging)
    staging.mkdir()
    (staging / _IGNORE).write_text("*\n", encoding="utf-8")  # never committed, wherever it lies
    return staging


def swap_in(staging: Path, site_dir: Path, overlay: Overlay | None = None) -> None:
    """Mark ``staging`` complete, then put it in place: the whole site (``overlay`` None: every
    entry of the staging folder replaces the live site's), or only the overlay's paths."""
    if overlay is None:
        names = sorted(n for n in os.listdir(staging) if n not in (READY, _IGNORE) and not n.endswith(".tmp"))
        plan = {"full": True, "replace": names, "delete": []}
    else:
        plan = {"full": False, "replace": sorted(overlay.replace), "delete": sorted(overlay.delete)}
    write_new(staging / READY, json.dumps(plan))
    _finish_swap(site_dir)


def recover(site_dir: Path) -> None:
    """Clean up after a killed build: finish a swap it began, delete a staging folder it left."""
    _legacy(site_dir)
    staging = site_dir / STAGING
    if (staging / READY).is_file():
        _finish_swap(site_dir)
    _remove(staging)
    _remove(site_dir / RETIRED)


def _finish_swap(site_dir: Path) -> None:
    """Replace the live paths by the staging ones; safe to run again after a kill."""
    staging, retired = site_dir / STAGING, site_dir / RETIRED
    plan = json.loads((staging / READY).read_text(encoding="utf-8"))
    if isinstance(plan, list):  # the mark of a build before 0.3: a full swap
        plan = {"full": True, "replace": plan, "delete": []}
    retired.mkdir(exist_ok=True)
    (retired / _IGNORE).write_text("*\n", encoding="utf-8")
    _retire(site_dir / STATE, retired / STATE)  # no state claims "up to date" while entries move
    names = [n for n in plan["replace"] if n != STATE] + ([STATE] if STATE in plan["replace"] else [])
    if plan["full"]:
        for item in sorted(site_dir.iterdir()):
            if item.name not in names and item.name not in OWN and item.name not in KEPT:
                _retire(item, retired / f"gone-{item.name}")
    for i, rel in enumerate(plan["delete"]):
        _retire(site_dir / rel, retired / f"deleted-{i}")
    for i, rel in enumerate(names):
        src = staging / rel
        if not os.path.lexists(src):
            continue  # moved before the kill
        _retire(site_dir / rel, retired / f"replaced-{i}")
        (site_dir / rel).parent.mkdir(parents=True, exist_ok=True)
        os.replace(src, site_dir / rel)
    _remove(staging)
    _remove(retired)


@dataclass
class Overlay:
    """What an incremental build changes in the live site, as paths relative to the site folder:
    each written into the staging folder (a file or a whole folder), or to remove."""

    replace: set[str] = field(default_factory=set)
    delete: set[str] = field(default_factory=set)

    def add(self, staging: Path, path: Path) -> None:
        """``path`` (inside ``staging``) replaces its live counterpart."""
        rel = path.relative_to(staging).as_posix()
        self.replace.add(rel)
        self.delete.discard(rel)

    def remove(self, staging: Path, path: Path) -> None:
        """``path``'s live counterpart goes; nothing of it stays in staging."""
        rel = path.relative_to(staging).as_posix()
        _remove(path)
        self.replace.discard(rel)
        self.delete.add(rel)


def _retire(path: Path, target: Path) -> None:
    """Move ``path`` (if it is there) aside to ``target`` in the retired folder."""
    if os.path.lexists(path):
        _remove(target)
        os.replace(path, target)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _legacy(site_dir: Path) -> None:
    """What builds before 0.2 left beside the site folder: ``.site.building`` and ``.site.old``."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if not site_dir.exists() and old.is_dir():
        os.replace(old, site_dir)
    for leftover in (old, site_dir.with_name(f".{site_dir.name}.building")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
