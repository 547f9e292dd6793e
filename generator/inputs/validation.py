"""Validate located YAML documents against a JSON Schema, with messages a person can act on.

The schema files in ``generator/schema/`` are the single source of truth for the shape of
profiles and catalogs: editors use them for completion, and the loader uses them here.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from ..errors import Problem
from .yamlio import Document, printable

_formats = FormatChecker(formats=())
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
# Dates outside these years are typing mistakes (0206-06-20, 9999-12-31), and the plans and
# charts built from them would run for millennia or past the end of the calendar.
MIN_YEAR, MAX_YEAR = 1950, 2100


class DateOutOfRange(ValueError):
    pass


@_formats.checks("date", raises=ValueError)
def _is_date(value: object) -> bool:
    """A calendar date written YYYY-MM-DD (RFC 3339 full-date), between MIN_YEAR and MAX_YEAR."""
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):  # fromisoformat alone also takes 2026-W01-1 and other forms
        raise ValueError(value)
    day = date.fromisoformat(value)
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DateOutOfRange(value)
    return True


@cache
def load_schema(name: str) -> dict[str, Any]:
    text = resources.files("generator").joinpath("schema", name).read_text(encoding="utf-8")
    return json.loads(text)


@cache
def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(name), format_checker=_formats)


def validate(doc: Document, schema_name: str) -> list[Problem]:
    """Every schema problem in ``doc``, located and worded for a person."""
    problems = [doc.problem(path, f"{value} is not a usable number") for path, value in _non_finite(doc.data)]
    for error in _validator(schema_name).iter_errors(doc.data):
        problems.extend(_explain(doc, error))
    return problems


def _non_finite(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], float]]:
    """NaN and infinities: JSON Schema's minimum and maximum cannot refuse NaN (every comparison
    with it is false), so data that did not come from YAML (a CSV import) is checked here."""
    if isinstance(value, float) and not math.isfinite(value):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _non_finite(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _non_finite(item, (*path, i))


_TYPE_WORDS = {
    "object": "a mapping of fields",
    "array": "a list",
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "nothing",
}


def describe(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"the text {shown!r}"
    return repr(value)


def _explain(doc: Document, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    kind = error.validator
    value = error.instance
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        extras = sorted(k for k in value if k not in schema.get("properties", {}))
        out = []
        for key in extras:
            near = difflib.get_close_matches(key, known, n=1, cutoff=0.5)
            hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(known)}"
            out.append(doc.problem((*path, key), f"unknown key '{printable(key)}'{hint}", key=True))
        return out
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        return [doc.problem((*path, missing), "is required but missing", key=True)]
    if kind == "type":
        expected = error.validator_value
        words = (
            " or ".join(_TYPE_WORDS.get(t, str(t)) for t in expected)
            if isinstance(expected, list)
            else _TYPE_WORDS.get(expected, str(expected))
        )
        return [doc.problem(path, f"expected {words}, got {describe(value)}")]
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        near = (
            difflib.get_close_matches(str(value), [str(v) for v in error.validator_value], n=1)
            if isinstance(value, str)
            else []
        )
        hint = f"; did you mean '{near[0]}'?" if near else ""
        shown = f"'{printable(value)}'" if isinstance(value, str) else describe(value)
        return [doc.problem(path, f"{shown} is not one of: {allowed}{hint}")]
    if kind == "maximum":
        return [doc.problem(path, f"{value} is above the maximum of {error.validator_value}")]
    if kind == "minimum":
        return [doc.problem(path, f"{value} is below the minimum of {error.validator_value}")]
    if kind == "exclusiveMinimum":
        return [doc.problem(path, f"{value} must be more than {error.validator_value}")]
    if kind == "format":
        if isinstance(error.cause, DateOutOfRange):
            return [doc.problem(path, f"{describe(value)} is not a date between {MIN_YEAR} and {MAX_YEAR}")]
        return [doc.problem(path, f"{describe(value)} is not a valid date (use YYYY-MM-DD)")]
    if kind == "pattern":
        hint = schema.get("x-message", f"must match {error.validator_value}")
        return [doc.problem(path, f"'{printable(str(value))}': {hint}")]
    if kind in ("minLength", "minItems"):
        return [doc.problem(path, "must not be empty")]
    if kind == "maxLength":
        return [doc.problem(path, f"is longer than {error.validator_value} characters")]
    if kind == "maxItems":
        return [doc.problem(path, f"has more than {error.validator_value} entries")]
    if kind == "uniqueItems":
        return [doc.problem(path, "lists the same entry twice")]
    return [doc.problem(path, error.message)]
