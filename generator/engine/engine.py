"""The strategy engine: a profile and an ``as_of`` date in, rule-cited decisions out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from jinja2 import TemplateError

from ..errors import InputError, Problem
from ..inputs.profiles import Profile
from .facts import derive, describe_context
from .rulebook import Rule, Rulebook


@dataclass(frozen=True)
class Fired:
    rule: Rule
    reason: str
    advice: str


@dataclass(frozen=True)
class Decision:
    profile: Profile
    as_of: date
    facts: dict[str, Any]
    fired: tuple[Fired, ...]

    @property
    def rules(self) -> list[str]:
        return [f.rule.id for f in self.fired]

    def has(self, rule_id: str) -> bool:
        return any(f.rule.id == rule_id for f in self.fired)

    def get(self, rule_id: str) -> Fired | None:
        return next((f for f in self.fired if f.rule.id == rule_id), None)

    def group(self, name: str) -> list[Fired]:
        return [f for f in self.fired if f.rule.group == name]

    def with_prefix(self, prefix: str) -> list[Fired]:
        return [f for f in self.fired if f.rule.id.startswith(prefix)]

    @property
    def scenario(self) -> str:
        return self.group("scenario")[0].rule.id

    @property
    def bands(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {t: None for t in self.profile.tracks}
        for f in self.fired:
            if f.rule.track in out:
                out[f.rule.track] = f.rule.id
        return out

    @property
    def cycle(self) -> str:
        return self.group("cycle")[0].rule.id

    def to_json(self) -> dict[str, Any]:
        """The ``explain --json`` contract (see README, 'explain')."""
        f = self.facts
        return {
            "id": self.profile.id,
            "as_of": self.as_of.isoformat(),
            "scenario": self.scenario,
            "cycle": self.cycle,
            "stage": [x.rule.id for x in self.with_prefix("STAGE-")],
            "failures": f["failures"],
            "years_since_graduation": f["years_since_graduation"],
            "tracks": list(self.profile.tracks),
            "bands": self.bands,
            "readiness": [x.rule.id for x in self.group("readiness")],
            "step2_passing_score": f["step2_passing"],
            "target": f["target"],
            "key_dates": {k: v.isoformat() for k, v in sorted(f["dates"].items())},
            "rules": self.rules,
            "reasons": {x.rule.id: x.reason for x in self.fired},
        }


def decide(profile: Profile, book: Rulebook, as_of: date) -> Decision:
    """Run every rule of ``book`` against ``profile`` as of ``as_of``."""
    facts = derive(profile, book, as_of)
    env: dict[str, Any] = {**book.thresholds, **facts}
    fired_ids: list[str] = []
    fired_rules: list[Rule] = []
    taken_groups: set[str] = set()
    for rule in book.rules:
        if rule.exclusive and rule.group in taken_groups:
            continue
        if _suppressed(rule.id, fired_rules):
            continue
        if _holds(rule, {**env, "fired": fired_ids}, book):
            fired_ids.append(rule.id)
            fired_rules.append(rule)
            if rule.exclusive and rule.group:
                taken_groups.add(rule.group)
    env.update(describe_context(env, fired_ids))
    env["fired"] = fired_ids
    out = []
    for rule in fired_rules:
        out.append(
            Fired(
                rule,
                _text(rule, rule.reason_template, env, book),
                _text(rule, rule.advice_template, env, book),
            )
        )
    env.pop("fired")
    return Decision(profile, as_of, env, tuple(out))


def _suppressed(rule_id: str, fired: list[Rule]) -> bool:
    """True when a rule that fired earlier (EXAM-NO-ATTEMPTS) rules out ``rule_id``."""
    return any(rule_id.startswith(r.suppresses) and rule_id not in r.spares for r in fired if r.suppresses)


def _holds(rule: Rule, env: dict[str, Any], book: Rulebook) -> bool:
    try:
        return bool(rule.condition(**env))
    except (TemplateError, TypeError) as exc:
        raise InputError(
            [Problem(book.path, rule.line, 1, f"rules.{rule.id}.when", f"cannot be evaluated: {exc}")]
        ) from None


def _text(rule: Rule, template: Any, env: dict[str, Any], book: Rulebook) -> str:
    try:
        return " ".join(template.render(**env).split())
    except (TemplateError, TypeError) as exc:
        raise InputError(
            [Problem(book.path, rule.line, 1, f"rules.{rule.id}", f"text cannot be rendered: {exc}")]
        ) from None
