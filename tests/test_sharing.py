"""Sharing: private report links, what the public cohort site holds, and the guide offline."""

from __future__ import annotations

import functools
import http.server
import re
import threading
import zipfile
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import UsageError
from generator.share.links import MIN_SECRET_CHARS, SecretError, load_secret, token
from generator.site.build import build
from generator.site.mkbuild import SiteSpec, _redact
from generator.site.plugin import _EXTERNAL_LINK

from .conftest import copy_project
from .helpers import AS_OF

SECRET = b"correct-horse-battery-staple-0123456789-abcdef"
MEMBERS = ["amira-haddad", "lena-fischer", "sofia-alvarez"]  # all in cohort 2028-mp


# -- tokens -----------------------------------------------------------------------------------
def test_tokens_are_stable_long_and_url_safe():
    t = token(SECRET, "amira-haddad")
    assert t == token(SECRET, "amira-haddad")
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", t)  # 32 base64url characters: 192 bits


def test_tokens_differ_per_applicant_secret_and_version():
    base = token(SECRET, "amira-haddad")
    assert token(SECRET, "lena-fischer") != base
    assert token(SECRET + b"-rotated", "amira-haddad") != base
    assert token(SECRET, "amira-haddad", 2) != base


def test_the_secret_has_no_default_and_must_be_long(tmp_path):
    assert load_secret(tmp_path, env={}) is None
    with pytest.raises(UsageError):
        load_secret(tmp_path, env={}, required=True)
    with pytest.raises(SecretError, match=f"at least {MIN_SECRET_CHARS}"):
        load_secret(tmp_path, env={"IMG_GUIDE_LINK_SECRET": "short"})
    assert load_secret(tmp_path, env={"IMG_GUIDE_LINK_SECRET": SECRET.decode()}) == SECRET


def test_a_secret_file_must_live_outside_the_project(tmp_path):
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    inside = project / "secret.txt"
    inside.write_text(SECRET.decode())
    with pytest.raises(SecretError, match="outside the repository"):
        load_secret(project, env={"IMG_GUIDE_LINK_SECRET_FILE": str(inside)})
    outside = tmp_path / "secret.txt"
    outside.write_text(SECRET.decode() + "\n")
    assert load_secret(project, env={"IMG_GUIDE_LINK_SECRET_FILE": str(outside)}) == SECRET


# -- a build with private links ------------------------------------------------------------------
@pytest.fixture(scope="module")
def private(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("private") / "p", profiles=MEMBERS)
    build(project, AS_OF, secret=SECRET, publish=set(), jobs=1)
    return project


def _files(folder: Path):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_private_reports_live_under_their_token(private):
    public = private.site_dir / "public"
    for pid in MEMBERS:
        assert (public / "r" / token(SECRET, pid) / "index.html").is_file()
    assert not (private.site_dir / "applicants").exists()


def test_private_pages_are_noindex_and_send_no_referrer(private):
    page = (private.site_dir / "public" / "r" / token(SECRET, "amira-haddad") / "study-plan.html").read_text()
    assert '<meta name="robots" content="noindex, nofollow, noarchive">' in page
    assert '<meta name="referrer" content="no-referrer">' in page
    cohort = (private.site_dir / "public" / "cohorts" / "2028-mp" / "index.html").read_text()
    assert "noindex" not in cohort


def test_public_sites_hold_no_name_id_or_token(private):
    needles = [token(SECRET, pid) for pid in MEMBERS] + MEMBERS
    needles += ["Amira Haddad", "Lena Fischer", "Sofía Álvarez", "Sof\\u00eda"]
    public = private.site_dir / "public"
    # the cohort site, and the guide that shares its build with the private reports
    for folder in (public / "cohorts" / "2028-mp", public):
        for name in ("search/search_index.json", "sitemap.xml"):
            text = (folder / name).read_text(encoding="utf-8")
            assert not [n for n in needles if n in text], (folder, name)
    for path in _files(public / "cohorts" / "2028-mp") + _files(public / "guide") + _files(public / "search"):
        data = path.read_bytes()
        assert not [n for n in needles if n.encode() in data], path
    guide_page = (public / "guide" / "readiness.html").read_text()
    assert "noindex" not in guide_page and "/r/" not in guide_page
    index = (public / "index.html").read_text()
    assert not [n for n in needles if n in index] and "/r/" not in index


def test_the_secret_is_in_no_output_file(private):
    for folder in (private.site_dir, private.docs_dir):
        for path in _files(folder):
            if path.suffix == ".zip":
                with zipfile.ZipFile(path) as zf:
                    assert not any(SECRET in zf.read(n) for n in zf.namelist()), path
            else:
                assert SECRET not in path.read_bytes(), path


def test_a_private_report_served_over_loopback_renders(private, page):
    public = private.site_dir / "public"
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(public))
    handler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/r/{token(SECRET, 'amira-haddad')}/index.html"
        page.goto(url)
        assert "Amira Haddad" in page.locator("article").inner_text()
        assert "BAND-MP-BORDERLINE" in page.locator("article").inner_text()
        # this host, and blob: URLs of this page (its search index merged with the guide's)
        here = url.split("/r/")[0]
        assert all(u.startswith((here, f"blob:{here}/")) for u in page.requests), page.requests
    finally:
        server.shutdown()


