"""The program catalog: loading, CSV import, hard filters, tiers per applicant, cohort aggregates.

A catalog is one or more YAML files in ``content/programs/`` (see its README.md and
``generator/schema/catalog.schema.json``). Loading collects every located problem of every file
and raises them together as one InputError. Placement is pure: it reads the decision's
``as_of`` date, never the clock.

API:

- ``load_catalog(path) -> list[Program]``: a folder (its *.yml/*.yaml files; a missing folder is
  an empty catalog) or one file.
- ``read_csv(path) -> list[Program]`` and ``parse_csv(text, name)``: an advisor's spreadsheet,
  problems located by CSV line, column number and header name. ``dump_catalog(programs, ...)``
  writes programs as catalog YAML that ``load_catalog`` reads back unchanged.
- ``exclusions(decision, program) -> list[Reason]``: the hard filters that exclude the program.
- ``place(decision, programs, book) -> ProgramPlan``: per track (own and parallel), per tier,
  with the numbers and reasons, the excluded programs with reasons, region and stale flags.
- ``cohort_fit(decisions, programs, book) -> list[ProgramFit]``: per program, how many applicants
  it fits as likely / target / reach (counts only, no applicant is named).
- ``img_friendliness(share)``, ``stale_cutoff(as_of)``, ``STATES`` (code -> (name, region)).
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import tiers
from .engine import Decision
from .errors import InputError, Problem, display_path
from .rulebook import Rulebook
from .validation import describe, validate
from .yamlio import MAX_BYTES, Document, load_yaml

SCHEMA = "catalog.schema.json"
REGIONS = ("northeast", "midwest", "south", "west")
TRACKS = ("internal-medicine", "medicine-psychiatry", "psychiatry")
VISA_LABELS = {"j1": "J-1", "h1b": "H-1B"}
FILTERS = ("graduation", "visa", "attempts", "ecfmg", "usce")  # the order reasons are given in

# The 50 states and DC with their US Census Bureau region (the table is fixed by the Census).
STATES: dict[str, tuple[str, str]] = {
    "CT": ("Connecticut", "northeast"), "ME": ("Maine", "northeast"),
    "MA": ("Massachusetts", "northeast"), "NH": ("New Hampshire", "northeast"),
    "RI": ("Rhode Island", "northeast"), "VT": ("Vermont", "northeast"),
    "NJ": ("New Jersey", "northeast"), "NY": ("New York", "northeast"),
    "PA": ("Pennsylvania", "northeast"),
    "IL": ("Illinois", "midwest"), "IN": ("Indiana", "midwest"), "MI": ("Michigan", "midwest"),
    "OH": ("Ohio", "midwest"), "WI": ("Wisconsin", "midwest"), "IA": ("Iowa", "midwest"),
    "KS": ("Kansas", "midwest"), "MN": ("Minnesota", "midwest"), "MO": ("Missouri", "midwest"),
    "NE": ("Nebraska", "midwest"), "ND": ("North Dakota", "midwest"),
    "SD": ("South Dakota", "midwest"),
    "DE": ("Delaware", "south"), "DC": ("District of Columbia", "south"), "FL": ("Florida", "south"),
    "GA": ("Georgia", "south"), "MD": ("Maryland", "south"), "NC": ("North Carolina", "south"),
    "SC": ("South Carolina", "south"), "VA": ("Virginia", "south"), "WV": ("West Virginia", "south"),
    "AL": ("Alabama", "south"), "KY": ("Kentucky", "south"), "MS": ("Mississippi", "south"),
    "TN": ("Tennessee", "south"), "AR": ("Arkansas", "south"), "LA": ("Louisiana", "south"),
    "OK": ("Oklahoma", "south"), "TX": ("Texas", "south"),
    "AZ": ("Arizona", "west"), "CO": ("Colorado", "west"), "ID": ("Idaho", "west"),
    "MT": ("Montana", "west"), "NV": ("Nevada", "west"), "NM": ("New Mexico", "west"),
    "UT": ("Utah", "west"), "WY": ("Wyoming", "west"), "AK": ("Alaska", "west"),
    "CA": ("California", "west"), "HI": ("Hawaii", "west"), "OR": ("Oregon", "west"),
    "WA": ("Washington", "west"),
}  # fmt: skip


# ---- the model ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Program:
    """One residency program of the catalog (fields as in catalog.schema.json)."""

    name: str
    track: str  # internal-medicine | medicine-psychiatry | psychiatry
    type: str  # university | university-affiliated | community
    state: str  # two-letter code
    region: str  # derived from the state
    visas: tuple[str, ...]  # sponsored, subset of ("j1", "h1b") in that order; () = none
    source: str
    last_verified: date
    step2_screen: int | None = None
    img_share: float | None = None  # percent of residents who are IMGs
    max_years_since_graduation: int | None = None
    attempts_allowed: int | None = None
    ecfmg_by: str | None = None  # application | ranking
    usce_months: float | None = None  # hands-on months required
    notes: str = ""
    illustrative: bool = False  # from the file: made-up example data
    file: str = field(default="", compare=False)
    line: int = field(default=0, compare=False)

    @property
    def key(self) -> str:
        """Stable identity: ``internal-medicine/tx/lakeside-community-hospital``."""
        return f"{self.track}/{self.state.lower()}/{slugify(self.name)}"

    @property
    def friendliness(self) -> str | None:
        return img_friendliness(self.img_share)

    @property
    def sort_key(self) -> tuple[int, str, str]:
        return (TRACKS.index(self.track), self.name.casefold(), self.state)


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-") or "program"


def img_friendliness(share: float | None) -> str | None:
    """high at 50 % or more, low at 10 % or less, medium between; None when unknown."""
    if share is None:
        return None
    if share >= 50:
        return "high"
    if share <= 10:
        return "low"
    return "medium"


def stale_cutoff(as_of: date) -> date:
    """Entries last verified before this date (12 months before ``as_of``) are stale."""
    try:
        return as_of.replace(year=as_of.year - 1)
    except ValueError:  # 29 February
        return as_of.replace(year=as_of.year - 1, day=28)


def is_stale(program: Program, as_of: date) -> bool:
    return program.last_verified < stale_cutoff(as_of)


def visa_words(visas: Iterable[str]) -> str:
    shown = [VISA_LABELS[v] for v in visas]
    return " and ".join(shown) if shown else "no visa"


# ---- loading --------------------------------------------------------------------------------
def catalog_files(path: Path) -> list[Path]:
    """The catalog files at ``path``: the file itself, or a folder's *.yml/*.yaml files."""
    if path.is_dir():
        return sorted(
            x for x in path.iterdir() if x.suffix in (".yml", ".yaml") and not x.name.startswith(".")
        )
    return [path] if path.exists() else []


