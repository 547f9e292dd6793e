"""Real MkDocs builds of the guide, cohort and applicant sites (strict, links validated)."""

from __future__ import annotations

import json

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.report.pages import MANIFEST, write_docs
from generator.site.build import build

from .conftest import copy_project
from .helpers import AS_OF


def test_every_site_is_built(built):
    site = built.site_dir
    assert (site / "index.html").is_file()
    assert (site / "public" / "index.html").is_file()
    assert (site / "public" / "guide" / "index.html").is_file()
    assert (site / "public" / "guide" / "rules.html").is_file()
    assert (site / "bundles" / "img-guide-offline.zip").is_file()
    for cohort in ("2027-im", "2028-im", "2028-mp"):
        assert (site / "public" / "cohorts" / cohort / "index.html").is_file()
        assert (site / "public" / "cohorts" / cohort / "guide" / "readiness.html").is_file()
    for page in ("index", "study-plan", "narrative", "program-tiers"):
        assert (site / "local" / "applicants" / "amira-haddad" / f"{page}.html").is_file()
    assert not any(site.parent.glob(".site.*")), "staging folders are cleaned up"


def test_a_report_folders_search_index_holds_its_own_pages_only(built):
    """Each report folder's index is its own entries (the guide's are merged in the browser from
    the report site's one shared index, which holds no report): a few KB, not a copy of the guide."""
    from generator.inputs.profiles import load_profiles

    local = built.site_dir / "local"
    shared_text = (local / "search" / "search_index.json").read_text(encoding="utf-8")
    shared = json.loads(shared_text)
    assert shared["docs"] and all(d["location"].startswith("guide/") for d in shared["docs"])
    script = (local / "search" / "search_index.js").read_text(encoding="utf-8")
    assert script == f"var __index = {shared_text}"
    guide_texts = {d["text"] for d in shared["docs"] if len(d["text"]) > 80}
    profiles = load_profiles([built.profiles_dir])
    folders = sorted(p for p in (local / "applicants").iterdir() if p.is_dir())
    assert len(folders) == len(profiles) > 1
    for folder in folders:
        text = (folder / "search" / "search_index.json").read_text(encoding="utf-8")
        own = json.loads(text)
        assert own["config"] == shared["config"]
        pages = {d["location"].split("#")[0] for d in own["docs"]}
        assert pages == {"index.html", "study-plan.html", "narrative.html", "program-tiers.html"}, folder
        assert not guide_texts & {d["text"] for d in own["docs"]}, folder
        size = len(text.encode())
        assert size < 30_000 and size * 5 < len(shared_text.encode()), (folder.name, size)
        assert (folder / "search" / "search_index.js").read_text(encoding="utf-8") == f"var __index = {text}"
    words = " ".join(f"{d['location']} {d['title']} {d['text']}" for d in shared["docs"])
    for profile in profiles:  # the shared index holds no report: no name, no folder, no report text
        assert profile.name not in words and f"/{profile.id}/" not in words, profile.id
    report_texts = {
        d["text"]
        for folder in folders
        for d in json.loads((folder / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
        if len(d["text"]) > 80
    }
    assert report_texts and not report_texts & {d["text"] for d in shared["docs"]}


def test_reports_are_written_into_docs_with_a_manifest(built):
    docs = built.docs_dir
    assert (docs / "applicants" / "amira-haddad" / "study-plan.md").is_file()
    assert (docs / "cohorts" / "2028-mp" / "index.md").is_file()
    manifest = json.loads((docs / MANIFEST).read_text())["files"]
    assert "applicants/amira-haddad/index.md" in manifest


def test_cohort_site_shows_no_applicant(built):
    names = [("amira-haddad", "Amira Haddad"), ("lena-fischer", "Lena Fischer")]
    cohort = built.site_dir / "public" / "cohorts" / "2028-mp"
    for path in cohort.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js"):
            text = path.read_text(encoding="utf-8", errors="replace")
            for pid, name in names:
                assert pid not in text and name not in text, path
    summary = (cohort / "index.html").read_text()
    # a count shows only when it and the rest of the 6 are at least 3; the others are pooled, and a
    # table with nothing to show says so in one sentence
    assert "other values" in summary and "No count here can be shown" in summary
    assert "SCN-FAILED-ATTEMPT" not in summary and "BAND-MP-CONCERNING" not in summary


def test_applicant_site_links_to_the_guide_section_of_each_rule(built):
    html = (built.site_dir / "local" / "applicants" / "youssef-mansour" / "index.html").read_text()
    assert 'href="../../guide/low-scores.html#step2-retake"' in html
    assert "Youssef Mansour" in html


def test_no_page_loads_anything_from_another_host(built):
    for path in built.site_dir.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for needle in ("fonts.googleapis", "unpkg.com", "cdn.jsdelivr", '<link rel="preconnect"'):
            assert needle not in text, (path, needle)


def test_publishing_reports_is_opt_in(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "lena-fischer"])
    build(project, AS_OF, publish={"2028-mp"}, jobs=1)
    cohort = project.site_dir / "public" / "cohorts" / "2028-mp"
    assert (cohort / "applicants" / "amira-haddad" / "index.html").is_file()
    assert "Amira Haddad" in (cohort / "applicants" / "amira-haddad" / "index.html").read_text()


def test_write_docs_never_touches_files_it_did_not_write(tmp_path):
    docs = tmp_path / "docs"
    (docs / "applicants" / "x").mkdir(parents=True)
    mine = docs / "applicants" / "x" / "index.md"
    mine.write_text("my own page")
    keep = docs / "extra.css"
    keep.write_text("body{}")
    with pytest.raises(InputError) as err:
        write_docs(docs, {"applicants/x/index.md": "generated"})
    assert "was not written by img-guide" in str(err.value)
    assert mine.read_text() == "my own page"
    mine.unlink()
    assert write_docs(docs, {"applicants/x/index.md": "v1", "applicants/y/index.md": "y"})["written"] == 2
    assert write_docs(docs, {"applicants/x/index.md": "v1", "applicants/y/index.md": "y"})["unchanged"] == 2
    (docs / "applicants" / "y" / "index.md").write_text("edited by hand")
    stats = write_docs(docs, {"applicants/x/index.md": "v1"})
    assert stats["kept"] == 1 and (docs / "applicants" / "y" / "index.md").read_text() == "edited by hand"
    stats = write_docs(docs, {})
    assert stats["removed"] == 1 and not (docs / "applicants" / "x").exists()
    assert keep.read_text() == "body{}"


def test_build_command_reports_where_to_open(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    monkeypatch.chdir(project.root)
    code = main(["build", "--as-of", "2026-11-22"])
    out = capsys.readouterr().out
    assert code == 0
    assert "site/local/applicants/sofia-alvarez/index.html" in out and "Open site/index.html" in out


def test_invalid_profile_fails_the_build_and_keeps_the_old_site(tmp_path, capsys):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22", "--jobs", "1"]) == 0
    before = sorted(p.relative_to(project.site_dir) for p in project.site_dir.rglob("*"))
    (project.profiles_dir / "broken.yml").write_text("name: [unclosed\n")
    capsys.readouterr()
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22"]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "broken.yml:2:1" in err or "broken.yml:1:" in err
    after = sorted(p.relative_to(project.site_dir) for p in project.site_dir.rglob("*"))
    assert before == after
