"""The advisor's preview loop: ``mkdocs serve`` on the sample project, one profile edited, the
time until its page shows the change (a real server, a real file change, polled over HTTP)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return str(r.read().decode("utf-8"))
    except OSError:
        return ""


def _until(predicate, seconds: float, step: float = 0.02) -> float | None:  # noqa: ANN001
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if predicate():
            return time.perf_counter() - start
        time.sleep(step)
    return None


def _cohort(path: Path) -> str:
    found = [
        line.split(":", 1)[1].strip() for line in path.read_text().splitlines() if line.startswith("cohort:")
    ]
    return found[0] if found else ""


def serve_latency(work: Path, edits: int = 3) -> dict[str, object]:
    """Seconds from saving an edited profile to its report page showing the edit (each of
    ``edits`` edits, after the server has settled), with the sample project's 15 profiles."""
    project = work / "serve"
    project.mkdir(parents=True)
    for item in ("content", "profiles", "mkdocs.yml"):
        (shutil.copytree if (ROOT / item).is_dir() else shutil.copy)(ROOT / item, project / item)
    (project / "docs").mkdir()
    cohorts = {p: _cohort(p) for p in sorted((project / "profiles").glob("*.yml"))}
    first = min(c for c in cohorts.values() if c)  # the cohort the preview shows
    profile = next(p for p, c in cohorts.items() if c == first)
    pid = profile.stem
    port = _free_port()
    log = (work / "serve.log").open("w+")  # noqa: SIM115 - closed below
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    page = f"http://127.0.0.1:{port}/applicants/{pid}/index.html"
    times: list[float] = []
    try:
        started = _until(lambda: "<html" in _get(page), 120, 0.2)
        if started is None:
            raise RuntimeError("mkdocs serve did not start:\n" + (work / "serve.log").read_text()[-2000:])
        text = profile.read_text(encoding="utf-8")
        name = next(line for line in text.splitlines() if line.startswith("name:"))
        for i in range(edits):
            time.sleep(1.5)  # settled: the last rebuild is over
            marker = f"Bench Marker {i}"
            profile.write_text(text.replace(name, f"name: {marker}"), encoding="utf-8")
            seen = _until(lambda m=marker: m in _get(page), 30)
            if seen is None:
                raise RuntimeError(f"the edit never showed:\n{(work / 'serve.log').read_text()[-2000:]}")
            times.append(seen)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
        log.close()
    return {"first_page_s": started, "edit_to_page_s": times, "median_s": sorted(times)[len(times) // 2]}


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(serve_latency(Path(tmp)))
