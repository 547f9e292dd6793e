"""Profile loading: every bad input gets located errors on stderr, nothing on stdout, exit 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.errors import InputError
from generator.inputs.profiles import load_profiles

from .helpers import ROOT

BAD = ROOT / "tests" / "fixtures" / "bad"

# file -> lines that must appear on stderr (exact, after the file name)
EXPECTED = {
    "unknown-key.yml": [":6:1: step2k: unknown key 'step2k'; did you mean 'step2ck'?"],
    "score-range.yml": [":8:10: step2ck.score: 312 is above the maximum of 300"],
    "bad-enum.yml": [
        ":2:29: tracks[1]: 'surgery' is not one of: internal-medicine, medicine-psychiatry",
        ":4:22: graduation.status: 'graduate' is not one of: graduated, final-year; "
        "did you mean 'graduated'?",
    ],
    "bad-type.yml": [
        ":2:9: tracks: expected a list, got the text 'internal-medicine'",
        ":3:13: match_year: expected a whole number, got the text 'next year'",
        ":5:33: step1.attempts: expected a whole number, got the text 'one'",
        ":6:12: can_delay: expected true or false, got the text 'yes'",
    ],
    "bad-date.yml": [
        ":6:17: step2ck.date: the text '2026-13-45' is not a valid date (use YYYY-MM-DD)",
        ":8:38: practice[0].date: the text '2026-02-30' is not a valid date (use YYYY-MM-DD)",
        ":9:39: practice[1].date: the text 'June 5' is not a valid date (use YYYY-MM-DD)",
    ],
    "empty.yml": [":1:1: is empty; a profile needs at least its required fields"],
    "comment-only.yml": [":1:1: is empty; a profile needs at least its required fields"],
    "list.yml": [":1:1: a profile must be a mapping of fields, not a list"],
    "latin1.yml": [":1:10: is not valid UTF-8 text (save it as UTF-8)"],
    "binary.yml": [":1:1: is a binary file, not a YAML profile"],
    "python-tag.yml": [":1:7: name: the tag !!python/object/apply:os.system is not allowed here"],
    "duplicate-key.yml": [":2:1: name: duplicate key (first given on line 1)"],
    "syntax.yml": [":3:11: YAML syntax error: expected ',' or ']', but got ':'"],
    "missing-required.yml": [
        ":1:1: graduation: is required but missing",
        ":1:1: match_year: is required but missing",
        ":1:1: step1: is required but missing",
    ],
    "bad-id.yml": [":2:5: id: 'Bad_Id': use lowercase letters, digits and single hyphens only"],
    "inconsistent.yml": [
        ":5:33: step1.attempts: must be at least 1 when the result is pass",
        ":6:17: step3.result: a final-year student cannot have taken Step 3",
    ],
    "alias-bomb.yml": ["more than 100,000 values (aliases expanded); refusing"],
}


def test_every_fixture_has_expectations():
    assert sorted(p.name for p in BAD.glob("*.yml")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_profile_is_reported_with_location(name, capsys):
    code = main(["--project", str(ROOT), "validate", str(BAD / name)])
    out, err = capsys.readouterr()
    assert code == 1
    assert out == ""
    assert "Traceback" not in err
    for line in EXPECTED[name]:
        assert line in err, err
    for line in err.strip().splitlines():
        assert line.startswith(f"tests/fixtures/bad/{name}:"), line


def test_explain_on_bad_profile_prints_nothing_on_stdout(capsys):
    code = main(["--project", str(ROOT), "explain", "--json", str(BAD / "score-range.yml")])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    assert "step2ck.score: 312 is above the maximum of 300" in err


def test_python_tag_is_never_executed(tmp_path):
    marker = Path("/tmp/img-guide-pwned")
    marker.unlink(missing_ok=True)
    with pytest.raises(InputError):
        load_profiles([BAD / "python-tag.yml"])
    assert not marker.exists()


def test_all_problems_in_all_files_are_reported_together(tmp_path, capsys):
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    shutil.copy(BAD / "score-range.yml", folder / "zz-range.yml")
    shutil.copy(BAD / "bad-type.yml", folder / "aa-type.yml")
    code = main(["--project", str(ROOT), "validate", str(folder)])
    out, err = capsys.readouterr()
    assert (code, out) == (1, "")
    lines = err.strip().splitlines()
    assert len(lines) == 5
    assert any("aa-type.yml:3:13: match_year" in x for x in lines)
    assert any("zz-range.yml:8:10: step2ck.score" in x for x in lines)


def test_one_bad_file_among_good_ones(tmp_path, capsys):
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    shutil.copy(BAD / "unknown-key.yml", folder / "new-applicant.yml")
    code = main(["--project", str(ROOT), "validate", str(folder)])
    _, err = capsys.readouterr()
    assert code == 1
    assert err.strip().splitlines() == [
        f"{folder / 'new-applicant.yml'}:6:1: step2k: unknown key 'step2k'; did you mean 'step2ck'?"
    ]


def test_duplicate_ids_across_files(tmp_path, capsys):
    (tmp_path / "a.yml").write_text((ROOT / "profiles" / "diego-ramirez.yml").read_text() + "id: same\n")
    (tmp_path / "b.yml").write_text((ROOT / "profiles" / "mei-lin-chen.yml").read_text() + "id: same\n")
    code = main(["--project", str(ROOT), "validate", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 1
    assert "b.yml" in err and "id: the id 'same' is already used by" in err and "a.yml" in err


def test_file_name_that_is_not_an_id(tmp_path, capsys):
    (tmp_path / "Amira Haddad.yml").write_text((ROOT / "profiles" / "amira-haddad.yml").read_text())
    code = main(["--project", str(ROOT), "validate", str(tmp_path)])
    _, err = capsys.readouterr()
    assert code == 1 and "the file name 'Amira Haddad' is not a valid id" in err


def test_samples_are_valid(capsys):
    assert main(["--project", str(ROOT), "validate"]) == 0
    assert capsys.readouterr().out.strip() == "15 profiles valid"


@pytest.mark.parametrize(
    "argv",
    [
        ["explain"],
        ["explain", "profiles/amira-haddad.yml", "--as-of", "22/11/2026"],
        ["validate", "--bogus"],
        ["validate", "no/such/file.yml"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(argv, capsys):
    try:
        code = main(["--project", str(ROOT), *argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    assert code == 2
    assert "Traceback" not in err and err


def test_samples_carry_the_schema_comment():
    for path in sorted((ROOT / "profiles").glob("*.yml")):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../schema/profile.schema.json", path


@pytest.mark.parametrize("name", ["upper.YML", "mixed.Yaml"])
def test_profile_file_suffixes_in_any_case(tmp_path, name, capsys):
    (tmp_path / name).write_text((ROOT / "profiles" / "sofia-alvarez.yml").read_text())
    assert main(["--project", str(ROOT), "validate", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == "1 profile valid"
