"""What makes the advisor's loop fast, checked for what it must not change: one rulebook per
process and file, its cache across runs, cohort sites left alone when their pages are the same,
report chunks that read the guide for its headings only."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from generator.project import Project
from generator.site.build import build

from .conftest import copy_project
from .helpers import AS_OF, ROOT

MP = ["amira-haddad", "lena-fischer", "sofia-alvarez"]  # the 2028-mp cohort of the samples

LOAD = """
import json, sys
from pathlib import Path
from generator.project import Project
book = Project(Path(sys.argv[1])).rulebook
print(json.dumps([[r.id, r.line, bool(r.condition is not None)] for r in book.rules]))
"""


def _rules_in_a_new_process(root: Path, cache: Path) -> list[list[object]]:
    env = {**os.environ, "IMG_GUIDE_CACHE_DIR": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", LOAD, str(root)], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_every_project_of_one_rules_file_shares_one_rulebook(tmp_path):
    project = copy_project(tmp_path / "p", profiles=[])
    assert Project(project.root).rulebook is Project(project.root).rulebook
    rules = project.content_dir / "rules.yml"
    before = Project(project.root).rulebook
    rules.write_text(rules.read_text().replace("IM_COMPETITIVE: 240", "IM_COMPETITIVE: 241"))
    after = Project(project.root).rulebook
    assert after is not before and after.thresholds["IM_COMPETITIVE"] == 241


def test_the_rulebook_cache_across_runs_gives_the_same_rules_and_follows_the_file(tmp_path):
    project = copy_project(tmp_path / "p", profiles=[])
    cache = tmp_path / "cache"
    first = _rules_in_a_new_process(project.root, cache)
    stored = sorted(cache.glob("rulebook-*.marshal"))
    assert len(stored) == 1
    assert _rules_in_a_new_process(project.root, cache) == first  # read from the cache
    assert [r[0] for r in first] == [r.id for r in Project(ROOT).rulebook.rules]
    stored[0].write_bytes(b"not marshal data")  # a damaged cache is read past
    assert _rules_in_a_new_process(project.root, cache) == first
    rules = project.content_dir / "rules.yml"
    rules.write_text(rules.read_text().replace("IM_COMPETITIVE: 240", "IM_COMPETITIVE: 241"))
    _rules_in_a_new_process(project.root, cache)
    assert len(list(cache.glob("rulebook-*.marshal"))) == 2  # a changed file is a new entry


def test_a_cohort_site_is_built_again_only_when_its_pages_change(tmp_path):
    project = copy_project(tmp_path / "p", profiles=MP)
    build(project, AS_OF, jobs=1)
    index = project.site_dir / "public" / "cohorts" / "2028-mp" / "index.html"
    first = index.stat().st_ino
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text().replace("name: Amira Haddad", "name: Amira H. Haddad"))
    assert build(project, AS_OF, jobs=1).built == ["amira-haddad"]
    assert index.stat().st_ino == first  # the same file: a name is in no aggregate
    report = project.site_dir / "local" / "applicants" / "amira-haddad" / "index.html"
    assert "Amira H. Haddad" in report.read_text()
    (project.profiles_dir / "sofia-alvarez.yml").unlink()
    build(project, AS_OF, jobs=1)
    assert index.stat().st_ino != first  # one member fewer: the cohort's pages changed
    build(project, AS_OF, tmp_path / "clean", jobs=1, incremental=False)
    for rel in ("public/cohorts/2028-mp/index.html", "local/applicants/amira-haddad/index.html"):
        assert (project.site_dir / rel).read_bytes() == (tmp_path / "clean" / rel).read_bytes(), rel
