"""A report's own search and chrome: its four pages and the guide, never another applicant's.

In the shared report site every report is left out of the site's search index (which then holds
the guide alone); each report folder gets a search index of its own entries only
(``<folder>/search/search_index.json``, and ``.js`` for ``file://``), a few KB. Its pages point
Material's ``base`` at the folder and load ``report-search.js`` (``generator/assets/javascripts``),
which merges the site's shared index into the folder's in the browser, so the search box on a
report page searches the report and the guide without a copy of the guide in every folder.
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


def search_root(page: Any) -> None:
    """Mark a report page of the report site for ``report-search.js``: the site's root as seen
    from the report's folder (where the shared index of the guide is), e.g. ``../../``."""
    page.meta["img_guide_search"] = "../" * page.file.src_uri.count("/")


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
        """Each folder's index: its own entries only (the guide's are merged in the browser), with
        the search configuration of the site's index. The same bytes whatever else the build held."""
        shared = site_dir / "search" / "search_index.json"
        if not shared.is_file():
            return
        config = json.loads(shared.read_text(encoding="utf-8"))["config"]
        for folder, entries in sorted(self.entries.items()):
            write_index(site_dir / folder / "search", {"config": config, "docs": entries})


def write_index(folder: Path, data: dict[str, Any]) -> None:
    """``search_index.json`` and the ``search_index.js`` Material reads from ``file://``."""
    folder.mkdir(parents=True, exist_ok=True)
    text = json.dumps(data, separators=(",", ":"), default=str)
    for name, body in (("search_index.json", text), ("search_index.js", f"var __index = {text}")):
        (folder / name).unlink(missing_ok=True)  # written anew, never through a shared (hard) link
        (folder / name).write_text(body, encoding="utf-8")


def script_index(site_dir: Path) -> None:
    """The site's own index as a script too, so search works from ``file://`` (the offline
    plugin does the same for the zips)."""
    shared = site_dir / "search" / "search_index.json"
    if shared.is_file():
        text = shared.read_text(encoding="utf-8")
        (site_dir / "search" / "search_index.js").write_text(f"var __index = {text}", encoding="utf-8")
