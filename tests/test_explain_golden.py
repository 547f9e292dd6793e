"""Golden ``explain --json`` outputs for every sample profile (as of 2026-11-22).

Regenerate after an intended change with ``IMG_GUIDE_UPDATE_GOLDEN=1 pytest tests/test_explain_golden.py``
and review the diff like any other change.
"""

from __future__ import annotations

import json
import os

import pytest

from generator.cli import main

from .helpers import ROOT

GOLDEN = ROOT / "tests" / "golden" / "explain"
SAMPLES = sorted(p.stem for p in (ROOT / "profiles").glob("*.yml"))
CONTRACT_KEYS = {
    "id",
    "scenario",
    "stage",
    "failures",
    "years_since_graduation",
    "bands",
    "readiness",
    "rules",
    "reasons",
}


@pytest.mark.parametrize("pid", SAMPLES)
def test_explain_matches_golden(pid, capsys):
    code = main(["--project", str(ROOT), "explain", f"profiles/{pid}.yml", "--json", "--as-of", "2026-11-22"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    data = json.loads(out)
    assert set(data) >= CONTRACT_KEYS
    assert set(data["reasons"]) == set(data["rules"])
    assert len(data["rules"]) == len(set(data["rules"]))
    path = GOLDEN / f"{pid}.json"
    if os.environ.get("IMG_GUIDE_UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


def test_several_profiles_give_an_array(capsys):
    code = main(
        [
            "--project",
            str(ROOT),
            "explain",
            "profiles/amira-haddad.yml",
            "profiles/sofia-alvarez.yml",
            "--json",
            "--as-of",
            "2026-11-22",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and [d["id"] for d in data] == ["amira-haddad", "sofia-alvarez"]


def test_readable_summary_names_scenario_band_readiness_and_actions(capsys):
    code = main(["--project", str(ROOT), "explain", "profiles/diego-ramirez.yml", "--as-of", "2026-11-22"])
    out = capsys.readouterr().out
    assert code == 0
    assert "scenario:  SCN-STEP2-PENDING" in out
    assert "internal-medicine: no Step 2 CK score yet" in out
    assert "READY-NOT-YET" in out and "most important actions" in out and "because" in out
