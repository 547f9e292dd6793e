"""``img-guide build --watch``: a real process, real file changes, real rebuilds."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import subprocess
import sys
import threading
import time

import pytest

from .conftest import copy_project
from .helpers import AS_OF

pytestmark = pytest.mark.slow


class Watching:
    """``img-guide build --watch`` running on a project; its output lines, as they come."""

    def __init__(self, root) -> None:  # noqa: ANN001
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "--project", str(root), "build", "--watch"]
            + ["--as-of", AS_OF.isoformat(), "--jobs", "1"],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "IMG_GUIDE_LINK_SECRET": ""},
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, text: str, timeout: float = 60) -> list[str]:
        """The lines up to the first that holds ``text``."""
        end, got = time.monotonic() + timeout, []
        while time.monotonic() < end:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, f"the watch ended: {self.seen}"
                continue
            got.append(line)
            self.seen.append(line)
            if text in line:
                return got
        raise AssertionError(f"no line with {text!r} within {timeout} s: {self.seen}")

    def quiet_for(self, seconds: float) -> list[str]:
        """What it printed in ``seconds`` (nothing, when no input changed)."""
        end, got = time.monotonic() + seconds, []
        while time.monotonic() < end:
            with contextlib.suppress(queue.Empty):
                got.append(self.lines.get(timeout=0.1))
        return got

    def stop(self) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=30)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def _rename(path, name: str) -> None:  # noqa: ANN001
    lines = [f"name: {name}" if x.startswith("name:") else x for x in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")


def test_a_saved_profile_is_rebuilt_and_a_broken_one_is_told_without_stopping(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    watching = Watching(project.root)
    try:
        watching.until("Watching profiles/")
        assert watching.quiet_for(1.0) == [], "its own build must not wake it"
        profile = project.profiles_dir / "amira-haddad.yml"
        _rename(profile, "Amira Q. Haddad")
        assert any("Rebuilt amira-haddad" in x for x in watching.until("Rebuilt"))
        page = project.site_dir / "local" / "applicants" / "amira-haddad" / "index.html"
        assert "Amira Q. Haddad" in page.read_text()
        assert watching.quiet_for(1.0) == [], "a rebuild must not wake it again"

        good = profile.read_text()
        profile.write_text(good.replace("step2ck: {score: 228", "step2ck: {score: 'high'"))
        told = watching.until("Not built")
        assert any("amira-haddad.yml:" in x and "step2ck" in x for x in told), told
        assert not any("Traceback" in x for x in told)
        assert "Amira Q. Haddad" in page.read_text(), "a failed build leaves the site as it was"

        profile.write_text(good.replace("Amira Q. Haddad", "Amira R. Haddad"))
        watching.until("Rebuilt amira-haddad")
        assert "Amira R. Haddad" in page.read_text()
        (project.root / "mkdocs.yml").write_text((project.root / "mkdocs.yml").read_text() + "\n")
        watching.until("Rebuilt")  # mkdocs.yml is an input: everything again
    finally:
        code = watching.stop()
    assert code == 0, watching.seen
