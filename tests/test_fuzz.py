"""Fuzzing the input edge: arbitrary bytes and YAML-ish text as profiles, catalogs and CSV files.

Every input gives either valid results or an InputError whose every problem is located
(file, line >= 1, col >= 1, a message); never a traceback or a hang. Valid-shaped profiles go
on through the engine and the renderer. Runs are deterministic: derandomized, no example
database, and every module of generator/ imported before the first example (Hypothesis also
draws on constants of the project modules imported so far, and which ones a test run has
imported depends on the tests that ran before in that process, an order pytest-xdist varies).
Hypothesis counts no module in a folder named ``test`` or ``tests`` as the project's, so a
checkout at such a path runs other examples, as reproducibly. The number of examples run is
printed at the end of the run.
"""

from __future__ import annotations

import importlib
import io
import json
import pkgutil
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import generator
from generator.catalog import dump_catalog, load_catalog, parse_csv, place
from generator.cli import main
from generator.engine.engine import decide
from generator.errors import InputError, Problem
from generator.inputs.profiles import check_profile, load_profiles
from generator.inputs.yamlio import MAX_BYTES, MAX_DEPTH, parse_yaml
from generator.report.model import assemble
from generator.report.render import Renderer

from .helpers import AS_OF, PROJECT, ROOT, decision

for _module in pkgutil.walk_packages(generator.__path__, "generator."):
    if not _module.name.endswith("__main__"):  # (running the command is not importing it)
        importlib.import_module(_module.name)

# ---- settings and the example counter --------------------------------------------------------
EXAMPLES: Counter[str] = Counter()  # examples run, per test
VALID: Counter[str] = Counter()  # examples that gave a valid result (the rest: located problems)


def fuzz(n: int):
    """Deterministic settings: ``n`` examples, no deadline, no example database."""
    return settings(
        max_examples=n,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.function_scoped_fixture,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
        ],
    )


def tick(name: str) -> None:
    EXAMPLES[name] += 1


def fuzz_report() -> str:
    total = sum(EXAMPLES.values())
    parts = ", ".join(f"{k} {v}" for k, v in sorted(EXAMPLES.items()))
    valid = ", ".join(f"{k} {v}" for k, v in sorted(VALID.items()))
    return f"fuzz: {total} examples run ({parts}); valid results: {valid or 'none'}"


FUZZ_KEY = pytest.StashKey[dict]()  # the counts, for a pytest_terminal_summary hook in a conftest


# ---- checking outcomes -----------------------------------------------------------------------
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")  # where the YAML reader starts a line


def assert_located(exc: InputError, name: str, text: str | None = None) -> None:
    """Every problem names the file, a position inside it, and says something."""
    assert exc.problems, "an InputError without problems"
    lines = len(LINE_BREAK.split(text)) if text is not None else None
    for p in exc.problems:
        assert isinstance(p, Problem)
        assert p.file == name, p
        assert isinstance(p.line, int) and p.line >= 1, p
        assert isinstance(p.col, int) and p.col >= 1, p
        assert isinstance(p.message, str) and p.message.strip(), p
        assert "\n" not in p.message and "\n" not in p.field, p  # one problem, one line
        assert "Traceback" not in p.message, p
        if lines is not None:
            assert p.line <= lines + 1, (p, lines)


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def check_profile_file(path: Path, text: str | None = None) -> list[Any]:
    """load_profiles on one file: valid profiles, or located problems only."""
    try:
        profiles = load_profiles([path])
    except InputError as exc:
        assert_located(exc, str(path), text)
        return []
    assert len(profiles) == 1 and profiles[0].source == str(path)
    VALID["profiles"] += 1
    return profiles


def check_catalog_file(path: Path, text: str | None = None) -> list[Any]:
    try:
        programs = load_catalog(path)
    except InputError as exc:
        assert_located(exc, str(path), text)
        return []
    assert programs and all(p.file == str(path) for p in programs)
    VALID["catalogs"] += 1
    return programs


