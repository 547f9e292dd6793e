"""Which cohort sites an incremental build must build again.

A cohort site is made of its own pages (the summary, from the members' aggregates), its list of
members and, when the advisor publishes the cohort's reports, those reports. A changed profile
touches its cohort, but most edits (a name, a date already past) change none of these; the site
then stays as the last build left it, byte for byte what a clean build would write.
"""

from __future__ import annotations

from collections.abc import Container
from pathlib import Path
from typing import Any


def cohorts_changed(
    touched: set[str],
    cohorts: dict[str, list[str]],
    old_files: dict[str, dict[str, Any]],
    written: dict[str, str],
    manifest: dict[str, str],
    publish: Container[str],
    built: Path,
) -> set[str]:
    """The cohorts of ``touched`` whose site differs from the one in ``built`` (the live site's).

    ``written`` and ``manifest`` are the digests of the docs files written now and by the last
    build; ``old_files`` the last build's state entries; ``built`` the folder of cohort sites.
    """
    before: dict[str, set[str]] = {}
    for entry in old_files.values():
        if entry.get("cohort"):
            before.setdefault(entry["cohort"], set()).add(entry["id"])
    redo = set()
    for cohort in touched & set(cohorts):
        members = set(cohorts[cohort])
        sources = [f"cohorts/{cohort}/"]
        if cohort in publish:
            sources += [f"applicants/{m}/" for m in members]
        same = (
            before.get(cohort) == members
            and (built / cohort / "index.html").is_file()
            and all(
                manifest.get(rel) == digest
                for rel, digest in written.items()
                if rel.startswith(tuple(sources))
            )
        )
        if not same:
            redo.add(cohort)
    return redo