def load_catalog(path: Path) -> list[Program]:
    """Every program of the catalog at ``path``; raises one InputError with every problem."""
    problems: list[Problem] = []
    programs: list[Program] = []
    seen: dict[str, Program] = {}
    for file in catalog_files(path):
        try:
            doc = load_yaml(file, "catalog file")
        except InputError as exc:
            problems.extend(exc.problems)
            continue
        found, found_problems = check_catalog_doc(doc)
        problems.extend(found_problems)
        problems.extend(_duplicates(doc, found, seen))
        programs.extend(found)
    if problems:
        raise InputError(problems)
    return sorted(programs, key=lambda p: p.sort_key)


def check_catalog_doc(doc: Document) -> tuple[list[Program], list[Problem]]:
    """Programs of one catalog document, or the problems that stop it (schema and meaning)."""
    if not isinstance(doc.data, dict):
        message = f"a catalog file must be a mapping with a 'programs' list, not {describe(doc.data)}"
        return [], [doc.problem((), message)]
    problems = validate(doc, SCHEMA)
    if problems:
        return [], problems
    illustrative = bool(doc.data.get("illustrative", False))
    programs: list[Program] = []
    for i, raw in enumerate(doc.data["programs"]):
        region = STATES[raw["state"]][1]
        if raw.get("region", region) != region:
            problems.append(
                doc.problem(
                    ("programs", i, "region"),
                    f"'{raw['region']}' does not match the state {raw['state']}, which is in the {region}",
                )
            )
            continue
        programs.append(_program(raw, region, illustrative, doc.file, doc.where(("programs", i))[0]))
    return programs, problems


