"""The catalog model: Program, the states and regions, loading and checking catalog YAML, staleness.

A catalog is one or more YAML files in ``content/programs/`` (see its README.md and
``generator/schema/catalog.schema.json``). Loading collects every located problem of every file
and raises them together as one InputError.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import InputError, Problem
from ..inputs.validation import describe, validate
from ..inputs.yamlio import Document, load_yaml, yaml_files

SCHEMA = "catalog.schema.json"
REGIONS = ("northeast", "midwest", "south", "west")
TRACKS = ("internal-medicine", "medicine-psychiatry", "psychiatry")
VISA_LABELS = {"j1": "J-1", "h1b": "H-1B"}

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
        return yaml_files(path)
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
        problems.extend(duplicates(doc, found, seen))
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


def duplicates(doc: Document, programs: list[Program], seen: dict[str, Program]) -> list[Problem]:
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
