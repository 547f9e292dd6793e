"""``img-guide build --watch``: build again, in the same process, whenever an input changes.

The advisor's loop is: edit a profile, look at its report. A new ``img-guide build`` process
spends most of a one-profile rebuild starting Python and importing MkDocs, Material and the
engine; a watching process has all of that loaded (the rules compiled, the theme's templates
compiled, the catalog read), so a saved profile is on its page in a fraction of that time.

The profiles folder, the content folder and ``mkdocs.yml`` are watched with watchdog (the library
``mkdocs serve`` uses: inotify on Linux, FSEvents on macOS), never the outputs (``docs/``,
``site/``), so a build does not wake the watcher. A save is a burst of events: the build starts
as soon as it is complete (the file closed after writing, or an editor's rename), else after
``QUIET`` seconds without a new event.
"""

from __future__ import annotations

import contextlib
import gc
import tempfile
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

from ..engine.engine import decide
from ..errors import ImgGuideError
from ..project import Project

QUIET = 0.05  # seconds without a new event before building after a bare "modified"
SETTLE = 0.002  # after a complete change: the other events of the same save
_CHANGES = {"created", "deleted", "modified", "moved", "closed"}  # not "opened": builds read files
# asked of the operating system, so that a build reading 1,000s of profiles raises no event at all
# (each would wake watchdog's thread, which then competes with the build for the interpreter)
_FILTER: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileClosedEvent,
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
]


class _Inputs:
    """Sets ``changed`` on any change to a watched input (reads are not changes), and ``done``
    when a change is complete: a file closed after writing, or moved, created or deleted (an
    editor's atomic save); a bare "modified" waits for its close, or for quiet."""

    def __init__(self, project: Project) -> None:
        self.changed = threading.Event()
        self.done = threading.Event()
        self.root_files = {str(project.root / "mkdocs.yml")}

    def any(self, event: FileSystemEvent) -> None:
        if event.event_type not in _CHANGES or event.is_directory and event.event_type == "modified":
            return
        self.changed.set()
        if event.event_type != "modified":
            self.done.set()

    def root(self, event: FileSystemEvent) -> None:
        """In the project's own folder only mkdocs.yml is an input (the lock file, docs/ and site/ are not)."""
        paths = {str(event.src_path), str(getattr(event, "dest_path", "") or "")}
        if paths & self.root_files:
            self.any(event)


class _Handler(FileSystemEventHandler):
    def __init__(self, on_event: Callable[[FileSystemEvent], None]) -> None:
        super().__init__()
        self.on_event = on_event

    def on_any_event(self, event: FileSystemEvent) -> None:
        self.on_event(event)


def watch(project: Project, rebuild: Callable[[], None], stop: threading.Event, quiet: float = QUIET) -> None:
    """Call ``rebuild`` after every change to the project's inputs, until ``stop`` is set."""
    inputs = _Inputs(project)
    observer = Observer()
    for folder, recursive in ((project.profiles_dir, False), (project.content_dir, True)):
        if folder.is_dir():
            observer.schedule(_Handler(inputs.any), str(folder), recursive=recursive, event_filter=_FILTER)
    observer.schedule(_Handler(inputs.root), str(project.root), recursive=False, event_filter=_FILTER)
    observer.start()
    try:
        while not stop.is_set():
            if not inputs.changed.wait(0.2):
                continue
            while inputs.changed.is_set():  # wait until a save's events are over
                inputs.changed.clear()
                if inputs.done.wait(quiet):  # complete: the rest of its burst comes within µs
                    if stop.wait(SETTLE):
                        return
                    inputs.changed.clear()
                    break
                if stop.is_set():
                    return
            inputs.done.clear()
            rebuild()
            _tidy()
    finally:
        observer.stop()
        observer.join()


def _tidy() -> None:
    """While idle, collect what the last build left, then set what lives on aside (gc.freeze),
    so the collector does not walk it again in the middle of the next build."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def warm_up(project: Project, as_of: date) -> None:
    """Do once, while nobody waits, what the first rebuild would otherwise do first: decide and
    render one applicant, and build that report into a temporary folder (MkDocs, Material and
    their templates loaded and compiled). Nothing of the project is written."""
    from ..inputs.profiles import load_profiles
    from ..report.model import assemble
    from ..report.render import Renderer
    from .mkbuild import build_one
    from .specs import reports_spec

    reports = project.docs_dir / "applicants"
    built = sorted(p.name for p in reports.iterdir() if p.is_dir()) if reports.is_dir() else []
    profiles = sorted(project.profiles_dir.glob("*.yml"))
    with contextlib.suppress(ImgGuideError, OSError):
        for profile in load_profiles(profiles[:1]):
            Renderer(project).applicant_pages(assemble(decide(profile, project.rulebook, as_of), project))
        if built:
            with tempfile.TemporaryDirectory(prefix="img-guide-warm-up-") as tmp:
                (Path(tmp) / "docs").mkdir()
                spec = reports_spec(None, {built[0]: f"applicants/{built[0]}"}, "warm-up", Path(tmp) / "docs")
                build_one(project, replace(spec, reports_only=True), Path(tmp) / "site", as_of)
    _tidy()
