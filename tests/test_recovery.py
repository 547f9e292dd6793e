"""Whatever a killed build leaves behind, the next build recognises and cleans up (issue 14, 1-3).

Each test kills a real ``img-guide build`` process: at a chosen step (the process ends with
``os._exit``, as abruptly as SIGKILL: no ``finally``, no cleanup), or by SIGKILL at evenly
spaced moments. Then a normal build must give the site a clean build gives, in a project that
is a git repository, with nothing new in ``git status``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.project import Project
from generator.report.pages import MANIFEST
from generator.site.build import build
from generator.site.paths import STATE
from generator.site.swap import OWN, STAGING

from .conftest import copy_project
from .helpers import AS_OF, ROOT
from .test_incremental import tree

pytestmark = pytest.mark.slow

BASE = ["lena-fischer", "sofia-alvarez"]
NEW = "amira-haddad"
DAY = "2026-11-22"


def _git(root: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True
    )
    return done.stdout


def _repo(dest: Path) -> Project:
    """The small project as a git repository, built once, then a new applicant committed."""
    project = copy_project(dest, profiles=BASE)
    shutil.copy(ROOT / ".gitignore", dest / ".gitignore")
    _git(dest, "init", "-q")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "inputs")
    build(project, AS_OF, jobs=1)
    shutil.copy(ROOT / "profiles" / f"{NEW}.yml", project.profiles_dir / f"{NEW}.yml")
    _git(dest, "add", "-A")
    _git(dest, "commit", "-qm", "a new applicant")
    return project


def _clean(project: Project, dest: Path) -> dict[str, bytes]:
    """The site a clean build of the same inputs gives."""
    other = copy_project(dest, profiles=[*BASE, NEW])
    manifest = json.loads((project.docs_dir / MANIFEST).read_text())
    (other.docs_dir / MANIFEST).write_text(
        json.dumps({"files": {}, "salt": manifest["salt"]})
    )  # same project
    build(other, AS_OF, jobs=1)
    return tree(other.site_dir)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Project, dict[str, bytes]]:
    """The small project as a git repository (built, then a new applicant committed), and the
    site a clean build of its inputs gives: made once, copied by each test that kills a build."""
    root = tmp_path_factory.mktemp("recovery")
    project = _repo(root / "base")
    return project, _clean(project, root / "clean")


def _copy(repo: tuple[Project, dict[str, bytes]], dest: Path) -> Project:
    shutil.copytree(repo[0].root, dest, symlinks=True)
    return Project(dest)


def _killed_at(project: Project, patch: str, *args: str) -> subprocess.CompletedProcess:
    """Run ``img-guide build`` in a process that ``patch`` ends abruptly at one step."""
    code = f"import os, sys\n{patch}\nfrom generator.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    argv = ["--project", str(project.root), "build", "--as-of", DAY, "--jobs", "1", *args]
    return subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def _then_a_normal_build(project: Project, expected: dict[str, bytes], capsys) -> str:
    """A normal build: the site of a clean build, nothing new for git; what it printed."""
    assert main(["--project", str(project.root), "build", "--as-of", DAY, "--jobs", "1"]) == 0
    out, _ = capsys.readouterr()
    assert tree(project.site_dir) == expected
    assert _git(project.root, "status", "--porcelain", "--untracked-files=all") == ""
    assert not [p.name for p in project.site_dir.iterdir() if p.name in OWN]
    return out


# Steps at which the killed process ends (each patch makes one function end the process).
_DURING_GENERATION = (
    "import generator.site.workers as w\n"
    "def stop(item): os._exit(9)\n"
    "w.run_task = stop  # after the new applicant's pages are in docs/, before its site is built"
)
_BEFORE_THE_SWAP = (
    "import generator.site.build as b\n"
    "def stop(*args): os._exit(9)\n"
    "b.swap_in = stop  # the staging copy and its state are written; the swap never starts"
)
_DURING_THE_SWAP = (
    "import generator.site.swap as s\n"
    "real, calls = os.replace, [0]\n"
    "def replace(a, b):\n"
    "    if '.img-guide-retired' in str(b) or '.img-guide-staging' in str(a):\n"
    "        calls[0] += 1\n"
    "        if calls[0] == 3: os._exit(9)\n"
    "    real(a, b)\n"
    "s.os.replace = replace  # two entries moved, the rest not"
)


@pytest.mark.parametrize(
    "patch",
    [_DURING_GENERATION, _BEFORE_THE_SWAP, _DURING_THE_SWAP],
    ids=["during-generation", "before-the-swap", "during-the-swap"],
)
def test_a_build_killed_at_a_step_is_cleaned_up_by_the_next(tmp_path, capsys, repo, patch):
    project = _copy(repo, tmp_path / "p")
    live_state = (project.site_dir / STATE).read_bytes()
    expected = repo[1]
    done = _killed_at(project, patch)
    assert done.returncode == 9, done.stderr
    if patch is not _DURING_THE_SWAP:
        assert (project.site_dir / STATE).read_bytes() == live_state, "the live state was rewritten"
    assert not list(project.root.glob(".site*")), "staging lives inside the site folder"
    assert _git(project.root, "status", "--porcelain", "--untracked-files=all") == ""
    out = _then_a_normal_build(project, expected, capsys)
    if patch is not _DURING_THE_SWAP:  # (a swap half done is finished: then the site is up to date)
        assert "Up to date" not in out, "a killed build must not leave a state that claims the new site"


def test_staging_in_a_site_folder_git_does_not_ignore_is_still_ignored(tmp_path, repo):
    project = _copy(repo, tmp_path / "p")
    done = _killed_at(project, _BEFORE_THE_SWAP, "--site-dir", str(project.root / "out"))
    assert done.returncode == 9, done.stderr
    assert (project.root / "out" / STAGING).is_dir()
    status = _git(project.root, "status", "--porcelain", "--untracked-files=all")
    assert STAGING not in status and "/r/" not in status


def _start(root: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator.cli",
            "--project",
            str(root),
            "build",
            "--as-of",
            DAY,
            "--jobs",
            "2",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


def test_killed_at_ten_evenly_spaced_moments_the_next_build_equals_a_clean_one(tmp_path, capsys, repo):
    base, expected = repo
    durations = []
    for n in range(2):  # one whole build of the new applicant, start to end (the faster of two)
        shutil.copytree(base.root, tmp_path / f"timed{n}", symlinks=True)
        start = time.monotonic()
        assert _start(tmp_path / f"timed{n}").wait() == 0
        durations.append(time.monotonic() - start)
    duration = min(durations)
    killed = 0
    for i in range(10):
        root = tmp_path / f"k{i}"
        shutil.copytree(base.root, root, symlinks=True)
        proc = _start(root)
        start = time.monotonic()
        while proc.poll() is None and time.monotonic() - start < duration * (i + 0.5) / 10:
            time.sleep(0.01)
        if proc.poll() is None:
            proc.kill()
            killed += 1
        else:  # done before its moment: the machine got less busy, space the next moments over this build
            duration = min(duration, time.monotonic() - start)
        proc.wait()
        _then_a_normal_build(Project(root), expected, capsys)
    assert killed >= 6  # (a machine busier while timing than later can let a last moment find it done)


def test_a_first_build_killed_during_its_swap_is_finished_by_the_next(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=BASE)
    done = _killed_at(project, _DURING_THE_SWAP)
    assert done.returncode == 9, done.stderr
    assert not (project.site_dir / STATE).exists()  # half a site, and no state yet
    assert main(["--project", str(project.root), "build", "--as-of", DAY, "--jobs", "1"]) == 0
    assert (project.site_dir / STATE).is_file()
    assert not [p.name for p in project.site_dir.iterdir() if p.name in OWN]
