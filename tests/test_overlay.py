"""An incremental build changes only what it rebuilt: the rest of the live site is not rewritten.

It writes the rebuilt report folders, cohort sites, landing pages and state into its staging
folder and swaps in just those (an overlay); every other file stays the same file (same inode,
same modification time), and the result is still byte for byte a clean build's.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from generator.share.links import token
from generator.site.build import build
from generator.site.paths import STATE

from .conftest import copy_project
from .helpers import AS_OF
from .test_incremental import same, tree

SECRET = b"overlay-builds-secret-0123456789-abcdefghijk"
MP = ["amira-haddad", "lena-fischer", "nadia-karimi", "priya-natarajan", "sofia-alvarez"]  # 2028-mp
IM = ["chidi-okafor", "diego-ramirez", "farah-aziz"]  # 2028-im


def stamps(root: Path) -> dict[str, tuple[int, int]]:
    """Each file's identity and last write: (inode, mtime in ns)."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _rename(project, pid: str, name: str) -> None:
    path = project.profiles_dir / f"{pid}.yml"
    lines = [f"name: {name}" if x.startswith("name:") else x for x in path.read_text().splitlines()]
    path.write_text("\n".join(lines) + "\n")


def test_a_name_change_rewrites_only_its_report_and_the_landing_pages(tmp_path):
    project = copy_project(tmp_path / "p", profiles=MP + IM)
    build(project, AS_OF, secret=SECRET, jobs=1)
    before = stamps(project.site_dir)
    _rename(project, "amira-haddad", "Amira H. Haddad")
    result = build(project, AS_OF, secret=SECRET, jobs=1)
    assert result.built == ["amira-haddad"]
    after = stamps(project.site_dir)
    report = f"public/r/{token(SECRET, 'amira-haddad')}/"
    moved = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
    assert moved, "the edited report must be rewritten"
    expected = ("index.html", "public/index.html", STATE)
    assert [k for k in moved if not k.startswith(report) and k not in expected] == []
    assert any(k.startswith(report) for k in moved)
    assert "Amira H. Haddad" in (project.site_dir / report / "index.html").read_text()
    # nothing of a cohort changed (a name is not an aggregate): its site is the same files
    assert not [k for k in moved if k.startswith("public/cohorts/")]
    build(project, AS_OF, tmp_path / "clean", secret=SECRET, jobs=1, incremental=False)
    assert same(tree(project.site_dir), tree(tmp_path / "clean")) == []


def test_a_score_change_rebuilds_its_cohort_site_and_no_other(tmp_path):
    project = copy_project(tmp_path / "p", profiles=MP + IM)
    settings = project.content_dir / "site.yml"  # counts shown even for groups of one
    settings.write_text(re.sub(r"(?m)^min_group_size:.*$", "min_group_size: 1", settings.read_text()))
    build(project, AS_OF, secret=SECRET, jobs=1)
    shutil.copytree(project.site_dir, tmp_path / "clean")  # the same last build, for "what changed"
    before = stamps(project.site_dir)
    summary = project.docs_dir / "cohorts" / "2028-mp" / "index.md"
    old_summary = summary.read_text()
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text().replace("score: 228", "score: 251"))
    build(project, AS_OF, secret=SECRET, jobs=1)
    after = stamps(project.site_dir)
    moved = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
    assert summary.read_text() != old_summary  # a band count moved
    assert "public/cohorts/2028-mp/index.html" in moved
    assert not [k for k in moved if k.startswith("public/cohorts/2028-im/")]
    build(project, AS_OF, tmp_path / "clean", secret=SECRET, jobs=1, incremental=False)
    assert same(tree(project.site_dir), tree(tmp_path / "clean")) == []


def test_moving_between_cohorts_and_leaving_equal_a_clean_build(tmp_path):
    project = copy_project(tmp_path / "p", profiles=MP + IM)
    build(project, AS_OF, secret=SECRET, jobs=1)
    shutil.copytree(project.site_dir, tmp_path / "clean")  # the same last build, for "what changed"
    profile = project.profiles_dir / "lena-fischer.yml"
    profile.write_text(profile.read_text().replace("cohort: 2028-mp", "cohort: 2029-mp"))
    (project.profiles_dir / "farah-aziz.yml").unlink()
    result = build(project, AS_OF, secret=SECRET, jobs=1)
    assert result.built == ["lena-fischer"] and result.removed == ["farah-aziz"]
    assert (project.site_dir / "public" / "cohorts" / "2029-mp" / "index.html").is_file()
    assert not (project.site_dir / "public" / "r" / token(SECRET, "farah-aziz")).exists()
    build(project, AS_OF, tmp_path / "clean", secret=SECRET, jobs=1, incremental=False)
    assert same(tree(project.site_dir), tree(tmp_path / "clean")) == []


def test_the_state_a_running_process_writes_is_canonical_json(tmp_path):
    """(Entries are serialised once per process and reused while unchanged: the text must stay
    what sorted, compact JSON of the whole state is.)"""
    project = copy_project(tmp_path / "p", profiles=MP[:3])
    for name in (None, "Amira J. Haddad", "Amira K. Haddad"):
        if name:
            _rename(project, "amira-haddad", name)
        build(project, AS_OF, secret=SECRET, jobs=1)
        text = (project.site_dir / STATE).read_text()
        assert text == json.dumps(json.loads(text), separators=(",", ":"), sort_keys=True) + "\n"
