"""Advisor notes stay with the advisor; ``notes_for_applicant`` is what the report shows (issue 14, 13)."""

from __future__ import annotations

import zipfile

import pytest

from generator.cli import main
from generator.site.build import build

from .conftest import copy_project
from .helpers import AS_OF, ROOT

PRIVATE = "ADVISOR-ONLY-consider-a-prelim-year-first"
SHARED = "FOR-THE-APPLICANT-book-the-exam-date-first"
SECRET = b"correct-horse-battery-staple-0123456789-abcdef"


def test_the_schema_copy_in_the_repository_matches_the_package():
    for name in ("profile.schema.json", "catalog.schema.json"):
        packaged = (ROOT / "generator" / "schema" / name).read_text(encoding="utf-8")
        assert (ROOT / "schema" / name).read_text(encoding="utf-8") == packaged, (
            f"run: img-guide schema ({name})"
        )


def test_the_schema_says_who_reads_which_notes():
    import json

    props = json.loads((ROOT / "generator" / "schema" / "profile.schema.json").read_text())["properties"]
    assert "never shown" in props["notes"]["description"]
    assert "applicant" in props["notes_for_applicant"]["description"]


def _files(root):
    """Every file under ``root`` (or ``root`` itself), and every entry of every zip among them."""
    for path in [root] if root.is_file() else sorted(root.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes()
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    for info in zf.infolist():
                        yield path / info.filename, zf.read(info)


@pytest.mark.slow
def test_advisor_notes_reach_no_page_zip_or_public_file(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["lena-fischer", "sofia-alvarez"])
    path = project.profiles_dir / "lena-fischer.yml"
    text = path.read_text().split("\nnotes:")[0].rstrip("\n")
    path.write_text(f"{text}\nnotes: {PRIVATE}\nnotes_for_applicant: {SHARED}\n")
    build(project, AS_OF, secret=SECRET, jobs=1, publish={"2028-im"})
    bundle = tmp_path / "lena.zip"
    assert (
        main(
            [
                "--project",
                str(project.root),
                "bundle",
                "lena-fischer",
                "--as-of",
                "2026-11-22",
                "--output",
                str(bundle),
            ]
        )
        == 0
    )
    shown = []
    # the advisor's own places: the dashboard (never published) and the generator's sidecar that
    # feeds it (a dot-file in git-ignored docs/applicants/, which MkDocs never builds)
    advisor = {
        project.site_dir / "index.html",
        project.docs_dir / "applicants" / "lena-fischer" / ".advisor.json",
    }
    assert PRIVATE in (project.site_dir / "index.html").read_text(encoding="utf-8")
    for root in (project.site_dir, project.docs_dir, bundle):
        for where, data in _files(root):
            if where in advisor:
                continue
            assert PRIVATE.encode() not in data, f"the advisor's note reached {where}"
            if SHARED.encode() in data:
                shown.append(where)
    assert shown, "notes_for_applicant is shown in the applicant's report"
    for where in shown:  # and only in Lena's own report, its docs and its zip
        text = str(where)
        assert "/public/r/" in text or "applicants/lena-fischer" in text or text.startswith(str(bundle)), (
            where
        )
