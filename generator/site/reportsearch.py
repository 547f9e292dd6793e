"""A report's own search and chrome: its four pages and the guide, never another applicant's.

In the shared report site every report is left out of the site's search index; each report folder
gets a search index of its own (``<folder>/search/search_index.json``, and ``.js`` for
``file://``), made of its own pages and the guide's, and its pages point Material's ``base`` at
the folder, so the search box on a report page searches that index.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

_CONFIG_BASE = re.compile(r'(<script id="__config" type="application/json">[^<]*?"base":\s*)"[^"]*"')


def report_meta(page: Any, pdf: str | None = None) -> None:
    """Complete a report page's ``img_guide_report`` front matter with the links its chrome needs."""
    meta = page.meta.get("img_guide_report")
    if not isinstance(meta, dict):
        return
    depth = page.file.src_uri.count("/")
    meta["guide"] = "../" * depth + "guide/index.html"
    meta["pdf"] = pdf


def point_base_at_folder(output: str) -> str:
    """Material's ``base`` of a report page: the report's folder (its search index is there)."""
    return _CONFIG_BASE.sub(r'\1"."', output, count=1)


class ReportSearch:
    """Collects each report folder's search entries with Material's own indexer."""

    def __init__(self, search_plugin: Any) -> None:
        self.config = dict(search_plugin.config) if search_plugin is not None else None
        self.entries: dict[str, list[dict[str, Any]]] = {}

    def add(self, folder: str, page: Any) -> None:
        if self.config is None:
            return
        from material.plugins.search.plugin import SearchIndex

        index = SearchIndex(**self.config)
        saved = page.meta.get("search")
        page.meta["search"] = {k: v for k, v in (saved or {}).items() if k != "exclude"}
        try:
            index.add_entry_from_context(page)
        finally:
            page.meta["search"] = saved
        prefix = f"{folder}/"
        for entry in index.entries:
            if entry["location"].startswith(prefix):
                entry["location"] = entry["location"][len(prefix) :]
        self.entries.setdefault(folder, []).extend(index.entries)

    def write(self, site_dir: Path) -> None:
        """Each folder's index: its own entries, then the site's (the guide), relative to the folder."""
        shared = site_dir / "search" / "search_index.json"
        if not shared.is_file():
            return
        data = json.loads(shared.read_text(encoding="utf-8"))
        for folder, entries in sorted(self.entries.items()):
            up = "../" * (folder.count("/") + 1)
            docs = entries + [{**d, "location": up + d["location"]} for d in data["docs"]]
            write_index(site_dir / folder / "search", {"config": data["config"], "docs": docs})


def join_guide(root: Path, folder: str, data: dict[str, Any]) -> None:
    """Rejoin a report folder's index to the guide's: its own entries, then the guide's (``data``,
    a search index of the report site). A chunk of reports built beside a guide read for its headings only
    has no guide entries of its own, so the report site's index decides, whatever the chunking."""
    own_file = root / folder / "search" / "search_index.json"
    if not own_file.is_file():
        return
    own = json.loads(own_file.read_text(encoding="utf-8"))
    up = "../" * (folder.count("/") + 1)
    docs = [d for d in own["docs"] if not d["location"].startswith("../")]
    docs += [{**d, "location": up + d["location"]} for d in data["docs"]]
    for name in ("search_index.json", "search_index.js"):
        (root / folder / "search" / name).unlink(missing_ok=True)  # written anew, never through a shared link
    write_index(root / folder / "search", {"config": data["config"], "docs": docs})


def write_index(folder: Path, data: dict[str, Any]) -> None:
    """``search_index.json`` and the ``search_index.js`` Material reads from ``file://``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), default=str)
    (folder / "search_index.json").write_text(text, encoding="utf-8")
    (folder / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")


def script_index(site_dir: Path) -> None:
    """The site's own index as a script too, so search works from ``file://`` (the offline
    plugin does the same for the zips)."""
    shared = site_dir / "search" / "search_index.json"
    if shared.is_file():
        text = shared.read_text(encoding="utf-8")
        (site_dir / "search" / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