@pytest.fixture(scope="module")
def scratch(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


# ---- strategies --------------------------------------------------------------------------------
PROFILE_KEYS = [
    "id", "name", "cohort", "tracks", "match_year", "graduation", "step1", "step2ck", "practice",
    "step3", "ecfmg_certified", "visa", "can_delay", "usce", "letters", "research", "weak_areas",
    "preferences", "link_version", "notes",
]  # fmt: skip
NESTED_KEYS = [
    "status", "year", "result", "attempts", "date", "score", "target", "exam", "specialty", "kind",
    "months", "setting", "us", "academic", "topic", "area", "regions",
]  # fmt: skip
CATALOG_KEYS = ["illustrative", "description", "programs"]
PROGRAM_KEYS = [
    "name", "track", "type", "state", "region", "step2_screen", "img_share", "visas",
    "max_years_since_graduation", "attempts_allowed", "ecfmg_by", "usce_months", "source",
    "last_verified", "notes",
]  # fmt: skip
WORDS = [
    "internal-medicine", "medicine-psychiatry", "psychiatry", "graduated", "final-year", "pass",
    "fail", "pending", "j1", "h1b", "none", "hands-on", "observership", "academic", "community",
    "university", "university-affiliated", "northeast", "midwest", "south", "west", "TX", "NY",
    "application", "ranking", "case-report", "2026-06-20", "2026-02-30", "9999-12-31",
    "0001-01-01", "2026-W01-1", "yes", "no", "~", "null", ".nan", "-.inf", "0x1F", "0o17", "1_000",
    "1e999", "2026-06-20T10:00:00Z", "<script>", "{{ 7*7 }}", "é", "\u202e", "\U0001f600",
]  # fmt: skip

ints = st.one_of(st.integers(-5, 320), st.integers(), st.sampled_from([0, 1, 2, 10, 11, 2020, 2100, 2101]))
floats = st.floats(allow_nan=True, allow_infinity=True)
texts = st.text(max_size=40)
scalars = st.one_of(
    st.none(), st.booleans(), ints, floats, texts, st.sampled_from(WORDS), st.dates().map(str)
)
keys = st.one_of(st.sampled_from(PROFILE_KEYS + NESTED_KEYS + CATALOG_KEYS + PROGRAM_KEYS), texts)


def trees(key_strategy=keys):
    return st.recursive(
        scalars,
        lambda children: st.one_of(
            st.lists(children, max_size=5), st.dictionaries(key_strategy, children, max_size=6)
        ),
        max_leaves=30,
    )


profile_like = st.dictionaries(st.sampled_from(PROFILE_KEYS) | texts, trees(), max_size=12)
catalog_like = st.fixed_dictionaries(
    {"programs": st.lists(st.dictionaries(st.sampled_from(PROGRAM_KEYS), trees(), max_size=15), max_size=4)},
    optional={"illustrative": scalars, "description": scalars},
)


def dump(data: Any, flow: bool | None) -> str:
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.allow_unicode = True
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


@st.composite
def dumped(draw, data_strategy) -> str:
    return dump(draw(data_strategy), draw(st.sampled_from([False, True, None])))


# Fragments that make YAML parsers work: tags, anchors, aliases, merge keys, directives,
# block scalars, flow collections, odd indentation and characters.
FRAGMENTS = [
    "- ", "-", ": ", ":", "? ", "&a ", "&b ", "*a", "*b", "*undefined", "<<: *a", "<<: ", "!!python/object:os.system ",
    "!!python/object/apply:os.system ['true'] ", "!!binary ", "!!set ", "!!omap ", "!!str ", "!!int ", "!!float ",
    "!!bool ", "!!null ", "!!timestamp ", "!!map ", "!!seq ", "!custom ", "!<tag:x> ", "!e!x ", "%YAML 1.1\n",
    "%TAG !e! tag:example.com:\n", "---\n", "...\n", "--- ", "|", "|-", ">", ">+2", "'", '"', "''", '"\\x41\\u00e9"',
    "{", "}", "[", "]", ",", "#", " # c", "\t", "\n", "\n  ", "\n    ", "\r\n", "\r", "  ", "\ufeff", "\u2028",
    "\x85", "\x07", "\ud7ff", "é", "漢字", "\U0001f600", "~", "null", "true", "yes", "0x1F", "1e999", "-.inf",
    ".nan", "2026-06-20", "2026-13-45", "12:30:00", "99999999999999999999999999", "-0", "+1",
    "name", "tracks", "step1", "graduation", "practice", "programs", "result", "pass", "score",
]  # fmt: skip
handmade = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS + PROFILE_KEYS + PROGRAM_KEYS), st.text(max_size=6)), max_size=60
).map("".join)

