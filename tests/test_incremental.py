"""Incremental, parallel and sharded builds give exactly what a clean build gives."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.share.links import token
from generator.site.build import build
from generator.site.paths import STATE

from .conftest import copy_project
from .helpers import AS_OF

SECRET = b"incremental-builds-secret-0123456789-abcdef"
SOME = ["amira-haddad", "diego-ramirez", "lena-fischer", "sofia-alvarez", "youssef-mansour"]


def tree(root: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(skip)
    }


def same(a: dict[str, bytes], b: dict[str, bytes]) -> list[str]:
    return sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))


def test_incremental_build_equals_a_clean_build(tmp_path):
    project = copy_project(tmp_path / "p", profiles=SOME)
    first = build(project, AS_OF, secret=SECRET, jobs=2)
    assert sorted(first.built) == SOME
    again = build(project, AS_OF, secret=SECRET, jobs=2)
    assert again.up_to_date
    shutil.copytree(project.site_dir, tmp_path / "clean")  # the same last build, for "what changed"
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text().replace("score: 228", "score: 246"))
    (project.profiles_dir / "sofia-alvarez.yml").unlink()
    step = build(project, AS_OF, secret=SECRET, jobs=2)
    assert step.built == ["amira-haddad"] and step.removed == ["sofia-alvarez"]
    assert not (project.site_dir / "public" / "r" / token(SECRET, "sofia-alvarez")).exists()
    assert not (project.docs_dir / "applicants" / "sofia-alvarez").exists()
    clean = build(project, AS_OF, tmp_path / "clean", secret=SECRET, jobs=1, incremental=False)
    assert sorted(clean.built) == sorted(set(SOME) - {"sofia-alvarez"})
    assert same(tree(project.site_dir), tree(tmp_path / "clean")) == []
    overview = project.site_dir / "public" / "r" / token(SECRET, "amira-haddad") / "index.html"
    assert "BAND-MP-SOLID" in overview.read_text()
    assert "New Step 2 CK score: 246 (was 228)." in overview.read_text()


def test_a_template_or_content_change_rebuilds_everything(tmp_path):
    project = copy_project(tmp_path / "p", profiles=SOME[:2])
    build(project, AS_OF, jobs=1)
    rules = project.content_dir / "rules.yml"
    rules.write_text(rules.read_text().replace("IM_COMPETITIVE: 240", "IM_COMPETITIVE: 241"))
    assert sorted(build(project, AS_OF, jobs=1).built) == sorted(SOME[:2])


def test_two_clean_builds_are_byte_identical(tmp_path):
    project = copy_project(tmp_path / "p", profiles=SOME[:3])
    build(project, AS_OF, tmp_path / "a", jobs=2, incremental=False)
    build(project, AS_OF, tmp_path / "b", jobs=1, incremental=False)
    assert same(tree(tmp_path / "a"), tree(tmp_path / "b")) == []


def test_shards_join_into_the_full_build(tmp_path):
    project = copy_project(tmp_path / "p", profiles=SOME)
    build(project, AS_OF, tmp_path / "full", secret=SECRET, jobs=2, incremental=False)
    joined = tmp_path / "joined"
    for k in (1, 2):
        build(project, AS_OF, tmp_path / f"shard{k}", secret=SECRET, shard=(k, 2), jobs=1, incremental=False)
        shutil.copytree(tmp_path / f"shard{k}" / "public", joined / "public", dirs_exist_ok=True)
    full = tree(tmp_path / "full" / "public")
    assert same(full, tree(joined / "public")) == []
    parts = [set(tree(tmp_path / f"shard{k}" / "public" / "r")) for k in (1, 2)]
    assert parts[0] and parts[1] and not parts[0] & parts[1]


def test_the_state_file_holds_no_name(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad"])
    build(project, AS_OF, jobs=1)
    state = (project.site_dir / STATE).read_text()
    assert "Amira" not in state and "Haddad" not in state


def test_a_moved_report_leaves_no_copy_behind(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    build(project, AS_OF, secret=SECRET, jobs=1)
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text() + "link_version: 2\n")
    build(project, AS_OF, secret=SECRET, jobs=1)
    r = project.site_dir / "public" / "r"
    assert not (r / token(SECRET, "amira-haddad", 1)).exists()
    assert (r / token(SECRET, "amira-haddad", 2) / "index.html").is_file()
    assert sorted(p.name for p in r.iterdir()) == sorted(
        [token(SECRET, "amira-haddad", 2), token(SECRET, "lena-fischer")]
    )


def test_renaming_a_profile_file_keeps_its_report(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    build(project, AS_OF, jobs=1)
    (project.profiles_dir / "amira-haddad.yml").rename(project.profiles_dir / "amira-haddad.yaml")
    build(project, AS_OF, jobs=1)
    assert (project.site_dir / "local" / "applicants" / "amira-haddad" / "index.html").is_file()


def test_leaving_a_published_cohort_takes_the_report_off_it(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer", "sofia-alvarez"])
    build(project, AS_OF, publish={"2028-mp"}, jobs=1)
    cohort = project.site_dir / "public" / "cohorts" / "2028-mp"
    assert (cohort / "applicants" / "amira-haddad" / "index.html").is_file()
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text().replace("cohort: 2028-mp", "cohort: 2028-private"))
    build(project, AS_OF, publish={"2028-mp"}, jobs=1)
    assert not (cohort / "applicants" / "amira-haddad").exists()
    assert "Amira" not in (cohort / "index.html").read_text()


def test_a_deleted_output_folder_is_built_again(tmp_path):
    import shutil

    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    build(project, AS_OF, jobs=1)
    shutil.rmtree(project.site_dir / "public")
    assert not build(project, AS_OF, jobs=1).up_to_date
    assert (project.site_dir / "public" / "index.html").is_file()
