"""What the command line tells the advisor besides its results: info lines, details, notices.

``--quiet`` keeps only results and errors; ``--verbose`` adds details. Results (``explain``,
``links``) always print; errors always go to stderr through the CLI.
"""

from __future__ import annotations

import sys
from datetime import date
from importlib import metadata

QUIET, NORMAL, VERBOSE = 0, 1, 2
_level = NORMAL

# Material for MkDocs 9.x announces its end of life for this date (the notice it prints).
MATERIAL_END_OF_LIFE = date(2027, 5, 5)


def set_level(*, quiet: bool = False, verbose: bool = False) -> None:
    global _level
    _level = QUIET if quiet else VERBOSE if verbose else NORMAL


def level() -> int:
    return _level


def info(message: str = "") -> None:
    """A line of information on stdout (hidden by --quiet)."""
    if _level >= NORMAL:
        print(message)


def detail(message: str) -> None:
    """A line of detail on stderr (only with --verbose)."""
    if _level >= VERBOSE:
        print(message, file=sys.stderr)


def version_of(dist: str) -> str | None:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:
        return None


def material_notice(today: date) -> str | None:
    """One line about Material for MkDocs' end of life, or None when it does not apply."""
    version = version_of("mkdocs-material")
    if version is None or not version.startswith("9."):
        return None
    when = "reached" if today >= MATERIAL_END_OF_LIFE else "reaches"
    return (
        f"note: Material for MkDocs {version} {when} end of life on {MATERIAL_END_OF_LIFE.isoformat()}; "
        'img-guide keeps building with it (README: "MkDocs and Material futures").'
    )


def notice(message: str | None) -> None:
    """A one-line notice on stderr (hidden by --quiet)."""
    if message and _level >= NORMAL:
        print(message, file=sys.stderr)