SAMPLE_PROFILES = sorted((ROOT / "profiles").glob("*.yml"))
SAMPLE_CATALOG = (ROOT / "content" / "programs" / "example.yml").read_text(encoding="utf-8")


@st.composite
def mutated(draw, originals: list[str]) -> str:
    """A real file with a few random edits: deletions, insertions, repeated, dropped and indented lines."""
    text = draw(st.sampled_from(originals))
    for _ in range(draw(st.integers(1, 4))):
        n = len(text)
        op = draw(st.sampled_from(["delete", "insert", "replace", "dup-line", "drop-line", "indent"]))
        i = draw(st.integers(0, n))
        if op == "delete":
            text = text[:i] + text[i + draw(st.integers(1, 12)) :]
        elif op == "insert":
            text = text[:i] + draw(st.sampled_from(FRAGMENTS) | st.text(max_size=4)) + text[i:]
        elif op == "replace" and i < n:
            text = text[:i] + draw(st.sampled_from(FRAGMENTS) | st.characters()) + text[i + 1 :]
        else:
            lines = text.split("\n")
            j = draw(st.integers(0, len(lines) - 1))
            if op == "dup-line":
                lines.insert(j, lines[j])
            elif op == "drop-line":
                del lines[j]
            else:
                lines[j] = draw(st.sampled_from([" ", "  ", "\t", "   "])) + lines[j]
            text = "\n".join(lines)
    return text


PROFILE_TEXTS = [p.read_text(encoding="utf-8") for p in SAMPLE_PROFILES]
yamlish = st.one_of(dumped(profile_like), handmade, mutated(PROFILE_TEXTS), st.text(max_size=200))
catalog_yamlish = st.one_of(dumped(catalog_like), handmade, mutated([SAMPLE_CATALOG]))
raw_bytes = st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).map(lambda s: s.encode("utf-16")),
    st.text(max_size=200).map(lambda s: s.encode("utf-8", "surrogatepass")),
    mutated(PROFILE_TEXTS).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.tuples(st.sampled_from(PROFILE_TEXTS), st.binary(max_size=8), st.integers(0, 400)).map(
        lambda t: t[0].encode()[: t[2]] + t[1] + t[0].encode()[t[2] :]
    ),
)


# ---- 1. bytes as profiles and catalogs ----------------------------------------------------------
@fuzz(250)
@given(data=raw_bytes)
def test_bytes_as_profile(scratch, data):
    tick("bytes-profile")
    check_profile_file(write(scratch, "fuzz-bytes.yml", data))


@fuzz(150)
@given(data=raw_bytes)
def test_bytes_as_catalog(scratch, data):
    tick("bytes-catalog")
    check_catalog_file(write(scratch, "fuzz-bytes-catalog.yml", data))


# ---- 2. YAML-ish text as profiles, catalogs and CSV -------------------------------------------
@fuzz(500)
@given(text=yamlish)
def test_yaml_text_as_profile(scratch, text):
    tick("yaml-profile")
    path = write(scratch, "fuzz-text.yml", text.encode("utf-8", "surrogatepass"))
    for profile in check_profile_file(path, text):
        decide(profile, PROJECT.rulebook, AS_OF)  # a valid profile must be decidable


@fuzz(350)
@given(text=catalog_yamlish)
def test_yaml_text_as_catalog(scratch, text):
    tick("yaml-catalog")
    check_catalog_file(write(scratch, "fuzz-catalog.yml", text.encode("utf-8", "surrogatepass")), text)


SAMPLE_DECISION = decision({"visa": "j1", "step2ck": {"score": 231}})
CSV_HEADERS = [*PROGRAM_KEYS, "Name", "Last Verified", "IMG share", "", "bogus", "name"]
CSV_CELLS = [
    "", " ", "Lakeside Hospital", "internal-medicine", "Internal Medicine", "psychiatry", "community",
    "university", "TX", "tx", "Texas", "northeast", "south", "240", "240.5", "-1", "1e999", "nan", "35%",
    "inf", "J-1", "h1b; j1", "none", "J-1 and H-1B", "H-2", "2026-01-15", "2026-02-30", "15/01/2026",
    "ranking", "https://example.org", '"quoted, cell"', '"unterminated', "=cmd|' /C calc'!A0", "é",
]  # fmt: skip


