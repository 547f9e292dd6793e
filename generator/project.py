"""Where a project's files are: profiles, content (rules, guide, programs), docs and site."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import ProjectError
from .rulebook import Rulebook, load_rulebook

RULES = Path("content") / "rules.yml"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def profiles_dir(self) -> Path:
        return self.root / "profiles"

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def guide_dir(self) -> Path:
        return self.content_dir / "guide"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @cached_property
    def rulebook(self) -> Rulebook:
        return load_rulebook(self.root / RULES)


def find_project(start: Path | None = None) -> Project:
    """The project holding ``start`` (default: the working folder) or, failing that, the one
    this package was installed from (an editable install of the repository)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / RULES).is_file():
            return Project(folder)
    beside = Path(__file__).resolve().parent.parent
    if start is None and (beside / RULES).is_file():
        return Project(beside)
    raise ProjectError(
        f"no img-guide project found at {here} or above it (looked for {RULES}); "
        "run inside the project folder or pass --project"
    )
