"""Which files of this repository make the starter project that ``img-guide init`` writes.

Standard library only: ``setup.py`` loads this file by path at packaging time (before the
package's dependencies exist) and copies the listed files into the wheel as
``generator/_starter/``. The repository's own files stay the only copy anyone edits.
"""

from __future__ import annotations

from pathlib import Path

STARTER_DIR = "_starter"  # inside the package (the wheel); absent in a source checkout
TREES = ("content",)  # copied whole
FILES = (
    "mkdocs.yml",
    "docs/.gitkeep",
    ".github/workflows/pages.yml",
    "profiles/amira-haddad.yml",
    "profiles/chidi-okafor.yml",
)
SKIP = {"__pycache__", ".DS_Store"}


def starter_files(root: Path) -> list[str]:
    """The starter's files as POSIX paths relative to ``root`` (the repository or a starter copy)."""
    found = [name for name in FILES if (root / name).is_file()]
    for tree in TREES:
        for path in (root / tree).rglob("*"):
            parts = path.relative_to(root).parts
            if path.is_file() and not SKIP.intersection(parts) and not path.name.endswith((".pyc", "~")):
                found.append("/".join(parts))
    return sorted(found)