def test_links_command_prints_each_applicants_link(private, capsys, monkeypatch):
    monkeypatch.setenv("IMG_GUIDE_LINK_SECRET", SECRET.decode())
    code = main(["--project", str(private.root), "links", "--base-url", "https://advisor.example/guide/"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == f"amira-haddad\thttps://advisor.example/guide/r/{token(SECRET, 'amira-haddad')}/"
    assert len(lines) == len(MEMBERS) and SECRET.decode() not in out


def test_links_without_a_secret_is_a_usage_error(private, capsys, monkeypatch):
    monkeypatch.delenv("IMG_GUIDE_LINK_SECRET", raising=False)
    monkeypatch.delenv("IMG_GUIDE_LINK_SECRET_FILE", raising=False)
    code = main(["--project", str(private.root), "links", "--base-url", "https://advisor.example/"])
    assert code == 2 and "no link secret" in capsys.readouterr().err


def test_build_log_never_prints_tokens_or_the_secret(tmp_path, capsys, monkeypatch):
    project = copy_project(tmp_path / "p", profiles=["sofia-alvarez"])
    monkeypatch.setenv("IMG_GUIDE_LINK_SECRET", SECRET.decode())
    assert main(["--project", str(project.root), "build", "--as-of", "2026-11-22"]) == 0
    out, err = capsys.readouterr()
    assert token(SECRET, "sofia-alvarez") not in out + err and SECRET.decode() not in out + err
    assert "img-guide links" in out


def test_external_links_get_noopener_noreferrer():
    html = (
        '<a href="https://example.org/x">x</a> <a href="page.html">y</a> <a rel="me" href="https://a.b">z</a>'
    )
    out = _EXTERNAL_LINK.sub(r'<a rel="noopener noreferrer" \1', html)
    assert '<a rel="noopener noreferrer" href="https://example.org/x">' in out
    assert '<a href="page.html">' in out and '<a rel="me" href="https://a.b">' in out


# -- the guide offline -------------------------------------------------------------------------
def test_cohort_site_offers_the_offline_guide(private):
    cohort = private.site_dir / "public" / "cohorts" / "2028-mp"
    assert zipfile.is_zipfile(cohort / "downloads" / "img-guide-offline.zip")
    assert 'href="downloads/img-guide-offline.zip"' in (cohort / "index.html").read_text()


def test_offline_guide_searches_from_file_without_network(private, tmp_path, page):
    with zipfile.ZipFile(private.site_dir / "bundles" / "img-guide-offline.zip") as zf:
        zf.extractall(tmp_path)
    index = tmp_path / "img-guide-offline" / "index.html"
    page.goto(index.as_uri())
    page.wait_for_load_state("load")
    page.keyboard.press("s")  # search loads its index on a real event only
    page.keyboard.type("postpone", delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=20000)
    assert "matching document" in page.locator(".md-search-result__meta").inner_text()
    assert page.locator(".md-search-result__item").count() >= 1
    assert all(u.startswith("file:") for u in page.requests), [
        u for u in page.requests if not u.startswith("file:")
    ]


def test_bundle_command_for_one_applicant(private, tmp_path, capsys):
    out = tmp_path / "amira.zip"
    code = main(
        [
            "--project",
            str(private.root),
            "bundle",
            "amira-haddad",
            "--as-of",
            "2026-11-22",
            "--output",
            str(out),
        ]
    )
    assert code == 0 and "Wrote" in capsys.readouterr().out
    with zipfile.ZipFile(out) as zf:
        names = zf.namelist()
        assert "amira/index.html" in names
        assert "amira/search/search_index.js" in names
        assert "amira/guide/readiness.html" in names


def test_bundles_are_deterministic(private, tmp_path):
    a, b = tmp_path / "a" / "guide.zip", tmp_path / "b" / "guide.zip"
    for out in (a, b):
        assert (
            main(
                [
                    "--project",
                    str(private.root),
                    "bundle",
                    "guide",
                    "--as-of",
                    "2026-11-22",
                    "--output",
                    str(out),
                ]
            )
            == 0
        )
    assert a.read_bytes() == b.read_bytes()


def test_bundle_of_an_unknown_applicant_is_a_usage_error(private, capsys):
    assert main(["--project", str(private.root), "bundle", "nobody", "--as-of", "2026-11-22"]) == 2
    assert "no applicant 'nobody'" in capsys.readouterr().err


def test_bundle_and_pdf_leave_docs_alone(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad"])
    build(project, AS_OF, jobs=1)
    before = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    assert (
        main(
            [
                "--project",
                str(project.root),
                "bundle",
                "amira-haddad",
                "--as-of",
                "2027-03-01",
                "--output",
                str(tmp_path / "a.zip"),
            ]
        )
        == 0
    )
    after = {p: p.read_bytes() for p in project.docs_dir.rglob("*") if p.is_file()}
    assert after == before


def test_build_messages_name_reports_by_applicant_not_token():
    folder = f"r/{token(SECRET, 'amira-haddad')}"
    spec = SiteSpec("reports", None, Path("."), Path("public"), "t", reports=(("amira-haddad", folder),))
    message = _redact(f"Doc file '{folder}/index.md' contains a link", spec)
    assert token(SECRET, "amira-haddad") not in message and "[report of amira-haddad]/index.md" in message
