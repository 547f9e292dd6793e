"""Shared fixtures: a built copy of the sample project, and a real headless Chromium."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.project import Project
from generator.share.pdf import CHROMIUM, CHROMIUM_ARGS  # the browser `img-guide pdf` uses

from .helpers import AS_OF, ROOT


def copy_project(dest: Path, profiles: list[str] | None = None) -> Project:
    """A copy of the project's inputs (not its outputs) at ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("content", "mkdocs.yml"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name)
        else:
            shutil.copy(src, dest / name)
    (dest / "profiles").mkdir()
    for path in sorted((ROOT / "profiles").glob("*.yml")):
        if profiles is None or path.stem in profiles:
            shutil.copy(path, dest / "profiles" / path.name)
    (dest / "docs").mkdir()
    return Project(dest)


def pytest_configure(config) -> None:  # noqa: ANN001 - pytest hook
    """The compiled-rules and template caches of this session in a folder of its own, not the
    user's ~/.cache (every process of the session, builds run as commands too, shares it)."""
    if "IMG_GUIDE_CACHE_DIR" not in os.environ:
        import tempfile

        _SESSION_CACHE.append(tempfile.mkdtemp(prefix="img-guide-test-cache-"))
        os.environ["IMG_GUIDE_CACHE_DIR"] = _SESSION_CACHE[-1]


def pytest_unconfigure(config) -> None:  # noqa: ANN001 - pytest hook
    if _SESSION_CACHE:
        shutil.rmtree(_SESSION_CACHE.pop(), ignore_errors=True)
        os.environ.pop("IMG_GUIDE_CACHE_DIR", None)


_SESSION_CACHE: list[str] = []


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Project:
    """The whole sample project built once with ``build`` (as of 2026-11-22), in this process: the
    site of any number of jobs is the same (tests/test_incremental.py), and starting worker
    processes costs the sample more than it saves."""
    from generator.site.build import build

    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    build(project, AS_OF, jobs=1)
    return project


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run scripts/test.sh (it installs Debian's chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.requests = []  # every URL the page asked for
    pg.on("request", lambda r: pg.requests.append(r.url))
    yield pg
    context.close()


def _fuzz_report() -> str | None:
    fuzz = sys.modules.get("tests.test_fuzz")
    return fuzz.fuzz_report() if fuzz is not None and fuzz.EXAMPLES else None


_FUZZ_FROM_WORKERS: list[str] = []  # with pytest-xdist: the report of each worker that fuzzed


def pytest_sessionfinish(session) -> None:  # noqa: ANN001 - pytest hook
    """In a pytest-xdist worker, hand the fuzz report to the controller, which prints it."""
    report = _fuzz_report()
    if report and hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz_report"] = report


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error) -> None:  # noqa: ANN001 - pytest-xdist hook
    report = getattr(node, "workeroutput", {}).get("fuzz_report")
    if report:
        _FUZZ_FROM_WORKERS.append(report)


def pytest_terminal_summary(terminalreporter) -> None:  # noqa: ANN001 - pytest hook
    """Print how many fuzz examples ran (tests/test_fuzz.py)."""
    for report in [r for r in [_fuzz_report()] if r] + _FUZZ_FROM_WORKERS:
        terminalreporter.write_sep("-", report)


# Modules whose tests run real MkDocs builds or print PDFs: each test takes seconds.
SLOW_MODULES = {
    "test_browser",
    "test_hardening",
    "test_incremental",
    "test_injection",
    "test_pdf",
    "test_serve",
    "test_sharing",
    "test_sites",
    "test_fuzz",
}


def pytest_collection_modifyitems(items) -> None:  # noqa: ANN001 - pytest hook
    """``browser`` for tests that drive Chromium, ``slow`` for those and for the ones that build
    sites, so that ``pytest -m "not slow"`` is a quick loop."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & {"browser", "page"} or item.module.__name__.endswith(("test_pdf", "test_browser")):
            item.add_marker(pytest.mark.browser)
        if fixtures & {"built", "browser", "page"} or item.module.__name__.rpartition(".")[2] in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
