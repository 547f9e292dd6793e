"""CSV import: an advisor's spreadsheet read into programs, and programs written as catalog YAML.

Problems are located by CSV line, column number and header name. ``dump_catalog`` writes YAML
that ``load_catalog`` reads back unchanged.
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

from ..errors import InputError, Problem, display_path, one_line
from ..inputs.yamlio import MAX_BYTES, Document, NotARegularFile, read_regular
from .model import STATES, VISA_LABELS, Program, check_catalog_doc, duplicates

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
        raw = read_regular(path, "CSV file", MAX_BYTES + 1)
    except FileNotFoundError:
        raise bad("no such CSV file") from None
    except IsADirectoryError:
        raise bad("is a folder, not a CSV file") from None
    except NotARegularFile as exc:
        raise bad(str(exc)) from None
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
    problems.extend(duplicates(doc, programs, {}))
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
            shown = one_line(text)  # a header cell may hold a line break (a quoted cell)
            sheet.problems.append(Problem(sheet.name, line, col, shown, f"unknown column '{shown}'; {hint}"))
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

    Returns None for "is required but missing" when the empty cell was already reported.
    """
    match = _ROW_FIELD.match(problem.field)
    if not match:
        return problem
    row, key = int(match.group(1)), match.group(2)
    if key is None:
        return Problem(problem.file, problem.line, problem.col, "", problem.message)
    if problem.message == "is required but missing" and (row, key) in sheet.empty_required:
        return None  # the empty cell was already reported
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
    out: list[str] = []
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
