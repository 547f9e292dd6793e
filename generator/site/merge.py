"""Chunks of reports, and the merge of their builds into one report site."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from .reportsearch import join_guide
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


def merge_reports(tasks: list[Task], root: Path, site: Path | None = None) -> None:
    """Move every chunk's report folders into the report site, then join each report's search
    index to the guide's (the same index whatever the chunking or sharding): the guide's index
    comes from the chunk that rendered the guide in full, else from the report site's own (at
    ``site``, the live report site, when ``root`` holds only the reports an incremental build made)."""
    guide = next(
        (t.dest / "search" / "search_index.json" for t in tasks if not t.spec.reports_only),
        (site or root) / "search" / "search_index.json",
    )
    shared = json.loads(guide.read_text(encoding="utf-8")) if guide.is_file() else None
    for task in tasks:
        _merge_one(task, root)
    if shared is None:
        return
    for task in tasks:
        for _pid, folder in task.spec.reports:
            join_guide(root, folder, shared)
