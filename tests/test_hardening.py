"""Builds that are interrupted, run twice at once, or published: nothing lost, mixed or leaked."""

from __future__ import annotations

import os
import pickle
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError, Problem, UsageError
from generator.share.links import token
from generator.site.build import build
from generator.site.lock import project_lock
from generator.site.swap import OWN, READY, STAGING

from .conftest import copy_project
from .helpers import AS_OF
from .test_incremental import tree

SECRET = "hardening-secret-0123456789-abcdefghijklmn"


def _cli(project: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "--project", str(project), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def test_a_second_build_stops_with_a_clear_message(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    with project_lock(project.root):
        code = main(["--project", str(project.root), "build", "--as-of", "2026-11-22"])
    _, err = capsys.readouterr()
    assert code == 1 and "another img-guide build of this project is running" in err
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--jobs", "1"]) == 0


def test_the_lock_does_not_outlive_a_killed_holder(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, time; from pathlib import Path; from generator.site.lock import project_lock\n"
                "with project_lock(Path(sys.argv[1])):\n    print('locked', flush=True); time.sleep(60)"
            ),
            str(project.root),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout.readline().strip() == "locked"
    with pytest.raises(Exception, match="another img-guide build"), project_lock(project.root):
        pass
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    with project_lock(project.root):
        pass


def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "diego-ramirez", "lena-fischer"])
    build(project, AS_OF, jobs=2)
    before = tree(project.site_dir)
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text().replace("score: 228", "score: 241"))
    shutil.copytree(project.site_dir, tmp_path / "expected")  # the same last build: "what changed" agrees
    build(project, AS_OF, tmp_path / "expected", jobs=1, incremental=False)
    expected = tree(tmp_path / "expected")  # what a finished build of the new inputs gives
    assert expected != before
    killed = 0
    for delay in (0.2, 0.6, 1.0, 1.5, 2.2, 3.0, 4.0):
        proc = _cli(project.root, "build", "--as-of", "2026-11-22", "--full", "--jobs", "2")
        time.sleep(delay)
        if proc.poll() is None:
            proc.kill()
            killed += 1
        proc.wait()
        now = tree(project.site_dir, skip=OWN)
        # killed before the swap: the previous site, whole; after it: the new site, whole; during
        # it (a few renames): marked, and the next build finishes the swap
        mid_swap = (project.site_dir / STAGING / READY).is_file()
        assert now in (before, expected) or mid_swap, f"a build killed at {delay}s left a mixed site"
        if now == expected:
            break
    assert killed >= 1
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22"]) == 0
    after = tree(project.site_dir)
    assert after == expected
    assert b"<td>228</td>" in before["local/applicants/amira-haddad/index.html"]
    assert b"<td>241</td>" in after["local/applicants/amira-haddad/index.html"]
    assert not list(project.root.glob(".site.*")), "no staging folder beside the site"
    assert not [p for p in project.site_dir.iterdir() if p.name in OWN], "none left inside it"


def test_sitemap_dates_follow_source_date_epoch_and_list_no_report(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    config = project.mkdocs_yml.read_text().replace(
        "site_name: img-guide", "site_name: img-guide\nsite_url: https://advisor.example/guide/"
    )
    project.mkdocs_yml.write_text(config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14
    build(project, AS_OF, secret=SECRET.encode(), jobs=1)
    sitemap = (project.site_dir / "public" / "sitemap.xml").read_text()
    assert "https://advisor.example/guide/guide/readiness.html" in sitemap
    assert "/r/" not in sitemap and token(SECRET.encode(), "amira-haddad") not in sitemap
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2023-11-14"}


EMAIL = re.compile(rb"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def test_the_public_site_holds_no_personal_data_or_secret(tmp_path):
    names = {"amira-haddad": "Amira Haddad", "lena-fischer": "Lena Fischer", "sofia-alvarez": "Sofía Álvarez"}
    project = copy_project(tmp_path / "p", profiles=list(names))
    notes = project.profiles_dir / "lena-fischer.yml"
    notes.write_text(notes.read_text() + "notes: reach her at lena.fischer@example.org\n")
    build(project, AS_OF, secret=SECRET.encode(), jobs=2, publish=set())
    public = project.site_dir / "public"
    needles = [n.encode() for n in names] + [n.encode() for n in names.values()]
    needles += [token(SECRET.encode(), pid).encode() for pid in names] + [SECRET.encode()]
    for path in public.rglob("*"):
        if not path.is_file() or path.relative_to(public).parts[0] == "r":
            continue
        data = path.read_bytes()
        assert not [n for n in needles if n in data], path
        assert not EMAIL.search(data) or path.suffix in (".js", ".css"), (path, EMAIL.search(data))
    for path in project.site_dir.rglob("*"):
        if path.is_file() and path.suffix != ".zip":
            assert SECRET.encode() not in path.read_bytes(), path


def test_the_site_folder_may_not_replace_the_project(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    for bad in (".", "profiles", "content", "docs", "content/guide", ".."):
        code = main(
            [
                "--project",
                str(project.root),
                "build",
                "--as-of",
                "2026-11-22",
                "--site-dir",
                str(project.root / bad),
            ]
        )
        assert code == 2, bad
    assert (project.profiles_dir / "sofia-alvarez.yml").is_file() and project.mkdocs_yml.is_file()
    other = tmp_path / "somebody-elses-folder"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    assert (
        main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--site-dir", str(other)])
        == 2
    )
    assert (other / "precious.txt").read_text() == "keep me"
    assert "refusing to replace it" in capsys.readouterr().err


def test_a_users_cohort_page_in_docs_is_not_replaced(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    mine = project.docs_dir / "cohorts" / "2028-mp" / "index.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# my own page\n")
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22"]) == 1
    assert "was not written by img-guide" in capsys.readouterr().err
    assert mine.read_text() == "# my own page\n"


def test_input_errors_cross_process_boundaries_whole():
    err = InputError([Problem("a.yml", 3, 1, "x", "is wrong"), Problem("b.yml", 1, 1, "", "bad")])
    again = pickle.loads(pickle.dumps(err))
    assert again.problems == err.problems and str(again) == str(err)
    assert pickle.loads(pickle.dumps(UsageError("no"))).args == ("no",)


def test_a_broken_site_settings_file_is_a_located_error(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    settings = project.content_dir / "site.yml"
    settings.write_text(settings.read_text().replace("action_priority:", "action_prio:"))
    code = main(["--project", str(project.root), "explain", str(project.profiles_dir / "sofia-alvarez.yml")])
    err = capsys.readouterr().err
    assert code == 1 and "content/site.yml" in err and "action_priority: must be a list of names" in err
    assert "Traceback" not in err and "unexpected error" not in err
