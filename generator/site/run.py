"""The state of one build in progress: what changed since the last, and what it writes where."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Container
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..project import Project
from ..report.pages import DocsWriter
from .paths import OFFLINE_GUIDE
from .specs import in_shard_lead, report_root
from .state import State
from .swap import Overlay

Progress = Callable[[str, int, int], None]


@dataclass
class Changes:
    """Step 1: what the last build was made from, and which profiles changed since."""

    site_dir: Path
    publish: Container[str]
    ghash: str
    salt: bytes  # the calendar UIDs' salt
    old: State
    full: bool
    hashes: dict[str, str]  # profile path -> hash of its text
    keep: dict[str, dict[str, Any]]  # unchanged profiles' state entries
    changed: list[str]
    previous: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> last build's report status


@dataclass
class Run:
    """One build in progress: its settings, the validated profiles and the staging folders."""

    project: Project
    as_of: date
    secret: bytes | None
    shard: tuple[int, int] | None
    jobs: int
    progress: Progress
    ch: Changes
    fresh: dict[str, dict[str, Any]] = field(default_factory=dict)  # changed path -> id, cohort, link_version
    entries: dict[str, dict[str, Any]] = field(default_factory=dict)  # every profile's state entry
    folders: dict[str, str] = field(default_factory=dict)  # id -> report folder
    writer: DocsWriter | None = None
    staging: Path = Path()
    overlay: Overlay | None = None  # an incremental build: what it changes in the live site

    def replaced(self, path: Path) -> None:
        """``path`` (in staging) replaces the live one (a full build replaces everything anyway)."""
        if self.overlay is not None:
            self.overlay.add(self.staging, path)

    def removed(self, path: Path) -> None:
        """``path`` (as in staging) goes from the site."""
        if self.overlay is not None:
            self.overlay.remove(self.staging, path)
        else:
            shutil.rmtree(path, ignore_errors=True)

    def live(self, path: Path) -> Path:
        """Where a file of the site is now: in staging (a full build writes it all), else live."""
        return path if self.overlay is None else self.ch.site_dir / path.relative_to(self.staging)

    @property
    def work(self) -> Path:
        return self.staging / ".work"

    @property
    def root(self) -> Path:
        return self.staging / report_root(self.secret)

    @property
    def lead(self) -> bool:
        return in_shard_lead(self.shard)

    @property
    def offline(self) -> Path:
        return self.staging / "bundles" / OFFLINE_GUIDE
