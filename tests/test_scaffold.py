"""`img-guide init` and `img-guide schema`: a ready project from the package, and its schema lines."""

from __future__ import annotations

import filecmp
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.cli.init import starter_root
from generator.cli.starterfiles import starter_files
from generator.project import Project

from .helpers import ROOT

SCHEMA_LINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")


def run(capsys, *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def schema_target(path: Path) -> Path:
    """Where a YAML file's `# yaml-language-server: $schema=` line points (resolved as the editor does)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = SCHEMA_LINE.match(first)
    assert match, f"{path}: no schema line"
    return (path.parent / match.group(1)).resolve()


def test_starter_lists_the_repositorys_own_content():
    files = starter_files(ROOT)
    for name in ("mkdocs.yml", "content/rules.yml", "content/plans.yml", "content/site.yml",
                 "content/programs/example.yml", "content/guide/index.md", ".github/workflows/pages.yml",
                 "docs/.gitkeep"):  # fmt: skip
        assert name in files
    assert [f for f in files if f.startswith("profiles/")] == [
        "profiles/amira-haddad.yml",
        "profiles/chidi-okafor.yml",
    ]
    guide = sorted(p.name for p in (ROOT / "content" / "guide").glob("*.md"))
    assert [f.split("/")[-1] for f in files if f.startswith("content/guide/")] == guide


def test_starter_in_use_equals_the_repository():
    """The starter this install reads (the wheel's copy, or the checkout itself) is the repo's content."""
    source = starter_root()
    assert starter_files(source) == starter_files(ROOT)
    for rel in starter_files(ROOT):
        assert filecmp.cmp(source / rel, ROOT / rel, shallow=False), rel


def test_repository_schema_copies_are_in_sync():
    for name in ("profile.schema.json", "catalog.schema.json"):
        assert (ROOT / "schema" / name).read_bytes() == (ROOT / "generator" / "schema" / name).read_bytes(), (
            f"schema/{name} is stale: run `img-guide schema` at the repository root"
        )


def test_every_sample_yaml_schema_line_resolves_to_a_file():
    paths = sorted((ROOT / "profiles").glob("*.yml")) + [ROOT / "content" / "programs" / "example.yml"]
    for path in paths:
        target = schema_target(path)
        assert target.is_file() and target.parent == ROOT / "schema", path


def test_init_writes_a_ready_project(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "init", "advising")
    assert (code, err) == (0, "")
    assert (
        out.startswith("Created the img-guide project advising/")
        and "Next: cd advising && img-guide build" in out
    )
    project = tmp_path / "advising"
    files = sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file())
    expected = starter_files(ROOT) + [".gitignore", "requirements.txt", "schema/catalog.schema.json",
                                      "schema/profile.schema.json"]  # fmt: skip
    assert files == sorted(expected)
    for rel in starter_files(ROOT):
        assert filecmp.cmp(project / rel, ROOT / rel, shallow=False), rel
    for path in [*project.glob("profiles/*.yml"), project / "content" / "programs" / "example.yml"]:
        target = schema_target(path)
        assert target.is_file() and target.is_relative_to(project.resolve()), path
    assert schema_target(project / "profiles" / "amira-haddad.yml").name == "profile.schema.json"
    ignored = (project / ".gitignore").read_text(encoding="utf-8").splitlines()
    for line in ("/site/", "/docs/applicants/", "/docs/cohorts/", ".env", "link-secret*"):
        assert line in ignored
    assert re.search(r"^img-guide==\d+\.\d+\.\d+$", (project / "requirements.txt").read_text(), re.M)
    assert not list(tmp_path.glob(".advising*"))  # no staging folder left
    code, out, err = run(capsys, "--project", project, "validate")
    assert (code, out, err) == (0, "2 profiles valid\n", "")
    assert Project(project).programs  # the illustrative catalog loads


def test_init_into_an_empty_folder(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    code, _, err = run(capsys, "init", tmp_path / "empty")
    assert (code, err) == (0, "")
    assert (tmp_path / "empty" / "content" / "rules.yml").is_file()


def test_init_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    folder = tmp_path / "advising"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n", encoding="utf-8")
    code, out, err = run(capsys, "init", folder)
    assert (code, out) == (2, "")
    assert "the folder is not empty" in err and "nothing was changed" in err and "Traceback" not in err
    assert [p.name for p in folder.iterdir()] == ["notes.txt"]
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "mine\n"
    code, out, err = run(capsys, "init", folder / "notes.txt")
    assert (code, out) == (2, "") and "is not a folder" in err


def test_schema_writes_into_the_projects_schema_folder(tmp_path, capsys):
    project = tmp_path / "p"
    run(capsys, "-q", "init", project)
    (project / "schema" / "profile.schema.json").write_text("{}", encoding="utf-8")
    code, out, err = run(capsys, "--project", project, "schema")
    assert (code, err) == (0, "")
    assert out.count("wrote ") == 2 and "profile.schema.json" in out
    packaged = ROOT / "generator" / "schema" / "profile.schema.json"
    assert (project / "schema" / "profile.schema.json").read_bytes() == packaged.read_bytes()
    code, out, err = run(capsys, "schema", "--output", tmp_path / "elsewhere")
    assert code == 0 and sorted(p.name for p in (tmp_path / "elsewhere").iterdir()) == [
        "catalog.schema.json", "profile.schema.json"]  # fmt: skip


def test_python_dash_m_generator_runs_the_cli():
    result = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout.startswith("img-guide ")
    result = subprocess.run([sys.executable, "-m", "generator", "nonsense"], capture_output=True, text=True)
    assert result.returncode == 2 and "invalid choice" in result.stderr


def test_quiet_and_verbose(tmp_path, capsys):
    code, out, err = run(capsys, "--quiet", "init", tmp_path / "a")
    assert (code, out, err) == (0, "", "")
    code, out, err = run(capsys, "--verbose", "init", tmp_path / "b")
    assert code == 0 and "Created the img-guide project" in out
    assert f"wrote {tmp_path / 'b'}/content/rules.yml" in err
    code, out, err = run(capsys, "-q", "--project", tmp_path / "a", "validate")
    assert (code, out, err) == (0, "", "")
    code, out, err = run(capsys, "-q", "--project", tmp_path / "a", "explain", tmp_path / "a" / "profiles")
    assert code == 0 and "amira-haddad" in out  # results still print
    with pytest.raises(SystemExit) as exc:
        main(["-q", "-v", "validate"])
    assert exc.value.code == 2 and "not allowed with argument" in capsys.readouterr().err


@pytest.mark.parametrize("flag", ["--quiet", "--verbose"])
def test_build_quiet_and_verbose(tmp_path, capsys, flag):
    project = tmp_path / "p"
    run(capsys, "-q", "init", project)
    code, out, err = run(capsys, flag, "--project", project, "build", "--as-of", "2026-12-03")
    assert code == 0
    if flag == "--quiet":
        assert (out, err) == ("", "")
    else:
        assert out.startswith("Built as of 2026-12-03")
        assert f"project {project}; as of 2026-12-03" in err and "versions: img-guide " in err
        assert err.count("end of life") == 1 and "Material for MkDocs" in err  # one line, once per build
    assert (project / "site" / "public" / "guide" / "index.html").is_file()
