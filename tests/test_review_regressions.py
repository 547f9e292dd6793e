"""Regression tests for problems a code review reproduced (privacy, data loss, error handling)."""

from __future__ import annotations

import fnmatch
import pickle
import tomllib
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError, Problem, UsageError
from generator.share.links import token
from generator.site.build import build
from generator.site.mkbuild import SiteSpec, _redact

from .conftest import copy_project
from .helpers import AS_OF, ROOT

SECRET = b"review-regressions-secret-0123456789-abcd"


def test_every_package_file_is_in_the_wheel():
    """Package data patterns cover every non-Python file (the theme overrides were once left out)."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["generator"]
    package = ROOT / "generator"
    missing = [
        rel for rel in (p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file())
        if not rel.endswith((".py", ".pyc")) and "__pycache__" not in rel
        and not any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(rel, pat.replace("**/", "")) for pat in patterns)
    ]
    assert missing == []


def test_a_moved_report_leaves_no_copy_behind(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    build(project, AS_OF, secret=SECRET, jobs=1)
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(profile.read_text() + "link_version: 2\n")
    build(project, AS_OF, secret=SECRET, jobs=1)
    r = project.site_dir / "public" / "r"
    assert not (r / token(SECRET, "amira-haddad", 1)).exists()
    assert (r / token(SECRET, "amira-haddad", 2) / "index.html").is_file()
    assert sorted(p.name for p in r.iterdir()) == sorted([token(SECRET, "amira-haddad", 2),
                                                          token(SECRET, "lena-fischer")])


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


def test_the_site_folder_may_not_replace_the_project(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    for bad in (".", "profiles", "content", "docs", "content/guide", ".."):
        code = main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--site-dir",
                     str(project.root / bad)])
        assert code == 2, bad
    assert (project.profiles_dir / "sofia-alvarez.yml").is_file() and project.mkdocs_yml.is_file()
    other = tmp_path / "somebody-elses-folder"
    other.mkdir()
    (other / "precious.txt").write_text("keep me")
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--site-dir", str(other)]) == 2
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


def test_bundle_and_pdf_leave_docs_alone(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad"])
    build(project, AS_OF, jobs=1)
    before = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    assert main(["--project", str(project.root), "bundle", "amira-haddad", "--as-of", "2027-03-01",
                 "--output", str(tmp_path / "a.zip")]) == 0
    after = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    assert after == before


def test_build_messages_name_reports_by_applicant_not_token():
    folder = f"r/{token(SECRET, 'amira-haddad')}"
    spec = SiteSpec("reports", None, Path("."), Path("public"), "t", reports=(("amira-haddad", folder),))
    message = _redact(f"Doc file '{folder}/index.md' contains a link", spec)
    assert token(SECRET, "amira-haddad") not in message and "[report of amira-haddad]/index.md" in message


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


@pytest.mark.parametrize("name", ["upper.YML", "mixed.Yaml"])
def test_profile_file_suffixes_in_any_case(tmp_path, name, capsys):
    (tmp_path / name).write_text((ROOT / "profiles" / "sofia-alvarez.yml").read_text())
    assert main(["--project", str(ROOT), "validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "1 profile valid"