@st.composite
def csv_texts(draw) -> str:
    header = draw(st.lists(st.sampled_from(CSV_HEADERS) | st.text(max_size=5), min_size=1, max_size=16))
    sep = draw(st.sampled_from([",", ";"]))
    rows = draw(st.lists(st.lists(st.sampled_from(CSV_CELLS) | st.text(max_size=6), max_size=18), max_size=4))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    return newline.join(sep.join(r) for r in [header, *rows])


# Characters YAML cannot hold as they are: the import writes them raw, so the written catalog
# does not load (see test_csv_import_round_trips_characters_yaml_cannot_hold, a known bug).
NOT_YAML = "\x7f" + "".join(map(chr, range(0x80, 0xA0))) + "\ufffe\uffff"
cell_chars = st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters=',;"' + NOT_YAML)
VALID_CELLS: dict[str, Any] = {
    "name": st.sampled_from(["Lakeside Hospital", "St. Mary's <b>General</b>", "A | B", "{{ 7*7 }}"])
    | st.text(cell_chars, min_size=1, max_size=20),
    "track": st.sampled_from(["internal-medicine", "Internal Medicine", "psychiatry", "medicine_psychiatry"]),
    "type": st.sampled_from(["university", "University-Affiliated", "community"]),
    "state": st.sampled_from(["TX", "ny", "Texas", "District of Columbia", "CA", "MA"]),
    "region": st.sampled_from(["south", "northeast", "west"]),
    "step2_screen": st.integers(170, 310).map(str),
    "img_share": st.sampled_from(["0", "10", "35.5", "50%", "100", "101", "nan"]),
    "visas": st.sampled_from(["none", "J-1", "H-1B", "j1, h1b", "J-1 and H-1B", "j1/h1b"]),
    "max_years_since_graduation": st.integers(-1, 61).map(str),
    "attempts_allowed": st.integers(0, 11).map(str),
    "ecfmg_by": st.sampled_from(["application", "Ranking"]),
    "usce_months": st.sampled_from(["0", "2", "3.5", "25"]),
    "source": st.sampled_from(["https://example.org/program", "advisor's notes"]),
    "last_verified": st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(str),
    "notes": st.text(cell_chars | st.sampled_from(["\t", "\x07", "\x1b"]), max_size=30),
}
REQUIRED_COLUMNS = ["name", "track", "type", "state", "visas", "source", "last_verified"]


@st.composite
def valid_csv_texts(draw) -> str:
    """Mostly valid spreadsheets: the required columns, some optional ones, plausible cells."""
    optional_columns = [k for k in VALID_CELLS if k not in REQUIRED_COLUMNS]
    columns = REQUIRED_COLUMNS + draw(st.lists(st.sampled_from(optional_columns), unique=True, max_size=8))
    columns = draw(st.permutations(columns))
    header = [c.replace("_", " ").title() if draw(st.booleans()) else c for c in columns]
    rows = [[draw(VALID_CELLS[c]) for c in columns] for _ in range(draw(st.integers(1, 4)))]
    sep = draw(st.sampled_from([",", ";"]))
    return "\n".join(sep.join(r) for r in [header, *rows]) + "\n"


@fuzz(300)
@given(text=st.one_of(valid_csv_texts(), csv_texts(), st.text(max_size=300)))
def test_csv_text_as_catalog(scratch, text):
    tick("csv")
    try:
        programs = parse_csv(text, "fuzz.csv")
    except InputError as exc:
        assert_located(exc, "fuzz.csv", text)
        return
    assert programs
    VALID["csv"] += 1
    # what the import writes reads back unchanged, and places without error
    path = write(scratch, "imported.yml", dump_catalog(programs))
    assert load_catalog(path) == programs
    place(SAMPLE_DECISION, programs, PROJECT.rulebook)


@pytest.mark.parametrize("char", ["\x7f", "\x85", "\x9f", "\ufffe"])
def test_csv_import_round_trips_characters_yaml_cannot_hold(tmp_path, char):
    text = f"name,track,type,state,visas,source,last_verified,notes\nLake,psychiatry,community,TX,none,src,2026-01-01,a{char}b\n"
    programs = parse_csv(text, "chars.csv")
    assert programs[0].notes == f"a{char}b"
    assert load_catalog(write(tmp_path, "imported.yml", dump_catalog(programs))) == programs