def _program(raw: dict[str, Any], region: str, illustrative: bool, file: str, line: int) -> Program:
    return Program(
        name=raw["name"].strip(),
        track=raw["track"],
        type=raw["type"],
        state=raw["state"],
        region=region,
        visas=tuple(v for v in VISA_LABELS if v in raw["visas"]),
        source=raw["source"].strip(),
        last_verified=date.fromisoformat(raw["last_verified"]),
        step2_screen=raw.get("step2_screen"),
        img_share=raw.get("img_share"),
        max_years_since_graduation=raw.get("max_years_since_graduation"),
        attempts_allowed=raw.get("attempts_allowed"),
        ecfmg_by=raw.get("ecfmg_by"),
        usce_months=raw.get("usce_months"),
        notes=raw.get("notes", ""),
        illustrative=illustrative,
        file=file,
        line=line,
    )


def _duplicates(doc: Document, programs: list[Program], seen: dict[str, Program]) -> list[Problem]:
    """The same program (track, state, name) twice, in this file or an earlier one."""
    problems = []
    for i, p in enumerate(programs):
        first = seen.get(p.key)
        if first is None:
            seen[p.key] = p
            continue
        where = f"line {first.line}" if first.file == p.file else f"{first.file} line {first.line}"
        problems.append(
            doc.problem(
                ("programs", i, "name"),
                f"'{p.name}' ({p.track}, {p.state}) is already listed on {where}",
            )
        )
    return problems


# ---- CSV import -----------------------------------------------------------------------------
FIELDS = (
    "name", "track", "type", "state", "region", "step2_screen", "img_share", "visas",
    "max_years_since_graduation", "attempts_allowed", "ecfmg_by", "usce_months",
    "source", "last_verified", "notes",
)  # fmt: skip
REQUIRED = ("name", "track", "type", "state", "visas", "source", "last_verified")
_INTEGERS = ("step2_screen", "max_years_since_graduation", "attempts_allowed")
_NUMBERS = ("img_share", "usce_months")
_WORDS = ("track", "type", "region", "ecfmg_by")
_STATE_NAMES = {name.casefold(): code for code, (name, _region) in STATES.items()}


def read_csv(path: Path) -> list[Program]:
    """Programs from an advisor's CSV file (UTF-8, comma or semicolon separated)."""
    return parse_csv(_read_csv_text(path), display_path(path))


def _read_csv_text(path: Path) -> str:
    name = display_path(path)

    def bad(message: str) -> InputError:
        return InputError([Problem(name, 1, 1, "", message)])

    try:
        raw = path.read_bytes()[: MAX_BYTES + 1]
    except FileNotFoundError:
        raise bad("no such CSV file") from None
    except IsADirectoryError:
        raise bad("is a folder, not a CSV file") from None
    except OSError as exc:
        raise bad(f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_BYTES:
        raise bad(f"is larger than {MAX_BYTES // 1024} KiB; a catalog spreadsheet is a small text file")
    if b"\x00" in raw:
        raise bad("is a binary file, not a CSV file (in a spreadsheet, save as 'CSV UTF-8')")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            [Problem(name, line, 1, "", "is not valid UTF-8 text (in a spreadsheet, save as 'CSV UTF-8')")]
        ) from None


