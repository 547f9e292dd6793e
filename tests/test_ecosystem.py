"""CI and Pages workflows, published addresses, the Material notice, ProperDocs, a wheel install."""

from __future__ import annotations

import email
import filecmp
import os
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.cli import console, main
from generator.cli.starterfiles import STARTER_DIR, starter_files

from .helpers import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    return YAML(typ="safe").load((WORKFLOWS / name).read_text(encoding="utf-8"))


@pytest.mark.skipif(shutil.which("check-jsonschema") is None and not (Path(sys.executable).parent /
                    "check-jsonschema").exists(), reason="check-jsonschema is not installed")  # fmt: skip
def test_workflows_pass_githubs_workflow_schema():
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    result = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", *files],
                            capture_output=True, text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_lint_the_readme_test_command_on_each_python_and_properdocs():
    ci = workflow("ci.yml")
    assert {"push", "pull_request"} <= set(ci["on"])
    steps = {job: " ".join(str(s.get("run", "")) for s in spec["steps"]) for job, spec in ci["jobs"].items()}
    assert (
        "ruff check" in steps["lint"]
        and "ruff format --check" in steps["lint"]
        and "mypy generator" in steps["lint"]
    )
    test = ci["jobs"]["test"]
    assert test["strategy"]["matrix"]["python"] == ["3.11", "3.12", "3.13"]
    assert "apt-get install" in steps["test"] and "chromium" in steps["test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "bash scripts/test.sh" in readme and "bash scripts/test.sh" in steps["test"]
    assert any("actions/cache" in s.get("uses", "") for s in test["steps"])
    assert "properdocs build" in steps["properdocs"] and "img-guide init" in steps["properdocs"]
    for job in ("lint", "properdocs"):
        setup = next(s for s in ci["jobs"][job]["steps"] if "setup-python" in s.get("uses", ""))
        assert setup["with"]["cache"] == "pip"


def test_pages_workflow_rebuilds_weekly_with_the_pages_address():
    pages = workflow("pages.yml")
    assert pages["on"]["schedule"][0]["cron"].split()[4] == "1"  # weekly, on Mondays
    assert pages["permissions"] == {}
    build, deploy = pages["jobs"]["build"], pages["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    uses = [s["uses"] for job in (build, deploy) for s in job["steps"] if "uses" in s]
    versions = dict(u.split("@") for u in uses)
    assert versions == {"actions/checkout": "v6", "actions/setup-python": "v6", "actions/configure-pages": "v6",
                        "actions/upload-pages-artifact": "v5", "actions/deploy-pages": "v5"}  # fmt: skip
    setup = next(s for s in build["steps"] if "setup-python" in s.get("uses", ""))
    assert setup["with"]["cache"] == "pip"
    configure = next(s for s in build["steps"] if "configure-pages" in s.get("uses", ""))
    run = next(s for s in build["steps"] if s.get("run") == "img-guide build")
    assert run["env"]["IMG_GUIDE_SITE_URL"] == f"${{{{ steps.{configure['id']}.outputs.base_url }}}}"
    order = [s.get("uses", s.get("run")) for s in build["steps"]]
    assert order.index(configure["uses"]) < order.index("img-guide build")


def test_site_url_gives_sitemaps_and_canonical_links_to_published_sites_only(tmp_path, capsys, monkeypatch):
    project = tmp_path / "p"
    main(["-q", "init", str(project)])
    monkeypatch.setenv("IMG_GUIDE_SITE_URL", "https://advisor.github.io/cohorts")
    monkeypatch.setenv("IMG_GUIDE_LINK_SECRET", "site-url-secret-0123456789-ABCDEFGHIJKLMN")
    assert main(["-q", "--project", str(project), "build", "--as-of", "2026-12-03", "--jobs", "1"]) == 0
    public = project / "site" / "public"
    sitemap = (public / "sitemap.xml").read_text(
        encoding="utf-8"
    )  # with a secret: guide and reports, one site
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert "https://advisor.github.io/cohorts/guide/index.html" in locs and len(locs) >= 10
    page = (public / "cohorts" / "2028-im" / "index.html").read_text(encoding="utf-8")
    assert (
        '<link rel="canonical" href="https://advisor.github.io/cohorts/cohorts/2028-im/index.html">' in page
    )
    assert not [loc for loc in locs if "/r/" in loc]  # private reports stay out
    assert "https://advisor.github.io/cohorts/cohorts/2028-mp/index.html" in (
        public / "cohorts" / "2028-mp" / "sitemap.xml"
    ).read_text(encoding="utf-8")
    for path in (project / "site" / "local").rglob("*.html"):
        assert "advisor.github.io" not in path.read_text(encoding="utf-8"), path
    monkeypatch.setenv("IMG_GUIDE_SITE_URL", "advisor.github.io")
    code = main(["--project", str(project), "build", "--as-of", "2026-12-03"])
    out, err = capsys.readouterr()
    assert code == 1 and "IMG_GUIDE_SITE_URL must start with https://" in err and "Traceback" not in err


def test_without_site_url_pages_carry_no_canonical_link(built):
    page = (built.site_dir / "public" / "guide" / "index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in page


def test_material_notice_is_one_line_before_and_after_the_date():
    version = console.version_of("mkdocs-material")
    assert version and version.startswith("9.")
    before = console.material_notice(date(2026, 12, 3))
    after = console.material_notice(date(2027, 6, 1))
    assert before and after and "\n" not in before
    assert f"Material for MkDocs {version} reaches end of life on 2027-05-05" in before
    assert "reached end of life on 2027-05-05" in after
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## MkDocs and Material futures" in readme


def _properdocs() -> str | None:
    beside = Path(sys.executable).parent / "properdocs"
    return str(beside) if beside.exists() else shutil.which("properdocs")


@pytest.mark.slow
@pytest.mark.skipif(_properdocs() is None, reason="properdocs is not installed")
def test_properdocs_builds_the_sample_project(tmp_path):
    project = tmp_path / "p"
    main(["-q", "init", str(project)])
    out = tmp_path / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([_properdocs(), "build", "-f", "mkdocs.yml", "--strict", "--site-dir", str(out)],
                            cwd=project, capture_output=True, text=True, env=env)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stderr and "WARNING" not in result.stderr
    index = (out / "index.html").read_text(encoding="utf-8")
    assert "<title>" in index and "properdocs" in index.lower()  # ProperDocs' generator tag
    guide = sorted(p.name for p in (out / "guide").glob("*.html"))
    assert {p.stem + ".html" for p in (ROOT / "content" / "guide").glob("*.md")} <= set(guide)
    assert "rules.html" in guide  # the generated rule reference
    report = (out / "applicants" / "chidi-okafor" / "index.html").read_text(encoding="utf-8")
    assert "Chidi Okafor" in report and "<svg" in report  # the plugin ran: a report with its charts
    assert not list((project / "docs").rglob("*.md"))  # the preview writes nothing into docs/


def _dependencies_only(wheel: Path, dest: Path) -> Path:
    """A folder holding the wheel's declared dependencies (and theirs), linked from this test run's
    environment: what ``pip install`` would add, without fetching and copying them again. The
    editable img-guide of the test run and the test tools are not in it."""
    from importlib import metadata
    from zipfile import ZipFile

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    with ZipFile(wheel) as zf:
        name = next(n for n in zf.namelist() if n.endswith(".dist-info/METADATA"))
        wanted = [
            Requirement(r) for r in email.message_from_bytes(zf.read(name)).get_all("Requires-Dist", [])
        ]
    dest.mkdir()
    seen: set[str] = set()
    while wanted:
        req = wanted.pop()
        if canonicalize_name(req.name) in seen or (req.marker and not req.marker.evaluate({"extra": ""})):
            continue
        seen.add(canonicalize_name(req.name))
        dist = metadata.distribution(req.name)
        assert dist.version in req.specifier, (req, dist.version)  # the declared range holds
        wanted += [Requirement(r) for r in dist.requires or []]
        for top in {Path(f).parts[0] for f in dist.files or [] if not str(f).startswith("..")}:
            if top != "__pycache__" and not (dest / top).exists():
                (dest / top).symlink_to(Path(dist.locate_file(top)))
    return dest


@pytest.mark.slow
def test_wheel_install_in_a_fresh_venv_makes_and_builds_a_project(tmp_path):
    wheels = tmp_path / "wheels"
    made = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(ROOT)],
                          capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr[-3000:]
    [wheel] = wheels.glob("img_guide-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    bin_ = venv / ("Scripts" if os.name == "nt" else "bin")
    pip = subprocess.run([sys.executable, "-m", "pip", "--python", str(bin_ / "python"), "install", "-q", "--no-deps",
                          str(wheel)], capture_output=True, text=True, cwd=tmp_path)  # fmt: skip
    assert pip.returncode == 0, pip.stderr[-3000:]
    site_packages = (
        next(venv.glob("lib/python*/site-packages")) if os.name != "nt" else venv / "Lib" / "site-packages"
    )
    deps = _dependencies_only(wheel, tmp_path / "deps")
    (site_packages / "dependencies.pth").write_text(f"{deps}\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMG_GUIDE_") and k != "PYTHONPATH"}
    code = "import generator, importlib.util as u; print(generator.__file__, u.find_spec('pytest') is None)"
    where = subprocess.run(
        [str(bin_ / "python"), "-c", code], cwd=tmp_path, capture_output=True, text=True, env=env
    )
    imported, alone = where.stdout.split()
    assert Path(imported).parent == site_packages / "generator", where.stderr  # the wheel's, not the repo's
    assert alone == "True", "the venv sees the test run's tools"
    starter = site_packages / "generator" / STARTER_DIR
    assert starter_files(starter) == starter_files(ROOT)  # the wheel's starter is the repository's content
    for rel in starter_files(ROOT):
        assert filecmp.cmp(starter / rel, ROOT / rel, shallow=False), rel
    exe = str(bin_ / "img-guide")
    init = subprocess.run([exe, "init", "advising"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert init.returncode == 0, init.stderr
    project = tmp_path / "advising"
    build = subprocess.run([exe, "build", "--as-of", "2026-12-03"], cwd=project, capture_output=True, text=True,
                           env=env)  # fmt: skip
    assert build.returncode == 0, build.stderr
    assert "Traceback" not in build.stderr and build.stderr.count("end of life") == 1
    assert (project / "site" / "public" / "guide" / "index.html").is_file()
    assert (project / "site" / "local" / "applicants" / "amira-haddad" / "index.html").is_file()
    first = (project / "profiles" / "amira-haddad.yml").read_text(encoding="utf-8").splitlines()[0]
    target = (project / "profiles" / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file() and target == (project / "schema" / "profile.schema.json").resolve()
    assert b'"description"' in target.read_bytes()


def _properties(node: dict, path: str = ""):
    for key, sub in node.get("properties", {}).items():
        yield f"{path}{key}", sub
        yield from _properties(sub, f"{path}{key}.")
        if isinstance(sub.get("items"), dict):
            yield from _properties(sub["items"], f"{path}{key}[].")


def test_every_schema_property_has_a_description_and_valid_examples_and_defaults():
    import json

    from jsonschema import Draft202012Validator

    for name in ("profile.schema.json",):
        schema = json.loads((ROOT / "generator" / "schema" / name).read_text(encoding="utf-8"))
        found = list(_properties(schema))
        assert len(found) >= 46
        assert [path for path, sub in found if not sub.get("description")] == []
        shown = 0
        for path, sub in found:
            for value in [*sub.get("examples", []), *([sub["default"]] if "default" in sub else [])]:
                errors = list(Draft202012Validator(sub).iter_errors(value))
                assert errors == [], (path, value, errors)
                shown += 1
        assert shown >= 20