# ---- 3. through the command line --------------------------------------------------------------
@fuzz(150)
@given(data=st.one_of(yamlish.map(lambda s: s.encode("utf-8", "surrogatepass")), raw_bytes))
def test_cli_validate_never_raises(scratch, capsys, data):
    tick("cli")
    path = write(scratch, "fuzz-cli.yml", data)
    capsys.readouterr()
    code = main(["--project", str(ROOT), "validate", "--as-of", AS_OF.isoformat(), str(path)])
    out, err = capsys.readouterr()
    assert code in (0, 1), (code, err)
    assert "Traceback" not in err and "Traceback" not in out
    if code == 1:
        assert out == ""
        lines = err.strip().splitlines()
        assert lines, "exit 1 without a message"
        assert all(line.startswith(f"{path}:") for line in lines), lines
        assert all(ch.isprintable() for line in lines for ch in line), err  # no terminal control
    else:
        assert out == "1 profile valid\n" and err == ""


# ---- 4. valid-shaped profiles through the engine and the renderer -----------------------------
SPECIALTIES = [
    "internal-medicine", "psychiatry", "medicine-psychiatry", "consultation-liaison", "family-medicine",
    "neurology", "cardiology", "nephrology", "other",
]  # fmt: skip
free_text = st.one_of(
    st.text(min_size=1, max_size=60),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "[x](javascript:alert(1))",
            "{{ 7*7 }}",
            "{% include 'x' %}",
            "# H",
            "| a | b |",
            "1. x",
            "- y",
            "*emph*",
            "&amp;",
            "\\",
            "`",
            "{: #id }",
            "é漢字",
        ]
    ),
)
# mostly plausible dates, some at the schema's limits, a few outside them (refused, located)
dates = st.one_of(
    st.dates(date(2015, 1, 1), date(2035, 12, 31)),
    st.dates(date(1950, 1, 1), date(2100, 12, 31)),
    st.sampled_from([date(1950, 1, 1), date(2100, 12, 31), date(1, 1, 1), date(9999, 12, 31)]),
)
iso = dates.map(date.isoformat)


def optional(strategy):
    return st.none() | strategy


@st.composite
def valid_profiles(draw) -> dict[str, Any]:
    status = draw(st.sampled_from(["graduated", "final-year"]))
    match_year = draw(st.integers(2020, 2100))
    grad_year = draw(st.integers(1950, match_year) if status == "graduated" else st.integers(1950, 2100))
    s1_result = draw(st.sampled_from(["pass", "fail", "pending"]))
    s1: dict[str, Any] = {"result": s1_result}
    if draw(st.booleans()):
        s1["attempts"] = draw(st.integers(0 if s1_result == "pending" else 1, 10))
    if draw(st.booleans()):
        s1["date"] = draw(iso)
    data: dict[str, Any] = {
        "name": draw(free_text),
        "tracks": draw(
            st.lists(
                st.sampled_from(["internal-medicine", "medicine-psychiatry"]),
                min_size=1,
                max_size=2,
                unique=True,
            )
        ),
        "match_year": match_year,
        "graduation": {"status": status, "year": grad_year},
        "step1": s1,
    }
    optional_fields = {
        "cohort": st.from_regex(r"\A[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}\Z"),
        "step2ck": st.fixed_dictionaries(
            {},
            optional={
                "score": st.integers(1, 300),
                "date": iso,
                "target": st.integers(1, 300),
            },
        ),
        "practice": st.lists(
            st.fixed_dictionaries(
                {"exam": free_text.map(lambda s: s[:60]), "score": st.integers(1, 300), "date": iso}
            ),
            max_size=8,
        ),
        "step3": st.fixed_dictionaries(
            {"result": st.sampled_from(["pass", "fail", "pending"])},
            optional={"score": st.integers(1, 300), "date": iso},
        ),
        "ecfmg_certified": st.booleans(),
        "visa": st.sampled_from(["none", "j1", "h1b"]),
        "can_delay": st.booleans(),
        "usce": st.lists(
            st.fixed_dictionaries(
                {
                    "specialty": st.sampled_from(SPECIALTIES),
                    "kind": st.sampled_from(["hands-on", "observership"]),
                    "months": st.one_of(st.integers(1, 60), st.floats(0.01, 60)),
                },
                optional={"setting": st.sampled_from(["academic", "community"])},
            ),
            max_size=5,
        ),
        "letters": st.lists(
            st.fixed_dictionaries(
                {"specialty": st.sampled_from(SPECIALTIES)},
                optional={"us": st.booleans(), "academic": st.booleans()},
            ),
            max_size=6,
        ),
        "research": st.lists(
            st.fixed_dictionaries(
                {"kind": st.sampled_from(["case-report", "original-research", "poster", "other"])},
                optional={"topic": free_text, "area": free_text},
            ),
            max_size=3,
        ),
        "weak_areas": st.lists(free_text, max_size=5, unique=True),
        "preferences": st.fixed_dictionaries(
            {},
            optional={
                "regions": st.lists(st.sampled_from(["northeast", "midwest", "south", "west"]), unique=True)
            },
        ),
        "link_version": st.integers(1, 1000),
        "notes": st.text(max_size=200) | free_text,
    }
    for key, strategy in optional_fields.items():
        if draw(st.booleans()):
            data[key] = draw(strategy)
    if "step2ck" in data and "score" in data["step2ck"] and draw(st.booleans()):
        data["step2ck"]["attempts"] = draw(st.integers(1, 10))
    return data


