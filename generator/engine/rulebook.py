"""Load ``content/rules.yml``: thresholds, dates and the rules with compiled conditions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..errors import InputError, Problem
from ..inputs.yamlio import Document, load_yaml
from .codecache import CodeCachingSandbox


def _months(value: float) -> str:
    return f"{value:g} month{'' if value == 1 else 's'}"


def human_day(value: date) -> str:
    """A date as a reader writes it: ``1 March 2028`` (anything else as it is)."""
    return f"{value.day} {value:%B %Y}" if isinstance(value, date) else str(value)


def make_env() -> ImmutableSandboxedEnvironment:
    """The sandboxed Jinja environment rule conditions and reasons are evaluated in."""
    env = CodeCachingSandbox(undefined=StrictUndefined, autoescape=False)  # each source compiled once
    env.filters["months"] = _months
    env.filters["day"] = human_day
    return env


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    when: str
    reason: str
    advice: str
    group: str | None
    exclusive: bool
    track: str | None
    line: int
    condition: Any = field(compare=False, repr=False)
    reason_template: Any = field(compare=False, repr=False)
    advice_template: Any = field(compare=False, repr=False)
    suppresses: tuple[str, ...] = ()  # rule ID prefixes that cannot fire after this rule fired
    spares: tuple[str, ...] = ()  # rule IDs exempt from ``suppresses``


@dataclass(frozen=True)
class Rulebook:
    path: str
    facts: dict[str, Any]
    thresholds: dict[str, Any]
    track_defaults: dict[str, dict[str, int]]
    letters_count_as: dict[str, list[str]]
    dates: dict[str, dict[str, Any]]
    known_dates: dict[str, dict[int, date]]
    tiers: dict[str, Any]
    rules: tuple[Rule, ...]
    signals: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def ids(self) -> list[str]:
        return [r.id for r in self.rules]

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)


_REQUIRED = ("facts", "thresholds", "track_defaults", "letters_count_as", "dates", "tiers", "rules")


def _dates_in(value: Any) -> Any:
    """ISO date strings (as yamlio keeps them) back to dates, recursively."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)
        except ValueError:
            return value
    if isinstance(value, dict):
        return {k: _dates_in(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_in(v) for v in value]
    return value


def load_rulebook(path: Path) -> Rulebook:
    doc = load_yaml(path, "rules file")
    return parse_rulebook(doc)


def parse_rulebook(doc: Document) -> Rulebook:
    problems: list[Problem] = []
    data = doc.data
    if not isinstance(data, dict):
        raise InputError([doc.problem((), "the rules file must be a mapping")])
    for key in _REQUIRED:
        if key not in data:
            problems.append(doc.problem((), f"required section '{key}' is missing"))
    if problems:
        raise InputError(problems)
    env = make_env()
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data["rules"]):
        where = ("rules", i)
        if not isinstance(raw, dict):
            problems.append(doc.problem(where, "a rule must be a mapping"))
            continue
        missing = [k for k in ("id", "title", "when", "reason", "advice") if k not in raw]
        if missing:
            problems.append(doc.problem(where, f"rule is missing {', '.join(missing)}"))
            continue
        rid = str(raw["id"])
        if rid in seen:
            problems.append(doc.problem((*where, "id"), f"duplicate rule id {rid}"))
            continue
        seen.add(rid)
        try:
            condition = env.compile_expression(str(raw["when"]), undefined_to_none=False)
            reason = env.from_string(str(raw["reason"]))
            advice = env.from_string(str(raw["advice"]))
        except TemplateSyntaxError as exc:
            problems.append(doc.problem((*where,), f"{rid}: {exc.message}"))
            continue
        rules.append(
            Rule(
                id=rid,
                title=str(raw["title"]),
                when=str(raw["when"]),
                reason=str(raw["reason"]),
                advice=str(raw["advice"]),
                group=raw.get("group"),
                exclusive=bool(raw.get("exclusive", False)),
                track=raw.get("track"),
                line=doc.where(where)[0],
                suppresses=tuple(str(x) for x in raw.get("suppresses") or ()),
                spares=tuple(str(x) for x in raw.get("spares") or ()),
                condition=condition,
                reason_template=reason,
                advice_template=advice,
            )
        )
    if problems:
        raise InputError(problems)
    known = {
        name: {int(year): day for year, day in _dates_in(table).items()}
        for name, table in (data.get("known_dates") or {}).items()
    }
    return Rulebook(
        path=doc.file,
        facts=_dates_in(data["facts"]),
        thresholds=dict(data["thresholds"]),
        track_defaults=data["track_defaults"],
        letters_count_as=data["letters_count_as"],
        dates=data["dates"],
        known_dates=known,
        tiers=data["tiers"],
        rules=tuple(rules),
        signals=_dates_in(data.get("signals") or {}),
    )
