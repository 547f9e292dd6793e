"""What changed since the last build: each report says it, the dashboard marks it, the state
file keeps only a status without a name."""

from __future__ import annotations

import pytest

from generator.site.build import build
from generator.site.paths import STATE

from .conftest import copy_project
from .helpers import AS_OF

pytestmark = pytest.mark.slow  # builds sites


def test_a_report_says_what_changed_and_the_dashboard_marks_it(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "diego-ramirez"])
    build(project, AS_OF, jobs=1)
    overview = project.site_dir / "local" / "applicants" / "amira-haddad" / "index.html"
    assert "What changed since the last build" not in overview.read_text(encoding="utf-8")
    assert "changed</span>" not in (project.site_dir / "index.html").read_text(encoding="utf-8")
    profile = project.profiles_dir / "amira-haddad.yml"
    profile.write_text(
        profile.read_text(encoding="utf-8").replace("score: 228", "score: 246"), encoding="utf-8"
    )
    step = build(project, AS_OF, jobs=1)
    assert step.built == ["amira-haddad"]
    text = overview.read_text(encoding="utf-8")
    assert "What changed since the last build" in text
    assert "New Step 2 CK score: 246 (was 228)." in text
    assert (
        "Step 2 CK band for internal medicine–psychiatry: Internal medicine–psychiatry, borderline → "
        "Internal medicine–psychiatry, very competitive."
    ) in text
    assert "No longer among the next actions: Categorical internal medicine in parallel." in text
    dashboard = (project.site_dir / "index.html").read_text(encoding="utf-8")
    amira = dashboard.split('data-name="Amira Haddad"', 1)[1].split("</tr>", 1)[0]
    diego = dashboard.split('data-name="Diego Ramírez"', 1)[1].split("</tr>", 1)[0]
    assert "changed</span>" in amira and "New Step 2 CK score: 246 (was 228)." in amira
    assert "changed</span>" not in diego
    assert dashboard.count('data-changed="yes"') == 1
    state = (project.site_dir / STATE).read_text(encoding="utf-8")
    assert "Amira" not in state and "Haddad" not in state and "BAND-MP-VERY-COMPETITIVE" in state
    diego_page = project.site_dir / "local" / "applicants" / "diego-ramirez" / "index.html"
    assert "What changed since the last build" not in diego_page.read_text(encoding="utf-8")


def test_the_dashboard_links_a_pdf_that_img_guide_pdf_wrote(tmp_path):
    project = copy_project(tmp_path / "p", profiles=["amira-haddad", "diego-ramirez"])
    build(project, AS_OF, jobs=1)
    dashboard = project.site_dir / "index.html"
    assert 'href="pdf/amira-haddad-report.pdf"' not in dashboard.read_text(encoding="utf-8")
    pdf = project.site_dir / "pdf" / "amira-haddad-report.pdf"  # where `img-guide pdf` writes by default
    pdf.parent.mkdir()
    pdf.write_bytes(b"%PDF-1.4\n")
    profile = project.profiles_dir / "diego-ramirez.yml"
    profile.write_text(profile.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    build(project, AS_OF, jobs=1)
    text = dashboard.read_text(encoding="utf-8")
    assert 'href="pdf/amira-haddad-report.pdf"' in text
    assert pdf.is_file()  # the build kept it
