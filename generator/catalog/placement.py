"""Placement for one applicant: hard filters with reasons, tiers per track, cohort aggregates.

Placement is pure: it reads the decision's ``as_of`` date, never the clock.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..engine import tiers
from ..engine.engine import Decision
from ..engine.rulebook import Rulebook, human_day
from .model import VISA_LABELS, Program, is_stale, stale_cutoff, visa_words

FILTERS = ("graduation", "visa", "attempts", "ecfmg", "usce")  # the order reasons are given in


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
        deadline = human_day(decision.facts["dates"]["rank_list_deadline"])
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
    def everything(self) -> tuple[Placement | Exclusion, ...]:
        """Every program of the track, placed or excluded, shown or not."""
        return (*self.placements, *self.excluded)

    @property
    def hidden(self) -> int:
        """Programs left off the page because they lie outside the preferred regions."""
        return sum(1 for x in self.everything if not x.shown)


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
            {x.program for t in self.tracks for x in t.everything if x.shown and x.stale},
            key=lambda p: p.sort_key,
        )

    @property
    def warnings(self) -> list[str]:
        return [
            f"{p.name} ({p.state}, {tiers.TRACK_LABELS.get(p.track, p.track).lower()}) was last verified on {human_day(p.last_verified)}, "
            f"more than 12 months before {human_day(self.as_of)}; check it before relying on it"
            for p in self.stale
        ]

    @property
    def illustrative(self) -> bool:
        return any(x.program.illustrative for t in self.tracks for x in t.everything)


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
        placed: list[Placement] = []
        excluded: list[Exclusion] = []
        for p in mine:
            result = ctx.one(p)
            if isinstance(result, Placement):
                placed.append(result)
            else:
                excluded.append(result)
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
        cap = tiers.tier_cap(
            self.decision, self.book, p.track, "university" if p.type == "university" else kind.kind
        )
        tier, reason = tiers.capped(
            tiers.tier_for(score, screen, self.margins),
            tiers.tier_reason(self.basis, screen, self.margins, where),
            cap,
        )
        return Placement(
            program=p,
            tier=tier,
            score=score,
            screen=screen,
            screen_source=source,
            kind=kind,
            gap=score - screen,
            reason=reason,
            notes=tuple(notes_for(self.decision, p)),
            outside_regions=outside,
            shown=shown,
            stale=stale,
        )
