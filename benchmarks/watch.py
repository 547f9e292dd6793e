"""The advisor's build loop: ``img-guide build --watch`` on a built cohort, one profile saved, the
time until its report page on disk shows the change (a real process, a real file change, the
page polled every 5 ms)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from generator.share.links import token


def watch_latency(
    project: Path, pid: str, secret: bytes, as_of: str, jobs: int, edits: int = 3
) -> list[float]:
    """Seconds from saving ``pid``'s edited profile to its report's overview showing the edit."""
    profile = project / "profiles" / f"{pid}.yml"
    page = project / "site" / "public" / "r" / token(secret, pid, 1) / "index.html"
    log_path = project.parent / f"watch-{project.name}.log"
    log = log_path.open("w+")  # noqa: SIM115 - closed below
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "IMG_GUIDE_LINK_SECRET": secret.decode()}
    command = [sys.executable, "-m", "generator", "--project", str(project), "build", "--watch"]
    proc = subprocess.Popen(
        [*command, "--as-of", as_of, "--jobs", str(jobs)], stdout=log, stderr=subprocess.STDOUT, env=env
    )
    times: list[float] = []
    try:
        if not _until(lambda: "Watching" in log_path.read_text(), 600):
            raise RuntimeError(f"the watch did not start:\n{log_path.read_text()[-2000:]}")
        text = profile.read_text(encoding="utf-8")
        name = next(line for line in text.splitlines() if line.startswith("name:"))
        for i in range(edits):
            time.sleep(1.0)  # settled
            marker = f"Watch Marker {time.time_ns()} {i}"
            start = time.perf_counter()
            profile.write_text(text.replace(name, f"name: {marker}"), encoding="utf-8")
            if not _until(lambda m=marker: m in _read(page), 60):
                raise RuntimeError(f"the edit never showed:\n{log_path.read_text()[-2000:]}")
            times.append(time.perf_counter() - start)
        profile.write_text(text, encoding="utf-8")
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
    return times


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return ""


def _until(predicate, seconds: float, step: float = 0.005) -> bool:  # noqa: ANN001
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        if predicate():
            return True
        time.sleep(step)
    return False
