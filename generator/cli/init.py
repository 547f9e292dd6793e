"""``img-guide init`` and ``img-guide schema``: a ready project from the installed package.

The starter project (content, mkdocs.yml, two example profiles, the Pages workflow) is the
repository's own files: copied into the wheel as ``generator/_starter/`` at packaging time
(``setup.py``), read straight from the repository in a source checkout.
"""

from __future__ import annotations

import argparse
import os
import shutil
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .. import __version__
from ..errors import ProjectError, UsageError, display_path
from .common import project_of
from .console import detail, info
from .starterfiles import STARTER_DIR, starter_files

SCHEMAS = ("profile.schema.json", "catalog.schema.json")
SCHEMA_DIR = "schema"  # project-relative: profiles/x.yml says $schema=../schema/profile.schema.json

GITIGNORE = """\
# img-guide project. profiles/ holds personal data: keep this repository private.
# Generated reports and sites (personal data, rebuilt by `img-guide build`):
/site/
/site-preview/
/docs/applicants/
/docs/cohorts/
/docs/.img-guide-manifest.json
/.img-guide.lock
# Secrets: the link secret belongs in the environment or a file outside the project.
.env
.env.*
*.secret
*secret*.txt
link-secret*
# Local tools
.venv/
__pycache__/
"""


def starter_root() -> Path:
    """Where the starter files are: inside the installed package, or the source checkout."""
    packaged = Path(str(resources.files("generator"))) / STARTER_DIR
    if (packaged / "content" / "rules.yml").is_file():
        return packaged
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "content" / "rules.yml").is_file() and (checkout / "pyproject.toml").is_file():
        return checkout
    raise ProjectError(
        "img-guide is installed without its starter project; reinstall it (pip install img-guide)"
    )


def requirements() -> str:
    return (
        "# What the Pages workflow installs. Pin the img-guide you tested with; if you installed it\n"
        "# from elsewhere, use that (for example: img-guide @ git+https://github.com/OWNER/REPO@TAG).\n"
        f"img-guide=={__version__}\n"
    )


def write_schemas(folder: Path) -> list[Path]:
    """Write the profile and catalog JSON Schemas shipped in the package into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        text = (resources.files("generator") / "schema" / name).read_text(encoding="utf-8")
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def init_project(target: Path) -> list[str]:
    """Write a new project into ``target`` (absent or empty); returns its files, relative."""
    if target.exists() and not target.is_dir():
        raise UsageError(f"{display_path(target)}: exists and is not a folder")
    if target.is_dir() and any(target.iterdir()):
        raise UsageError(
            f"{display_path(target)}: the folder is not empty; img-guide init writes only into a new or "
            "empty folder (nothing was changed)"
        )
    source = starter_root()
    files = starter_files(source)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.img-guide-init"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        for rel in files:
            (staging / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source / rel, staging / rel)
        (staging / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
        (staging / "requirements.txt").write_text(requirements(), encoding="utf-8")
        write_schemas(staging / SCHEMA_DIR)
        if target.is_dir():
            target.rmdir()  # empty: checked above
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())


def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    files = init_project(target)
    shown = display_path(target)
    profiles = [f for f in files if f.startswith("profiles/")]
    info(f"Created the img-guide project {shown}/ ({len(files)} files):")
    for line in (
        "mkdocs.yml                   the sites' MkDocs configuration (plugin options: see README)",
        "content/                     the guide, rules.yml, plans.yml, site.yml, the illustrative catalog",
        f"profiles/                    {len(profiles)} fictional example profiles: replace them with yours",
        "schema/                      JSON Schemas for editor completion (the profiles' $schema line)",
        ".github/workflows/pages.yml  publishes site/public/ on GitHub Pages (weekly and on push)",
        ".gitignore, requirements.txt generated reports and secrets stay out of git; what CI installs",
    ):
        info(f"  {line}")
    info(f"Next: cd {shown} && img-guide build")
    for rel in files:
        detail(f"wrote {shown}/{rel}")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    folder = Path(args.output) if args.output else project_of(args).root / SCHEMA_DIR
    for path in write_schemas(folder):
        info(f"wrote {display_path(path)}")
    return 0


def register(add: Callable[..., argparse.ArgumentParser]) -> None:
    """Add ``init`` and ``schema`` to the parser (see cli.build_parser)."""
    p = add("init", cmd_init, "write a new project (guide, rules, catalog, example profiles, Pages workflow)")
    p.add_argument("dir", metavar="DIR", help="the new project folder (must not exist or be empty)")
    p = add("schema", cmd_schema, "write the profile and catalog JSON Schemas for editors into schema/")
    p.add_argument("--output", metavar="DIR", help="where to write them (default: the project's schema/)")
