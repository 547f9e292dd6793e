"""Builds that run where Python runs (issue 15): spawned workers, a portable lock, honest --jobs."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from generator.site import workers

from .conftest import copy_project
from .helpers import ROOT


def test_validate_runs_without_fcntl_and_takes_no_lock(tmp_path):
    """``fcntl`` is POSIX-only: a command that reads the project must not need it, nor the lock."""
    code = (
        "import sys\n"
        "sys.modules['fcntl'] = None  # as on Windows: importing it fails\n"
        "from generator.cli import main\n"
        "code = main(['--project', sys.argv[1], 'validate'])\n"
        "assert 'filelock' not in sys.modules, 'validate imported the lock library'\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_jobs_default_to_the_cpus_this_process_may_use():
    if not hasattr(os, "sched_getaffinity"):
        pytest.skip("no affinity mask on this system")
    code = "from generator.site.workers import default_jobs; print(default_jobs())"
    done = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "1"
    assert workers.default_jobs() == len(os.sched_getaffinity(0))


@pytest.mark.slow
def test_a_parallel_build_gives_no_deprecation_warning(tmp_path):
    """Workers are spawned, not forked: no ``fork`` DeprecationWarning (Python 3.12+)."""
    project = copy_project(tmp_path / "p", profiles=["lena-fischer", "sofia-alvarez"])
    done = subprocess.run(
        [
            sys.executable,
            "-W",
            "error::DeprecationWarning",
            "-m",
            "generator.cli",
            "--project",
            str(project.root),
            "build",
            "--as-of",
            "2026-11-22",
            "--jobs",
            "2",
        ],
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert done.returncode == 0, done.stderr
    assert "DeprecationWarning" not in done.stderr