@dataclass
class _Sheet:
    """CSV rows turned into catalog data, with every value's (line, column) and the problems."""

    name: str
    headers: dict[str, tuple[int, str]] = field(default_factory=dict)  # key -> (column, header text)
    rows: list[dict[str, Any]] = field(default_factory=list)
    positions: dict[tuple[str | int, ...], tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    empty_required: set[tuple[int, str]] = field(default_factory=set)

    def fail(self, line: int, key: str, message: str) -> None:
        col, header = self.headers[key]
        self.problems.append(Problem(self.name, line, col, header, message))


def parse_csv(text: str, name: str) -> list[Program]:
    """Programs from CSV text whose header row names catalog fields; raises a located InputError."""
    records = _records(text, name)
    if not records:
        raise InputError([Problem(name, 1, 1, "", "is empty; the first row must name the columns")])
    sheet = _Sheet(name)
    header_line, header = records[0]
    _read_header(sheet, header_line, header, records[1:])
    if sheet.problems:
        raise InputError(sheet.problems)
    for line, cells in records[1:]:
        if any(c.strip() for c in cells):
            _read_row(sheet, line, cells, len(header))
    if not sheet.rows and not sheet.problems:
        raise InputError([Problem(name, header_line, 1, "", "has a header row but no programs")])
    doc = Document(name, {"programs": sheet.rows}, dict(sheet.positions), {})
    programs, problems = check_catalog_doc(doc)
    problems.extend(_duplicates(doc, programs, {}))
    located = [x for x in (_csv_problem(sheet, p) for p in problems) if x is not None]
    if sheet.problems or located:
        raise InputError(sheet.problems + located)
    return sorted(programs, key=lambda p: p.sort_key)


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of every CSV record; the separator is sniffed from the header."""
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise InputError([Problem(name, start, 1, "", f"CSV error: {exc}")]) from None
    return out


def _normalise_header(text: str) -> str:
    return re.sub(r"[\s\-]+", "_", text.strip().casefold())


def _read_header(sheet: _Sheet, line: int, header: list[str], rows: list[tuple[int, list[str]]]) -> None:
    for col, text in enumerate(header, start=1):
        key = _normalise_header(text)
        if not key:
            if any(col <= len(cells) and cells[col - 1].strip() for _line, cells in rows):
                sheet.problems.append(
                    Problem(sheet.name, line, col, "", "this column has values but no header")
                )
            continue
        if key not in FIELDS:
            near = difflib.get_close_matches(key, FIELDS, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"known columns: {', '.join(FIELDS)}"
            sheet.problems.append(Problem(sheet.name, line, col, text, f"unknown column '{text}'; {hint}"))
        elif key in sheet.headers:
            first = sheet.headers[key][0]
            sheet.problems.append(Problem(sheet.name, line, col, text, f"the same column as column {first}"))
        else:
            sheet.headers[key] = (col, text)
    for key in REQUIRED:
        if key not in sheet.headers:
            sheet.problems.append(Problem(sheet.name, line, 1, key, f"required column '{key}' is missing"))


def _read_row(sheet: _Sheet, line: int, cells: list[str], width: int) -> None:
    i = len(sheet.rows)
    row: dict[str, Any] = {}
    sheet.positions[("programs", i)] = (line, 1)
    if len(cells) > width and any(c.strip() for c in cells[width:]):
        sheet.problems.append(
            Problem(
                sheet.name, line, width + 1, "", f"this row has {len(cells)} cells; the header has {width}"
            )
        )
    for key, (col, _header) in sheet.headers.items():
        text = cells[col - 1].strip() if col <= len(cells) else ""
        sheet.positions[("programs", i, key)] = (line, col)
        if not text:
            if key in REQUIRED:
                sheet.empty_required.add((i, key))
                what = (
                    "write none when the program sponsors no visa"
                    if key == "visas"
                    else "every program needs it"
                )
                sheet.fail(line, key, f"is empty; {what}")
            continue
        value = _cell(sheet, line, key, text)
        if value is not None:
            row[key] = value
    sheet.rows.append(row)


def _cell(sheet: _Sheet, line: int, key: str, text: str) -> Any:
    """The catalog value of one non-empty cell, or None after recording a problem."""
    if key in _INTEGERS:
        try:
            return int(text)
        except ValueError:
            sheet.fail(line, key, f"expected a whole number, got the text {text!r}")
            return None
    if key in _NUMBERS:
        try:
            number = float(text.removesuffix("%").strip())
        except ValueError:
            sheet.fail(line, key, f"expected a number, got the text {text!r}")
            return None
        return int(number) if number.is_integer() else number
    if key == "visas":
        return _visas(sheet, line, text)
    if key == "state":
        return text.upper() if len(text) == 2 else _STATE_NAMES.get(text.casefold(), text)
    if key in _WORDS:
        return re.sub(r"[\s_]+", "-", text.casefold())
    return text


def _visas(sheet: _Sheet, line: int, text: str) -> list[str]:
    tokens = [t for t in re.split(r"[\s,;/+&]+|\b[Aa][Nn][Dd]\b", text) if t]
    if [t.casefold() for t in tokens] == ["none"]:
        return []
    out: list[str] = []
    for token in tokens:
        visa = token.casefold().replace("-", "")
        if visa not in VISA_LABELS:
            sheet.fail(line, "visas", f"'{token}' is not a visa the catalog knows (J-1, H-1B, or none)")
        elif visa not in out:
            out.append(visa)
    return out


_ROW_FIELD = re.compile(r"^programs\[(\d+)\](?:\.([a-z_0-9]+))?")


def _csv_problem(sheet: _Sheet, problem: Problem) -> Problem | None:
    """A catalog problem re-worded for the CSV file: the field becomes the header name.

    Returns None for 'required field is missing' when the empty cell was already reported.
    """
    match = _ROW_FIELD.match(problem.field)
    if not match:
        return problem
    row, key = int(match.group(1)), match.group(2)
    if key is None:
        missing = re.match(r"required field '(\w+)' is missing", problem.message)
        if missing and (row, missing.group(1)) in sheet.empty_required:
            return None
        return Problem(problem.file, problem.line, problem.col, "", problem.message)
    header = sheet.headers.get(key, (0, key))[1]
    return Problem(problem.file, problem.line, problem.col, header, problem.message)


# ---- writing --------------------------------------------------------------------------------
def dump_catalog(programs: Iterable[Program], *, comment: str = "", schema_ref: str = "") -> str:
    """Catalog YAML for ``programs`` (sorted), readable and loadable by ``load_catalog``."""
    lines = []
    if schema_ref:
        lines.append(f"# yaml-language-server: $schema={schema_ref}")
    lines.extend(f"# {c}".rstrip() for c in comment.splitlines())
    progs = sorted(programs, key=lambda p: p.sort_key)
    if any(p.illustrative for p in progs):
        lines.append("illustrative: true")
    lines.append("programs:")
    for p in progs:
        lines.extend(_dump_program(p))
    return "\n".join(lines) + "\n"


def _dump_program(p: Program) -> list[str]:
    values: list[tuple[str, Any]] = [
        ("name", p.name), ("track", p.track), ("type", p.type), ("state", p.state),
        ("step2_screen", p.step2_screen), ("img_share", p.img_share), ("visas", p.visas),
        ("max_years_since_graduation", p.max_years_since_graduation),
        ("attempts_allowed", p.attempts_allowed), ("ecfmg_by", p.ecfmg_by),
        ("usce_months", p.usce_months), ("source", p.source),
        ("last_verified", p.last_verified), ("notes", p.notes or None),
    ]  # fmt: skip
    out = []
    for key, value in values:
        if value is None:
            continue
        prefix = "  - " if not out else "    "
        out.append(f"{prefix}{key}: {_yaml_value(value)}")
    return out


_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


_YAML_UNSAFE = re.compile("[\x7f-\x9f\ufffe\uffff\u2028\u2029\ud800-\udfff]")


def _yaml_value(value: Any) -> str:
    if isinstance(value, tuple):
        return "[" + ", ".join(value) + "]"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9-]*", text) and text.casefold() not in _YAML_WORDS:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    # ... except for characters YAML may not hold raw (DEL, C1 controls, non-characters)
    return _YAML_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", quoted)


# ---- hard filters ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    """One hard filter that excludes a program, in plain words."""

    filter: str  # one of FILTERS
    text: str


def _n(n: float, word: str) -> str:
    return f"{n:g} {word}{'' if n == 1 else 's'}"


def _graduation(d: Decision, p: Program) -> Reason | None:
    years = d.facts["years_since_graduation"]
    limit = p.max_years_since_graduation
    if limit is None or years <= limit:
        return None
    return Reason(
        "graduation",
        f"graduated {_n(years, 'year')} before the match year; the program accepts at most {limit}",
    )


def _visa(d: Decision, p: Program) -> Reason | None:
    need = d.profile.visa
    if need == "none" or need in p.visas:
        return None
    sponsors = f"{visa_words(p.visas)} only" if p.visas else "no visas"
    article = "an" if need == "h1b" else "a"
    return Reason("visa", f"needs {article} {VISA_LABELS[need]} visa; the program sponsors {sponsors}")


def _attempts(d: Decision, p: Program) -> Reason | None:
    failures = d.facts["failures"]
    allowed = p.attempts_allowed
    if allowed is None or failures < allowed:
        return None
    accepts = "first-attempt passes only" if allowed == 1 else f"at most {_n(allowed - 1, 'failed attempt')}"
    return Reason("attempts", f"{d.facts['failure_text']}; the program accepts {accepts}")


def _ecfmg(d: Decision, p: Program) -> Reason | None:
    if p.ecfmg_by != "application" or d.profile.ecfmg_certified:
        return None
    return Reason(
        "ecfmg", "not ECFMG-certified yet; the program requires certification by the time of application"
    )


def _usce(d: Decision, p: Program) -> Reason | None:
    have = d.facts["hands_on_months"]
    need = p.usce_months
    if not need or have >= need:
        return None
    return Reason(
        "usce",
        f"{_n(have, 'month')} of hands-on US clinical experience; the program requires {_n(need, 'month')}",
    )


_FILTER_FUNCS = (_graduation, _visa, _attempts, _ecfmg, _usce)


def exclusions(decision: Decision, program: Program) -> list[Reason]:
    """Every hard filter that excludes ``program`` for the applicant, in FILTERS order."""
    return [r for f in _FILTER_FUNCS if (r := f(decision, program)) is not None]


def notes_for(decision: Decision, program: Program) -> list[str]:
    """Things to know that do not exclude the program."""
    out = []
    if program.ecfmg_by == "ranking" and not decision.profile.ecfmg_certified:
        deadline = decision.facts["dates"]["rank_list_deadline"].isoformat()
        out.append(
            f"ECFMG certification is needed by ranking: certify before the rank list deadline ({deadline})"
        )
    return out


# ---- placement ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Placement:
    """A program that passed the hard filters, with its tier and the numbers behind it."""

    program: Program
    tier: str  # tiers.TIERS
    score: int  # the applicant's score used (see ProgramPlan.basis)
    screen: int
    screen_source: str  # "program" (its own step2_screen) | "kind" (the kind's screen, rules.yml)
    kind: tiers.Kind  # the kind of program it belongs to
    gap: int  # score - screen
    reason: str  # "Step 2 CK 228 is 7 under the program's screen of 235 (reach: 6–10 under)"
    notes: tuple[str, ...]
    outside_regions: bool  # not in the applicant's preferred regions
    shown: bool  # on the page (outside the preferred regions only when PROG-GEO-FLEX fired)
    stale: bool  # last verified more than 12 months before as_of


@dataclass(frozen=True)
class Exclusion:
    program: Program
    reasons: tuple[Reason, ...]
    outside_regions: bool
    shown: bool
    stale: bool


@dataclass(frozen=True)
class TrackPlacement:
    plan: tiers.TrackPlan  # .track, .label, .parallel, .rule
    placements: tuple[Placement, ...]  # every program that passed the filters, shown or not
    excluded: tuple[Exclusion, ...]  # shown or not

    @property
    def by_tier(self) -> dict[str, list[Placement]]:
        """Shown placements per tier, every tier present, best tier first."""
        return {t: [p for p in self.placements if p.shown and p.tier == t] for t in tiers.TIERS}

    @property
    def counts(self) -> dict[str, int]:
        return {t: len(ps) for t, ps in self.by_tier.items()}

    @property
    def shown_excluded(self) -> list[Exclusion]:
        return [e for e in self.excluded if e.shown]

    @property
    def hidden(self) -> int:
        """Programs left off the page because they lie outside the preferred regions."""
        return sum(1 for x in (*self.placements, *self.excluded) if not x.shown)


@dataclass(frozen=True)
class ProgramPlan:
    as_of: date
    basis: tiers.ScoreBasis  # .score, .source, .label, .note (say which score was used)
    margins: tiers.Margins
    regions: tuple[str, ...]  # preferred regions, () for none
    geo_flex: bool  # PROG-GEO-FLEX fired: programs outside the preferred regions are shown
    stale_before: date  # entries last verified before this date are stale
    tracks: tuple[TrackPlacement, ...]

    @property
    def stale(self) -> list[Program]:
        """Shown programs not verified in the 12 months before as_of."""
        return sorted(
            {x.program for t in self.tracks for x in (*t.placements, *t.excluded) if x.shown and x.stale},
            key=lambda p: p.sort_key,
        )

    @property
    def warnings(self) -> list[str]:
        return [
            f"{p.name} ({p.state}, {p.track}) was last verified on {p.last_verified.isoformat()}, "
            f"more than 12 months before {self.as_of.isoformat()}; check it before relying on it"
            for p in self.stale
        ]

    @property
    def illustrative(self) -> bool:
        return any(x.program.illustrative for t in self.tracks for x in (*t.placements, *t.excluded))


def place(decision: Decision, programs: Iterable[Program], book: Rulebook) -> ProgramPlan:
    """Filter and tier the catalog's programs for one applicant, track by track."""
    basis = tiers.score_basis(decision)
    m = tiers.margins(book)
    regions = tuple(decision.profile.regions)
    geo_flex = decision.has("PROG-GEO-FLEX")
    ctx = _Context(decision, book, basis, m, regions, geo_flex)
    ordered = sorted(programs, key=lambda p: p.sort_key)
    tracks = []
    for plan in tiers.track_plans(decision):
        mine = [p for p in ordered if p.track == plan.track]
        placed, excluded = [], []
        for p in mine:
            result = ctx.one(p)
            (placed if isinstance(result, Placement) else excluded).append(result)
        placed.sort(key=lambda x: (tiers.TIERS.index(x.tier), x.program.sort_key))
        tracks.append(TrackPlacement(plan, tuple(placed), tuple(excluded)))
    return ProgramPlan(
        decision.as_of, basis, m, regions, geo_flex, stale_cutoff(decision.as_of), tuple(tracks)
    )


@dataclass(frozen=True)
class _Context:
    decision: Decision
    book: Rulebook
    basis: tiers.ScoreBasis
    margins: tiers.Margins
    regions: tuple[str, ...]
    geo_flex: bool

    def one(self, p: Program) -> Placement | Exclusion:
        outside = bool(self.regions) and p.region not in self.regions
        shown = not outside or self.geo_flex
        stale = is_stale(p, self.decision.as_of)
        reasons = exclusions(self.decision, p)
        if reasons:
            return Exclusion(p, tuple(reasons), outside, shown, stale)
        kind = tiers.kind_for(self.book, p.track, p.type)
        if p.step2_screen is not None:
            screen, source = p.step2_screen, "program"
            where = f"the program's screen of {screen}"
        else:
            screen, source = kind.screen, "kind"
            where = f"the screen of {screen} for its kind ({kind.label}; the program states none)"
        score = self.basis.score
        return Placement(
            program=p,
            tier=tiers.tier_for(score, screen, self.margins),
            score=score,
            screen=screen,
            screen_source=source,
            kind=kind,
            gap=score - screen,
            reason=tiers.tier_reason(self.basis, screen, self.margins, where),
            notes=tuple(notes_for(self.decision, p)),
            outside_regions=outside,
            shown=shown,
            stale=stale,
        )


# ---- cohort ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class ProgramFit:
    """How many applicants of a cohort a program fits (counts only)."""

    program: Program
    likely: int
    target: int
    reach: int
    unlikely: int
    excluded: int  # applicants a hard filter keeps out
    considered: int  # applicants whose program tiers page lists the program

    @property
    def fits(self) -> int:
        """Applicants for whom the program is likely, target or reach."""
        return self.likely + self.target + self.reach


def cohort_fit(
    decisions: Iterable[Decision], programs: Iterable[Program], book: Rulebook
) -> list[ProgramFit]:
    """Per program, the number of applicants it fits, by tier, as on their program tiers pages.

    Sorted by most applicants fitted, then track and name.
    """
    ordered = sorted(programs, key=lambda p: p.sort_key)
    counts: dict[str, dict[str, int]] = {p.key: dict.fromkeys((*tiers.TIERS, "excluded"), 0) for p in ordered}
    for d in decisions:
        for track in place(d, ordered, book).tracks:
            for x in track.placements:
                if x.shown:
                    counts[x.program.key][x.tier] += 1
            for e in track.shown_excluded:
                counts[e.program.key]["excluded"] += 1
    out = [
        ProgramFit(p, c["likely"], c["target"], c["reach"], c["unlikely"], c["excluded"], sum(c.values()))
        for p, c in ((p, counts[p.key]) for p in ordered)
    ]
    return sorted(out, key=lambda f: (-f.fits, -f.likely, f.program.sort_key))
