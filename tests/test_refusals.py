"""Inputs an adversary (or a slip) gives: each refused with a clear message, never a crash (issue 14)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.share.links import SecretError, load_secret
from generator.site.paths import STATE

from .conftest import copy_project

ONE = ["lena-fischer"]
DAY = "2026-11-22"


def _run(project: Path, *args: str) -> int:
    return main(["--project", str(project), *args])


# -- 5. --site-dir ------------------------------------------------------------------------------
def test_a_site_dir_that_is_a_file_is_refused_and_left_alone(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=ONE)
    notes = tmp_path / "notes.txt"
    notes.write_text("mine")
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1", "--site-dir", str(notes)) == 2
    err = capsys.readouterr().err
    assert "it is a file, not a folder" in err and "This is a bug" not in err
    assert notes.read_text() == "mine"
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1") == 0  # later builds are fine


def test_a_foreign_folder_is_refused_an_empty_one_or_our_own_is_taken(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=ONE)
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "a.jpg").write_bytes(b"x")
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1", "--site-dir", str(foreign)) == 2
    assert "not made by img-guide" in capsys.readouterr().err
    assert (foreign / "a.jpg").read_bytes() == b"x" and len(list(foreign.iterdir())) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1", "--site-dir", str(empty)) == 0
    assert (empty / STATE).is_file()
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1", "--site-dir", str(empty), "--full") == 0


# -- 6. --as-of ---------------------------------------------------------------------------------
@pytest.mark.parametrize("day", ["1950-01-01", "1969-12-31", "1979-12-31"])
def test_as_of_dates_before_1980_are_a_usage_error(tmp_path, capsys, day):
    project = copy_project(tmp_path / "p", profiles=ONE)
    with pytest.raises(SystemExit) as exit_:
        _run(project.root, "build", "--as-of", day)
    assert exit_.value.code == 2
    assert "between 1980-01-01 and 2100-12-31" in capsys.readouterr().err


@pytest.mark.slow
def test_early_dates_the_library_accepts_build_with_clamped_zip_dates(tmp_path):
    from datetime import date

    from generator.site.build import build

    project = copy_project(tmp_path / "p", profiles=ONE)
    build(project, date(1975, 5, 5), jobs=1)  # a zip cannot date a file before 1980: clamped
    with zipfile.ZipFile(project.site_dir / "bundles" / "img-guide-offline.zip") as zf:
        assert {i.date_time[:3] for i in zf.infolist()} == {(1980, 1, 1)}
    assert _run(project.root, "build", "--as-of", "1980-01-01", "--jobs", "1") == 0


# -- 10. zip entries ----------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize("name", ["...zip", "..zip", " .zip"])
def test_zips_never_hold_entries_outside_their_folder(tmp_path, name):
    project = copy_project(tmp_path / "p", profiles=ONE)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    assert _run(project.root, "bundle", "guide", "--as-of", DAY, "--output", str(outside / name)) == 0
    with zipfile.ZipFile(outside / name) as zf:
        names = zf.namelist()
    assert names
    for entry in names:
        parts = entry.split("/")
        assert ".." not in parts and "." not in parts and not entry.startswith("/"), entry
        assert parts[0] and parts[0].strip(".")


# -- 12. link secrets and base URLs ---------------------------------------------------------------
@pytest.mark.parametrize("value", ["a" * 32, " " * 40, "ab" * 40, "0123456789abcde" * 3])
def test_low_entropy_secrets_are_refused_with_how_to_make_one(tmp_path, value):
    with pytest.raises(SecretError) as err:
        load_secret(tmp_path, env={"IMG_GUIDE_LINK_SECRET": value})
    assert "secrets.token_urlsafe(32)" in str(err.value)
    assert value.strip() == "" or value not in str(err.value)


def test_a_generated_secret_is_accepted(tmp_path):
    import secrets

    value = secrets.token_urlsafe(32)
    assert load_secret(tmp_path, env={"IMG_GUIDE_LINK_SECRET": value}) == value.encode()


@pytest.mark.parametrize("url", ["http://advisor.example/", "ftp://x/", "https://", "advisor.example"])
def test_links_accept_https_base_urls_only(tmp_path, capsys, monkeypatch, url):
    monkeypatch.setenv("IMG_GUIDE_LINK_SECRET", "correct-horse-battery-staple-0123456789-abcdef")
    project = copy_project(tmp_path / "p", profiles=ONE)
    assert _run(project.root, "links", "--base-url", url) == 2
    out, err = capsys.readouterr()
    assert "https://" in err and out == ""
    assert _run(project.root, "links", "--base-url", "https://advisor.example/site") == 0
    assert capsys.readouterr().out.startswith("lena-fischer\thttps://advisor.example/site/r/")


# -- 7. profiles and catalogs: regular files inside the project ----------------------------------
SECRET_TEXT = "TOPSECRET-do-not-print-0123456789"


def _hostile(project: Path, tmp_path: Path, kind: str, folder: str = "profiles") -> Path:
    target = project / folder / "evil.yml"
    if kind == "link-to-passwd":
        target.symlink_to("/etc/passwd")
    elif kind == "link-to-secret":
        secret = tmp_path / "link-secret.txt"
        secret.write_text(SECRET_TEXT + "\n")
        target.symlink_to(secret)
    else:
        import os

        os.mkfifo(target)
    return target


@pytest.mark.parametrize("kind", ["link-to-passwd", "link-to-secret", "fifo"])
@pytest.mark.parametrize("command", ["validate", "build"])
def test_a_profile_that_is_a_link_or_special_file_is_a_located_error(tmp_path, capsys, kind, command):
    project = copy_project(tmp_path / "p", profiles=ONE)
    _hostile(project.root, tmp_path, kind)
    args = ["build", "--as-of", DAY, "--jobs", "1"] if command == "build" else ["validate"]
    assert _run(project.root, *args) == 1
    out, err = capsys.readouterr()
    assert "profiles/evil.yml:1:1:" in err
    assert ("symbolic link" if kind != "fifo" else "special file") in err
    assert "root:" not in out + err and SECRET_TEXT[:9] not in out + err and "This is a bug" not in err
    assert not project.site_dir.exists()


@pytest.mark.parametrize("kind", ["link-to-secret", "fifo"])
def test_a_catalog_file_that_is_a_link_or_special_file_is_a_located_error(tmp_path, capsys, kind):
    project = copy_project(tmp_path / "p", profiles=ONE)
    _hostile(project.root, tmp_path, kind, folder="content/programs")
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1") == 1
    out, err = capsys.readouterr()
    assert "content/programs/evil.yml:1:1:" in err and "This is a bug" not in err
    assert SECRET_TEXT[:9] not in out + err


def test_a_profiles_folder_linked_from_outside_is_refused(tmp_path, capsys):
    import shutil

    project = copy_project(tmp_path / "p", profiles=ONE)
    outside = tmp_path / "elsewhere"
    shutil.move(project.profiles_dir, outside)
    project.profiles_dir.symlink_to(outside)
    assert _run(project.root, "build", "--as-of", DAY, "--jobs", "1") == 1
    err = capsys.readouterr().err
    assert "lies outside the project" in err and "This is a bug" not in err


# -- 8. no token in any message ----------------------------------------------------------------------
def test_no_token_reaches_an_error_message(tmp_path, capsys, monkeypatch):
    """A file-system error naming a private report folder is told without the folder's token."""
    import generator.cli.site as site_cli
    from generator.share.links import token

    secret = b"correct-horse-battery-staple-0123456789-abcdef"
    folder = tmp_path / "site" / "public" / "r" / token(secret, "lena-fischer")
    project = copy_project(tmp_path / "p", profiles=ONE)

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(folder / "index.html"))

    monkeypatch.setattr(site_cli, "build", refused)
    assert _run(project.root, "build", "--as-of", DAY) == 1
    err = capsys.readouterr().err
    assert "Permission denied" in err and "public/r/[private link]/index.html" in err
    assert token(secret, "lena-fischer") not in err and "This is a bug" not in err


def test_scrub_takes_tokens_and_leaves_ids_and_hashes():
    from generator.errors import scrub
    from generator.share.links import token

    t = token(b"correct-horse-battery-staple-0123456789-abcdef", "a-rather-long-applicant-identifier")
    text = f"site/public/r/{t}/index.html and {t} but not a-rather-long-applicant-identifi or {'f' * 64}"
    assert t not in scrub(text)
    assert "a-rather-long-applicant-identifi" in scrub(text) and "f" * 64 in scrub(text)
