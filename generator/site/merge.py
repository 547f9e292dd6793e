"""Chunks of reports, and the merge of their builds into one report site."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .workers import Task


def chunks(items: list[str], jobs: int) -> list[list[str]]:
    """``items`` in at most ``jobs`` runs of about equal length, in order."""
    if not items:
        return []
    n = max(1, min(jobs, len(items)))
    size = -(-len(items) // n)
    return [items[i : i + size] for i in range(0, len(items), size)]


def _merge_one(task: Task, root: Path) -> None:
    """Move the built report folders (and, once, the shared files) into the report site."""
    src = task.dest
    root.mkdir(parents=True, exist_ok=True)
    for _pid, folder in task.spec.reports:
        target = root / folder
        if target.exists():
            shutil.rmtree(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(src / folder, target)
    if task.merge_all:
        for item in sorted(src.iterdir()):
            if item.name in ("r", "applicants"):
                continue
            target = root / item.name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
            os.replace(item, target)
    shutil.rmtree(src, ignore_errors=True)


def merge_reports(tasks: list[Task], root: Path) -> None:
    """Move every chunk's report folders into the report site. Each folder's search index holds
    its own entries only (the guide's shared index is merged in the browser), so it is the same
    whatever the chunking or sharding, and a report rebuilt alone needs nothing else."""
    for task in tasks:
        _merge_one(task, root)
