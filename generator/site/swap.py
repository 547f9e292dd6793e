"""The staging folder of a build, inside the site folder, and its swap into place.

A build writes the new site into ``SITE/.img-guide-staging/`` (never into the project root, and
git-ignored by a ``.gitignore`` of its own even when the site folder is not). An incremental
build starts from a copy of the live site whose files are hard links (fast); every later write
into the staging copy replaces a file rather than rewriting it (``write_new``), and the state
file is never linked, so nothing the build does reaches the live site before the swap.

The swap: the staging folder is marked complete (``READY``, listing the new tree's entries),
then each entry of the site folder is replaced by the staging one, the state file last. A build
killed before the mark leaves a staging folder the next build deletes; one killed during the
swap leaves the mark, and the next build finishes the swap (``recover``). Either way the site
that results is the one a finished build gives.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .paths import PDFS, STATE

STAGING = ".img-guide-staging"
RETIRED = ".img-guide-retired"  # the replaced entries, deleted once the swap is done
READY = ".img-guide-ready.json"  # in the staging folder: it is complete
OWN = (STAGING, RETIRED)  # names in a site folder that belong to a build in progress
KEPT = (PDFS,)  # the advisor's printed reports: no build replaces them
_IGNORE = ".gitignore"


def write_new(path: Path, text: str) -> None:
    """Write ``path`` as a new file (a hard-linked old one is left alone), atomically."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def begin(site_dir: Path, copy: bool) -> Path:
    """A fresh staging folder inside ``site_dir``: empty, or a hard-linked copy of the live site."""
    recover(site_dir)
    site_dir.mkdir(parents=True, exist_ok=True)
    staging = site_dir / STAGING
    _remove(staging)
    staging.mkdir()
    (staging / _IGNORE).write_text("*\n", encoding="utf-8")  # never committed, wherever it lies
    if copy:
        for item in sorted(site_dir.iterdir()):
            if item.name in OWN or item.name in KEPT or item.name == STATE:
                continue  # the state is written anew into the staging copy, never linked
            if item.is_dir() and not item.is_symlink():
                shutil.copytree(item, staging / item.name, copy_function=_link, symlinks=True)
            else:
                _link(str(item), str(staging / item.name))
    return staging


def swap_in(staging: Path, site_dir: Path) -> None:
    """Mark ``staging`` complete, then put it in place of the live site."""
    names = sorted(n for n in os.listdir(staging) if n not in (READY, _IGNORE) and not n.endswith(".tmp"))
    write_new(staging / READY, json.dumps(names))
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
    """Replace the live entries by the staging ones; safe to run again after a kill."""
    staging, retired = site_dir / STAGING, site_dir / RETIRED
    names = json.loads((staging / READY).read_text(encoding="utf-8"))
    retired.mkdir(exist_ok=True)
    (retired / _IGNORE).write_text("*\n", encoding="utf-8")
    _retire(site_dir / STATE, retired)  # no state claims "up to date" while entries move
    for item in sorted(site_dir.iterdir()):
        if item.name not in names and item.name not in OWN and item.name not in KEPT:
            _retire(item, retired)
    for name in [n for n in names if n != STATE] + ([STATE] if STATE in names else []):
        src = staging / name
        if not os.path.lexists(src):
            continue  # moved before the kill
        _retire(site_dir / name, retired)
        os.replace(src, site_dir / name)
    _remove(staging)
    _remove(retired)


def _retire(path: Path, retired: Path) -> None:
    if os.path.lexists(path):
        _remove(retired / path.name)
        os.replace(path, retired / path.name)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif os.path.lexists(path):
        path.unlink()


def _link(src: str, dest: str) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _legacy(site_dir: Path) -> None:
    """What builds before 0.2 left beside the site folder: ``.site.building`` and ``.site.old``."""
    old = site_dir.with_name(f".{site_dir.name}.old")
    if not site_dir.exists() and old.is_dir():
        os.replace(old, site_dir)
    for leftover in (old, site_dir.with_name(f".{site_dir.name}.building")):
        if leftover.is_dir() and not leftover.is_symlink():
            shutil.rmtree(leftover)