RENDERER = Renderer(PROJECT)


@fuzz(160)
@given(data=valid_profiles(), as_of=st.dates(date(2018, 1, 1), date(2032, 12, 31)))
def test_valid_shaped_profiles_decide_and_render(data, as_of):
    tick("engine+render")
    doc = parse_yaml(json.dumps(data), "fuzz.yml", "profile")
    profile, problems = check_profile(doc, "fuzz")
    if profile is None:  # cross-field checks, or a date outside the years the schema allows
        assert problems and all(p.line >= 1 and p.col >= 1 and p.message for p in problems)
        return
    d = decide(profile, PROJECT.rulebook, as_of)
    pages = RENDERER.applicant_pages(assemble(d, PROJECT))
    assert {"index.md", "study-plan.md", "narrative.md", "program-tiers.md"} <= set(pages)
    place(d, PROJECT.programs, PROJECT.rulebook)
    VALID["rendered"] += 1


# ---- explicit limits: alias bombs, huge files, deep nesting --------------------------------------
def refused(path: Path) -> InputError:
    """``load_profiles`` refuses ``path`` with located problems only. No clock here (how fast is
    measured in benchmarks/): each test names the limit that stopped the work in its message."""
    with pytest.raises(InputError) as info:
        load_profiles([path])
    assert_located(info.value, str(path))
    return info.value


