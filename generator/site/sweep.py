"""Previous sites deleted while the next build works, not while the advisor waits.

Deleting a site of a few thousand files takes from a few hundredths of a second to more than half
a second on a busy disk. After the swap the previous site is only renamed aside (``set_aside``);
the next build renames whatever was left aside, and a killed build's staging folder, to a trash
name at once (so the new staging folder never meets them) and deletes them while it builds
(``Sweeper``, in a small process of its own: a thread would wait for the interpreter lock behind
the build), waiting for it before it ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

_DELETE = "import shutil, sys\nfor folder in sys.argv[1:]:\n    shutil.rmtree(folder, ignore_errors=True)\n"


def _trash(site_dir: Path) -> Path:
    return site_dir.with_name(f".{site_dir.name}.trash")


def set_aside(previous: Path, site_dir: Path) -> None:
    """Rename the previous site (just swapped out) aside, for the next build to delete."""
    trash = _trash(site_dir)
    trash.mkdir(exist_ok=True)
    os.replace(previous, trash / f"{os.getpid()}-{time.monotonic_ns()}")


class Sweeper:
    """Deletes what earlier builds left aside; ``join`` before the build ends."""

    def __init__(self, site_dir: Path):
        folders: list[str] = []
        staging = site_dir.with_name(f".{site_dir.name}.building")  # a killed build's
        for folder in (_trash(site_dir), staging):
            if folder.exists():
                aside = folder.with_name(f"{folder.name}.{os.getpid()}.sweep")
                os.replace(folder, aside)
                folders.append(str(aside))
        self.folders = folders
        self.process = (
            subprocess.Popen([sys.executable, "-c", _DELETE, *folders], stdin=subprocess.DEVNULL)
            if folders else None
        )

    def join(self) -> None:
        if self.process is not None and self.process.wait() != 0:
            for folder in self.folders:  # the helper failed: delete them here
                shutil.rmtree(folder, ignore_errors=True)
