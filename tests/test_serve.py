"""`mkdocs serve` at the project root previews a cohort and regenerates on profile changes,
without a rebuild loop (pages are generated in memory, never written into docs_dir)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from .conftest import copy_project


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as r:
        return r.read().decode("utf-8")


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


def test_serve_previews_and_regenerates_without_a_loop(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer", "sofia-alvarez"])
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = (tmp_path / "serve.log").open("w+")  # noqa: SIM115 - closed in finally
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project.root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        assert _wait_for(lambda: "Cohort 2028-mp" in _get(f"{base}/"), 60), (
            tmp_path / "serve.log"
        ).read_text()
        report = f"{base}/applicants/amira-haddad/index.html"
        assert "BAND-MP-BORDERLINE" in _get(report)
        assert list(project.docs_dir.iterdir()) == [], "serve must not write into docs_dir"
        profile = project.profiles_dir / "amira-haddad.yml"
        profile.write_text(profile.read_text().replace("score: 228", "score: 247"))
        assert _wait_for(lambda: "BAND-MP-VERY-COMPETITIVE" in _get(report), 60)
        time.sleep(4)  # a loop would keep rebuilding: count the builds after things settle
        builds_then = (tmp_path / "serve.log").read_text().count("Building documentation")
        time.sleep(4)
        builds_now = (tmp_path / "serve.log").read_text().count("Building documentation")
        assert builds_now == builds_then, (tmp_path / "serve.log").read_text()[-2000:]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()


def test_gh_deploy_of_the_preview_is_refused(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad"])
    subprocess.run(["git", "init", "-q"], cwd=project.root, check=True)
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy", "--no-history"],
        cwd=project.root,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert proc.returncode != 0
    assert "must not be pushed to a gh-pages branch" in proc.stderr + proc.stdout
    branches = subprocess.run(
        ["git", "branch", "-a"], cwd=project.root, capture_output=True, text=True
    ).stdout
    assert "gh-pages" not in branches