def billion_laughs(levels: int = 9, fan: int = 10) -> str:
    lines = ['a0: &a0 "lol"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * fan)}]")
    return "\n".join(lines) + "\n"


def test_billion_laughs_is_refused_fast(tmp_path):
    exc = refused(write(tmp_path, "bomb.yml", billion_laughs()))
    assert [p.message for p in exc.problems] == ["more than 100,000 values (aliases expanded); refusing"]


def test_alias_fan_out_as_profile_fields_is_refused_fast(tmp_path):
    """The bomb inside profile fields, and as keys, sequences of mappings and notes."""
    text = (
        "name: &n " + '"' + "x" * 10_000 + '"\n'
        "p0: &p0 {exam: *n, score: 999, date: nope}\n"
        + "".join(f"p{i}: &p{i} [{', '.join([f'*p{i - 1}'] * 10)}]\n" for i in range(1, 7))
        + "practice: *p6\ntracks: [internal-medicine]\nmatch_year: 2028\n"
        "graduation: {status: graduated, year: 2026}\nstep1: {result: pass}\n"
    )
    exc = refused(write(tmp_path, "fan.yml", text))
    assert any("aliases expanded" in p.message for p in exc.problems)


def test_alias_fan_out_under_the_limit_stays_fast(tmp_path):
    """Just under the value limit, every expanded entry wrong: still fast, still located."""
    text = (
        "e: &e {exam: bad, score: 999, date: nope}\n"
        "l1: &l1 [" + ", ".join(["*e"] * 10) + "]\n"
        "l2: &l2 [" + ", ".join(["*l1"] * 10) + "]\n"
        "l3: &l3 [" + ", ".join(["*l2"] * 10) + "]\n"
        "name: x\ntracks: [internal-medicine]\nmatch_year: 2028\n"
        "graduation: {status: graduated, year: 2026}\nstep1: {result: pass}\npractice: *l3\n"
    )
    exc = refused(write(tmp_path, "under.yml", text))
    assert any("practice" in p.field for p in exc.problems)


def test_ten_megabyte_file_is_refused_by_size(tmp_path):
    path = tmp_path / "huge.yml"
    path.write_text("notes: " + "x" * (10 * 1024 * 1024) + "\n", encoding="utf-8")
    exc = refused(path)
    assert [p.message for p in exc.problems] == [
        f"is larger than {MAX_BYTES // 1024} KiB; a profile is a small text file"
    ]
    with pytest.raises(InputError) as info:
        load_catalog(path)
    assert "is larger than" in info.value.problems[0].message
    with pytest.raises(InputError) as info:
        from generator.catalog import read_csv

        read_csv(path)
    assert "is larger than" in info.value.problems[0].message


@pytest.mark.parametrize(
    "kind",
    ["flow-items", "block-keys", "documents", "open-brackets", "not-printable"],
)
def test_one_mebibyte_of_tiny_items_is_refused_at_a_limit(tmp_path, kind):
    """The node limit applies while composing: 1 MiB of short items used to take ~10 s to refuse."""
    text = {
        "flow-items": "[" + "a," * 500_000 + "]",
        "block-keys": "".join(f"k{i}: v\n" for i in range(110_000)),
        "documents": "---\na: 1\n" * 100_000,
        "open-brackets": "[" * 1_000_000,
        "not-printable": "notes: " + "x" * 900_000 + "\x07\n",
    }[kind][:MAX_BYTES]
    exc = refused(write(tmp_path, f"many-{kind}.yml", text))
    expected = {
        "flow-items": "more than 100,000 keys and values; refusing",
        "block-keys": "more than 100,000 keys and values; refusing",
        "documents": "holds several YAML documents; a profile holds one",
        "open-brackets": f"nested more than {MAX_DEPTH} levels deep; refusing",
        "not-printable": "YAML error: the character U+0007 is not allowed in YAML",
    }[kind]
    [problem] = exc.problems
    assert problem.message.startswith(expected), problem
    if kind == "not-printable":
        assert (problem.line, problem.col) == (1, 8 + 900_000)


@pytest.mark.parametrize(
    "kind",
    ["flow-lists", "flow-maps", "block-lists", "mixed", "nested-anchors"],
)
def test_nesting_ten_thousand_deep_is_refused_with_a_message(tmp_path, kind):
    n = 10_000
    text = {
        "flow-lists": "[" * n + "]" * n,
        "flow-maps": "{a: " * n + "x" + "}" * n,
        "block-lists": "- " * n + "x\n",
        "mixed": "notes: " + "[{a: " * (n // 2) + "x" + "}]" * (n // 2),
        "nested-anchors": "".join(f"&a{i} [" for i in range(n)) + "]" * n,
    }[kind]
    limit = sys.getrecursionlimit()
    exc = refused(write(tmp_path, f"deep-{kind}.yml", text))
    assert sys.getrecursionlimit() == limit
    assert [p.message for p in exc.problems] == [f"nested more than {MAX_DEPTH} levels deep; refusing"]


def test_nesting_just_over_the_depth_limit_is_located(tmp_path):
    text = "name: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    exc = refused(write(tmp_path, "deep.yml", text))
    [problem] = exc.problems
    assert problem.message == f"nested more than {MAX_DEPTH} levels deep; refusing"
    assert problem.line == 1 and 7 + MAX_DEPTH - 2 <= problem.col <= 7 + MAX_DEPTH + 5, problem
    ok = "name: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"  # at the limit: parsed, then the schema speaks
    check_profile_file(write(tmp_path, "at-limit.yml", ok), ok)


def test_one_megabyte_note_is_refused_cleanly(tmp_path, capsys):
    head = (ROOT / "profiles" / "amira-haddad.yml").read_text(encoding="utf-8").split("notes:")[0]
    text = head + "notes: " + "A long note. " * ((1_000_000 - len(head)) // 13) + "\n"
    assert 990_000 < len(text.encode()) <= MAX_BYTES
    path = write(tmp_path, "long-note.yml", text)
    exc = refused(path)
    line = text.count("\n")
    assert [str(p).split(":", 1)[1] for p in exc.problems] == [
        f"{line}:8: notes: is longer than 20000 characters"
    ]
    # and on the command line: one located line, exit 1, no traceback
    capsys.readouterr()
    assert main(["--project", str(ROOT), "validate", "--as-of", AS_OF.isoformat(), str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and err == f"{path}:{line}:8: notes: is longer than 20000 characters\n"


def test_long_note_within_the_schema_is_accepted(tmp_path):
    head = (ROOT / "profiles" / "amira-haddad.yml").read_text(encoding="utf-8").split("notes:")[0]
    note = "".join(f"line {i}: <b>{{{{ 7*7 }}}}</b> é\n  " for i in range(800))[:19_990]
    path = write(tmp_path, "long-ok.yml", head + "notes: |\n  " + note.rstrip() + "\n")
    [profile] = load_profiles([path])
    assert len(profile.notes) > 18_000
    RENDERER.applicant_pages(assemble(decide(profile, PROJECT.rulebook, AS_OF), PROJECT))


def test_control_and_unicode_edge_cases_are_located(tmp_path):
    cases = {
        "bell": "name: a\x07b\n",
        "bom-only": "\ufeff",
        "nel": "name: a\x85tracks: []\n",
        "tab-indent": "graduation:\n\tstatus: graduated\n",
        "surrogate-escape": 'name: "\\ud800"\n',
        "big-int-key": "99999999999999999999999999999999: 1\n",
        "undefined-alias": "name: *nope\n",
    }
    for label, text in cases.items():
        check_profile_file(write(tmp_path, f"{label}.yml", text), text)
        tick("edge")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9999-12-31", "the text '9999-12-31' is not a date between 1950 and 2100"),
        ("0001-01-01", "the text '0001-01-01' is not a date between 1950 and 2100"),
        ("2026-W25-6", "the text '2026-W25-6' is not a valid date (use YYYY-MM-DD)"),
        ("2026-06-20", None),
        ("2100-12-31", None),
    ],
)
def test_dates_are_calendar_dates_within_the_schema_years(tmp_path, value, message):
    """Dates far out used to crash the charts (9999-12-31) or draw 90,000 months of timeline."""
    head = (ROOT / "profiles" / "amira-haddad.yml").read_text(encoding="utf-8")
    text = head.replace("date: 2026-06-20", f"date: {value}")
    path = write(tmp_path, "dated.yml", text)
    if message is None:
        [profile] = load_profiles([path])
        RENDERER.applicant_pages(assemble(decide(profile, PROJECT.rulebook, AS_OF), PROJECT))
        return
    exc = refused(path)
    assert [(p.line, p.field, p.message) for p in exc.problems] == [(8, "step2ck.date", message)]


def test_messages_escape_control_characters_from_the_file(tmp_path, capsys):
    """Keys and values echoed in messages cannot move the cursor, recolour or retitle the terminal."""
    text = (
        '"\\e[2J\\e]0;pwned\\a": 1\n'
        'tracks: ["\\e[31mred"]\nmatch_year: 2028\nname: x\n'
        'graduation: {status: "a\\u2028b", year: 2026}\nstep1: {result: pass}\n'
        'id: "x\\x85y"\n'
    )
    path = write(tmp_path, "escapes.yml", text)
    assert main(["--project", str(ROOT), "validate", "--as-of", AS_OF.isoformat(), str(path)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "\x1b" not in err and "\x07" not in err and "\u2028" not in err and "\x85" not in err
    assert "unknown key '\\x1b[2J\\x1b]0;pwned\\x07'" in err
    assert "'\\x1b[31mred' is not one of" in err
    assert "'a\\u2028b' is not one of" in err
    assert "'x\\x85y': use lowercase letters" in err
    assert len(err.strip().split("\n")) == 4, err


def test_fuzzing_reached_valid_results():
    """Placed last: the strategies are not all noise; each fuzz test that ran also made valid input."""
    if EXAMPLES["yaml-profile"]:
        assert VALID["profiles"] >= 50, fuzz_report()
    if EXAMPLES["yaml-catalog"]:
        assert VALID["catalogs"] >= 20, fuzz_report()
    if EXAMPLES["csv"]:
        assert VALID["csv"] >= 20, fuzz_report()
    if EXAMPLES["engine+render"]:
        assert VALID["rendered"] >= EXAMPLES["engine+render"] // 2, fuzz_report()
